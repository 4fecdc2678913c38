/** The data section of a run config: types, documented defaults, and validation. */
import { ENTANGLED_DEEP_DEFAULTS, ENTANGLED_DEFAULTS, type Activation, type EntangledOptions, type Mixing } from './datasets/entangled.js';
import { DSPRITES_DEFAULT_BINS, type DspritesBins } from './datasets/dsprites.js';
import { COLOR_TABLE, SHAPE_NAMES, SHAPES_DEFAULTS, type ShapesOptions } from './datasets/shapes.js';
import { preview } from './check.js';
import type { Coverage } from './splits.js';
import { TASK_FAMILIES, type TaskFamilyConfig } from './tasks/index.js';

export type { TaskFamilyConfig };
export type DatasetName = 'entangled' | 'shapes' | 'dsprites';
export const DATASETS: readonly DatasetName[] = ['entangled', 'shapes', 'dsprites'];

export interface DspritesOptions {
  /** Local path of dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz (read by the io loader). */
  path: string;
  bins: DspritesBins;
  /** Images kept per factor combination when loading (memory bound); 0 keeps all. */
  perCombination: number;
}

export interface DataConfig {
  dataset: DatasetName;
  entangled: EntangledOptions;
  shapes: ShapesOptions;
  dsprites: DspritesOptions;
  tasks: TaskFamilyConfig[];
  nTrain: number;
  nVal: number;
  nTest: number;
  nHeldout: number;
  /** Fraction of all factor combinations never shown in training. */
  heldoutFraction: number;
  /** What must stay in training: every factor value, or every value pair of two factors too. */
  coverage: Coverage;
}

export const DATA_DEFAULTS: DataConfig = {
  dataset: 'entangled',
  entangled: ENTANGLED_DEFAULTS,
  shapes: SHAPES_DEFAULTS,
  dsprites: { path: 'dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz', bins: DSPRITES_DEFAULT_BINS, perCombination: 64 },
  tasks: [{ family: 'factor' }, { family: 'partition', perFactor: 2 }, { family: 'boolean', count: 4, arity: 2 }],
  nTrain: 8192,
  nVal: 1024,
  nTest: 2048,
  nHeldout: 2048,
  heldoutFraction: 0.2,
  coverage: 'values',
};

type Obj = Record<string, unknown>;

