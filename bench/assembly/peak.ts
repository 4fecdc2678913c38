// Bench-only module (build/bench-peak.wasm, not shipped): the machine's WebAssembly SIMD
// f32 peak with plain f32x4.mul + f32x4.add (what the gemm uses; no FMA, no relaxed SIMD).
// peakN: N independent accumulators acc += u·v, where u, v are distinct pairs of four
// vectors loaded each iteration from a 64-byte L1-resident buffer (loads keep the products
// from being hoisted out of the loop; they use separate ports). Only the add is on the
// loop-carried path, so the loop is throughput-bound like a gemm micro-kernel. V8's register
// allocation decides which N is fastest, so the bench tries several and keeps the best.
// flops per call = iters · N · 8. Returns a lane sum so nothing is optimized away.

export function peak6(iters: i32, buf: usize): f32 {
  let acc0 = f32x4.splat(0);
  let acc1 = f32x4.splat(0);
  let acc2 = f32x4.splat(0);
  let acc3 = f32x4.splat(0);
  let acc4 = f32x4.splat(0);
  let acc5 = f32x4.splat(0);
  for (let i = 0; i < iters; i++) {
    const v0 = v128.load(buf, 0);
    const v1 = v128.load(buf, 16);
    const v2 = v128.load(buf, 32);
    const v3 = v128.load(buf, 48);
    acc0 = f32x4.add(acc0, f32x4.mul(v0, v0));
    acc1 = f32x4.add(acc1, f32x4.mul(v0, v1));
    acc2 = f32x4.add(acc2, f32x4.mul(v0, v2));
    acc3 = f32x4.add(acc3, f32x4.mul(v0, v3));
    acc4 = f32x4.add(acc4, f32x4.mul(v1, v1));
    acc5 = f32x4.add(acc5, f32x4.mul(v1, v2));
  }
  return f32x4.extract_lane(acc0, 0) + f32x4.extract_lane(acc1, 0) + f32x4.extract_lane(acc2, 0) + f32x4.extract_lane(acc3, 0) + f32x4.extract_lane(acc4, 0) + f32x4.extract_lane(acc5, 0);
}

export function peak8(iters: i32, buf: usize): f32 {
  let acc0 = f32x4.splat(0);
  let acc1 = f32x4.splat(0);
  let acc2 = f32x4.splat(0);
  let acc3 = f32x4.splat(0);
  let acc4 = f32x4.splat(0);
  let acc5 = f32x4.splat(0);
  let acc6 = f32x4.splat(0);
  let acc7 = f32x4.splat(0);
  for (let i = 0; i < iters; i++) {
    const v0 = v128.load(buf, 0);
    const v1 = v128.load(buf, 16);
    const v2 = v128.load(buf, 32);
    const v3 = v128.load(buf, 48);
    acc0 = f32x4.add(acc0, f32x4.mul(v0, v0));
    acc1 = f32x4.add(acc1, f32x4.mul(v0, v1));
    acc2 = f32x4.add(acc2, f32x4.mul(v0, v2));
    acc3 = f32x4.add(acc3, f32x4.mul(v0, v3));
    acc4 = f32x4.add(acc4, f32x4.mul(v1, v1));
    acc5 = f32x4.add(acc5, f32x4.mul(v1, v2));
    acc6 = f32x4.add(acc6, f32x4.mul(v1, v3));
    acc7 = f32x4.add(acc7, f32x4.mul(v2, v2));
  }
  return f32x4.extract_lane(acc0, 0) + f32x4.extract_lane(acc1, 0) + f32x4.extract_lane(acc2, 0) + f32x4.extract_lane(acc3, 0) + f32x4.extract_lane(acc4, 0) + f32x4.extract_lane(acc5, 0) + f32x4.extract_lane(acc6, 0) + f32x4.extract_lane(acc7, 0);
}

export function peak10(iters: i32, buf: usize): f32 {
  let acc0 = f32x4.splat(0);
  let acc1 = f32x4.splat(0);
  let acc2 = f32x4.splat(0);
  let acc3 = f32x4.splat(0);
  let acc4 = f32x4.splat(0);
  let acc5 = f32x4.splat(0);
  let acc6 = f32x4.splat(0);
  let acc7 = f32x4.splat(0);
  let acc8 = f32x4.splat(0);
  let acc9 = f32x4.splat(0);
  for (let i = 0; i < iters; i++) {
    const v0 = v128.load(buf, 0);
    const v1 = v128.load(buf, 16);
    const v2 = v128.load(buf, 32);
    const v3 = v128.load(buf, 48);
    acc0 = f32x4.add(acc0, f32x4.mul(v0, v0));
    acc1 = f32x4.add(acc1, f32x4.mul(v0, v1));
    acc2 = f32x4.add(acc2, f32x4.mul(v0, v2));
    acc3 = f32x4.add(acc3, f32x4.mul(v0, v3));
    acc4 = f32x4.add(acc4, f32x4.mul(v1, v1));
    acc5 = f32x4.add(acc5, f32x4.mul(v1, v2));
    acc6 = f32x4.add(acc6, f32x4.mul(v1, v3));
    acc7 = f32x4.add(acc7, f32x4.mul(v2, v2));
    acc8 = f32x4.add(acc8, f32x4.mul(v2, v3));
    acc9 = f32x4.add(acc9, f32x4.mul(v3, v3));
  }
  return f32x4.extract_lane(acc0, 0) + f32x4.extract_lane(acc1, 0) + f32x4.extract_lane(acc2, 0) + f32x4.extract_lane(acc3, 0) + f32x4.extract_lane(acc4, 0) + f32x4.extract_lane(acc5, 0) + f32x4.extract_lane(acc6, 0) + f32x4.extract_lane(acc7, 0) + f32x4.extract_lane(acc8, 0) + f32x4.extract_lane(acc9, 0);
}

/** The cheapest useful export (one f32 read-modify-write): the JS → wasm call cost. */
export function touch(p: usize): void {
  store<f32>(p, load<f32>(p) + 1);
}

/**
 * Memory bandwidth probe: copies `bytes` (a multiple of 64) from src to dst with v128
 * loads and stores, 4 vectors per iteration — what the data-movement kernels (im2row,
 * transposes, bias passes) can at best do. Bytes moved per call = 2 · bytes (read + write).
 */
export function stream(src: usize, dst: usize, bytes: usize): void {
  for (let q: usize = 0; q < bytes; q += 64) {
    v128.store(dst + q, v128.load(src + q), 0);
    v128.store(dst + q, v128.load(src + q, 16), 16);
    v128.store(dst + q, v128.load(src + q, 32), 32);
    v128.store(dst + q, v128.load(src + q, 48), 48);
  }
}
