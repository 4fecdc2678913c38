/** The data section of a run config: types, documented defaults, and validation. */
import { ENTANGLED_ADDITIVE_DEFAULTS, ENTANGLED_DEEP_DEFAULTS, ENTANGLED_DEFAULTS, type Activation, type EntangledOptions, type Mixing } from './datasets/entangled.js';
import { DSPRITES_DEFAULT_BINS, type DspritesBins } from './datasets/dsprites.js';
import { ONEHOT_DEFAULTS, type OnehotOptions } from './datasets/onehot.js';
import { COLOR_TABLE, SHAPE_NAMES, SHAPES_DEFAULTS, type ShapesOptions } from './datasets/shapes.js';
import { bool, describe, fail, list, nameList, number, object, oneOf, required, section, text } from '../base/check.js';
import type { Coverage } from './splits.js';
import { TASK_FAMILIES, type TaskFamilyConfig } from './tasks/index.js';

export type { TaskFamilyConfig };
export type DatasetName = 'entangled' | 'shapes' | 'dsprites' | 'onehot' | 'file';
export const DATASETS: readonly DatasetName[] = ['entangled', 'shapes', 'dsprites', 'onehot', 'file'];

/** `file`: your own data (read by src/io/dataset-file.ts; split as described in datasets/file.ts). */
export interface FileOptions {
  /** An .npz (arrays x, factors, optional tasks), an .npy of x (with factorsPath), or a .csv with a header. */
  path: string;
  /** For an .npy x: the .npy of the factor labels ('' = the same name with 'x' → 'factors', e.g. x.npy → factors.npy). */
  factorsPath: string;
  /** JSON sidecar {"factors": [{"name": "color", "values": ["red", …]}, …]} ('' = FILE's name with .json, if it exists). */
  names: string;
  /** CSV: the factor columns ([] = the columns whose header starts with 'factor:'; the prefix is dropped from the name). */
  factorColumns: string[];
  /** CSV: the input columns ([] = every column that is not a factor or task). */
  inputColumns: string[];
  /** CSV: columns of task labels given directly ([] = columns whose header starts with 'task:'). */
  taskColumns: string[];
}

export const FILE_DEFAULTS: FileOptions = { path: '', factorsPath: '', names: '', factorColumns: [], inputColumns: [], taskColumns: [] };

export interface DspritesOptions {
  /**
   * 'procedural' (the default when no `path` is given): the published latent grid rendered in code
   * (src/data/datasets/dsprites-render.ts); 'file' (the default when a `path` is given): the archive.
   */
  source: 'file' | 'procedural';
  /** Local path of dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz (read by the io loader when source is 'file'). */
  path: string;
  /** Image side in pixels: 64 (default; the published grid) or smaller for cheaper procedural runs (16–64; 'file' needs 64). */
  size: number;
  bins: DspritesBins;
  /** Images kept per factor combination when loading (memory bound); 0 keeps all. */
  perCombination: number;
}

export interface DataConfig {
  dataset: DatasetName;
  entangled: EntangledOptions;
  shapes: ShapesOptions;
  dsprites: DspritesOptions;
  /** The factors themselves as input (one-hot); see datasets/onehot.ts. */
  onehot: OnehotOptions;
  /**
   * Your own data from a file (dataset 'file'). Present in a validated config only with dataset
   * 'file' or when given, so configs (and checkpoints) of the built-in datasets keep their bytes.
   */
  file?: FileOptions;
  /** Tasks from the factors; a file's own tasks (its 'tasks' array or task columns) replace them. */
  tasks: TaskFamilyConfig[];
  nTrain: number;
  nVal: number;
  nTest: number;
  nHeldout: number;
  /** Fraction of all factor combinations never shown in training. */
  heldoutFraction: number;
  /** What must stay in training: every factor value, or every value pair of two factors too. */
  coverage: Coverage;
  /**
   * The seed of the data (samples, splits, tasks) when it is not the run's own seed: the restarts
   * of one run (train.restarts, `wtanet train --restarts`) share the data of restart 0 and differ
   * in their weights and batches. Present only when given, so other configs keep their bytes.
   */
  seed?: number;
}

export const DATA_DEFAULTS: DataConfig = {
  dataset: 'entangled',
  entangled: ENTANGLED_DEFAULTS,
  shapes: SHAPES_DEFAULTS,
  dsprites: { source: 'procedural', path: 'dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz', size: 64, bins: DSPRITES_DEFAULT_BINS, perCombination: 64 },
  onehot: ONEHOT_DEFAULTS,
  file: FILE_DEFAULTS,
  tasks: [{ family: 'factor' }, { family: 'partition', perFactor: 2 }, { family: 'boolean', count: 4, arity: 2 }],
  nTrain: 8192,
  nVal: 1024,
  nTest: 2048,
  nHeldout: 2048,
  heldoutFraction: 0.2,
  coverage: 'values',
};

