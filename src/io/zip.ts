/**
 * Zip archives (what an .npz is): the central directory, including the ZIP64 extra fields NumPy
 * writes, and an entry's bytes. Pure byte work, so pages can read .npz files too: a deflated
 * entry is inflated by the caller's function (node:zlib in io/npz.ts, DecompressionStream in a
 * browser, see io/dataset-parse.ts).
 */

import { crc32 } from './crc32.js';

export interface ZipEntry {
  name: string;
  method: number; // 0 stored, 8 deflate
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  /** Offset of the entry's compressed bytes in the archive. */
  dataOffset: number;
}

export const EOCD_SIG = 0x06054b50;
export const CEN_SIG = 0x02014b50;
export const LOC_SIG = 0x04034b50;
const ZIP64_EOCD_LOCATOR_SIG = 0x07064b50;

function u16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 2 ** 24;
}
function u64(b: Uint8Array, o: number): number {
  return u32(b, o) + u32(b, o + 4) * 2 ** 32;
}

/** `length` bytes of the archive from `offset` (fewer at its end): the whole file in memory, or reads of a file. */
export type ZipReader = (offset: number, length: number) => Uint8Array;

/** Lists a zip's entries from its central directory. */
export function listZip(bytes: Uint8Array, what = 'zip'): ZipEntry[] {
  return listZipFrom(bytes.length, (o, n) => bytes.subarray(o, o + n), what);
}

/**
 * Lists the entries of a zip of `size` bytes read through `read`: only the end records, the
 * central directory and the local headers are read, so a reader of a file need not hold the
 * entries' bytes (a large compressed array is then inflated from the file, see io/zip-file.ts).
 */
export function listZipFrom(size: number, read: ZipReader, what = 'zip'): ZipEntry[] {
  let eocd = -1;
  // The end record sits in the last 22 + 65535 (comment) bytes.
  const tailStart = Math.max(0, size - 22 - 65535);
  const tail = read(tailStart, size - tailStart);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${what}: not a zip archive (no end-of-central-directory record); the file may be truncated`);
  let count = u16(tail, eocd + 10);
  let cdOffset = u32(tail, eocd + 16);
  eocd += tailStart;
  if (count === 0xffff || cdOffset === 0xffffffff) {
    const locator = eocd >= 20 ? read(eocd - 20, 20) : new Uint8Array(0);
    if (locator.length === 20 && u32(locator, 0) === ZIP64_EOCD_LOCATOR_SIG) {
      const z64 = read(u64(locator, 8), 56);
      count = u64(z64, 32);
      cdOffset = u64(z64, 48);
    }
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    const cen = p + 46 > size ? new Uint8Array(0) : read(p, 46);
    if (cen.length < 46 || u32(cen, 0) !== CEN_SIG) throw new Error(`${what}: corrupt central directory`);
    const method = u16(cen, 10);
    const crc32 = u32(cen, 16);
    let compressedSize = u32(cen, 20);
    let uncompressedSize = u32(cen, 24);
    const nameLen = u16(cen, 28);
    const extraLen = u16(cen, 30);
    const commentLen = u16(cen, 32);
    let localOffset = u32(cen, 42);
    const more = read(p + 46, nameLen + extraLen);
    const name = new TextDecoder().decode(more.subarray(0, nameLen));
    // ZIP64 extra (id 1): 8-byte values, present only for fields that overflowed, in this order.
    let e = nameLen;
    const end = Math.min(more.length, nameLen + extraLen);
    while (e + 4 <= end) {
      const id = u16(more, e);
      const size = u16(more, e + 2);
      if (id === 1) {
        let q = e + 4;
        if (uncompressedSize === 0xffffffff) (uncompressedSize = u64(more, q)), (q += 8);
        if (compressedSize === 0xffffffff) (compressedSize = u64(more, q)), (q += 8);
        if (localOffset === 0xffffffff) localOffset = u64(more, q);
      }
      e += 4 + size;
    }
    const loc = read(localOffset, 30);
    if (loc.length < 30 || u32(loc, 0) !== LOC_SIG) throw new Error(`${what}: corrupt local header for '${name}'`);
    const dataOffset = localOffset + 30 + u16(loc, 26) + u16(loc, 28);
    if (dataOffset + compressedSize > size) throw new Error(`${what}: entry '${name}' is truncated`);
    entries.push({ name, method, compressedSize, uncompressedSize, crc32, dataOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The stored bytes of an entry, or `inflateRaw` of them when deflated; other methods are refused. */
export function zipEntryBytes(bytes: Uint8Array, entry: ZipEntry, what: string, inflateRaw: (raw: Uint8Array) => Uint8Array): Uint8Array {
  const raw = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (entry.method !== 0 && entry.method !== 8) throw unsupportedMethod(entry, what);
  const out = entry.method === 0 ? raw : inflateRaw(raw);
  // Damaged data can still inflate (or, stored, be read) to the right number of bytes of garbage:
  // the directory's size and CRC-32 are what tell (≈ 0.1 s per 100 MB).
  if (out.length !== entry.uncompressedSize) throw new Error(`${what}: entry '${entry.name}' holds ${out.length} bytes, the zip directory says ${entry.uncompressedSize}; the file is corrupt or truncated — write it again`);
  if (crc32(out) !== entry.crc32) throw new Error(`${what}: entry '${entry.name}' fails its CRC-32 check; the file is corrupt — write it again`);
  return out;
}

export function unsupportedMethod(entry: ZipEntry, what: string): Error {
  return new Error(`${what}: entry '${entry.name}' uses compression method ${entry.method}; only stored (0) and deflate (8) are supported`);
}
