/**
 * Node-only loader for the public dSprites archive dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz
 * (keys: imgs uint8 [N, 64, 64], latents_classes int64 [N, 6], latents_values float64 [N, 6], and
 * metadata, a 0-d object array holding a pickled dict, which NumPy only loads with
 * allow_pickle=True). Only imgs and latents_classes are read; metadata's header is checked to be an
 * object array and its pickle is skipped, never interpreted (a pickle can run code).
 * It never downloads anything. The full image array is 3 GB uncompressed, so the images are
 * inflated as a stream and only `perCombination` images per binned factor combination are kept.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import {
  DSPRITES_CARDINALITIES,
  DSPRITES_DEFAULT_BINS,
  DSPRITES_IMAGE,
  dspritesFactorRow,
  type DspritesBins,
  type DspritesSource,
} from '../data/datasets/dsprites.js';
import { readNpy, readNpyHeader } from './npy.js';
import { isObjectNpy, readZipEntry } from './npz.js';
import { listZip, type ZipEntry } from './zip.js';

export const DSPRITES_FILE = 'dsprites_ndarray_co1sh3sc6or40x32y32_64x64.npz';
export const DSPRITES_URL = 'https://github.com/google-deepmind/dsprites-dataset';

export interface DspritesLoadOptions {
  bins?: DspritesBins;
  /** Images kept per binned combination, evenly spread over its images; 0 keeps all (3 GB). */
  perCombination?: number;
}

/** Which images to keep: up to k per binned combination, evenly spaced in file order (no randomness). */
function chooseImages(latents: Int32Array, count: number, bins: DspritesBins, k: number): Int32Array {
  if (k === 0) return Int32Array.from({ length: count }, (_, i) => i);
  const buckets = new Map<string, number[]>();
  for (let i = 0; i < count; i++) {
    const key = dspritesFactorRow(latents.subarray(i * 6, i * 6 + 6), bins).join(',');
    let list = buckets.get(key);
    if (list === undefined) buckets.set(key, (list = []));
    list.push(i);
  }
  const keep: number[] = [];
  for (const list of buckets.values()) {
    if (list.length <= k) for (const i of list) keep.push(i);
    else for (let j = 0; j < k; j++) keep.push(list[Math.floor((j * list.length) / k)]);
  }
  return Int32Array.from(keep.sort((a, b) => a - b));
}

function entry(entries: ZipEntry[], name: string, path: string): ZipEntry {
  const e = entries.find((x) => x.name === `${name}.npy` || x.name === name);
  if (e === undefined) {
    throw new Error(`dsprites: ${path} has no '${name}' array (found: ${entries.map((x) => x.name).join(', ')}); is it ${DSPRITES_FILE}?`);
  }
  return e;
}

/** Copies the kept images out of a stream of the imgs .npy bytes (header included). */
class ImageCollector {
  private pos = 0;
  private header: Uint8Array[] = [];
  private dataOffset = -1;
  constructor(
    private readonly slot: Int32Array, // image index → output slot, or -1
    private readonly out: Uint8Array,
    private readonly count: number,
    private readonly path: string,
  ) {}

  push(chunk: Uint8Array): void {
    if (this.dataOffset < 0) {
      this.header.push(chunk);
      const joined = new Uint8Array(Buffer.concat(this.header));
      if (joined.length < 12) return;
      const headerLen = joined[6] === 1 ? 10 + (joined[8] | (joined[9] << 8)) : 12 + new DataView(joined.buffer).getUint32(8, true);
      if (joined.length < headerLen) return;
      const h = readNpyHeader(joined);
      const s = h.shape;
      if (h.fortran) throw new Error(`dsprites: ${this.path}: imgs is stored in Fortran order; save it C-ordered (np.ascontiguousarray)`);
      if (h.dtype !== '|u1' || s.length !== 3 || s[0] !== this.count || s[1] !== DSPRITES_IMAGE || s[2] !== DSPRITES_IMAGE) {
        throw new Error(`dsprites: ${this.path}: imgs is '${h.dtype}' [${s.join(', ')}], expected '|u1' [${this.count}, 64, 64]`);
      }
      this.dataOffset = h.dataOffset;
      this.header = [];
      this.pos = 0;
      this.copy(joined, 0);
      return;
    }
    this.copy(chunk, this.pos);
  }

