/**
 * Node-only reader of a user's dataset file (data.dataset 'file'): an .npz (arrays x, factors,
 * optional tasks), an .npy of x with an .npy of the factors, or a CSV with a header. Optional
 * names of factors and values come from a JSON sidecar (or the CSV header for factor names).
 * Arrays are read by io/npy.ts, io/npz.ts and io/matrix.ts; the checks are datasetFromArrays'.
 * Every problem is one DataError line naming the file, the array or column, and the row.
 */
import { existsSync, openSync, readSync, closeSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { DataError, parseJson } from '../base/check.js';
import { FILE_DEFAULTS, type FileOptions } from '../data/config.js';
import { datasetFromArrays, MAX_INPUT_BYTES, tooBig, type FileArrays, type FileSource } from '../data/datasets/file.js';
import { readCsvMatrix } from './matrix.js';
import { readNpy, readNpyHeader, type NpyArray } from './npy.js';
import { listZip, readZipEntry } from './npz.js';

function readBytes(path: string, what: string): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new DataError(`${path}: not a regular file`);
    size = st.size;
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`${path}: cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  // Node reads at most 2 GiB into one buffer, which is also the input limit (float32 inputs beside the model in the 4 GiB wasm memory).
  if (size >= MAX_INPUT_BYTES) {
    throw new DataError(`${path}: ${(size / 2 ** 30).toFixed(1)} GiB is too big; a data file may be at most ${MAX_INPUT_BYTES / 2 ** 30} GiB (its inputs must fit as float32 beside the model in the 4 GiB wasm memory)`);
  }
  return new Uint8Array(readFileSync(path));
}

/** The first bytes of a file (an .npy header), to check its size before reading it whole. */
function readHead(path: string, n: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

function npyIn(path: string, bytes: Uint8Array, name: string): NpyArray {
  try {
    return readNpy(bytes);
  } catch (e) {
    throw new DataError(`${path}: array '${name}': ${(e as Error).message}`);
  }
}

/** x's shape from its header, refused before reading when it cannot fit. */
function checkSize(path: string, name: string, header: Uint8Array): void {
  let shape: number[];
  try {
    shape = readNpyHeader(header).shape;
  } catch (e) {
    throw new DataError(`${path}: array '${name}': ${(e as Error).message}`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (shape.length >= 2 && count * 4 > MAX_INPUT_BYTES) throw new DataError(tooBig(path, name, shape));
}

interface Names {
  factorNames?: readonly string[];
  valueNames?: readonly (readonly string[] | undefined)[];
  taskNames?: readonly string[];
}

/** The JSON sidecar: {"factors": [{"name": "color", "values": ["red", …]}, …], "tasks": ["…"]}. */
function readNames(path: string): Names {
  let json: unknown;
  try {
    json = parseJson(readFileSync(path, 'utf8'), path);
  } catch (e) {
    throw new DataError((e as Error).message.startsWith(path) ? (e as Error).message : `${path}: cannot read names (${(e as Error).message})`);
  }
  const bad = (what: string) => new DataError(`${path}: ${what}; expected {"factors": [{"name": "color", "values": ["red", "green"]}, …]}`);
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { factors?: unknown }).factors)) throw bad('no "factors" list');
  const fs = (json as { factors: unknown[] }).factors;
  const out = { factorNames: [] as string[], valueNames: [] as (string[] | undefined)[], taskNames: undefined as string[] | undefined };
  fs.forEach((f, i) => {
    const o = (typeof f === 'string' ? { name: f } : f) as { name?: unknown; values?: unknown };
    if (typeof o !== 'object' || o === null || typeof o.name !== 'string') throw bad(`factors[${i}] has no "name"`);
    if (o.values !== undefined && (!Array.isArray(o.values) || o.values.some((v) => typeof v !== 'string'))) throw bad(`factors[${i}].values is not a list of strings`);
    out.factorNames.push(o.name);
    out.valueNames.push(o.values as string[] | undefined);
  });
  const t = (json as { tasks?: unknown }).tasks;
  if (t !== undefined) {
    if (!Array.isArray(t) || t.some((v) => typeof v !== 'string')) throw bad('"tasks" is not a list of names');
    out.taskNames = t as string[];
  }
  return out;
}

function sidecar(path: string, given: string): Names {
  if (given !== '') return readNames(given);
  const auto = join(dirname(path), basename(path, extname(path)) + '.json');
  return existsSync(auto) ? readNames(auto) : {};
}

function fromNpz(path: string): Omit<FileArrays, 'source'> {
  const bytes = readBytes(path, 'the dataset');
  let entries;
  try {
    entries = listZip(bytes, path);
  } catch (e) {
    throw new DataError((e as Error).message);
  }
  const get = (name: string, needed: boolean): NpyArray | undefined => {
    const e = entries.find((x) => x.name === `${name}.npy` || x.name === name);
    if (e === undefined) {
      if (!needed) return undefined;
      throw new DataError(`${path}: no array '${name}' (found: ${entries.map((x) => x.name.replace(/\.npy$/, '')).join(', ') || 'none'}); save it with np.savez(FILE, x=…, factors=…)`);
    }
    // Inflated, it would not fit either: refuse before inflating (any dtype is ≤ 8 bytes a value).
    if (name === 'x' && e.uncompressedSize >= 2 * MAX_INPUT_BYTES) {
      throw new DataError(`${path}: array 'x' is ${(e.uncompressedSize / 2 ** 30).toFixed(1)} GiB uncompressed; the wasm memory (4 GiB) holds at most ${MAX_INPUT_BYTES / 2 ** 30} GiB of float32 inputs`);
    }
    let raw: Uint8Array;
    try {
      raw = readZipEntry(bytes, e, path);
    } catch (err) {
      throw new DataError((err as Error).message);
    }
    if (name === 'x') checkSize(path, 'x', raw.subarray(0, Math.min(raw.length, 65536 + 12)));
    return npyIn(path, raw, name);
  };
  const x = get('x', true)!;
  const factors = get('factors', true)!;
  const tasks = get('tasks', false);
  return {
    x: x.data, xShape: x.shape, xDtype: x.dtype, factors: factors.data, factorsShape: factors.shape,
    ...(tasks !== undefined ? { tasks: tasks.data, tasksShape: tasks.shape } : {}),
  };
}

function fromNpy(path: string, factorsPath: string): Omit<FileArrays, 'source'> {
  checkSize(path, 'x', readHead(path, 65536 + 12));
  const x = npyIn(path, readBytes(path, 'x'), 'x');
  let fp = factorsPath;
  if (fp === '') {
    const base = basename(path);
    if (!/x\.npy$/i.test(base)) throw new DataError(`${path}: where are the factor labels? name the files x.npy and factors.npy (or NAME_x.npy and NAME_factors.npy), or give data.file.factorsPath`);
    fp = join(dirname(path), base.replace(/x\.npy$/i, (m) => (m[0] === 'X' ? 'FACTORS.npy' : 'factors.npy')));
  }
  const f = npyIn(fp, readBytes(fp, 'the factor labels'), 'factors');
  return { x: x.data, xShape: x.shape, xDtype: x.dtype, factors: f.data, factorsShape: f.shape, factorsName: `factors (${fp})` };
}

function fromCsv(path: string, o: FileOptions): Omit<FileArrays, 'source'> & Names {
  const m = readCsvMatrix(path, new TextDecoder().decode(readBytes(path, 'the dataset')));
  if (m.names === null) throw new DataError(`${path}: no header line; the first line must name the columns (inputs, and factors as 'factor:NAME')`);
  const names = m.names;
  const index = (c: string, what: string) => {
    const i = names.indexOf(c);
    if (i < 0) throw new DataError(`${path}: no ${what} column '${c}' (columns: ${names.join(', ')})`);
    return i;
  };
  const prefixed = (prefix: string) => names.flatMap((c, i) => (c.startsWith(prefix) ? [i] : []));
  const fCols = o.factorColumns.length > 0 ? o.factorColumns.map((c) => index(c, 'factor')) : prefixed('factor:');
  if (fCols.length === 0) throw new DataError(`${path}: no factor columns; name them 'factor:NAME' in the header or list them in data.file.factorColumns`);
  const tCols = o.taskColumns.length > 0 ? o.taskColumns.map((c) => index(c, 'task')) : prefixed('task:');
  const used = new Set([...fCols, ...tCols]);
  const xCols = o.inputColumns.length > 0 ? o.inputColumns.map((c) => index(c, 'input')) : names.flatMap((_, i) => (used.has(i) ? [] : [i]));
  if (xCols.length === 0) throw new DataError(`${path}: no input columns besides the factor and task columns`);
  const strip = (c: string, prefix: string) => (c.startsWith(prefix) ? c.slice(prefix.length) : c);
  const pick = (cols: number[], what: string, check: boolean) => {
    const out = new Float64Array(m.rows * cols.length);
    for (let r = 0; r < m.rows; r++)
      cols.forEach((c, k) => {
        const v = m.data[r * m.cols + c];
        if (check && !Number.isFinite(v)) throw new DataError(`${path}: column '${names[c]}' row ${r} (line ${r + 2}) is ${v}; ${what} must be finite: drop or fill that row`);
        out[r * cols.length + k] = v;
      });
    return out;
  };
  const result: Omit<FileArrays, 'source'> & Names = {
    x: pick(xCols, 'inputs', true), xShape: [m.rows, xCols.length], xDtype: '<f8',
    factors: pick(fCols, 'factor labels', false), factorsShape: [m.rows, fCols.length],
    factorNames: fCols.map((c) => strip(names[c], 'factor:')),
  };
  if (tCols.length > 0) {
    result.tasks = pick(tCols, 'task labels', false);
    result.tasksShape = [m.rows, tCols.length];
    result.taskNames = tCols.map((c) => strip(names[c], 'task:'));
  }
  return result;
}

/** Reads the file (or files) of `options` into a checked FileSource. */
export function readDatasetFile(options: Partial<FileOptions> & { path: string }): FileSource {
  return datasetFromArrays(readDatasetArrays(options));
}

/** The arrays of the file (or files) as read, before datasetFromArrays checks them. */
export function readDatasetArrays(options: Partial<FileOptions> & { path: string }): FileArrays {
  const o: FileOptions = { ...FILE_DEFAULTS, ...options };
  const path = o.path;
  if (!existsSync(path)) throw new DataError(`${path}: file not found`);
  const ext = extname(path).toLowerCase();
  let arrays: Omit<FileArrays, 'source'> & Names;
  if (ext === '.npz') arrays = fromNpz(path);
  else if (ext === '.npy') arrays = fromNpy(path, o.factorsPath);
  else if (ext === '.csv' || ext === '.txt') arrays = fromCsv(path, o);
  else throw new DataError(`${path}: unsupported file type '${ext || '(none)'}'; use .npz (x, factors), x.npy + factors.npy, or .csv`);
  const names = sidecar(path, o.names);
  return {
    ...arrays,
    factorNames: names.factorNames ?? arrays.factorNames,
    valueNames: names.valueNames,
    taskNames: names.taskNames ?? arrays.taskNames,
    source: path,
  };
}
