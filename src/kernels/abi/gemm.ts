/** Matrix multiply (assembly/gemm.ts). */
export interface GemmKernels {
  /**
   * C = alpha·op(A)·op(B) + beta·C, row-major, op ∈ {N (0), T (1)}.
   * op(A) is m×k, op(B) is k×n, C is m×n; lda/ldb/ldc are row strides in elements.
   * beta = 0 ignores C's previous contents (even NaN).
   */
  sgemm(
    transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number,
  ): void;
}
