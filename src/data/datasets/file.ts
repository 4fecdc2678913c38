/**
 * `file`: a user's own data, inputs x and factor labels per row, as arrays already in memory
 * (browser-safe; the file readers are in src/io/dataset-file.ts, Node only).
 *
 * - x: N × D vectors (any numeric type), or images N × H × W or N × H × W × C (uint8 is scaled
 *   to [0, 1], float taken as is); images are stored channels-first ([C, H, W]) as the model wants.
 * - factors: N × F non-negative integer labels (a 1-D array is one factor), each factor at most
 *   MAX_FACTOR_VALUES values; names of factors and values are optional.
 * - tasks (optional): N × T integer labels given directly; they must be a function of the
 *   factors (the same factor combination → the same label), since held-out combinations and
 *   every evaluation read tasks through the factors.
 *
 * Splits (buildFileData): rows are never invented or repeated. A fraction `heldoutFraction` of
 * the factor combinations present in the file is held out (each factor value, and with
 * coverage 'pairs' each value pair, keeps a training combination); their rows form the
 * held-out split (at most nHeldout). The other rows, shuffled by the run's seed, give val
 * (nVal), test (nTest) and train (nTrain); when the file has fewer rows than nTrain + nVal + nTest,
 * each split gets its proportional share.
 */
import { DataError } from '../../base/check.js';
import type { Rng } from '../../base/prng.js';
import type { DataBundle, Dataset, Factor, Split, Task } from '../types.js';

/** More values than this in one factor is almost always a continuous column given as a factor. */
export const MAX_FACTOR_VALUES = 256;
/** Largest input array accepted (float32 bytes): it must fit beside the model in the 4 GiB wasm memory. */
export const MAX_INPUT_BYTES = 2 ** 31;

type Numeric = ArrayLike<number> | ArrayLike<bigint>;

export interface FileArrays {
  /** Inputs, row-major; shape [N, D], [N, H, W] or [N, H, W, C]. */
  x: Numeric;
  xShape: readonly number[];
  /** x's dtype as a NumPy descr ('|u1' images are scaled to [0, 1]); default from the typed array. */
  xDtype?: string;
  /** Factor labels, row-major; shape [N, F] or [N]. */
  factors: Numeric;
  factorsShape: readonly number[];
  /** Optional task labels [N, T] or [N]. */
  tasks?: Numeric;
  tasksShape?: readonly number[];
  /** Names of the factors (default f0, f1, …) and of their values (default v0, v1, …). */
  factorNames?: readonly string[];
  valueNames?: readonly (readonly string[] | undefined)[];
  taskNames?: readonly string[];
  /** Where the arrays came from, for messages (a file name); and the names of the arrays there. */
  source?: string;
  xName?: string;
  factorsName?: string;
  tasksName?: string;
}

/** Validated file data, per sample [D] or [C, H, W]. */
export interface FileSource {
  name: string;
  n: number;
  inputShape: number[];
  /**
   * The inputs, n rows, channels first: float32, or uint8 bytes as in the file, each standing
   * for Math.fround(byte × xScale). Bytes stay bytes until a split takes its rows (rowReader):
   * 20 000 images of 64 × 64 then load as their 82 MB instead of 330 MB of float32 written
   * value by value, and only the rows the splits use are ever converted.
   */
  x: Float32Array | Uint8Array;
  /** The value of a byte of a uint8 x: 1/255 for images (scaled to [0, 1]), 1 for vectors; 1 for float32 x. */
  xScale: number;
  /** n × F factor labels. */
  z: Int32Array;
  factors: Factor[];
  /** Task labels given in the file (n × T), or null. */
  tasks: { labels: Int32Array; count: number; names: string[]; classes: number[] } | null;
  /** As read, for `data check`. */
  xDtype: string;
  xShape: number[];
}

const dtypeOf = (a: Numeric): string => {
  const n = (a as object).constructor?.name ?? '';
  const map: Record<string, string> = {
    Float32Array: '<f4', Float64Array: '<f8', Int8Array: '|i1', Int16Array: '<i2', Int32Array: '<i4', BigInt64Array: '<i8',
    Uint8Array: '|u1', Uint8ClampedArray: '|u1', Uint16Array: '<u2', Uint32Array: '<u4', BigUint64Array: '<u8',
  };
  return map[n] ?? '<f8';
};

