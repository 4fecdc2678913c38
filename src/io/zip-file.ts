/**
 * A zip archive (an .npz) read from its file rather than from memory (Node only): the directory
 * is read through the file descriptor and each entry's bytes on their own, so the whole file is
 * never held beside an inflated array. (A deflated entry is still inflated in one zlib call, its
 * compressed bytes beside the output: inflating it from the file in pieces is issue 21's rest.)
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readZipEntry } from './npz.js';
import { listZipFrom, type ZipEntry } from './zip.js';

export interface ZipFile {
  /** The file's size in bytes. */
  size: number;
  entries: ZipEntry[];
  /** The uncompressed bytes of an entry. */
  entryBytes(entry: ZipEntry): Uint8Array;
  close(): void;
}

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
function readAt(fd: number, offset: number, length: number): Uint8Array {
  const buf = new Uint8Array(Number.isFinite(length) && length > 0 ? length : 0);
  if (!Number.isFinite(offset) || offset < 0) return buf.subarray(0, 0);
  let n = 0;
  while (n < buf.length) {
    const got = readSync(fd, buf, n, buf.length - n, offset + n);
    if (got === 0) break;
    n += got;
  }
  return buf.subarray(0, n);
}

/**
 * Opens the zip at `path` and lists its entries. `what` starts error lines (the file's path);
 * the caller closes it. `checkSize(size)` runs on the file's size before anything is read.
 */
export function openZipFile(path: string, what = path, checkSize: (size: number) => void = () => {}): ZipFile {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    checkSize(size);
    const entries = listZipFrom(size, (o, n) => readAt(fd, o, Math.min(n, size - o)), what);
    return {
      size,
      entries,
      entryBytes(entry) {
        // Only this entry's bytes, read from the file (then inflated whole, as before).
        const raw = readAt(fd, entry.dataOffset, entry.compressedSize);
        return readZipEntry(raw, { ...entry, dataOffset: 0 }, what);
      },
      close: () => closeSync(fd),
    };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}