function fail(field: string, problem: string, allowed: string): never {
  throw new Error(`${field}: ${problem}; allowed: ${allowed}`);
}
function show(v: unknown): string {
  // Bounded and non-recursive; prints Infinity and NaN (e.g. "nTrain": 1e999) as such.
  return preview(v);
}
function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function checkKeys(o: Obj, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${where}.${k}`, 'unknown field', allowed.join(', '));
}
function int(v: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(field, `got ${show(v)}`, `an integer from ${min} to ${max}`);
  return v;
}
function num(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) fail(field, `got ${show(v)}`, `a number from ${min} to ${max}`);
  return v;
}
function oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) fail(field, `got ${show(v)}`, allowed.join(', '));
  return v as T;
}
function bool(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') fail(field, `got ${show(v)}`, 'true, false');
  return v;
}
function section<T extends object>(v: unknown, defaults: T, where: string): Obj {
  if (v === undefined) return { ...defaults } as Obj;
  if (!isObj(v)) fail(where, `got ${show(v)}`, 'an object');
  checkKeys(v, Object.keys(defaults), where);
  return { ...defaults, ...v } as Obj;
}
function stringList(v: unknown, field: string, allowed: readonly string[], minLength: number): string[] {
  if (!Array.isArray(v) || v.length < minLength) fail(field, `got ${show(v)}`, `a list of at least ${minLength} of ${allowed.join(', ')}`);
  v.forEach((s, i) => oneOf(s, `${field}[${i}]`, allowed));
  if (new Set(v).size !== v.length) fail(field, `repeated entries in ${show(v)}`, 'distinct names');
  return [...(v as string[])];
}

function validateEntangled(v: unknown): EntangledOptions {
  // 'deep' (the original generator) has its own defaults for depth, activation and gain.
  const given = v !== null && typeof v === 'object' ? (v as { mixing?: unknown }).mixing : undefined;
  const o = section(v, given === 'deep' ? ENTANGLED_DEEP_DEFAULTS : ENTANGLED_DEFAULTS, 'data.entangled');
  const card = o.cardinalities;
  if (!Array.isArray(card) || card.length < 1) fail('data.entangled.cardinalities', `got ${show(card)}`, 'a non-empty list of integers ≥ 1');
  return {
    mixing: oneOf<Mixing>(o.mixing, 'data.entangled.mixing', ['ring', 'deep']),
    cardinalities: card.map((c, i) => int(c, `data.entangled.cardinalities[${i}]`, 1, 1000)),
    dim: int(o.dim, 'data.entangled.dim', 1, 65536),
    depth: int(o.depth, 'data.entangled.depth', 0, 64),
    width: int(o.width, 'data.entangled.width', 1, 65536),
    activation: oneOf<Activation>(o.activation, 'data.entangled.activation', ['tanh', 'sin', 'relu', 'leaky_relu']),
    gain: num(o.gain, 'data.entangled.gain', 0, 1000),
    noise: num(o.noise, 'data.entangled.noise', 0, 1000),
  };
}

function validateShapes(v: unknown): ShapesOptions {
  const o = section(v, SHAPES_DEFAULTS, 'data.shapes');
  const r: ShapesOptions = {
    size: int(o.size, 'data.shapes.size', 8, 1024),
    shapes: stringList(o.shapes, 'data.shapes.shapes', SHAPE_NAMES, 1),
    colors: stringList(o.colors, 'data.shapes.colors', Object.keys(COLOR_TABLE), 1),
    grid: int(o.grid, 'data.shapes.grid', 1, 16),
    sizes: int(o.sizes, 'data.shapes.sizes', 1, 3),
    jitter: num(o.jitter, 'data.shapes.jitter', 0, 1024),
    noise: num(o.noise, 'data.shapes.noise', 0, 10),
    secondObject: bool(o.secondObject, 'data.shapes.secondObject'),
    supersample: int(o.supersample, 'data.shapes.supersample', 1, 16),
  };
  if (r.size / r.grid < 4) fail('data.shapes.grid', `${r.grid} cells per side leave under 4 pixels per cell at size ${r.size}`, `at most ${Math.floor(r.size / 4)}`);
  return r;
}

function validateDsprites(v: unknown): DspritesOptions {
  const o = section(v, DATA_DEFAULTS.dsprites, 'data.dsprites');
  if (typeof o.path !== 'string' || o.path === '') fail('data.dsprites.path', `got ${show(o.path)}`, 'a file path');
  const b = section(o.bins, DSPRITES_DEFAULT_BINS, 'data.dsprites.bins');
  return {
    path: o.path,
    bins: {
      orientation: int(b.orientation, 'data.dsprites.bins.orientation', 1, 40),
      posX: int(b.posX, 'data.dsprites.bins.posX', 1, 32),
      posY: int(b.posY, 'data.dsprites.bins.posY', 1, 32),
    },
    perCombination: int(o.perCombination, 'data.dsprites.perCombination', 0),
  };
}

function validateTask(t: unknown, i: number): TaskFamilyConfig {
  const where = `data.tasks[${i}]`;
  if (!isObj(t)) fail(where, `got ${show(t)}`, 'an object with a family');
  const family = oneOf(t.family, `${where}.family`, TASK_FAMILIES);
  const factorList = (v: unknown) => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' && !(Number.isInteger(s) && (s as number) >= 0)))
      fail(`${where}.factors`, `got ${show(v)}`, 'a list of factor names or indices');
    return v as (string | number)[];
  };
  switch (family) {
    case 'factor':
      checkKeys(t, ['family', 'factors'], where);
      return { family, factors: factorList(t.factors) };
    case 'partition':
      checkKeys(t, ['family', 'perFactor', 'factors'], where);
      return { family, perFactor: int(t.perFactor ?? 2, `${where}.perFactor`, 1, 1000), factors: factorList(t.factors) };
    case 'boolean':
      checkKeys(t, ['family', 'count', 'arity'], where);
      return { family, count: int(t.count ?? 4, `${where}.count`, 1, 10000), arity: int(t.arity ?? 2, `${where}.arity`, 2, 64) };
    case 'formula':
      checkKeys(t, ['family', 'formula', 'name'], where);
      if (typeof t.formula !== 'string' || t.formula.trim() === '') fail(`${where}.formula`, `got ${show(t.formula)}`, "a formula such as 'color in {red, blue} and pos = 4'");
      if (t.name !== undefined && typeof t.name !== 'string') fail(`${where}.name`, `got ${show(t.name)}`, 'a string');
      return { family, formula: t.formula, name: t.name as string | undefined };
  }
}

/** Fills defaults and checks every field; throws Error('data.<field>: <problem>; allowed: ...'). */
export function validateDataConfig(config: unknown): DataConfig {
  const c = config ?? {};
  if (!isObj(c)) fail('data', `got ${show(c)}`, 'an object');
  checkKeys(c, Object.keys(DATA_DEFAULTS), 'data');
  const tasks = c.tasks ?? DATA_DEFAULTS.tasks;
  if (!Array.isArray(tasks) || tasks.length === 0) fail('data.tasks', `got ${show(tasks)}`, "a non-empty list of {family: 'factor' | 'partition' | 'boolean' | 'formula', ...}");
  return {
    dataset: oneOf(c.dataset ?? DATA_DEFAULTS.dataset, 'data.dataset', DATASETS),
    entangled: validateEntangled(c.entangled),
    shapes: validateShapes(c.shapes),
    dsprites: validateDsprites(c.dsprites),
    tasks: tasks.map(validateTask),
    nTrain: int(c.nTrain ?? DATA_DEFAULTS.nTrain, 'data.nTrain', 1),
    nVal: int(c.nVal ?? DATA_DEFAULTS.nVal, 'data.nVal', 0),
    nTest: int(c.nTest ?? DATA_DEFAULTS.nTest, 'data.nTest', 0),
    nHeldout: int(c.nHeldout ?? DATA_DEFAULTS.nHeldout, 'data.nHeldout', 0),
    heldoutFraction: num(c.heldoutFraction ?? DATA_DEFAULTS.heldoutFraction, 'data.heldoutFraction', 0, 0.95),
    coverage: oneOf(c.coverage ?? DATA_DEFAULTS.coverage, 'data.coverage', ['values', 'pairs'] as const),
  };
}