/** Labels array → Int32Array n × k, checked: integer, ≥ 0, finite. */
function labelMatrix(a: Numeric, shape: readonly number[], n: number, where: string, what: string): { data: Int32Array; cols: number } {
  if (shape.length < 1 || shape.length > 2) throw new DataError(`${where}: '${what}' has shape [${shape.join(', ')}]; expected [N] or [N, columns]`);
  if (shape[0] !== n) throw new DataError(`${where}: '${what}' has ${shape[0]} rows but x has ${n}; every row of x needs its labels`);
  const cols = shape.length === 2 ? shape[1] : 1;
  if (cols < 1) throw new DataError(`${where}: '${what}' has no columns`);
  if (a.length !== n * cols) throw new DataError(`${where}: '${what}' holds ${a.length} values, its shape [${shape.join(', ')}] needs ${n * cols}`);
  const out = new Int32Array(n * cols);
  for (let i = 0; i < out.length; i++) {
    const v = Number(a[i]);
    const at = () => `${where}: '${what}' row ${Math.floor(i / cols)}, column ${i % cols}`;
    if (!Number.isFinite(v)) throw new DataError(`${at()} is ${v}; labels must be finite integers`);
    if (!Number.isInteger(v)) throw new DataError(`${at()} is ${v}, not an integer; labels are value indices 0, 1, 2, …`);
    if (v < 0) throw new DataError(`${at()} is ${v}, negative; labels are value indices 0, 1, 2, …`);
    if (v >= MAX_FACTOR_VALUES) throw new DataError(`${at()} is ${v}: more than ${MAX_FACTOR_VALUES} values in one ${what === 'tasks' ? 'task' : 'factor'} (labels must be < ${MAX_FACTOR_VALUES}); is it a continuous column?`);
    out[i] = v;
  }
  return { data: out, cols };
}

