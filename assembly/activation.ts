// Pointwise activations and their backward rules. Twins: src/kernels/reference/activation.ts.
// relu and the backward rules are SIMD (every lane independent, so SIMD and scalar give the
// same bits); sigmoid and tanh are scalar because the software exp/tanh dominates their cost.
import { at, sigmoidScalar } from "./helpers";

// y = max(x, 0). WebAssembly's max propagates NaN (a NaN input stays visible downstream
// instead of being silently zeroed) and returns +0 for max(-0, 0), in SIMD and scalar alike.
export function relu(x: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(y, i), f32x4.max(v128.load(at(x, i)), zero));
  for (; i < n; i++) store<f32>(at(y, i), max<f32>(load<f32>(at(x, i)), 0));
}

// gx = g where x > 0, else 0 (the subgradient at 0 is taken as 0; NaN x gives 0).
export function reluBackward(x: usize, g: usize, gx: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const mask = f32x4.gt(v128.load(at(x, i)), zero);
    v128.store(at(gx, i), v128.and(v128.load(at(g, i)), mask));
  }
  for (; i < n; i++) store<f32>(at(gx, i), load<f32>(at(x, i)) > 0 ? load<f32>(at(g, i)) : 0);
}

export function sigmoid(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f32>(at(y, i), sigmoidScalar(load<f32>(at(x, i))));
}

// gx = g · y(1 − y), from the forward output y.
export function sigmoidBackward(y: usize, g: usize, gx: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(at(y, i));
    v128.store(at(gx, i), f32x4.mul(v128.load(at(g, i)), f32x4.mul(v, f32x4.sub(one, v))));
  }
  for (; i < n; i++) {
    const v = load<f32>(at(y, i));
    store<f32>(at(gx, i), load<f32>(at(g, i)) * (v * (1 - v)));
  }
}

export function tanh(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f32>(at(y, i), Mathf.tanh(load<f32>(at(x, i))));
}

// gx = g · (1 − y²), from the forward output y.
export function tanhBackward(y: usize, g: usize, gx: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(at(y, i));
    v128.store(at(gx, i), f32x4.mul(v128.load(at(g, i)), f32x4.sub(one, f32x4.mul(v, v))));
  }
  for (; i < n; i++) {
    const v = load<f32>(at(y, i));
    store<f32>(at(gx, i), load<f32>(at(g, i)) * (1 - v * v));
  }
}
