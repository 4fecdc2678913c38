// Strided 2-D copies: the data movement of concat, slice and the conv layout swaps.
// Pure moves (no arithmetic), so results are exact and equal to the TS twins
// (src/kernels/reference/copy2d.ts).

// y[i, j] = x[i, j] for a rows × cols block; ldx and ldy are row strides in elements.
// Each row is one memory.copy (V8 lowers it to a fast memmove).
export function copy2d(x: usize, ldx: i32, y: usize, ldy: i32, rows: i32, cols: i32): void {
  const bytes = <usize>cols << 2;
  for (let i = 0; i < rows; i++) {
    memory.copy(y + ((<usize>i * ldy) << 2), x + ((<usize>i * ldx) << 2), bytes);
  }
}

// y[b, a, :] = x[a, b, :]: swaps the two leading axes of an [na, nb, inner] array
// (e.g. conv's [O, n, H·W] gemm result ↔ NCHW [n, O, H·W]). x and y must not overlap.
export function swapLeadingAxes(x: usize, y: usize, na: i32, nb: i32, inner: i32): void {
  const bytes = <usize>inner << 2;
  for (let a = 0; a < na; a++) {
    for (let b = 0; b < nb; b++) {
      memory.copy(
        y + ((<usize>(b * na + a) * inner) << 2),
        x + ((<usize>(a * nb + b) * inner) << 2),
        bytes,
      );
    }
  }
}