/** Checks and converts arrays into a FileSource; a DataError names the source, the array and the row. */
export function datasetFromArrays(a: FileArrays): FileSource {
  const where = a.source ?? 'data';
  const xName = a.xName ?? 'x';
  const fName = a.factorsName ?? 'factors';
  const s = [...a.xShape];
  if (s.length < 2 || s.length > 4) {
    throw new DataError(`${where}: '${xName}' has shape [${s.join(', ')}]; expected vectors [N, D] or images [N, H, W] or [N, H, W, C]`);
  }
  const n = s[0];
  if (n < 1) throw new DataError(`${where}: '${xName}' has no rows`);
  const per = s.slice(1).reduce((p, d) => p * d, 1);
  if (per < 1) throw new DataError(`${where}: '${xName}' has shape [${s.join(', ')}]: a row holds no values`);
  if (a.x.length !== n * per) throw new DataError(`${where}: '${xName}' holds ${a.x.length} values, its shape [${s.join(', ')}] needs ${n * per}`);
  if (n * per * 4 > MAX_INPUT_BYTES) throw new DataError(tooBig(where, xName, s));
  const dtype = a.xDtype ?? dtypeOf(a.x);
  const scale = dtype === '|u1' && s.length > 2 ? 1 / 255 : 1;
  const isImage = s.length > 2;
  const C = s.length === 4 ? s[3] : 1;
  const H = isImage ? s[1] : 1;
  const W = isImage ? s[2] : 1;
  if (s.length === 4 && C > 4) throw new DataError(`${where}: '${xName}' has shape [${s.join(', ')}]: ${C} channels; images are [N, H, W, C] with C ≤ 4 (channels last, as NumPy and PIL store them)`);
  const inputShape = isImage ? [C, H, W] : [per];
  const x = inputsOf(a.x, n, per, isImage ? C : 1, scale);
  // Integers are always finite: only float inputs are scanned (a pass over every value of a
  // large file, skipped where it cannot find anything).
  if (x instanceof Float32Array && !isIntegerArray(a.x)) {
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i])) {
        const v = Number.isNaN(x[i]) ? 'NaN' : String(x[i]);
        throw new DataError(`${where}: '${xName}' row ${Math.floor(i / per)} holds ${v} (value ${i % per} of the row); inputs must be finite: drop or fill that row`);
      }
    }
  }
  const { data: z, cols: F } = labelMatrix(a.factors, a.factorsShape, n, where, fName);
  const card = new Array<number>(F).fill(0);
  for (let i = 0; i < z.length; i++) card[i % F] = Math.max(card[i % F], z[i] + 1);
  const factors: Factor[] = card.map((k, f) => {
    const name = a.factorNames?.[f] ?? `f${f}`;
    const given = a.valueNames?.[f];
    if (given !== undefined && given.length < k) {
      throw new DataError(`${where}: factor '${name}' has labels up to ${k - 1} but names for only ${given.length} values`);
    }
    const values = given !== undefined ? [...given] : Array.from({ length: k }, (_, v) => `v${v}`);
    return { name, values };
  });
  if (a.factorNames !== undefined && a.factorNames.length !== F) {
    throw new DataError(`${where}: ${a.factorNames.length} factor names for ${F} factor columns of '${fName}'`);
  }
  const names = new Set<string>();
  for (const f of factors) {
    if (names.has(f.name)) throw new DataError(`${where}: two factors are named '${f.name}'; factor names must differ`);
    names.add(f.name);
  }
  let tasks: FileSource['tasks'] = null;
  if (a.tasks !== undefined) {
    const tName = a.tasksName ?? 'tasks';
    const { data, cols: T } = labelMatrix(a.tasks, a.tasksShape ?? [a.tasks.length], n, where, tName);
    checkTasksFollowFactors(data, T, z, F, n, where, tName);
    const classes = new Array<number>(T).fill(0);
    for (let i = 0; i < data.length; i++) classes[i % T] = Math.max(classes[i % T], data[i] + 1);
    const tn = a.taskNames ?? Array.from({ length: T }, (_, t) => `task${t}`);
    if (tn.length !== T) throw new DataError(`${where}: ${tn.length} task names for ${T} task columns of '${tName}'`);
    tasks = { labels: data, count: T, names: [...tn], classes: classes.map((c) => Math.max(2, c)) };
  }
  return { name: where, n, inputShape, x, xScale: x instanceof Uint8Array ? scale : 1, z, factors, tasks, xDtype: dtype, xShape: s };
}

const isIntegerArray = (a: Numeric): boolean =>
  a instanceof Uint8Array || a instanceof Uint8ClampedArray || a instanceof Int8Array || a instanceof Uint16Array ||
  a instanceof Int16Array || a instanceof Uint32Array || a instanceof Int32Array;

/**
 * The inputs channels first: uint8 stays bytes (see FileSource.x; a view of the file's bytes
 * when no transposition is needed), every other type becomes float32 (float32 vectors and
 * single-channel images are taken as they are, no copy).
 */
function inputsOf(src: Numeric, n: number, per: number, C: number, scale: number): Float32Array | Uint8Array {
  if (src instanceof Uint8Array || src instanceof Uint8ClampedArray) {
    const bytes = new Uint8Array(src.buffer, src.byteOffset, src.length);
    if (C === 1) return bytes;
    return channelsFirst(bytes, new Uint8Array(n * per), n, per, C, (v) => v as number);
  }
  if (src instanceof Float32Array && C === 1 && scale === 1) return src;
  const x = new Float32Array(n * per);
  const big = src instanceof BigInt64Array || src instanceof BigUint64Array;
  if (C > 1) return channelsFirst(src, x, n, per, C, (v) => Number(v) * scale);
  // A typed array of numbers converts in one native copy; bigint arrays element by element.
  if (!big && ArrayBuffer.isView(src)) x.set(src as ArrayLike<number>);
  else for (let i = 0; i < x.length; i++) x[i] = Number(src[i]);
  if (scale !== 1) for (let i = 0; i < x.length; i++) x[i] *= scale;
  return x;
}

/** [N, H, W, C] (channels last, as NumPy and PIL store images) → [N, C, H, W]. */
function channelsFirst<T extends Uint8Array | Float32Array>(src: Numeric, out: T, n: number, per: number, C: number, value: (v: number | bigint) => number): T {
  const hw = per / C;
  for (let i = 0; i < n; i++) for (let p = 0; p < hw; p++) for (let c = 0; c < C; c++) out[i * per + c * hw + p] = value(src[i * per + p * C + c]);
  return out;
}

