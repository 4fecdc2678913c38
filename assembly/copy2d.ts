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

// y[b, j, i] = x[b, i, j]: transposes each of `batch` row-major rows × cols matrices
// (conv's [n, Ho·Wo, O] gemm result ↔ NCHW [n, O, Ho·Wo]). x and y must not overlap.
// 4×4 blocks are transposed in registers; edges element by element.
export function transposeBatch(x: usize, y: usize, batch: i32, rows: i32, cols: i32): void {
  const xRow: usize = <usize>cols << 2;
  const yRow: usize = <usize>rows << 2;
  const matBytes: usize = <usize>(rows * cols) << 2;
  for (let b = 0; b < batch; b++) {
    const xb = x + <usize>b * matBytes;
    const yb = y + <usize>b * matBytes;
    let i = 0;
    for (; i + 4 <= rows; i += 4) {
      const s0 = xb + <usize>i * xRow;
      const s1 = s0 + xRow;
      const s2 = s1 + xRow;
      const s3 = s2 + xRow;
      let j = 0;
      for (; j + 4 <= cols; j += 4) {
        const off = <usize>j << 2;
        const r0 = v128.load(s0 + off);
        const r1 = v128.load(s1 + off);
        const r2 = v128.load(s2 + off);
        const r3 = v128.load(s3 + off);
        const t0 = v128.shuffle<i32>(r0, r1, 0, 4, 1, 5);
        const t1 = v128.shuffle<i32>(r0, r1, 2, 6, 3, 7);
        const t2 = v128.shuffle<i32>(r2, r3, 0, 4, 1, 5);
        const t3 = v128.shuffle<i32>(r2, r3, 2, 6, 3, 7);
        const d = yb + <usize>j * yRow + (<usize>i << 2);
        v128.store(d, v128.shuffle<i32>(t0, t2, 0, 1, 4, 5));
        v128.store(d + yRow, v128.shuffle<i32>(t0, t2, 2, 3, 6, 7));
        v128.store(d + 2 * yRow, v128.shuffle<i32>(t1, t3, 0, 1, 4, 5));
        v128.store(d + 3 * yRow, v128.shuffle<i32>(t1, t3, 2, 3, 6, 7));
      }
      for (; j < cols; j++) {
        const d = yb + <usize>j * yRow + (<usize>i << 2);
        const off = <usize>j << 2;
        store<f32>(d, load<f32>(s0 + off));
        store<f32>(d, load<f32>(s1 + off), 4);
        store<f32>(d, load<f32>(s2 + off), 8);
        store<f32>(d, load<f32>(s3 + off), 12);
      }
    }
    for (; i < rows; i++) {
      const s = xb + <usize>i * xRow;
      for (let j = 0; j < cols; j++) store<f32>(yb + <usize>j * yRow + (<usize>i << 2), load<f32>(s + (<usize>j << 2)));
    }
  }
}
