/**
 * Lays out dataset samples as an RGB grid with their factor labels written underneath in the
 * 5×7 font. Images ([C, H, W], C = 1 or 3, values in [0, 1]) are drawn scaled up; vectors ([D])
 * as a near-square heat map (blue negative, red positive). Browser-safe; encode with png.ts.
 */
import { drawText, GLYPH_ADVANCE, GLYPH_HEIGHT } from './font5x7.js';

export interface GridInput {
  x: Float32Array;
  n: number;
  inputShape: readonly number[];
  /** One label list per sample, e.g. ['shape=circle', 'color=red', 'pos=4']. */
  labels: string[][];
}

const BG = 32;
const TEXT = [235, 235, 235];
const PAD = 6;
const LINE = GLYPH_HEIGHT + 3;

function clampByte(v: number): number {
  return v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
}

/** Largest side of an image tile in the grid: bigger images are shrunk (bounds the PNG's memory). */
export const MAX_TILE = 128;
/** Label lines shown per sample, and characters per line (a config may have thousands of factors). */
const MAX_LABEL_LINES = 8;
const MAX_LABEL_CHARS = 32;

/**
 * Images [C, H, W] shrunk by an integer box filter so that neither side exceeds `maxSide`
 * (returned as is when they already fit). Lets a caller reduce images batch by batch.
 */
export function shrinkImages(x: Float32Array, n: number, shape: readonly number[], maxSide = MAX_TILE): { x: Float32Array; shape: number[] } {
  const [c, h, w] = shape;
  const f = Math.ceil(Math.max(h, w) / maxSide);
  if (f <= 1) return { x, shape: [...shape] };
  const h2 = Math.ceil(h / f);
  const w2 = Math.ceil(w / f);
  const out = new Float32Array(n * c * h2 * w2);
  for (let p = 0; p < n * c; p++) {
    const src = p * h * w;
    const dst = p * h2 * w2;
    for (let y = 0; y < h2; y++)
      for (let xx = 0; xx < w2; xx++) {
        let sum = 0;
        let count = 0;
        for (let dy = y * f; dy < Math.min(h, (y + 1) * f); dy++)
          for (let dx = xx * f; dx < Math.min(w, (xx + 1) * f); dx++) {
            sum += x[src + dy * w + dx];
            count++;
          }
        out[dst + y * w2 + xx] = sum / count;
      }
  }
  return { x: out, shape: [c, h2, w2] };
}

/** Rows of a vector's heat map: an exact divisor near √D when one exists (32 → 4×8), else ⌈√D⌉. */
function heatRows(d: number): number {
  const root = Math.sqrt(d);
  for (let r = Math.floor(root); r >= Math.ceil(root / 2); r--) if (d % r === 0) return r;
  return Math.ceil(root);
}

export function renderSampleGrid(input: GridInput): { rgb: Uint8Array; width: number; height: number } {
  const isImage = input.inputShape.length === 3;
  const shrunk = isImage ? shrinkImages(input.x, input.n, input.inputShape) : { x: input.x, shape: input.inputShape };
  const { n } = input;
  const x = shrunk.x;
  const inputShape = shrunk.shape;
  const labels = input.labels.map((l) => {
    const shown = l.slice(0, MAX_LABEL_LINES).map((t) => (t.length <= MAX_LABEL_CHARS ? t : `${t.slice(0, MAX_LABEL_CHARS - 1)}~`));
    if (l.length > MAX_LABEL_LINES) shown[MAX_LABEL_LINES - 1] = `(+${l.length - MAX_LABEL_LINES + 1} more)`;
    return shown;
  });
  const channels = isImage ? inputShape[0] : 1;
  const h = isImage ? inputShape[1] : heatRows(inputShape[0]);
  const w = isImage ? inputShape[2] : Math.ceil(inputShape[0] / h);
  const per = inputShape.reduce((a, b) => a * b, 1);
  const scale = Math.max(1, Math.floor(96 / Math.max(h, w)));
  let longest = 1;
  let lines = 0;
  for (const l of labels) {
    lines = Math.max(lines, l.length);
    for (const t of l) longest = Math.max(longest, t.length);
  }
  const cellW = Math.max(w * scale, longest * GLYPH_ADVANCE) + PAD * 2;
  const cellH = h * scale + PAD * 2 + lines * LINE;
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const width = cols * cellW;
  const height = rows * cellH;
  const rgb = new Uint8Array(width * height * 3).fill(BG);
  // vectors: symmetric color scale from the largest magnitude in view
  let maxAbs = 1e-12;
  if (!isImage) for (let i = 0; i < n * per; i++) maxAbs = Math.max(maxAbs, Math.abs(x[i]));
  for (let s = 0; s < n; s++) {
    const ox = (s % cols) * cellW + PAD;
    const oy = Math.floor(s / cols) * cellH + PAD;
    const sample = x.subarray(s * per, (s + 1) * per);
    for (let py = 0; py < h * scale; py++)
      for (let px = 0; px < w * scale; px++) {
        const iy = Math.floor(py / scale);
        const ix = Math.floor(px / scale);
        let r: number, g: number, b: number;
        if (isImage) {
          const p = iy * w + ix;
          r = clampByte(sample[p]);
          g = channels === 3 ? clampByte(sample[h * w + p]) : r;
          b = channels === 3 ? clampByte(sample[2 * h * w + p]) : r;
        } else {
          const k = iy * w + ix;
          if (k >= per) continue;
          const v = sample[k] / maxAbs;
          r = clampByte(v > 0 ? 1 : 1 + v);
          b = clampByte(v < 0 ? 1 : 1 - v);
          g = clampByte(1 - Math.abs(v));
        }
        const o = ((oy + py) * width + ox + px) * 3;
        rgb[o] = r;
        rgb[o + 1] = g;
        rgb[o + 2] = b;
      }
    labels[s].forEach((text, line) => drawText(rgb, width, height, text, ox, oy + h * scale + 4 + line * LINE, TEXT));
  }
  return { rgb, width, height };
}
