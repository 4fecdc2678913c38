/**
 * Node-only reader of a user's dataset file (data.dataset 'file'): an .npz (arrays x, factors,
 * optional tasks), an .npy of x with an .npy of the factors, or a CSV with a header. Optional
 * names of factors and values come from a JSON sidecar (or the CSV header for factor names).
 * This file only reads bytes (with the size refusals that must come before reading); parsing
 * them is io/dataset-parse.ts, shared with the demo page, and the checks are datasetFromArrays'.
 * Every problem is one DataError line naming the file, the array or column, and the row.
 */
import { existsSync, openSync, readSync, closeSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { DataError } from '../base/check.js';
import { FILE_DEFAULTS, type FileOptions } from '../data/config.js';
import { datasetFromArrays, MAX_INPUT_BYTES, type FileArrays, type FileSource } from '../data/datasets/file.js';
import { checkSize, csvArrays, npyPairArrays, npzArrays, NPY_HEADER_BYTES, parseNames, withNames, type DatasetNames, type ParsedArrays } from './dataset-parse.js';
import { openZipFile, type ZipFile } from './zip-file.js';

/** Refuses a file too big to hold (before any of it is read). */
function checkFileSize(path: string, size: number): void {
  // Node reads at most 2 GiB into one buffer, which is also the input limit (float32 inputs beside the model in the 4 GiB wasm memory).
  if (size >= MAX_INPUT_BYTES) {
    throw new DataError(`${path}: ${(size / 2 ** 30).toFixed(1)} GiB is too big; a data file may be at most ${MAX_INPUT_BYTES / 2 ** 30} GiB (its inputs must fit as float32 beside the model in the 4 GiB wasm memory)`);
  }
}

/** Refuses what is not a regular file, as one line. */
function statFile(path: string, what: string): number {
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new DataError(`${path}: not a regular file`);
    return st.size;
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`${path}: cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function readBytes(path: string, what: string): Uint8Array {
  checkFileSize(path, statFile(path, what));
  // A Buffer is a Uint8Array: no copy (a second copy of a large file would double the peak).
  const buf = readFileSync(path);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
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

function sidecar(path: string, given: string): DatasetNames {
  const file = given !== '' ? given : join(dirname(path), basename(path, extname(path)) + '.json');
  if (given === '' && !existsSync(file)) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DataError(`${file}: cannot read names (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseNames(text, file);
}

function fromNpz(path: string): ParsedArrays {
  statFile(path, 'the dataset');
  // Read from the file entry by entry, not whole: a compressed x is then inflated from the file
  // in pieces, and the peak stays near the size of the arrays themselves (issue 21).
  let zip: ZipFile;
  try {
    zip = openZipFile(path, path, (size) => checkFileSize(path, size));
  } catch (e) {
    if (e instanceof DataError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(code !== undefined ? `${path}: cannot read the dataset (${code})` : (e as Error).message);
  }
  try {
    return npzArrays(path, zip.entries, (e) => zip.entryBytes(e));
  } finally {
    zip.close();
  }
}

function fromNpy(path: string, factorsPath: string): ParsedArrays {
  checkSize(path, 'x', readHead(path, NPY_HEADER_BYTES));
  let fp = factorsPath;
  if (fp === '') {
    const base = basename(path);
    if (!/x\.npy$/i.test(base)) throw new DataError(`${path}: where are the factor labels? name the files x.npy and factors.npy (or NAME_x.npy and NAME_factors.npy), or give data.file.factorsPath`);
    fp = join(dirname(path), base.replace(/x\.npy$/i, (m) => (m[0] === 'X' ? 'FACTORS.npy' : 'factors.npy')));
  }
  return npyPairArrays(path, readBytes(path, 'x'), fp, readBytes(fp, 'the factor labels'));
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
  // The names first: a CSV numbers the named values of a factor in the order they give.
  const names = sidecar(path, o.names);
  let arrays: ParsedArrays;
  if (ext === '.npz') arrays = fromNpz(path);
  else if (ext === '.npy') arrays = fromNpy(path, o.factorsPath);
  else if (ext === '.csv' || ext === '.txt') arrays = csvArrays(path, new TextDecoder().decode(readBytes(path, 'the dataset')), o, names);
  else throw new DataError(`${path}: unsupported file type '${ext || '(none)'}'; use .npz (x, factors), x.npy + factors.npy, or .csv`);
  return withNames(arrays, names, path);
}