/**
 * Copies row r of the file's inputs, as float32, to out[at…]. A uint8 row goes through a table
 * of the 256 values Math.fround(byte × xScale): the bits of converting then scaling, in one pass.
 */
export function rowReader(src: FileSource): (r: number, out: Float32Array, at: number) => void {
  const per = src.inputShape.reduce((a, b) => a * b, 1);
  const x = src.x;
  if (x instanceof Float32Array) return (r, out, at) => out.set(x.subarray(r * per, r * per + per), at);
  const table = Float32Array.from({ length: 256 }, (_, v) => v * src.xScale);
  return (r, out, at) => {
    for (let j = 0, q = r * per; j < per; j++, q++) out[at + j] = table[x[q]];
  };
}

export function tooBig(where: string, xName: string, shape: readonly number[]): string {
  const per = shape.slice(1).reduce((p, d) => p * d, 1);
  const gb = (shape[0] * per * 4) / 2 ** 30;
  return `${where}: '${xName}' [${shape.join(', ')}] takes ${gb.toFixed(1)} GiB as float32; the wasm memory (4 GiB) holds at most ${MAX_INPUT_BYTES / 2 ** 30} GiB of inputs, i.e. ${Math.floor(MAX_INPUT_BYTES / 4 / per)} rows of this size`;
}

/** Given task labels must be a function of the factors: the same combination, the same label. */
function checkTasksFollowFactors(labels: Int32Array, T: number, z: Int32Array, F: number, n: number, where: string, tName: string): void {
  const first = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = z.subarray(i * F, i * F + F).join(',');
    const j = first.get(key);
    if (j === undefined) first.set(key, i);
    else
      for (let t = 0; t < T; t++) {
        if (labels[i * T + t] !== labels[j * T + t]) {
          throw new DataError(`${where}: '${tName}' row ${i}, column ${t} is ${labels[i * T + t]} but row ${j} with the same factors (${key}) has ${labels[j * T + t]}; tasks must be functions of the factors`);
        }
      }
  }
}

const comboKey = (z: Int32Array, i: number, F: number): string => z.subarray(i * F, i * F + F).join(',');

/** The Dataset view of file data: observe(z) draws one file row of each requested combination. */
export function createFileDataset(src: FileSource): Dataset {
  const F = src.factors.length;
  const per = src.inputShape.reduce((a, b) => a * b, 1);
  const rows = new Map<string, number[]>();
  for (let i = 0; i < src.n; i++) {
    const k = comboKey(src.z, i, F);
    let list = rows.get(k);
    if (list === undefined) rows.set(k, (list = []));
    list.push(i);
  }
  const row = rowReader(src);
  return {
    name: 'file',
    factors: src.factors,
    inputShape: src.inputShape,
    observe(z: Int32Array, n: number, rng: Rng): Float32Array {
      const x = new Float32Array(n * per);
      for (let i = 0; i < n; i++) {
        const list = rows.get(comboKey(z, i, F));
        if (list === undefined) {
          const what = Array.from(z.subarray(i * F, i * F + F), (v, f) => `${src.factors[f].name}=${src.factors[f].values[v]}`).join(', ');
          throw new DataError(`${src.name}: no row with ${what}`);
        }
        row(list[rng.int(list.length)], x, i * per);
      }
      return x;
    },
  };
}

/** Tasks given in the file, read through the factors (their labels are a function of them). */
function givenTasks(src: FileSource): Task[] {
  const given = src.tasks!;
  const F = src.factors.length;
  const table = new Map<string, number>();
  for (let i = 0; i < src.n; i++) table.set(comboKey(src.z, i, F), i);
  return given.names.map((name, t) => ({
    name,
    numClasses: given.classes[t],
    dependsOn: src.factors.map((_, f) => f),
    labels(z: Int32Array, n: number): Int32Array {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const r = table.get(comboKey(z, i, F));
        if (r === undefined) throw new DataError(`${src.name}: task '${name}' has no label for factors (${comboKey(z, i, F)}), a combination not in the file`);
        out[i] = given.labels[r * given.count + t];
      }
      return out;
    },
  }));
}

