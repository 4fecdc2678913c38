// Loss kernels: each forward writes the MEAN loss (one f32) to `out`; backward kernels
// take `scale` = (upstream gradient) / n from the host, so the mean's 1/n and the
// upstream gradient cost one multiply. Per-element losses are f32; their mean is
// accumulated in f64 in index order (deterministic, and less rounding for big batches).
// Twins: src/kernels/reference/loss.ts.
import { at, sigmoidScalar } from "./helpers";
import { rowMax } from "./softmax-row";

// Fused softmax + cross-entropy with int32 labels, logits rows × cols.
// loss_i = log Σ_j exp(x_ij − m_i) − (x_i,label − m_i); probs (rows × cols) receives the
// softmax, which the backward needs. A label outside [0, cols) gives a NaN loss rather
// than reading out of bounds (the op rejects such labels before calling).
export function softmaxCrossEntropy(logits: usize, labels: usize, probs: usize, out: usize, rows: i32, cols: i32): void {
  let acc: f64 = 0;
  for (let i = 0; i < rows; i++) {
    const o = <i32>(<usize>i * cols);
    const xr = at(logits, o);
    const pr = at(probs, o);
    const label = load<i32>(at(labels, i));
    // Unnormalized exponentials first: their sum gives log Σ exp(x − m), then they are
    // normalized in place (the same bits softmaxRow would give at temperature 1).
    const m = rowMax(xr, cols);
    let s: f32 = 0;
    for (let j = 0; j < cols; j++) {
      const e = Mathf.exp(load<f32>(at(xr, j)) - m);
      store<f32>(at(pr, j), e);
      s += e;
    }
    for (let j = 0; j < cols; j++) store<f32>(at(pr, j), load<f32>(at(pr, j)) / s);
    const loss: f32 = label >= 0 && label < cols ? Mathf.log(s) - (load<f32>(at(xr, label)) - m) : NaN;
    acc += <f64>loss;
  }
  store<f32>(out, <f32>(acc / <f64>rows));
}

// gx = scale · (probs − onehot(label)).
export function softmaxCrossEntropyBackward(probs: usize, labels: usize, gx: usize, rows: i32, cols: i32, scale: f32): void {
  for (let i = 0; i < rows; i++) {
    const o = <i32>(<usize>i * cols);
    const label = load<i32>(at(labels, i));
    for (let j = 0; j < cols; j++) {
      const p = load<f32>(at(probs, o + j));
      store<f32>(at(gx, o + j), scale * (j == label ? p - 1 : p));
    }
  }
}

// Binary cross-entropy of sigmoid(x) against targets t ∈ [0, 1], in the stable form
// max(x, 0) − x·t + log1p(exp(−|x|)), which never overflows and keeps precision for
// large |x|.
export function bceWithLogits(x: usize, t: usize, out: usize, n: i32): void {
  let acc: f64 = 0;
  for (let i = 0; i < n; i++) {
    const v = load<f32>(at(x, i));
    const loss: f32 = max<f32>(v, 0) - v * load<f32>(at(t, i)) + Mathf.log1p(Mathf.exp(-abs<f32>(v)));
    acc += <f64>loss;
  }
  store<f32>(out, <f32>(acc / <f64>n));
}

// gx = scale · (sigmoid(x) − t).
export function bceWithLogitsBackward(x: usize, t: usize, gx: usize, n: i32, scale: f32): void {
  for (let i = 0; i < n; i++) {
    store<f32>(at(gx, i), scale * (sigmoidScalar(load<f32>(at(x, i))) - load<f32>(at(t, i))));
  }
}

// Mean squared difference. No transcendental function: the twin matches bit for bit.
export function mse(a: usize, b: usize, out: usize, n: i32): void {
  let acc: f64 = 0;
  for (let i = 0; i < n; i++) {
    const d: f32 = load<f32>(at(a, i)) - load<f32>(at(b, i));
    acc += <f64>(d * d);
  }
  store<f32>(out, <f32>(acc / <f64>n));
}

// ga = scale · (a − b)  (the caller passes scale = 2·g/n; gb = −ga).
export function mseBackward(a: usize, b: usize, ga: usize, n: i32, scale: f32): void {
  const s = f32x4.splat(scale);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    v128.store(at(ga, i), f32x4.mul(s, f32x4.sub(v128.load(at(a, i)), v128.load(at(b, i)))));
  }
  for (; i < n; i++) store<f32>(at(ga, i), scale * (load<f32>(at(a, i)) - load<f32>(at(b, i))));
}
