// TypeScript twins of assembly/copy2d.ts, over element-indexed arrays (offsets in elements).

export function copy2d(
  x: Float32Array, xOff: number, ldx: number, y: Float32Array, yOff: number, ldy: number, rows: number, cols: number,
): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) y[yOff + i * ldy + j] = x[xOff + i * ldx + j];
  }
}

export function swapLeadingAxes(x: Float32Array, y: Float32Array, na: number, nb: number, inner: number): void {
  for (let a = 0; a < na; a++) {
    for (let b = 0; b < nb; b++) {
      for (let k = 0; k < inner; k++) y[(b * na + a) * inner + k] = x[(a * nb + b) * inner + k];
    }
  }
}

export function transposeBatch(x: Float32Array, y: Float32Array, batch: number, rows: number, cols: number): void {
  for (let b = 0; b < batch; b++) {
    const base = b * rows * cols;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) y[base + j * rows + i] = x[base + i * cols + j];
    }
  }
}