  /** `chunk` starts at absolute stream position `at`. */
  private copy(chunk: Uint8Array, at: number): void {
    const pix = DSPRITES_IMAGE * DSPRITES_IMAGE;
    const end = at + chunk.length;
    let p = Math.max(at, this.dataOffset);
    while (p < end) {
      const img = Math.floor((p - this.dataOffset) / pix);
      const imgEnd = Math.min(end, this.dataOffset + (img + 1) * pix);
      if (img < this.count && this.slot[img] >= 0) {
        const within = p - this.dataOffset - img * pix;
        this.out.set(chunk.subarray(p - at, imgEnd - at), this.slot[img] * pix + within);
      }
      p = imgEnd;
    }
    this.pos = end;
  }

  finish(): void {
    const need = this.dataOffset + this.count * DSPRITES_IMAGE * DSPRITES_IMAGE;
    if (this.dataOffset < 0 || this.pos < need) throw new Error(`dsprites: ${this.path}: imgs is truncated`);
  }
}

export async function loadDspritesFile(path: string, options: DspritesLoadOptions = {}): Promise<DspritesSource> {
  if (!existsSync(path)) {
    // Short enough for the CLI's 200-character error line: where to get it, and that a path is needed.
    throw new Error(`dsprites: file not found: ${path}. Download ${DSPRITES_FILE} (${DSPRITES_URL}) and pass its path`);
  }
  const bins = options.bins ?? DSPRITES_DEFAULT_BINS;
  const bytes = new Uint8Array(readFileSync(path));
  const entries = listZip(bytes, `dsprites: ${path}`);
  const meta = entries.find((x) => x.name === 'metadata.npy' || x.name === 'metadata');
  if (meta !== undefined && !isObjectNpy(readZipEntry(bytes, meta, `dsprites: ${path}`).subarray(0, 4096))) {
    throw new Error(`dsprites: ${path}: 'metadata' is not a pickled object array; is it ${DSPRITES_FILE}?`);
  }
  const lc = readNpy(readZipEntry(bytes, entry(entries, 'latents_classes', path), `dsprites: ${path}`));
  if (lc.shape.length !== 2 || lc.shape[1] !== 6 || !(lc.data instanceof BigInt64Array || lc.data instanceof Int32Array)) {
    throw new Error(`dsprites: ${path}: latents_classes is '${lc.dtype}' [${lc.shape.join(', ')}], expected int64 [N, 6]`);
  }
  const count = lc.shape[0];
  const latents = new Int32Array(count * 6);
  for (let i = 0; i < latents.length; i++) {
    const v = Number(lc.data[i]);
    const card = DSPRITES_CARDINALITIES[i % 6];
    if (!(v >= 0 && v < card)) throw new Error(`dsprites: ${path}: latents_classes[${Math.floor(i / 6)}, ${i % 6}] = ${v} outside 0..${card - 1}`);
    latents[i] = v;
  }
  const keep = chooseImages(latents, count, bins, options.perCombination ?? 64);
  const slot = new Int32Array(count).fill(-1);
  keep.forEach((img, s) => (slot[img] = s));
  const pix = DSPRITES_IMAGE * DSPRITES_IMAGE;
  const images = new Uint8Array(keep.length * pix);
  const collector = new ImageCollector(slot, images, count, path);
  const imgs = entry(entries, 'imgs', path);
  const raw = bytes.subarray(imgs.dataOffset, imgs.dataOffset + imgs.compressedSize);
  if (imgs.method === 0) collector.push(raw);
  else if (imgs.method === 8) {
    const input = Readable.from((function* () {
      for (let o = 0; o < raw.length; o += 1 << 20) yield raw.subarray(o, Math.min(raw.length, o + (1 << 20)));
    })());
    for await (const chunk of input.pipe(createInflateRaw())) collector.push(chunk as Uint8Array);
  } else throw new Error(`dsprites: ${path}: imgs uses unsupported zip compression method ${imgs.method}`);
  collector.finish();
  const latentsClasses = new Int32Array(keep.length * 6);
  keep.forEach((img, s) => latentsClasses.set(latents.subarray(img * 6, img * 6 + 6), s * 6));
  return { count: keep.length, images, latentsClasses };
}
