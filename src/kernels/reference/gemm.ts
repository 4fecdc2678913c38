// Plain TypeScript twin of assembly/gemm.ts. It is the executable statement of the
// kernel's evaluation order, so the wasm kernel must reproduce it bit for bit:
// for each C[i][j], in f32 (every step rounded by Math.fround, mul and add separate):
//   acc = beta == 0 ? 0 : beta·C[i][j]            (beta = 0 never reads C, even NaN)
//   for p = 0 .. k-1 (increasing):  acc = acc + (alpha·A(i,p))·B(p,j)
//   C[i][j] = acc
// The wasm kernel blocks, packs and vectorizes, but each lane follows exactly this order.

const f = Math.fround;

/**
 * C = alpha·op(A)·op(B) + beta·C, row-major, op ∈ {N (0), T (1)}; op(A) is m×k, op(B) is
 * k×n, C is m×n; lda/ldb/ldc are row strides in elements. Same argument order as the wasm
 * export, with arrays (use subarray for offsets) in place of byte pointers.
 */
export function sgemm(
  transA: number, transB: number, m: number, n: number, k: number, alpha: number,
  a: Float32Array, lda: number, b: Float32Array, ldb: number, beta: number, c: Float32Array, ldc: number,
): void {
  // The wasm export receives alpha and beta as f32.
  const al = f(alpha);
  const be = f(beta);
  // Strides of A(i, p) and B(p, j) along i/p and p/j.
  const [aI, aP] = transA ? [1, lda] : [lda, 1];
  const [bP, bJ] = transB ? [1, ldb] : [ldb, 1];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const ci = i * ldc + j;
      let acc = be === 0 ? 0 : f(be * c[ci]);
      for (let p = 0; p < k; p++) acc = f(acc + f(f(al * a[i * aI + p * aP]) * b[p * bP + j * bJ]));
      c[ci] = acc;
    }
  }
}
