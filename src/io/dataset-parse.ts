/**
 * A user's dataset file (data.dataset 'file') from its bytes: an .npz (arrays x, factors,
 * optional tasks), an .npy of x with an .npy of the factors, or a CSV with a header, plus the
 * optional JSON sidecar of names. Pure byte and text work, shared by the Node reader
 * (io/dataset-file.ts, which reads the files) and the demo page (parseDatasetFile, which gets the
 * bytes of a dropped file). Every problem is one DataError line naming the file, the array or
 * column, and the row; datasetFromArrays then checks the arrays themselves.
 */
import { DataError, parseJson } from '../base/check.js';
import type { FileOptions } from '../data/config.js';
import { MAX_INPUT_BYTES, tooBig, type FileArrays } from '../data/datasets/file.js';
import { readCsvMatrix } from './matrix.js';
import { readNpy, readNpyHeader, type NpyArray } from './npy.js';
import { listZip, zipEntryBytes, type ZipEntry } from './zip.js';

/** Names of factors, their values and tasks, from the sidecar (or the CSV). */
export interface DatasetNames {
  factorNames?: readonly string[];
  valueNames?: readonly (readonly string[] | undefined)[];
  taskNames?: readonly string[];
}

/** The arrays of one file, before the sidecar's names are merged in. */
export type ParsedArrays = Omit<FileArrays, 'source'> & DatasetNames;

/** What the column options of FileOptions say (the CSV's columns). */
export type ColumnOptions = Pick<FileOptions, 'factorColumns' | 'inputColumns' | 'taskColumns'>;

/** Bytes a header of an .npy can take (its length field is 4 bytes in versions 2 and 3, but NumPy keeps it short). */
export const NPY_HEADER_BYTES = 65536 + 12;

/** Parses an .npy, naming the file and the array in a DataError. `copy: false`: a view where it can be (large inputs). */
export function npyIn(path: string, bytes: Uint8Array, name: string, copy = true): NpyArray {
  try {
    return readNpy(bytes, { copy });
  } catch (e) {
    throw new DataError(`${path}: array '${name}': ${(e as Error).message}`);
  }
}

