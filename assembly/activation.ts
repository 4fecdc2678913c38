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

// reluBackward over a rows × cols matrix, fused with the column sums of its result (the
// bias gradient of a bias + ReLU layer): gx as reluBackward with x = the ReLU's output y
// (y > 0 exactly where its input was), gb[j] = Σ_i gx[i, j] summed from 0 in increasing i,
// as colSum (reduce.ts) sums: the same bits as reluBackward then colSum, in one pass.
export function reluBackwardColSum(y: usize, g: usize, gx: usize, gb: usize, rows: i32, cols: i32): void {
  const zero = f32x4.splat(0);
  for (let j = 0; j < cols; j++) store<f32>(at(gb, j), 0);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const v = v128.and(v128.load(at(g, o + j)), f32x4.gt(v128.load(at(y, o + j)), zero));
      v128.store(at(gx, o + j), v);
      v128.store(at(gb, j), f32x4.add(v128.load(at(gb, j)), v));
    }
    for (; j < cols; j++) {
      const v: f32 = load<f32>(at(y, o + j)) > 0 ? load<f32>(at(g, o + j)) : 0;
      store<f32>(at(gx, o + j), v);
      store<f32>(at(gb, j), load<f32>(at(gb, j)) + v);
    }
  }
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
