/**
 * .npz = a zip of .npy files (the archive itself: io/zip.ts). Reads stored and deflated entries
 * (deflate via node:zlib, so this file is Node-only); writes stored or deflated zips.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { crc32 } from './crc32.js';
import { readNpy, writeNpy, type NpyArray, type NpyData } from './npy.js';
import { CEN_SIG, EOCD_SIG, listZip, LOC_SIG, zipEntryBytes, type ZipEntry } from './zip.js';

/** The uncompressed bytes of one zip entry (deflate through node:zlib). */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, what = 'zip'): Uint8Array {
  return zipEntryBytes(bytes, entry, what, (raw) => {
    // One output chunk of the size the directory gives: zlib otherwise collects 16 KiB chunks
    // and concatenates them, twice the memory of the entry (and slower) for a large array.
    const out = inflateRawSync(raw, { chunkSize: Math.min(2 ** 30, Math.max(64, entry.uncompressedSize)) });
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  });
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
    const npy = readZipEntry(bytes, entry, what); // its errors name the file and entry already
    try {
      out.set(key, readNpy(npy));
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
