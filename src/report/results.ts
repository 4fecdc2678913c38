/**
 * What one finished run's evaluation holds (`eval.json` in its folder) and what `results.json`
 * collects. The report is built from these alone, so `wtanet report DIR...` can merge run folders
 * produced by different processes or machines.
 */

// The names of a run's settings (the grid builds runs from them; the report groups by them).
export const DATASETS = ['entangled', 'shapes'] as const;
/**
 * Bottleneck variants of the grid, all of the same width. `wta+regroup` is a hard-WTA bottleneck
 * trained with the regrouping recipe (src/experiments/recipe.ts); the others are trained plainly.
 */
export const VARIANTS = ['wta', 'wta+regroup', 'softmax', 'topk', 'relu', 'sigmoid', 'linear'] as const;
export const HEADS = ['linear', 'mlp'] as const;
export type DatasetName = (typeof DATASETS)[number];
export type Variant = (typeof VARIANTS)[number];
export type HeadType = (typeof HEADS)[number];
/** The WTA variants: the subjects of the report's verdicts (compared with every other variant). */
export const WTA_VARIANTS: readonly Variant[] = ['wta', 'wta+regroup'];
/** The model's bottleneck variant behind a grid variant ('wta+regroup' is a 'wta' bottleneck). */
export function bottleneckVariant(v: Variant): Exclude<Variant, 'wta+regroup'> {
  return v === 'wta+regroup' ? 'wta' : v;
}
export type Study = 'main' | 'tasks' | 'shape';
export type ShapeLabel = 'below' | 'at' | 'above';

/** The settings that name a run; also what the report groups by. */
export interface RunSettings {
  study: Study;
  dataset: DatasetName;
  variant: Variant;
  head: HeadType;
  seed: number;
  numTasks: number;
  groups: number;
  unitsPerGroup: number;
  shape: ShapeLabel;
}


import type { FactorMatchingReport, DciDescription } from '../metrics/report.js';

export interface FactorInfo {
  name: string;
  values: string[];
}

export interface CurvePoint {
  epoch: number;
  trainLoss: number;
  valAccuracy: number;
}

export interface RunEval {
  id: string;
  settings: RunSettings;
  /** The trainer config the run used (for the report's setup section). */
  config: Record<string, unknown>;
  /**
   * Every per-run number, by a dotted name: `acc.train`, `acc.test`, `acc.heldout`, `fewshot.k1`,
   * `fewshot.k5`, `fewshot.k20`, `zeroshot.accuracy`, and every metric as `group.<name>` / `unit.<name>`
   * / `<name>` (flattened from the metrics report), among them `factorial` (0/1), `bestGroupNmi`
   * and `constantFactors` (factors left out of every score).
   */
  scalars: Record<string, number>;
  factors: FactorInfo[];
  /** unit × (factor, value): P(y_f = v | unit active); rows in unit order, columns factor-major. */
  unitProfile: number[][];
  /** Whether each unit is active (wins or varies on at least one sample). */
  activeUnits: boolean[];
  groups: number;
  /**
   * Group-level NMI, factors × groups (rows: factors in `factors` order, columns: groups), the
   * orientation of docs/metrics.md and of `wtanet score`. Read it with `factorGroupNMI(run)`,
   * which also reads eval.json files written before this field (their `groupNMI`).
   */
  factorGroupNMI?: number[][];
  /**
   * Older eval.json files only: the same NMI as groups × factors (the transpose). Never written
   * any more; `factorGroupNMI(run)` turns it around.
   */
  groupNMI?: number[][];
  /** Which group each factor is matched to, with structure and precision per factor (absent in older eval.json files). */
  factorMatching?: FactorMatchingReport;
  /** How DCI was computed (its preset and settings; absent in older eval.json files: preset 'wtanet'). */
  dci?: DciDescription;
  curve: CurvePoint[];
  zeroShot: { formula: string; accuracy: number }[];
}

/**
 * A name the report may use in a file name (figures/units-<dataset>.svg) and print as it is:
 * letters, digits, '.', '_', '-', '+' (the grid's `wta+regroup`), starting with a letter or digit,
 * at most 64 characters.
 */
export const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const NAME_FIELDS = ['study', 'dataset', 'variant', 'head', 'shape'] as const;
const INT_FIELDS = ['seed', 'numTasks', 'groups', 'unitsPerGroup'] as const;

/**
 * Why `e` (read from `source`) cannot go into a report, or null: its settings' names become file
 * names and text of report.md, so each must be a SAFE_NAME (a name like '../../x' is refused, never
 * joined into a path); the counts must be integers; the id must be a string (it is escaped
 * where printed).
 */
export function reportProblem(e: unknown): string | null {
  if (typeof e !== 'object' || e === null) return 'it is not a run evaluation';
  const r = e as Partial<RunEval>;
  if (typeof r.id !== 'string' || r.id.length === 0) return "its 'id' is not a non-empty string";
  const s = r.settings as unknown as Record<string, unknown> | undefined;
  if (typeof s !== 'object' || s === null) return "it has no 'settings'";
  for (const k of NAME_FIELDS) {
    const v = s[k];
    if (typeof v !== 'string' || !SAFE_NAME.test(v)) return `settings.${k} is not a plain name (letters, digits, '.', '_', '-', '+'): ${JSON.stringify(typeof v === 'string' ? v.slice(0, 40) : typeof v)}`;
  }
  for (const k of INT_FIELDS) if (!Number.isSafeInteger(s[k])) return `settings.${k} is not an integer`;
  return null;
}

/**
 * A run's group-level NMI as factors × groups, from either field: `factorGroupNMI` (factors ×
 * groups) or, in eval.json files written before it, `groupNMI` (groups × factors). The field
 * name says the orientation, so a square matrix (as many groups as factors) is never ambiguous.
 */
export function factorGroupNMI(run: Pick<RunEval, 'factorGroupNMI' | 'groupNMI'>): number[][] {
  if (run.factorGroupNMI) return run.factorGroupNMI;
  const old = run.groupNMI ?? [];
  if (old.length === 0) return [];
  return old[0].map((_, f) => old.map((row) => row[f]));
}

/** results.json: every per-seed number of every run, sorted by run id. */
export interface ResultsFile {
  runs: { id: string; settings: RunSettings; scalars: Record<string, number> }[];
}

export function resultsFile(evals: readonly RunEval[]): ResultsFile {
  const runs = [...evals]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((e) => ({ id: e.id, settings: e.settings, scalars: sortedRecord(e.scalars) }));
  return { runs };
}

/** A copy with keys in sorted order, so JSON output never depends on insertion order. */
export function sortedRecord<T>(r: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(r).sort()) out[k] = r[k];
  return out;
}
