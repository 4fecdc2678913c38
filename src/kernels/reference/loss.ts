// TypeScript twins of assembly/loss.ts (arrays in place of pointers; `out` is a length-1
// array). mse and the backward of softmax-cross-entropy match bit for bit; the others use
// the host's float64 exp/log rounded to f32 (tests state the tolerance).
import { sigmoidScalar } from './activation.js';

const f = Math.fround;

export function softmaxCrossEntropy(
  logits: Float32Array, labels: Int32Array, probs: Float32Array, out: Float32Array, rows: number, cols: number,
): void {
  let acc = 0;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let m = logits[o];
    for (let j = 1; j < cols; j++) m = Math.max(m, logits[o + j]);
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const e = f(Math.exp(f(logits[o + j] - m)));
      probs[o + j] = e;
      s = f(s + e);
    }
    for (let j = 0; j < cols; j++) probs[o + j] = probs[o + j] / s;
    const label = labels[i];
    acc += label >= 0 && label < cols ? f(f(Math.log(s)) - f(logits[o + label] - m)) : NaN;
  }
  out[0] = acc / rows;
}

export function softmaxCrossEntropyBackward(
  probs: Float32Array, labels: Int32Array, gx: Float32Array, rows: number, cols: number, scale: number,
): void {
  const sc = f(scale);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const p = probs[i * cols + j];
      gx[i * cols + j] = sc * (j === labels[i] ? f(p - 1) : p);
    }
  }
}

export function bceWithLogits(x: Float32Array, t: Float32Array, out: Float32Array, n: number): void {
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    acc += f(f(f(Math.max(v, 0)) - f(v * t[i])) + f(Math.log1p(f(Math.exp(-Math.abs(v))))));
  }
  out[0] = acc / n;
}

export function bceWithLogitsBackward(x: Float32Array, t: Float32Array, gx: Float32Array, n: number, scale: number): void {
  const sc = f(scale);
  for (let i = 0; i < n; i++) gx[i] = sc * f(f(sigmoidScalar(x[i])) - t[i]);
}

export function mse(a: Float32Array, b: Float32Array, out: Float32Array, n: number): void {
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const d = f(a[i] - b[i]);
    acc += f(d * d);
  }
  out[0] = acc / n;
}

export function mseBackward(a: Float32Array, b: Float32Array, ga: Float32Array, n: number, scale: number): void {
  const sc = f(scale);
  for (let i = 0; i < n; i++) ga[i] = sc * f(a[i] - b[i]);
}