// Checked with the shared toolkit (./check.ts): every error is one line, "<field>: <problem>",
// worded as in the rest of the run config.
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const int = (v: unknown, path: string, fallback: number, min: number, max?: number) => number(v, path, fallback, { integer: true, min, max });

function validateEntangled(v: unknown): EntangledOptions {
  // 'deep' (the original generator) and 'additive' have their own defaults for depth, width, activation and gain.
  const given = isObj(v) ? v.mixing : undefined;
  const d = given === 'deep' ? ENTANGLED_DEEP_DEFAULTS : given === 'additive' ? ENTANGLED_ADDITIVE_DEFAULTS : ENTANGLED_DEFAULTS;
  const o = object(v, 'data.entangled', Object.keys(d));
  const p = 'data.entangled';
  return {
    mixing: oneOf<Mixing>(o.mixing, `${p}.mixing`, ['ring', 'deep', 'additive'], d.mixing),
    cardinalities: list(o.cardinalities, `${p}.cardinalities`, d.cardinalities, 1).map((c, i) => int(required(c, `${p}.cardinalities[${i}]`), `${p}.cardinalities[${i}]`, 0, 1, 1000)),
    dim: int(o.dim, `${p}.dim`, d.dim, 1, 65536),
    depth: int(o.depth, `${p}.depth`, d.depth, 0, 64),
    width: int(o.width, `${p}.width`, d.width, 1, 65536),
    activation: oneOf<Activation>(o.activation, `${p}.activation`, ['tanh', 'sin', 'relu', 'leaky_relu'], d.activation),
    gain: number(o.gain, `${p}.gain`, d.gain, { min: 0, max: 1000 }),
    noise: number(o.noise, `${p}.noise`, d.noise, { min: 0, max: 1000 }),
  };
}

function validateShapes(v: unknown): ShapesOptions {
  const p = 'data.shapes';
  const d = SHAPES_DEFAULTS;
  const o = object(v, p, Object.keys(d));
  const r: ShapesOptions = {
    size: int(o.size, `${p}.size`, d.size, 8, 1024),
    shapes: nameList(o.shapes, `${p}.shapes`, SHAPE_NAMES, d.shapes),
    colors: nameList(o.colors, `${p}.colors`, Object.keys(COLOR_TABLE), d.colors),
    grid: int(o.grid, `${p}.grid`, d.grid, 1, 16),
    sizes: int(o.sizes, `${p}.sizes`, d.sizes, 1, 3),
    jitter: number(o.jitter, `${p}.jitter`, d.jitter, { min: 0, max: 1024 }),
    noise: number(o.noise, `${p}.noise`, d.noise, { min: 0, max: 10 }),
    secondObject: bool(o.secondObject, `${p}.secondObject`, d.secondObject),
    supersample: int(o.supersample, `${p}.supersample`, d.supersample, 1, 16),
  };
  if (r.size / r.grid < 4) fail(`${p}.grid`, `${r.grid} cells per side leave under 4 pixels per cell at size ${r.size}; at most ${Math.floor(r.size / 4)}`);
  return r;
}

function validateDsprites(v: unknown): DspritesOptions {
  const p = 'data.dsprites';
  const d = DATA_DEFAULTS.dsprites;
  const o = object(v, p, Object.keys(d));
  const b = section(o.bins, `${p}.bins`, DSPRITES_DEFAULT_BINS);
  const source = oneOf(o.source, `${p}.source`, ['file', 'procedural'] as const, o.path === undefined ? 'procedural' : 'file');
  const size = int(o.size, `${p}.size`, d.size, 16, 64);
  if (source === 'file' && size !== 64) fail(`${p}.size`, `${size} needs source 'procedural'; the archive's images are 64 × 64`);
  return {
    source,
    path: text(o.path, `${p}.path`, d.path),
    size,
    bins: {
      orientation: int(b.orientation, `${p}.bins.orientation`, 0, 1, 40),
      posX: int(b.posX, `${p}.bins.posX`, 0, 1, 32),
      posY: int(b.posY, `${p}.bins.posY`, 0, 1, 32),
    },
    perCombination: int(o.perCombination, `${p}.perCombination`, d.perCombination, 0),
  };
}

function validateOnehot(v: unknown): OnehotOptions {
  const p = 'data.onehot';
  const d = ONEHOT_DEFAULTS;
  const o = object(v, p, Object.keys(d));
  return {
    cardinalities: list(o.cardinalities, `${p}.cardinalities`, d.cardinalities, 1).map((c, i) => int(required(c, `${p}.cardinalities[${i}]`), `${p}.cardinalities[${i}]`, 0, 1, 1000)),
  };
}

