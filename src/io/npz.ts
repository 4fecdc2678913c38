/**
 * .npz = a zip of .npy files. Reads stored and deflated entries (deflate via node:zlib, so this
 * file is Node-only) including the ZIP64 extra fields NumPy writes; writes stored or deflated zips.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { crc32 } from './crc32.js';
import { readNpy, writeNpy, type NpyArray, type NpyData } from './npy.js';

export interface ZipEntry {
  name: string;
  method: number; // 0 stored, 8 deflate
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  /** Offset of the entry's compressed bytes in the archive. */
  dataOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
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

/** Lists a zip's entries from its central directory. */
export function listZip(bytes: Uint8Array, what = 'zip'): ZipEntry[] {
  let eocd = -1;
  // The end record sits in the last 22 + 65535 (comment) bytes.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (u32(bytes, i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${what}: not a zip archive (no end-of-central-directory record); the file may be truncated`);
  let count = u16(bytes, eocd + 10);
  let cdOffset = u32(bytes, eocd + 16);
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && u32(bytes, eocd - 20) === ZIP64_EOCD_LOCATOR_SIG) {
    const z64 = u64(bytes, eocd - 20 + 8);
    count = u64(bytes, z64 + 32);
    cdOffset = u64(bytes, z64 + 48);
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== CEN_SIG) throw new Error(`${what}: corrupt central directory`);
    const method = u16(bytes, p + 10);
    const crc32 = u32(bytes, p + 16);
    let compressedSize = u32(bytes, p + 20);
    let uncompressedSize = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    let localOffset = u32(bytes, p + 42);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen));
    // ZIP64 extra (id 1): 8-byte values, present only for fields that overflowed, in this order.
    let e = p + 46 + nameLen;
    const end = e + extraLen;
    while (e + 4 <= end) {
      const id = u16(bytes, e);
      const size = u16(bytes, e + 2);
      if (id === 1) {
        let q = e + 4;
        if (uncompressedSize === 0xffffffff) (uncompressedSize = u64(bytes, q)), (q += 8);
        if (compressedSize === 0xffffffff) (compressedSize = u64(bytes, q)), (q += 8);
        if (localOffset === 0xffffffff) localOffset = u64(bytes, q);
      }
      e += 4 + size;
    }
    if (u32(bytes, localOffset) !== LOC_SIG) throw new Error(`${what}: corrupt local header for '${name}'`);
    const dataOffset = localOffset + 30 + u16(bytes, localOffset + 26) + u16(bytes, localOffset + 28);
    if (dataOffset + compressedSize > bytes.length) throw new Error(`${what}: entry '${name}' is truncated`);
    entries.push({ name, method, compressedSize, uncompressedSize, crc32, dataOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The uncompressed bytes of one zip entry. */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, what = 'zip'): Uint8Array {
  const raw = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (entry.method === 0) return raw;
  if (entry.method === 8) return new Uint8Array(inflateRawSync(raw));
  throw new Error(`${what}: entry '${entry.name}' uses compression method ${entry.method}; only stored (0) and deflate (8) are supported`);
}

/**
 * True when a .npy's header declares an object array (descr '|O', i.e. pickled Python objects, as
 * the dSprites archive's `metadata`). Only the header is read: the pickle is never interpreted.
 */
export function isObjectNpy(npy: Uint8Array): boolean {
  if (npy.length < 10 || npy[0] !== 0x93) return false;
  const major = npy[6];
  const start = major === 1 ? 10 : 12;
  const len = major === 1 ? npy[8] | (npy[9] << 8) : (npy[8] | (npy[9] << 8) | (npy[10] << 16)) + npy[11] * 2 ** 24;
  const text = new TextDecoder('latin1').decode(npy.subarray(start, Math.min(npy.length, start + len)));
  return /['"]descr['"]\s*:\s*['"][|<>=]?O\d*['"]/.test(text);
}

/**
 * Reads every array of an .npz; keys are the entry names without '.npy'. Object arrays (pickles)
 * are never unpickled: with `skipObjects` they are left out, otherwise they are an error.
 */
export function readNpz(bytes: Uint8Array, what = 'npz', options: { skipObjects?: boolean } = {}): Map<string, NpyArray> {
  const out = new Map<string, NpyArray>();
  for (const entry of listZip(bytes, what)) {
    const key = entry.name.replace(/\.npy$/, '');
    if (options.skipObjects && isObjectNpy(readZipEntry(bytes, entry, what).subarray(0, 4096))) continue;
    try {
      out.set(key, readNpy(readZipEntry(bytes, entry, what)));
    } catch (e) {
      throw new Error(`${what}: array '${key}': ${(e as Error).message}`);
    }
  }
  return out;
}

/** Writes an .npz (no ZIP64: for test fixtures and modest outputs below 4 GiB). */
export function writeNpz(
  arrays: Record<string, { data: NpyData; shape: readonly number[]; dtype?: string }>,
  options: { compress?: boolean; /** Extra entries given as whole .npy bytes (e.g. a pickled object array). */ raw?: Record<string, Uint8Array> } = {},
): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const raw = options.raw ?? {};
  for (const key of Object.keys(raw)) if (key in arrays) throw new Error(`writeNpz: '${key}' given both as an array and as raw bytes`);
  const names = [...Object.keys(arrays), ...Object.keys(raw)].sort(); // deterministic regardless of insertion order
  for (const key of names) {
    const body = key in raw ? raw[key] : writeNpy(arrays[key]);
    const data = options.compress ? new Uint8Array(deflateRawSync(body)) : body;
    const name = new TextEncoder().encode(`${key}.npy`);
    const crc = crc32(body);
    const method = options.compress ? 8 : 0;
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, LOC_SIG, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, body.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const cen = new Uint8Array(46 + name.length);
    const cv = new DataView(cen.buffer);
    cv.setUint32(0, CEN_SIG, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, body.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cen.set(name, 46);
    parts.push(local, data);
    central.push(cen);
    offset += local.length + data.length;
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, EOCD_SIG, true);
  ev.setUint16(8, names.length, true);
  ev.setUint16(10, names.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const all = [...parts, ...central, eocd];
  const out = new Uint8Array(all.reduce((s, a) => s + a.length, 0));
  let p = 0;
  for (const a of all) {
    out.set(a, p);
    p += a.length;
  }
  return out;
}
