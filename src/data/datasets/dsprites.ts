/**
 * `dsprites`: the public dSprites images (Matthey et al. 2017), with latent classes binned to
 * categorical factors. File reading is elsewhere (src/io/dsprites-file.ts, Node only); this file
 * takes images and latent classes already in memory, so it runs in browsers too.
 *
 * latents_classes columns: color (1), shape (3), scale (6), orientation (40), posX (32), posY (32).
 */
import type { Rng } from '../../base/prng.js';
import type { Dataset, Factor } from '../types.js';

export const DSPRITES_LATENTS = ['color', 'shape', 'scale', 'orientation', 'posX', 'posY'] as const;
export const DSPRITES_CARDINALITIES = [1, 3, 6, 40, 32, 32];
export const DSPRITES_IMAGE = 64;

/** Images and their latent classes as loaded from the .npz (possibly a subset of it). */
export interface DspritesSource {
  count: number;
  /** count × 64 × 64, values 0/1. */
  images: Uint8Array;
  /** count × 6 latent classes in DSPRITES_LATENTS order. */
  latentsClasses: Int32Array;
}

export interface DspritesBins {
  /** Number of categorical bins for each binned latent (1..its class count). */
  orientation: number;
  posX: number;
  posY: number;
}

export const DSPRITES_DEFAULT_BINS: DspritesBins = { orientation: 4, posX: 3, posY: 3 };

/** Class of a latent → its bin: equal-width bins over the class range. */
export function binOf(cls: number, classes: number, bins: number): number {
  return Math.floor((cls * bins) / classes);
}

export function dspritesFactors(bins: DspritesBins): Factor[] {
  const named = (prefix: string, k: number) => Array.from({ length: k }, (_, i) => `${prefix}${i}`);
  return [
    { name: 'shape', values: ['square', 'ellipse', 'heart'] },
    { name: 'scale', values: named('s', 6) },
    { name: 'orientation', values: named('o', bins.orientation) },
    { name: 'posX', values: named('x', bins.posX) },
    { name: 'posY', values: named('y', bins.posY) },
  ];
}

/** Factor row (shape, scale, orientation bin, posX bin, posY bin) of one image's latent classes. */
export function dspritesFactorRow(latents: ArrayLike<number>, bins: DspritesBins): number[] {
  return [
    latents[1],
    latents[2],
    binOf(latents[3], 40, bins.orientation),
    binOf(latents[4], 32, bins.posX),
    binOf(latents[5], 32, bins.posY),
  ];
}

export function createDsprites(source: DspritesSource, bins: DspritesBins): Dataset {
  const factors = dspritesFactors(bins);
  const card = factors.map((f) => f.values.length);
  const F = factors.length;
  const combo = (row: ArrayLike<number>) => {
    let idx = 0;
    for (let f = 0; f < F; f++) idx = idx * card[f] + row[f];
    return idx;
  };
  // Bucket the images by factor combination; observe() draws one image of the requested bucket.
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < source.count; i++) {
    const row = dspritesFactorRow(source.latentsClasses.subarray(i * 6, i * 6 + 6), bins);
    const k = combo(row);
    let list = buckets.get(k);
    if (list === undefined) buckets.set(k, (list = []));
    list.push(i);
  }
  const pix = DSPRITES_IMAGE * DSPRITES_IMAGE;
  return {
    name: 'dsprites',
    factors,
    inputShape: [1, DSPRITES_IMAGE, DSPRITES_IMAGE],
    observe(z: Int32Array, n: number, rng: Rng): Float32Array {
      const x = new Float32Array(n * pix);
      for (let i = 0; i < n; i++) {
        const row = z.subarray(i * F, i * F + F);
        const list = buckets.get(combo(row));
        if (list === undefined) {
          const what = Array.from(row, (v, f) => `${factors[f].name}=${factors[f].values[v]}`).join(', ');
          throw new Error(`dsprites: no image for ${what} in the loaded file; load the full dSprites file or use coarser bins`);
        }
        const img = list[rng.int(list.length)];
        for (let p = 0; p < pix; p++) x[i * pix + p] = source.images[img * pix + p];
      }
      return x;
    },
  };
}
