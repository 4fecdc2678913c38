/**
 * Procedural dSprites: the published latent grid (Matthey et al. 2017) rendered in code, so every
 * machine can run the benchmark without the archive. Latent classes as in the archive
 * (latents_classes): color 1, shape 3 (square, ellipse, heart), scale 6 (values 0.5, 0.6, …, 1),
 * orientation 40 (θ = 2π·k/39, NumPy's linspace(0, 2π, 40), so k = 0 and k = 39 coincide, as in the
 * archive), posX 32 and posY 32 (values linspace(0, 1, 32)). Images are binary, `size` × `size`
 * (64 for the published grid), white shape on black.
 *
 * Geometry (chosen to resemble the published images; the original renderer is not published, so
 * images are NOT pixel-identical to the archive): the sprite's centre is at
 * size · (0.2 + 0.6 · pos) on each axis (pixel centres at i + 0.5), its radius size · 0.12 · scale
 * (every sprite stays inside the image at every grid point);
 * in the sprite's unit frame (y down) the square is |x|, |y| ≤ 0.72, the ellipse (x / 1)² + (y / 0.5)² ≤ 1
 * (so its orientation is visible), the heart (x² + y² − 1)³ − x² y³ ≤ 0 with y = −1.1 · (Y − 0.1),
 * x = 1.1 · X. Rotation by θ is counter-clockwise on screen. A pixel is 1 when its centre is inside.
 * Only +, −, ×, ÷, floor and comparisons are used (cos θ, sin θ from a polynomial), so the bits are
 * the same on every engine.
 *
 * As a Dataset, observe() draws, for each requested factor row (binned as src/data/datasets/dsprites.ts
 * bins the archive's classes), one latent class uniformly within each bin from the run's seeded stream,
 * and renders it: a seed-chosen sample of the grid, never all 737 280 images.
 */
import type { Rng } from '../../base/prng.js';
import type { Dataset } from '../types.js';
import { DSPRITES_CARDINALITIES, dspritesFactors, type DspritesBins } from './dsprites.js';
import { detCosSinTurn } from '../../base/det-math.js';

export const DSPRITES_SHAPES = ['square', 'ellipse', 'heart'] as const;

function inside(shape: number, x: number, y: number): boolean {
  switch (shape) {
    case 0:
      return x <= 0.72 && x >= -0.72 && y <= 0.72 && y >= -0.72;
    case 1:
      return x * x + 4 * y * y <= 1;
    default: {
      const X = 1.1 * x;
      const Y = -1.1 * (y - 0.1);
      const a = X * X + Y * Y - 1;
      return a * a * a - X * X * Y * Y * Y <= 0;
    }
  }
}

/**
 * Renders one grid point into `out` (size × size, row-major, y down), values 0/1; returns out.
 * latents: the 6 latent classes (color, shape, scale, orientation, posX, posY).
 */
export function renderDsprite(latents: ArrayLike<number>, size = 64, out = new Uint8Array(size * size)): Uint8Array {
  for (let k = 0; k < 6; k++) {
    const v = latents[k];
    if (!Number.isInteger(v) || v < 0 || v >= DSPRITES_CARDINALITIES[k]) throw new Error(`renderDsprite: latent ${k} = ${v} outside 0..${DSPRITES_CARDINALITIES[k] - 1}`);
  }
  out.fill(0);
  const shape = latents[1];
  const scale = 0.5 + latents[2] / 10;
  const [c, s] = detCosSinTurn(latents[3] / 39);
  const cx = size * (0.2 + (0.6 * latents[4]) / 31);
  const cy = size * (0.2 + (0.6 * latents[5]) / 31);
  const r = size * 0.12 * scale;
  const reach = r * 1.5;
  const x0 = Math.max(0, Math.floor(cx - reach));
  const x1 = Math.min(size - 1, Math.ceil(cx + reach));
  const y0 = Math.max(0, Math.floor(cy - reach));
  const y1 = Math.min(size - 1, Math.ceil(cy + reach));
  for (let py = y0; py <= y1; py++)
    for (let px = x0; px <= x1; px++) {
      const dx = (px + 0.5 - cx) / r;
      const dy = (py + 0.5 - cy) / r;
      // Screen y points down; rotate the sample point by −θ (counter-clockwise on screen) into the sprite frame.
      const u = c * dx - s * dy;
      const w = s * dx + c * dy;
      if (inside(shape, u, w)) out[py * size + px] = 1;
    }
  return out;
}

/** The latent classes [lo, hi) that binOf puts in bin b (equal-width bins over the class range). */
export function classesOfBin(classes: number, bins: number, b: number): [number, number] {
  return [Math.ceil((b * classes) / bins), Math.ceil(((b + 1) * classes) / bins)];
}

/** A latent class drawn uniformly among the classes of bin b. */
function classInBin(rng: Rng, classes: number, bins: number, b: number): number {
  const [lo, hi] = classesOfBin(classes, bins, b);
  return lo + rng.int(hi - lo);
}

/** dSprites rendered in code: same factors and binning as the archive loader. */
export function createProceduralDsprites(bins: DspritesBins, size = 64): Dataset {
  const factors = dspritesFactors(bins);
  const F = factors.length;
  const pix = size * size;
  const lat = new Int32Array(6);
  const img = new Uint8Array(pix);
  return {
    name: 'dsprites',
    factors,
    inputShape: [1, size, size],
    observe(z: Int32Array, n: number, rng: Rng): Float32Array {
      const x = new Float32Array(n * pix);
      for (let i = 0; i < n; i++) {
        const row = z.subarray(i * F, i * F + F);
        lat[0] = 0;
        lat[1] = row[0];
        lat[2] = row[1];
        lat[3] = classInBin(rng, 40, bins.orientation, row[2]);
        lat[4] = classInBin(rng, 32, bins.posX, row[3]);
        lat[5] = classInBin(rng, 32, bins.posY, row[4]);
        renderDsprite(lat, size, img);
        for (let p = 0; p < pix; p++) x[i * pix + p] = img[p];
      }
      return x;
    },
  };
}
