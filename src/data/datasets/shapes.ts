/**
 * `shapes`: H×W RGB images (CHW float32 in [0, 1]) of one object whose factors are shape, color,
 * grid position and (optionally) size. Edges are anti-aliased by supersampling each pixel on an
 * s×s sub-grid and blending by coverage. Optional: position jitter, pixel noise, and a smaller
 * distractor object of random shape and color in another cell (harder entanglement).
 */
import type { Rng } from '../../base/prng.js';
import type { Dataset, Factor } from '../types.js';

export const SHAPE_NAMES = ['square', 'circle', 'triangle', 'cross', 'diamond', 'ring'] as const;
export const COLOR_TABLE: Record<string, [number, number, number]> = {
  red: [0.95, 0.15, 0.15],
  green: [0.15, 0.8, 0.2],
  blue: [0.2, 0.4, 1.0],
  yellow: [0.95, 0.9, 0.1],
  magenta: [0.9, 0.2, 0.9],
  cyan: [0.1, 0.85, 0.9],
  orange: [1.0, 0.55, 0.1],
  white: [0.95, 0.95, 0.95],
};
export const SIZE_SCALES = [1, 0.7, 0.5];
export const SIZE_NAMES = ['large', 'medium', 'small'];

export interface ShapesOptions {
  /** Image height = width in pixels. */
  size: number;
  shapes: string[];
  colors: string[];
  /** Positions form a grid × grid lattice of cells. */
  grid: number;
  /** Number of object sizes; 1 means no size factor. */
  sizes: number;
  /** Max center offset in pixels, uniform per sample. */
  jitter: number;
  /** Std of Gaussian pixel noise. */
  noise: number;
  secondObject: boolean;
  /** Supersampling factor per axis for anti-aliasing. */
  supersample: number;
}

export const SHAPES_DEFAULTS: ShapesOptions = {
  size: 32,
  shapes: ['square', 'circle', 'triangle', 'cross'],
  colors: ['red', 'green', 'blue', 'yellow'],
  grid: 3,
  sizes: 1,
  jitter: 0,
  noise: 0,
  secondObject: false,
  supersample: 4,
};

/** Inside test in the object's unit frame (radius 1, y pointing down). */
function inside(shape: string, dx: number, dy: number): boolean {
  switch (shape) {
    case 'square':
      return Math.abs(dx) <= 0.8 && Math.abs(dy) <= 0.8;
    case 'circle':
      return dx * dx + dy * dy <= 0.9;
    case 'triangle': // apex up at (0, -0.9), base at y = 0.8
      return dy <= 0.8 && dy >= -0.9 && Math.abs(dx) <= (0.95 * (dy + 0.9)) / 1.7;
    case 'cross':
      return (Math.abs(dx) <= 0.3 && Math.abs(dy) <= 0.95) || (Math.abs(dy) <= 0.3 && Math.abs(dx) <= 0.95);
    case 'diamond':
      return Math.abs(dx) + Math.abs(dy) <= 1;
    case 'ring': {
      const d = dx * dx + dy * dy;
      return d <= 0.95 && d >= 0.3;
    }
    default:
      throw new Error(`shapes: unknown shape '${shape}'`);
  }
}

/** Blends one anti-aliased object into a CHW image. */
function drawObject(
  img: Float32Array,
  H: number,
  shape: string,
  rgb: readonly number[],
  cx: number,
  cy: number,
  r: number,
  ss: number,
): void {
  const x0 = Math.max(0, Math.floor(cx - r));
  const x1 = Math.min(H - 1, Math.ceil(cx + r));
  const y0 = Math.max(0, Math.floor(cy - r));
  const y1 = Math.min(H - 1, Math.ceil(cy + r));
  const plane = H * H;
  for (let py = y0; py <= y1; py++)
    for (let px = x0; px <= x1; px++) {
      let hits = 0;
      for (let sy = 0; sy < ss; sy++)
        for (let sx = 0; sx < ss; sx++) {
          const x = px + (sx + 0.5) / ss;
          const y = py + (sy + 0.5) / ss;
          if (inside(shape, (x - cx) / r, (y - cy) / r)) hits++;
        }
      if (hits === 0) continue;
      const a = hits / (ss * ss);
      const p = py * H + px;
      for (let c = 0; c < 3; c++) img[c * plane + p] = img[c * plane + p] * (1 - a) + rgb[c] * a;
    }
}

export function shapesFactors(o: ShapesOptions): Factor[] {
  const factors: Factor[] = [
    { name: 'shape', values: [...o.shapes] },
    { name: 'color', values: [...o.colors] },
    { name: 'pos', values: Array.from({ length: o.grid * o.grid }, (_, i) => String(i)) },
  ];
  if (o.sizes > 1) factors.push({ name: 'size', values: SIZE_NAMES.slice(0, o.sizes) });
  return factors;
}

export function createShapes(o: ShapesOptions): Dataset {
  for (const s of o.shapes) if (!(SHAPE_NAMES as readonly string[]).includes(s)) throw new Error(`data.shapes.shapes: unknown shape '${s}'; allowed: ${SHAPE_NAMES.join(', ')}`);
  for (const c of o.colors) if (!(c in COLOR_TABLE)) throw new Error(`data.shapes.colors: unknown color '${c}'; allowed: ${Object.keys(COLOR_TABLE).join(', ')}`);
  const factors = shapesFactors(o);
  const F = factors.length;
  const H = o.size;
  const cell = H / o.grid;
  const pix = 3 * H * H;
  return {
    name: 'shapes',
    factors,
    inputShape: [3, H, H],
    observe(z: Int32Array, n: number, rng: Rng): Float32Array {
      const x = new Float32Array(n * pix);
      for (let i = 0; i < n; i++) {
        const img = x.subarray(i * pix, (i + 1) * pix);
        const zr = z.subarray(i * F, i * F + F);
        const pos = zr[2];
        const scale = o.sizes > 1 ? SIZE_SCALES[zr[3]] : 1;
        if (o.secondObject && o.grid > 1) {
          // distractor: half the smallest object size, random shape/color, in a different cell
          let other = rng.int(o.grid * o.grid - 1);
          if (other >= pos) other++;
          const shape = o.shapes[rng.int(o.shapes.length)];
          const rgb = COLOR_TABLE[o.colors[rng.int(o.colors.length)]];
          const r = 0.4 * cell * SIZE_SCALES[Math.max(0, o.sizes - 1)] * 0.5;
          drawObject(img, H, shape, rgb, ((other % o.grid) + 0.5) * cell, (Math.floor(other / o.grid) + 0.5) * cell, r, o.supersample);
        }
        let cx = ((pos % o.grid) + 0.5) * cell;
        let cy = (Math.floor(pos / o.grid) + 0.5) * cell;
        if (o.jitter > 0) {
          cx += (rng.uniform() * 2 - 1) * o.jitter;
          cy += (rng.uniform() * 2 - 1) * o.jitter;
        }
        drawObject(img, H, o.shapes[zr[0]], COLOR_TABLE[o.colors[zr[1]]], cx, cy, 0.42 * cell * scale, o.supersample);
        if (o.noise > 0) for (let p = 0; p < pix; p++) img[p] += o.noise * rng.normal();
      }
      return x;
    },
  };
}
