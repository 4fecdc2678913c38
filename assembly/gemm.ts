// PLACEHOLDER naive sgemm; replaced by the register-blocked SIMD kernel.
// C = alpha * op(A) * op(B) + beta * C, row-major.
export function sgemm(
  transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f32,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f32, c: usize, ldc: i32,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc: f32 = 0;
      for (let p = 0; p < k; p++) {
        const av = transA ? load<f32>(a + ((<usize>p * lda + i) << 2)) : load<f32>(a + ((<usize>i * lda + p) << 2));
        const bv = transB ? load<f32>(b + ((<usize>j * ldb + p) << 2)) : load<f32>(b + ((<usize>p * ldb + j) << 2));
        acc += av * bv;
      }
      const co = c + ((<usize>i * ldc + j) << 2);
      store<f32>(co, beta == 0 ? alpha * acc : alpha * acc + beta * load<f32>(co));
    }
  }
}