/** x's shape from its header, refused before reading (or inflating) the data when it cannot fit. */
export function checkSize(path: string, name: string, header: Uint8Array): void {
  let shape: number[];
  try {
    shape = readNpyHeader(header).shape;
  } catch (e) {
    throw new DataError(`${path}: array '${name}': ${(e as Error).message}`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (shape.length >= 2 && count * 4 > MAX_INPUT_BYTES) throw new DataError(tooBig(path, name, shape));
}

/** The JSON sidecar: {"factors": [{"name": "color", "values": ["red", …]}, …], "tasks": ["…"]}. */
export function parseNames(text: string, path: string): DatasetNames {
  let json: unknown;
  try {
    json = parseJson(text, path);
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
    if (Array.isArray(o.values) && new Set(o.values).size !== o.values.length) throw bad(`factors[${i}].values names a value twice`);
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

/**
 * An .npz's x, factors and tasks. `entryBytes` gives an entry's uncompressed bytes (node:zlib
 * in Node; the page inflates the entries it needs beforehand, see parseDatasetFile).
 */
export function npzArrays(path: string, entries: readonly ZipEntry[], entryBytes: (e: ZipEntry) => Uint8Array): ParsedArrays {
  const get = (name: string, needed: boolean): NpyArray | undefined => {
    const e = npzEntry(path, entries, name, needed);
    if (e === undefined) return undefined;
    let raw: Uint8Array;
    try {
      raw = entryBytes(e);
    } catch (err) {
      throw new DataError((err as Error).message);
    }
    if (name === 'x') checkSize(path, 'x', raw.subarray(0, Math.min(raw.length, NPY_HEADER_BYTES)));
    // x may be most of the file: a view of it, not a copy (factors and tasks are small).
    return npyIn(path, raw, name, name !== 'x');
  };
  const x = get('x', true)!;
  const factors = get('factors', true)!;
  const tasks = get('tasks', false);
  return {
    x: x.data, xShape: x.shape, xDtype: x.dtype, factors: factors.data, factorsShape: factors.shape,
    ...(tasks !== undefined ? { tasks: tasks.data, tasksShape: tasks.shape } : {}),
  };
}

/** The entry of array `name` (refused before inflating when x could not fit), or undefined when optional and absent. */
export function npzEntry(path: string, entries: readonly ZipEntry[], name: string, needed: boolean): ZipEntry | undefined {
  const e = entries.find((x) => x.name === `${name}.npy` || x.name === name);
  if (e === undefined) {
    if (!needed) return undefined;
    throw new DataError(`${path}: no array '${name}' (found: ${entries.map((x) => x.name.replace(/\.npy$/, '')).join(', ') || 'none'}); save it with np.savez(FILE, x=…, factors=…)`);
  }
  // Inflated, it would not fit either: refuse before inflating (any dtype is ≤ 8 bytes a value).
  if (name === 'x' && e.uncompressedSize >= 2 * MAX_INPUT_BYTES) {
    throw new DataError(`${path}: array 'x' is ${(e.uncompressedSize / 2 ** 30).toFixed(1)} GiB uncompressed; the wasm memory (4 GiB) holds at most ${MAX_INPUT_BYTES / 2 ** 30} GiB of float32 inputs`);
  }
  return e;
}

/** The entries of an .npz, a DataError naming the file when it is no zip. */
export function npzEntries(path: string, bytes: Uint8Array): ZipEntry[] {
  try {
    return listZip(bytes, path);
  } catch (e) {
    throw new DataError((e as Error).message);
  }
}

/** x.npy with factors.npy (their paths for messages). */
export function npyPairArrays(path: string, xBytes: Uint8Array, factorsPath: string, factorsBytes: Uint8Array): ParsedArrays {
  checkSize(path, 'x', xBytes.subarray(0, NPY_HEADER_BYTES));
  const x = npyIn(path, xBytes, 'x', false);
  const f = npyIn(factorsPath, factorsBytes, 'factors');
  return { x: x.data, xShape: x.shape, xDtype: x.dtype, factors: f.data, factorsShape: f.shape, factorsName: `factors (${factorsPath})` };
}

/**
 * A CSV with a header: factor columns 'factor:NAME' (or options.factorColumns), task columns
 * 'task:NAME', every other column an input. A factor column may hold names instead of numbers
 * ('red', 'green'): its values are then numbered in the order the sidecar lists them, or else
 * sorted (by UTF-16 code units, so the numbering does not depend on the order of the rows), and
 * the names go to the symbol table. `names` is the sidecar, read first for that reason.
 */
export function csvArrays(path: string, text: string, o: ColumnOptions, names: DatasetNames = {}): ParsedArrays {
  const fColsOf = (header: string[]) => (o.factorColumns.length > 0 ? o.factorColumns.map((c) => header.indexOf(c)) : header.flatMap((c, i) => (c.startsWith('factor:') ? [i] : [])));
  const m = readCsvMatrix(path, text, { keepText: (header) => new Set(header === null ? [] : fColsOf(header).filter((i) => i >= 0)) });
  if (m.names === null) throw new DataError(`${path}: no header line; the first line must name the columns (inputs, and factors as 'factor:NAME')`);
  const header = m.names;
  const index = (c: string, what: string) => {
    const i = header.indexOf(c);
    if (i < 0) throw new DataError(`${path}: no ${what} column '${c}' (columns: ${header.join(', ')})`);
    return i;
  };
  const prefixed = (prefix: string) => header.flatMap((c, i) => (c.startsWith(prefix) ? [i] : []));
  const fCols = o.factorColumns.length > 0 ? o.factorColumns.map((c) => index(c, 'factor')) : prefixed('factor:');
  if (fCols.length === 0) throw new DataError(`${path}: no factor columns; name them 'factor:NAME' in the header or list them in data.file.factorColumns`);
  const tCols = o.taskColumns.length > 0 ? o.taskColumns.map((c) => index(c, 'task')) : prefixed('task:');
  const used = new Set([...fCols, ...tCols]);
  const xCols = o.inputColumns.length > 0 ? o.inputColumns.map((c) => index(c, 'input')) : header.flatMap((_, i) => (used.has(i) ? [] : [i]));
  if (xCols.length === 0) throw new DataError(`${path}: no input columns besides the factor and task columns`);
  const strip = (c: string, prefix: string) => (c.startsWith(prefix) ? c.slice(prefix.length) : c);
  const pick = (cols: number[], what: string, check: boolean) => {
    const out = new Float64Array(m.rows * cols.length);
    for (let r = 0; r < m.rows; r++)
      cols.forEach((c, k) => {
        const v = m.data[r * m.cols + c];
        if (check && !Number.isFinite(v)) throw new DataError(`${path}: column '${header[c]}' row ${r} (line ${r + 2}) is ${v}; ${what} must be finite: drop or fill that row`);
        out[r * cols.length + k] = v;
      });
    return out;
  };
  const factors = pick(fCols, 'factor labels', false);
  const valueNames: (string[] | undefined)[] = fCols.map(() => undefined);
  fCols.forEach((c, k) => {
    const t = m.text.get(c);
    if (t === undefined) return;
    const given = names.valueNames?.[k];
    const order = given !== undefined ? [...given] : namedValues(path, header[c], t);
    const code = new Map(order.map((v, i) => [v, i]));
    for (let r = 0; r < m.rows; r++) {
      const v = t[r];
      const i = code.get(v);
      if (i === undefined) {
        if (v === '') throw new DataError(`${path}: column '${header[c]}' row ${r} (line ${r + 2}) is empty; every row needs a value of each factor`);
        throw new DataError(`${path}: column '${header[c]}' row ${r} (line ${r + 2}) is '${v}', not one of the values the names file lists for factor ${k} (${order.slice(0, 8).join(', ')}${order.length > 8 ? ', …' : ''}); add it there`);
      }
      factors[r * fCols.length + k] = i;
    }
    valueNames[k] = order;
  });
  const result: ParsedArrays = {
    x: pick(xCols, 'inputs', true), xShape: [m.rows, xCols.length], xDtype: '<f8',
    factors, factorsShape: [m.rows, fCols.length],
    factorNames: fCols.map((c) => strip(header[c], 'factor:')),
    ...(valueNames.some((v) => v !== undefined) ? { valueNames } : {}),
  };
  if (tCols.length > 0) {
    result.tasks = pick(tCols, 'task labels', false);
    result.tasksShape = [m.rows, tCols.length];
    result.taskNames = tCols.map((c) => strip(header[c], 'task:'));
  }
  return result;
}

/** The distinct names of a factor column, sorted by code units (independent of the row order). */
function namedValues(path: string, column: string, text: readonly string[]): string[] {
  const seen = new Set<string>();
  for (let r = 0; r < text.length; r++) {
    if (text[r] === '') throw new DataError(`${path}: column '${column}' row ${r} (line ${r + 2}) is empty; every row needs a value of each factor`);
    seen.add(text[r]);
  }
  return [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The arrays with the sidecar's names merged in (the sidecar wins; value names per factor). */
export function withNames(arrays: ParsedArrays, names: DatasetNames, source: string): FileArrays {
  const F = arrays.factorsShape.length === 2 ? arrays.factorsShape[1] : 1;
  const valueNames = names.valueNames !== undefined || arrays.valueNames !== undefined
    ? Array.from({ length: Math.max(F, names.valueNames?.length ?? 0) }, (_, f) => names.valueNames?.[f] ?? arrays.valueNames?.[f])
    : undefined;
  return {
    ...arrays,
    factorNames: names.factorNames ?? arrays.factorNames,
    valueNames,
    taskNames: names.taskNames ?? arrays.taskNames,
    source,
  };
}

const extOf = (name: string) => {
  const m = /\.[^./\\]*$/.exec(name);
  return m === null ? '' : m[0].toLowerCase();
};

/** A file of the page: its name and bytes. */
export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

/**
 * The arrays of a dataset file given as bytes (a file dropped on a page): .npz or .csv, and
 * optionally the JSON sidecar of names. Browser-safe: a deflated .npz entry is inflated with the
 * platform's DecompressionStream('deflate-raw'). The result goes to datasetFromArrays.
 */
export async function parseDatasetFile(file: NamedBytes, options: { names?: NamedBytes } & Partial<ColumnOptions> = {}): Promise<FileArrays> {
  const o: ColumnOptions = { factorColumns: options.factorColumns ?? [], inputColumns: options.inputColumns ?? [], taskColumns: options.taskColumns ?? [] };
  const names = options.names !== undefined ? parseNames(new TextDecoder().decode(options.names.bytes), options.names.name) : {};
  const path = file.name;
  const ext = extOf(path);
  let arrays: ParsedArrays;
  if (ext === '.npz') {
    const entries = npzEntries(path, file.bytes);
    const inflated = new Map<ZipEntry, Uint8Array>();
    for (const name of ['x', 'factors', 'tasks']) {
      const e = npzEntry(path, entries, name, name !== 'tasks');
      if (e === undefined || e.method !== 8) continue;
      inflated.set(e, await inflateRaw(file.bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize), e.uncompressedSize, `${path}: entry '${e.name}'`));
    }
    arrays = npzArrays(path, entries, (e) => zipEntryBytes(file.bytes, e, path, () => inflated.get(e)!));
  } else if (ext === '.csv' || ext === '.txt') {
    arrays = csvArrays(path, new TextDecoder().decode(file.bytes), o, names);
  } else {
    throw new DataError(`${path}: unsupported file type '${ext || '(none)'}' here; drop an .npz (arrays x and factors) or a .csv with a header (and its .json of names beside it, if any)`);
  }
  return withNames(arrays, names, path);
}

/** Inflates raw deflate data of a known size with the platform's DecompressionStream (browsers, Workers, Node ≥ 20). */
async function inflateRaw(raw: Uint8Array, size: number, what: string): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  let at = 0;
  try {
    const stream = new Blob([raw as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (at + value.length > size) throw new DataError(`${what} inflates to more than the ${size} bytes its header says; the file is corrupt`);
      out.set(value, at);
      at += value.length;
    }
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`${what} cannot be inflated (${(e as Error).message}); the file is corrupt or truncated`);
  }
  if (at !== size) throw new DataError(`${what} inflates to ${at} bytes, its header says ${size}; the file is corrupt or truncated`);
  return out;
}
