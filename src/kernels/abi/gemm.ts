/** Matrix multiply (assembly/gemm.ts). */
export interface GemmKernels {
  /**
   * C = alpha·op(A)·op(B) + beta·C, row-major, op ∈ {N (0), T (1)}.
   * op(A) is m×k, op(B) is k×n, C is m×n; lda/ldb/ldc are row strides in elements.
   * beta = 0 ignores C's previous contents (even NaN).
   * Deterministic evaluation order, bit-identical to the twin src/kernels/reference/gemm.ts:
   * per element, acc = (beta = 0 ? 0 : beta·C); then acc += (alpha·A(i,p))·B(p,j) for
   * p = 0..k-1 in increasing order, every operation rounded to f32, never fused.
   * Pointers need only 4-byte alignment. Uses static packing buffers: not reentrant
   * (one call at a time per module instance, which JS guarantees).
   */
  sgemm(
    transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number,
  ): void;
}
