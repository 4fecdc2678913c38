/** Elementwise kernels (assembly/elementwise.ts). Pointers are byte offsets. */
export interface ElementwiseKernels {
  fill(y: number, n: number, value: number): void;
  copy(x: number, y: number, n: number): void;
  add(a: number, b: number, y: number, n: number): void;
  accumulate(x: number, y: number, n: number): void;
  /** y[i, j] = x[i, j] + bias[j] for a rows × cols matrix. */
  addBias(x: number, bias: number, y: number, rows: number, cols: number): void;
}
