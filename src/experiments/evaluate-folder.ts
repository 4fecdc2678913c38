/**
 * Evaluates any run folder on disk — one of `wtanet reproduce`'s grid (it has run.json) or one
 * that `wtanet train` wrote (config.json + checkpoint) — and writes eval.json, symbols.json and
 * the test split's codes.npy / factors.npy next to the checkpoint, so `symbols`, `score` and
 * `report` work on both kinds. Node-only.
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { DataBundle } from '../data/index.js';
import { evaluateRun } from './evaluate-run.js';
import type { RunSpec } from './grid.js';
import { validateRunConfig, type RunConfig } from '../train/config.js';
import type { RunEval } from '../report/results.js';
import { CHECKPOINT_FILE, CONFIG_FILE, loadRunData, readRunConfig, resumeRun } from './run-folder.js';
import { writeFileAtomic } from '../io/atomic.js';
import { withFolderLock } from '../io/lock.js';
import { writeNpy } from '../io/npy.js';
import { fileExists, readJson, writeJson } from '../io/run-store.js';
import type { SymbolTable } from '../metrics/index.js';
import { curveOf } from './reproduce-backend.js';
import { firstDifference } from '../train/config-diff.js';

export const CODES_FILE = 'codes.npy';
export const FACTORS_FILE = 'factors.npy';

/** Grid settings for a run `wtanet train` made: what the report groups by, read from its config. */
export function specOfTrainedRun(id: string, config: RunConfig, data: DataBundle): RunSpec {
  const b = config.model.bottleneck;
  return {
    id,
    study: 'main',
    dataset: config.data.dataset as RunSpec['dataset'],
    variant: b.variant as RunSpec['variant'],
    head: config.model.heads.type as RunSpec['head'],
    seed: config.seed,
    numTasks: data.tasks.length,
    groups: b.groups,
    unitsPerGroup: b.units,
    shape: 'at',
    config: config as unknown as Record<string, unknown>,
  };
}

export interface FolderEvaluation {
  spec: RunSpec;
  evaluation: RunEval;
  symbols: SymbolTable;
  /** Completed epochs evaluated, and the epochs the config asks for. */
  epoch: number;
  epochs: number;
}

export interface EvaluateFolderOptions {
  /** One-line notices (a stale lock taken over, a checkpoint without checksums). */
  onNotice?: (line: string) => void;
  /** DCI preset (metrics/dci-presets.ts; default 'wtanet'). */
  dciPreset?: string;
}

/**
 * A folder without run.json is evaluated as a run of `wtanet train`. If its eval.json says it was
 * a grid run of `wtanet reproduce` (another config, or a study other than the main one), run.json
 * was lost: evaluating it the other way would rewrite eval.json with settings that `reproduce`
 * then refuses. Refused, naming what to do.
 */
function refuseGridRunWithoutSpec(dir: string): void {
  const path = join(dir, 'eval.json');
  if (!fileExists(path)) return;
  let prev: Partial<RunEval>;
  try {
    prev = readJson<Partial<RunEval>>(path);
  } catch {
    return; // unreadable: it is rewritten, as any damaged eval.json
  }
  if (typeof prev !== 'object' || prev === null) return;
  const settings = prev.settings as Partial<RunEval['settings']> | undefined;
  const otherStudy = typeof settings === 'object' && settings !== null && ((settings.study !== undefined && settings.study !== 'main') || (settings.shape !== undefined && settings.shape !== 'at'));
  // `wtanet train` records its complete config (every default filled in); a grid run its short one.
  let shortConfig = false;
  if (typeof prev.config === 'object' && prev.config !== null) {
    try {
      shortConfig = firstDifference(prev.config, JSON.parse(JSON.stringify(validateRunConfig(prev.config))), '') !== null;
    } catch {
      shortConfig = true;
    }
  }
  if (otherStudy || shortConfig) {
    throw new Error(`wtanet: ${dir} has no run.json, but its eval.json is of a 'wtanet reproduce' grid run${typeof prev.id === 'string' ? ` (${JSON.stringify(prev.id)})` : ''}; restore run.json, or run 'wtanet reproduce' with the same --out to rewrite it`);
  }
}

/** `dir` as the user gave it: messages name it that way (the run's id is its absolute basename). */
export async function evaluateFolder(dir: string, options: EvaluateFolderOptions = {}): Promise<FolderEvaluation> {
  const grid = fileExists(join(dir, 'run.json'));
  if (!grid && !fileExists(join(dir, CONFIG_FILE))) {
    throw new Error(`wtanet: ${dir} has no ${CONFIG_FILE}: not a run folder made by 'wtanet train' or 'wtanet reproduce'`);
  }
  if (!grid && !existsSync(join(dir, CHECKPOINT_FILE))) {
    throw new Error(`wtanet: ${dir} has no completed epoch yet (no ${CHECKPOINT_FILE}); continue it with 'wtanet train --resume ${dir}'`);
  }
  // Locked for the whole evaluation: it may finish a grid run's training and rewrites the folder's files.
  return withFolderLock(dir, 'eval', () => evaluateLocked(dir, grid, options), { onNotice: options.onNotice });
}

async function evaluateLocked(dir: string, grid: boolean, options: EvaluateFolderOptions): Promise<FolderEvaluation> {
  let gridSpec: RunSpec | undefined;
  if (grid) {
    const spec = readJson<RunSpec>(join(dir, 'run.json'));
    const ok = typeof spec === 'object' && spec !== null && typeof spec.id === 'string' && typeof spec.config === 'object' && spec.config !== null;
    if (!ok) throw new Error(`wtanet: ${join(dir, 'run.json')} is damaged (it needs an 'id' and a 'config'); run 'wtanet reproduce' with the same --out to rewrite it`);
    gridSpec = spec;
  }
  const config = readRunConfig(dir);
  if (!grid) refuseGridRunWithoutSpec(dir);
  const data = await loadRunData(config);
  // A grid run interrupted mid-training is finished first (the grid fixes its length); a run of
  // `wtanet train` is evaluated as it stands — resuming it is the user's call.
  // A grid run's run.json may not contradict its checkpoint (an edited seed would evaluate the
  // model on data it was not trained on).
  const expect = gridSpec ? { file: join(dir, 'run.json'), config: gridSpec.config } : undefined;
  const result = await resumeRun(dir, { data, stopAtEpoch: grid ? undefined : 0, onNotice: options.onNotice, expect });
  try {
    if (result.reason === 'aborted' || result.reason === 'non-finite') {
      throw new Error(`wtanet: ${dir}: ${result.message ?? 'training stopped on a non-finite value'}`);
    }
    const spec = gridSpec ?? specOfTrainedRun(basename(resolve(dir)), config, data);
    const model = result.trainer.model;
    const { evaluation, symbols } = evaluateRun(spec, model, data, curveOf(result.allEpochs), { dciPreset: options.dciPreset });
    const { codes } = model.encode(data.test.x, data.test.n);
    const n = data.test.n;
    writeFileAtomic(join(dir, CODES_FILE), writeNpy({ data: codes, shape: [n, codes.length / Math.max(1, n)] }));
    writeFileAtomic(join(dir, FACTORS_FILE), writeNpy({ data: data.test.z, shape: [n, data.dataset.factors.length] }));
    writeJson(join(dir, 'symbols.json'), symbols);
    writeJson(join(dir, 'eval.json'), evaluation); // last: marks the run evaluated
    return { spec, evaluation, symbols, epoch: result.trainer.state.epoch, epochs: config.train.epochs };
  } finally {
    result.dispose();
  }
}
