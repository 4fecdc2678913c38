/** Elementwise kernels (assembly/elementwise.ts). Pointers are byte offsets; n is an element count. */
export interface ElementwiseKernels {
  fill(y: number, n: number, value: number): void;
  copy(x: number, y: number, n: number): void;
  add(a: number, b: number, y: number, n: number): void;
  accumulate(x: number, y: number, n: number): void;
  /** y[i, j] = x[i, j] + bias[j] for a rows × cols matrix. */
  addBias(x: number, bias: number, y: number, rows: number, cols: number): void;
  /** y = a − b. */
  sub(a: number, b: number, y: number, n: number): void;
  /** y = a ⊙ b. */
  mul(a: number, b: number, y: number, n: number): void;
  /** y = s·x (y may alias x). */
  scale(x: number, s: number, y: number, n: number): void;
  /** y += alpha·x (product rounded, then the sum: never fused). */
  axpy(alpha: number, x: number, y: number, n: number): void;
}
