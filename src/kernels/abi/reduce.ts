/** Reductions (assembly/reduce.ts): fixed summation order, see the kernel comments. */
export interface ReduceKernels {
  /** y[j] = Σ_i x[i, j] over a rows × cols matrix. */
  colSum(x: number, y: number, rows: number, cols: number): void;
  /** *y = Σ x[0..n) in the order documented in assembly/reduce.ts. */
  sumAll(x: number, n: number, y: number): void;
}
