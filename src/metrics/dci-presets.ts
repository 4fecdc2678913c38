import { ConfigError } from '../base/check.js';
import type { DciOptions } from './dci.js';

// How DCI is computed, by preset (docs/metrics.md has the table):
// - 'wtanet' (default): random forest (10 bagged Gini trees, every feature at every split),
//   each group fed one-hot, each continuous unit as its 20-bin index, completeness in log base
//   of the ACTIVE code variables, a seeded shuffle split 2/3 : 1/3 capped at 3000 rows each.
// - 'disentanglement_lib': as that library's dci.py (compute_importance_gbt): scikit-learn's
//   GradientBoostingClassifier with its defaults (gbt.ts), each group fed as one integer (its
//   winner's index), each unit as its raw value, log base of ALL code variables, and the rows
//   split in their order — the first ⌈2n/3⌉ train, the rest test (split_train_test) — up to
//   15 000 rows; beyond, a seeded sample of the 10 000 training and 5 000 test points its
//   published studies draw at random (dci.num_train/num_test in its gin configs),
//   and exact splits (maxBins Infinity: every threshold sklearn would try; binning a raw
//   continuous unit into 256 bins moved D by 0.005 on 10 000 rows, beyond the library's spread).

export type DciPreset = 'wtanet' | 'disentanglement_lib';
export const DCI_PRESETS: readonly DciPreset[] = ['wtanet', 'disentanglement_lib'];

export interface DciSettings extends DciOptions {
  /** At group level: each group one-hot ('onehot', default) or its winner's index ('index'). */
  groupFeature?: 'onehot' | 'index';
  /** At unit level for continuous codes: the 20-bin index ('bins', default) or the raw value ('values'). */
  unitFeature?: 'bins' | 'values';
}

const PRESETS: Record<DciPreset, Required<Pick<DciSettings, 'estimator' | 'groupFeature' | 'unitFeature' | 'logBase' | 'split' | 'maxSamples' | 'maxTest' | 'maxBins'>>> = {
  wtanet: { estimator: 'forest', groupFeature: 'onehot', unitFeature: 'bins', logBase: 'active', split: 'shuffle', maxSamples: 3000, maxTest: 3000, maxBins: 256 },
  disentanglement_lib: { estimator: 'gbt', groupFeature: 'index', unitFeature: 'values', logBase: 'all', split: 'first', maxSamples: 10000, maxTest: 5000, maxBins: Infinity },
};

const CHOICES: Record<string, readonly string[]> = {
  estimator: ['forest', 'gbt'],
  groupFeature: ['onehot', 'index'],
  unitFeature: ['bins', 'values'],
  logBase: ['active', 'all'],
  split: ['shuffle', 'first'],
};

/** The settings of a preset, with `overrides` on top; a bad name or value is a one-line ConfigError. */
export function dciSettings(preset: string = 'wtanet', overrides: DciSettings = {}): DciSettings & { preset: DciPreset } {
  if (!DCI_PRESETS.includes(preset as DciPreset)) throw new ConfigError(`dci preset '${preset}' is not one of ${DCI_PRESETS.join(', ')}`);
  for (const [k, allowed] of Object.entries(CHOICES)) {
    const v = (overrides as Record<string, unknown>)[k];
    if (v !== undefined && !allowed.includes(v as string)) throw new ConfigError(`dci.${k}: '${String(v)}' is not one of ${allowed.join(', ')}`);
  }
  const s = { ...PRESETS[preset as DciPreset], ...overrides, preset: preset as DciPreset };
  if (s.estimator === 'forest' && s.unitFeature === 'values') throw new ConfigError("dci.unitFeature 'values' (raw unit values) needs dci.estimator 'gbt'; the forest reads binned units");
  return s;
}
