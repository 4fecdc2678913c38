// Per-row softmax building blocks, inlined into the softmax, loss and WTA kernels.
// Not re-exported from index.ts, so nothing here becomes a wasm export.
import { at } from "./helpers";

// Row maximum with WebAssembly's max, which propagates NaN: a row with a NaN gives NaN
// outputs instead of a plausible-looking distribution.
// @ts-ignore: decorator
@inline export function rowMax(x: usize, cols: i32): f32 {
  let m = load<f32>(x);
  for (let j = 1; j < cols; j++) m = max<f32>(m, load<f32>(at(x, j)));
  return m;
}

// Softmax of one row at temperature 1/invT into y, stable by subtracting the row max
// (exp only sees values ≤ 0, so it never overflows). y may alias x.
// @ts-ignore: decorator
@inline export function softmaxRow(x: usize, y: usize, cols: i32, invT: f32): void {
  const m = rowMax(x, cols);
  let s: f32 = 0;
  for (let j = 0; j < cols; j++) {
    const e = Mathf.exp((load<f32>(at(x, j)) - m) * invT);
    store<f32>(at(y, j), e);
    s += e;
  }
  for (let j = 0; j < cols; j++) store<f32>(at(y, j), load<f32>(at(y, j)) / s);
}

// Vector–Jacobian product of one softmax row at 1/invT, given its output p:
// gx_j = invT · p_j · (g_j − Σ_i g_i p_i). gx may alias p.
// @ts-ignore: decorator
@inline export function softmaxRowBackward(p: usize, g: usize, gx: usize, cols: i32, invT: f32): void {
  let dot: f32 = 0;
  for (let j = 0; j < cols; j++) dot += load<f32>(at(g, j)) * load<f32>(at(p, j));
  for (let j = 0; j < cols; j++) {
    store<f32>(at(gx, j), (load<f32>(at(p, j)) * (load<f32>(at(g, j)) - dot)) * invT);
  }
}
