import { LIMITS, readFileBounded } from './read-bounded.js';
import { extname } from 'node:path';
import { DataError } from '../base/check.js';
import { readCsvMatrix, readNpyMatrix, type Matrix } from './matrix.js';

/** Reads a .npy or .csv (.txt) file as a matrix; a DataError names the file and what is wrong. */
export function readMatrix(path: string): Matrix {
  let bytes: Uint8Array;
  try {
    // A plain Uint8Array view of the bytes read (no copy): its slice() copies, where a Buffer's
    // would share memory, and readNpy relies on a copy to align the data.
    const buf = readFileBounded(path, LIMITS.matrix);
    bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTREG' || code === 'EFBIG') throw new DataError((e as Error).message.replace(/^wtanet: /, ''));
    throw new DataError(`${path}: cannot read (${code ?? (e as Error).message})`);
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.npy') return readNpyMatrix(path, bytes);
  if (ext === '.csv' || ext === '.txt') return readCsvMatrix(path, new TextDecoder().decode(bytes));
  throw new DataError(`${path}: unsupported file type '${ext || '(none)'}'; use .npy or .csv`);
}
