/** Strided copies (assembly/copy2d.ts). Pointers are byte offsets; strides and sizes in elements. */
export interface Copy2dKernels {
  /** y[i·ldy + j] = x[i·ldx + j] for i < rows, j < cols. Blocks must not overlap. */
  copy2d(x: number, ldx: number, y: number, ldy: number, rows: number, cols: number): void;
  /** y[b, a, :] = x[a, b, :] for x of shape [na, nb, inner]; x and y must not overlap. */
  swapLeadingAxes(x: number, y: number, na: number, nb: number, inner: number): void;
  /** y[b, j, i] = x[b, i, j]: transposes `batch` row-major rows × cols matrices; no overlap. */
  transposeBatch(x: number, y: number, batch: number, rows: number, cols: number): void;
}
