// Row softmax / log-softmax over a rows × cols row-major matrix, and their backward rules.
// A WTA bottleneck's groups are K contiguous units, so a per-group softmax of an
// n × (G·K) activation is this kernel with rows = n·G, cols = K.
// Sums run left to right in f32 (fixed order: deterministic, and the same in the twins,
// src/kernels/reference/softmax.ts). Scalar: the software exp dominates, SIMD gains little.
import { at } from "./helpers";
import { rowMax, softmaxRow, softmaxRowBackward } from "./softmax-row";

// y = softmax(x / temperature) per row.
export function softmax(x: usize, y: usize, rows: i32, cols: i32, temperature: f32): void {
  const invT: f32 = 1 / temperature;
  for (let i = 0; i < rows; i++) {
    const o = <usize>i * cols;
    softmaxRow(at(x, <i32>o), at(y, <i32>o), cols, invT);
  }
}

// gx = Jᵀ g for y = softmax(x / temperature), from the forward output y.
export function softmaxBackward(y: usize, g: usize, gx: usize, rows: i32, cols: i32, temperature: f32): void {
  const invT: f32 = 1 / temperature;
  for (let i = 0; i < rows; i++) {
    const o = <i32>(<usize>i * cols);
    softmaxRowBackward(at(y, o), at(g, o), at(gx, o), cols, invT);
  }
}

// y = log softmax(x) per row = (x − max) − log Σ exp(x − max).
export function logSoftmax(x: usize, y: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const o = <i32>(<usize>i * cols);
    const xr = at(x, o);
    const yr = at(y, o);
    const m = rowMax(xr, cols);
    let s: f32 = 0;
    for (let j = 0; j < cols; j++) s += Mathf.exp(load<f32>(at(xr, j)) - m);
    const logS = Mathf.log(s);
    for (let j = 0; j < cols; j++) store<f32>(at(yr, j), (load<f32>(at(xr, j)) - m) - logS);
  }
}

// gx_j = g_j − softmax_j · Σ_i g_i, with softmax_j = exp(y_j) from the forward output y.
export function logSoftmaxBackward(y: usize, g: usize, gx: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const o = <i32>(<usize>i * cols);
    let sg: f32 = 0;
    for (let j = 0; j < cols; j++) sg += load<f32>(at(g, o + j));
    for (let j = 0; j < cols; j++) {
      store<f32>(at(gx, o + j), load<f32>(at(g, o + j)) - Mathf.exp(load<f32>(at(y, o + j))) * sg);
    }
  }
}