function validateFile(v: unknown, dataset: DatasetName): FileOptions {
  const p = 'data.file';
  const d = FILE_DEFAULTS;
  const o = object(v, p, Object.keys(d));
  const names = (x: unknown, path: string) => list(x, path, []).map((c, i) => {
    if (typeof c !== 'string' || c === '') fail(`${path}[${i}]`, `${describe(c)} is not a column name`);
    return c;
  });
  // '' means "not given" (the documented default), so an empty string is accepted here.
  const str = (x: unknown, path: string, fallback: string) => (x === '' ? '' : text(x, path, fallback));
  const r: FileOptions = {
    path: str(o.path, `${p}.path`, d.path),
    factorsPath: str(o.factorsPath, `${p}.factorsPath`, d.factorsPath),
    names: str(o.names, `${p}.names`, d.names),
    factorColumns: names(o.factorColumns, `${p}.factorColumns`),
    inputColumns: names(o.inputColumns, `${p}.inputColumns`),
    taskColumns: names(o.taskColumns, `${p}.taskColumns`),
  };
  if (dataset === 'file' && r.path === '') fail(`${p}.path`, "is required with dataset 'file': an .npz, .npy or .csv file");
  return r;
}

/** partition.perFactor: a number of random partitions per factor, or 'all' of them. */
function perFactor(v: unknown, path: string): number | 'all' {
  if (v === 'all') return 'all';
  if (typeof v === 'string') fail(path, `${describe(v)} is not 'all' or an integer ≥ 1 and ≤ 1000`);
  return int(v, path, 2, 1, 1000);
}

function validateTask(t: unknown, i: number): TaskFamilyConfig {
  const p = `data.tasks[${i}]`;
  if (!isObj(t)) fail(p, `${describe(t)} is not an object with a family (${TASK_FAMILIES.join(', ')})`);
  const family = oneOf(required(t.family, `${p}.family`), `${p}.family`, TASK_FAMILIES, 'factor');
  const factorList = (v: unknown) => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' && !(Number.isInteger(s) && (s as number) >= 0)))
      fail(`${p}.factors`, `${describe(v)} is not a list of factor names or indices`);
    return v as (string | number)[];
  };
  switch (family) {
    case 'factor':
    case 'indicator': {
      const o = object(t, p, ['family', 'factors']);
      return { family, factors: factorList(o.factors) };
    }
    case 'partition': {
      const o = object(t, p, ['family', 'perFactor', 'factors']);
      return { family, perFactor: perFactor(o.perFactor, `${p}.perFactor`), factors: factorList(o.factors) };
    }
    case 'boolean': {
      const o = object(t, p, ['family', 'count', 'arity']);
      return { family, count: int(o.count, `${p}.count`, 4, 1, 10000), arity: int(o.arity, `${p}.arity`, 2, 2, 64) };
    }
    case 'formula': {
      const o = object(t, p, ['family', 'formula', 'name']);
      if (typeof o.formula !== 'string' || o.formula.trim() === '') fail(`${p}.formula`, `${describe(o.formula)} is not a formula such as 'color in {red, blue} and pos = 4'`);
      if (o.name !== undefined && typeof o.name !== 'string') fail(`${p}.name`, `${describe(o.name)} is not a string`);
      return { family, formula: o.formula, name: o.name as string | undefined };
    }
  }
}

/** Fills defaults and checks every field; throws a ConfigError 'data.<field>: <problem>'. */
export function validateDataConfig(config: unknown): DataConfig {
  const c = object(config ?? {}, 'data', [...Object.keys(DATA_DEFAULTS), 'seed']);
  const d = DATA_DEFAULTS;
  const dataset = oneOf(c.dataset, 'data.dataset', DATASETS, d.dataset);
  return {
    dataset,
    entangled: validateEntangled(c.entangled),
    shapes: validateShapes(c.shapes),
    dsprites: validateDsprites(c.dsprites),
    onehot: validateOnehot(c.onehot),
    ...(dataset === 'file' || c.file !== undefined ? { file: validateFile(c.file, dataset) } : {}),
    tasks: list(c.tasks, 'data.tasks', d.tasks, 1).map(validateTask),
    nTrain: int(c.nTrain, 'data.nTrain', d.nTrain, 1),
    nVal: int(c.nVal, 'data.nVal', d.nVal, 0),
    nTest: int(c.nTest, 'data.nTest', d.nTest, 0),
    nHeldout: int(c.nHeldout, 'data.nHeldout', d.nHeldout, 0),
    heldoutFraction: number(c.heldoutFraction, 'data.heldoutFraction', d.heldoutFraction, { min: 0, max: 0.95 }),
    coverage: oneOf(c.coverage, 'data.coverage', ['values', 'pairs'] as const, d.coverage),
    ...(c.seed !== undefined ? { seed: int(c.seed, 'data.seed', 0, 0, 0xffffffff) } : {}),
  };
}
