// Optimizer updates and training-support reductions. Contracts (argument meaning,
// operation order) are documented in src/kernels/abi/optim.ts; the TS twins in
// src/kernels/reference/optim.ts perform the same f32 operations in the same order.
// Updates are lane-wise (SIMD body + scalar tail do identical IEEE operations; wasm
// never fuses mul+add), so every element's result is independent of n and alignment.

import { scale } from "./elementwise";

// AdamW / Adam, in place over n elements of p, m, v (g is read only). The derived scalars
// (1 − β1, 1 − β2, the decay factor, the bias-corrected step) come from the caller, computed
// in float64 and rounded once: 1 − β computed here from β rounded to f32 would be off by up
// to 1.3e-5 relative (β2 = 0.999), making every update ≈ 6e-6 relative too large.
export function adam(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  beta1: f32, beta2: f32, oneMinusB1: f32, oneMinusB2: f32, eps: f32, l2: f32,
  decay: f32, stepSize: f32, sqrtBc2: f32,
): void {
  const vL2 = f32x4.splat(l2);
  const vB1 = f32x4.splat(beta1);
  const vB2 = f32x4.splat(beta2);
  const v1B1 = f32x4.splat(oneMinusB1);
  const v1B2 = f32x4.splat(oneMinusB2);
  const vDecay = f32x4.splat(decay);
  const vStep = f32x4.splat(stepSize);
  const vSqrtBc2 = f32x4.splat(sqrtBc2);
  const vEps = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    let pi = v128.load(p + o);
    const gi = f32x4.add(v128.load(g + o), f32x4.mul(vL2, pi));
    const mi = f32x4.add(f32x4.mul(vB1, v128.load(m + o)), f32x4.mul(v1B1, gi));
    const vi = f32x4.add(f32x4.mul(vB2, v128.load(v + o)), f32x4.mul(v1B2, f32x4.mul(gi, gi)));
    pi = f32x4.mul(pi, vDecay);
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vi), vSqrtBc2), vEps);
    pi = f32x4.sub(pi, f32x4.mul(vStep, f32x4.div(mi, denom)));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    v128.store(p + o, pi);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    let pi = load<f32>(p + o);
    const gi: f32 = load<f32>(g + o) + l2 * pi;
    const mi: f32 = beta1 * load<f32>(m + o) + oneMinusB1 * gi;
    const vi: f32 = beta2 * load<f32>(v + o) + oneMinusB2 * (gi * gi);
    pi = pi * decay;
    const denom: f32 = sqrt<f32>(vi) / sqrtBc2 + eps;
    pi = pi - stepSize * (mi / denom);
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    store<f32>(p + o, pi);
  }
}

// Plain SGD: p = p − lr·(g + weightDecay·p).
export function sgd(p: usize, g: usize, n: i32, lr: f32, weightDecay: f32): void {
  const vLr = f32x4.splat(lr);
  const vWd = f32x4.splat(weightDecay);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const pi = v128.load(p + o);
    const gi = f32x4.add(v128.load(g + o), f32x4.mul(vWd, pi));
    v128.store(p + o, f32x4.sub(pi, f32x4.mul(vLr, gi)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const pi = load<f32>(p + o);
    const gi: f32 = load<f32>(g + o) + weightDecay * pi;
    store<f32>(p + o, pi - lr * gi);
  }
}

// SGD with momentum (PyTorch's formulation), in place over p and buf.
export function sgdMomentum(
  p: usize, g: usize, buf: usize, n: i32,
  lr: f32, momentum: f32, dampening: f32, weightDecay: f32, nesterov: i32,
): void {
  const oneMinusD: f32 = 1 - dampening;
  const vLr = f32x4.splat(lr);
  const vMu = f32x4.splat(momentum);
  const v1D = f32x4.splat(oneMinusD);
  const vWd = f32x4.splat(weightDecay);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const pi = v128.load(p + o);
    const gi = f32x4.add(v128.load(g + o), f32x4.mul(vWd, pi));
    const bi = f32x4.add(f32x4.mul(vMu, v128.load(buf + o)), f32x4.mul(v1D, gi));
    const d = nesterov ? f32x4.add(gi, f32x4.mul(vMu, bi)) : bi;
    v128.store(buf + o, bi);
    v128.store(p + o, f32x4.sub(pi, f32x4.mul(vLr, d)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const pi = load<f32>(p + o);
    const gi: f32 = load<f32>(g + o) + weightDecay * pi;
    const bi: f32 = momentum * load<f32>(buf + o) + oneMinusD * gi;
    const d: f32 = nesterov ? gi + momentum * bi : bi;
    store<f32>(buf + o, bi);
    store<f32>(p + o, pi - lr * d);
  }
}

// *out = Σ x[i]² as f32, accumulated in f64 (exact squares of f32 values) in a fixed
// order: four lane sums s_l = Σ x[4j + l]² over the largest multiple of 4, combined as
// (s0 + s1) + (s2 + s3), then the tail added in index order, then rounded to f32.
export function sumSquares(x: usize, n: i32, out: usize): void {
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    const a = f64x2.promote_low_f32x4(v);
    const b = f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3));
    lo = f64x2.add(lo, f64x2.mul(a, a));
    hi = f64x2.add(hi, f64x2.mul(b, b));
  }
  let s: f64 = (f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1)) +
    (f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1));
  for (; i < n; i++) {
    const e = <f64>load<f32>(x + (<usize>i << 2));
    s += e * e;
  }
  store<f32>(out, <f32>s);
}

// x[i] *= s (gradient clipping): elementwise scale in place, the same bits.
export function scaleInPlace(x: usize, n: i32, s: f32): void {
  scale(x, s, x, n);
}

// Number of NaN or ±Inf among x[0..n): elements whose exponent bits are all ones.
export function countNonFinite(x: usize, n: i32): i32 {
  const expMask = i32x4.splat(0x7f800000);
  let acc = i32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const bits = v128.and(v128.load(x + (<usize>i << 2)), expMask);
    acc = i32x4.sub(acc, i32x4.eq(bits, expMask)); // each match is −1
  }
  let count = i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) +
    i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3);
  for (; i < n; i++) {
    if ((load<u32>(x + (<usize>i << 2)) & 0x7f800000) == 0x7f800000) count++;
  }
  return count;
}