export interface FileSplitSizes {
  nTrain: number;
  nVal: number;
  nTest: number;
  nHeldout: number;
  heldoutFraction: number;
  coverage: 'values' | 'pairs';
}

/**
 * Splits the file's rows (see the file comment); `rng` is the run's data stream, `makeTasks`
 * builds config tasks from the factors (used when the file gives none).
 */
export function buildFileData(src: FileSource, o: FileSplitSizes, rng: Rng, makeTasks: (factors: Factor[]) => Task[]): DataBundle {
  const F = src.factors.length;
  const card = src.factors.map((f) => f.values.length);
  // Combinations present, in first-seen order, with their rows.
  const combos = new Map<string, number[]>();
  for (let i = 0; i < src.n; i++) {
    const k = comboKey(src.z, i, F);
    let list = combos.get(k);
    if (list === undefined) combos.set(k, (list = []));
    list.push(i);
  }
  const keys = [...combos.keys()].sort();
  const parsed = keys.map((k) => k.split(',').map(Number));
  // Hold out combinations in a seeded order while every value (pair) keeps a training combination.
  const slots = (c: number[]): string[] => {
    const out = c.map((v, f) => `${f}:${v}`);
    if (o.coverage === 'pairs') for (let f = 0; f < F; f++) for (let g = f + 1; g < F; g++) out.push(`${f}:${c[f]}|${g}:${c[g]}`);
    return out;
  };
  const count = new Map<string, number>();
  for (const c of parsed) for (const s of slots(c)) count.set(s, (count.get(s) ?? 0) + 1);
  const target = Math.round(o.heldoutFraction * keys.length);
  const order = Int32Array.from(keys.keys());
  rng.fork('heldout').shuffle(order);
  const held = new Set<number>();
  for (const k of order) {
    if (held.size >= target) break;
    const sl = slots(parsed[k]);
    if (sl.every((s) => count.get(s)! > 1)) {
      held.add(k);
      for (const s of sl) count.set(s, count.get(s)! - 1);
    }
  }
  const heldRows: number[] = [];
  const trainable: number[] = [];
  keys.forEach((k, i) => (held.has(i) ? heldRows : trainable).push(...combos.get(k)!));
  heldRows.sort((a, b) => a - b);
  trainable.sort((a, b) => a - b);
  const shuffled = (rows: number[], name: string) => {
    const a = Int32Array.from(rows);
    rng.fork(name).shuffle(a);
    return a;
  };
  const pool = shuffled(trainable, 'rows');
  const want = o.nTrain + o.nVal + o.nTest;
  const share = (k: number) => (want <= pool.length ? k : Math.floor((k * pool.length) / want));
  const nVal = share(o.nVal);
  const nTest = share(o.nTest);
  const nTrain = Math.min(o.nTrain, pool.length - nVal - nTest);
  if (nTrain < 1) throw new DataError(`${src.name}: no rows left for training (${pool.length} rows outside the held-out combinations)`);
  const per = src.inputShape.reduce((a, b) => a * b, 1);
  const row = rowReader(src);
  const take = (rows: ArrayLike<number>, from: number, n: number): Split => {
    const x = new Float32Array(n * per);
    const z = new Int32Array(n * F);
    for (let i = 0; i < n; i++) {
      const r = rows[from + i];
      row(r, x, i * per);
      z.set(src.z.subarray(r * F, r * F + F), i * F);
    }
    return { n, x, z };
  };
  const hr = shuffled(heldRows, 'heldout-rows');
  const tasks = src.tasks !== null ? givenTasks(src) : makeTasks(src.factors);
  void card;
  return {
    dataset: createFileDataset(src),
    tasks,
    val: take(pool, 0, nVal),
    test: take(pool, nVal, nTest),
    train: take(pool, nVal + nTest, nTrain),
    heldout: take(hr, 0, Math.min(o.nHeldout, hr.length)),
    heldOutCombinations: [...held].sort((a, b) => a - b).map((i) => parsed[i]),
  };
}
