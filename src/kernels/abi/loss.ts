/**
 * Loss kernels (assembly/loss.ts). Forwards write the mean loss (one f32) at `out`;
 * backwards take scale = upstream gradient / n.
 */
export interface LossKernels {
  /** Fused softmax + cross-entropy; labels: rows int32 in [0, cols); probs receives the softmax. */
  softmaxCrossEntropy(logits: number, labels: number, probs: number, out: number, rows: number, cols: number): void;
  /** gx = scale·(probs − onehot(labels)). */
  softmaxCrossEntropyBackward(probs: number, labels: number, gx: number, rows: number, cols: number, scale: number): void;
  /** mean of max(x, 0) − x·t + log1p(e^−|x|). */
  bceWithLogits(x: number, t: number, out: number, n: number): void;
  /** gx = scale·(sigmoid(x) − t). */
  bceWithLogitsBackward(x: number, t: number, gx: number, n: number, scale: number): void;
  /** mean of (a − b)². */
  mse(a: number, b: number, out: number, n: number): void;
  /** ga = scale·(a − b). */
  mseBackward(a: number, b: number, ga: number, n: number, scale: number): void;
}
