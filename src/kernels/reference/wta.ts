// TypeScript twins of assembly/wta.ts (arrays in place of pointers). The selection
// kernels (argmax, one-hot, k-WTA) match bit for bit; the softmax-based ones use the
// host's exp (tests state the tolerance). Written the obvious way (a sort for k-WTA), so
// they check the kernels' tie rules independently: ties → lowest index; NaN ranks below
// every number.
import { softmaxRow, softmaxRowBackward } from './softmax.js';

const f = Math.fround;

/** First maximal index; NaN ranks below every number (wins only in an all-NaN group). */
function argmaxOf(x: Float32Array, o: number, k: number): number {
  let win = -1;
  for (let j = 0; j < k; j++) if (!Number.isNaN(x[o + j]) && (win < 0 || x[o + j] > x[o + win])) win = j;
  return Math.max(win, 0);
}

export function groupArgmax(x: Float32Array, winners: Int32Array, groups: number, k: number): void {
  for (let q = 0; q < groups; q++) winners[q] = argmaxOf(x, q * k, k);
}

export function wtaHard(x: Float32Array, y: Float32Array, groups: number, k: number): void {
  for (let q = 0; q < groups; q++) {
    const win = argmaxOf(x, q * k, k);
    for (let j = 0; j < k; j++) y[q * k + j] = j === win ? 1 : 0;
  }
}

export function wtaHardBackward(
  x: Float32Array, g: Float32Array, gx: Float32Array, groups: number, k: number, temperature: number,
): void {
  const invT = f(1 / f(temperature));
  for (let q = 0; q < groups; q++) {
    softmaxRow(x, q * k, gx, q * k, k, invT);
    softmaxRowBackward(gx, q * k, g, q * k, gx, q * k, k, invT);
  }
}

export function groupSoftmax(x: Float32Array, y: Float32Array, groups: number, k: number, temperature: number): void {
  const invT = f(1 / f(temperature));
  for (let q = 0; q < groups; q++) softmaxRow(x, q * k, y, q * k, k, invT);
}

/** Indices of the top k of row x[o .. o+cols), by a stable sort (value descending, NaN last). */
function topK(x: Float32Array, o: number, cols: number, k: number): Set<number> {
  const idx = Array.from({ length: cols }, (_, j) => j);
  const key = (j: number): number => (Number.isNaN(x[o + j]) ? -Infinity : x[o + j]);
  const nan = (j: number): number => (Number.isNaN(x[o + j]) ? 1 : 0);
  idx.sort((a, b) => nan(a) - nan(b) || key(b) - key(a) || a - b);
  return new Set(idx.slice(0, Math.max(0, k)));
}

export function kWta(x: Float32Array, y: Float32Array, rows: number, cols: number, k: number): void {
  for (let i = 0; i < rows; i++) {
    const win = topK(x, i * cols, cols, k);
    for (let j = 0; j < cols; j++) y[i * cols + j] = win.has(j) ? x[i * cols + j] : 0;
  }
}

export function kWtaBackward(
  x: Float32Array, g: Float32Array, gx: Float32Array, rows: number, cols: number, k: number,
): void {
  for (let i = 0; i < rows; i++) {
    const win = topK(x, i * cols, cols, k);
    for (let j = 0; j < cols; j++) gx[i * cols + j] = win.has(j) ? g[i * cols + j] : 0;
  }
}
