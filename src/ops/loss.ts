import { record } from '../autodiff/tape.js';
import { kernels } from '../kernels/load.js';
import { empty, shapeString, type Tensor } from '../tensor/tensor.js';
import { expectF32, expectSameShapeF32, shapeError } from './check.js';

// Every loss returns the MEAN over its elements (rows for cross-entropy) as a [1] tensor.
// The kernels take scale = upstream gradient / n, so the mean's 1/n costs nothing.

/**
 * Mean cross-entropy of softmax(logits) against integer labels: logits n × C (f32),
 * labels [n] (i32, each in [0, C)). Softmax and loss are fused: the forward keeps the
 * probabilities, and the gradient is (p − onehot(label)) / n.
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  const op = 'softmaxCrossEntropy';
  expectF32(op, logits);
  if (logits.rank !== 2) shapeError(op, 'expects logits of shape [n, classes]', logits, labels);
  const [rows, cols] = logits.shape;
  if (labels.rank !== 1 || labels.shape[0] !== rows) {
    shapeError(op, `expects labels of shape [${rows}] (one per row of the logits)`, logits, labels);
  }
  if (labels.dtype !== 'i32') {
    throw new Error(`wtanet: ${op}: labels must be an i32 tensor (use fromInts), got ${labels.dtype} of shape ${shapeString(labels.shape)}`);
  }
  const ints = labels.ints();
  for (let i = 0; i < rows; i++) {
    const c = ints[i];
    if (c < 0 || c >= cols) {
      throw new Error(`wtanet: ${op}: label ${c} at row ${i} is outside [0, ${cols}) for logits of shape ${shapeString(logits.shape)}`);
    }
  }
  const k = kernels();
  const probs = empty(logits.shape);
  const out = empty([1]);
  k.softmaxCrossEntropy(logits.ptr, labels.ptr, probs.ptr, out.ptr, rows, cols);
  record(op, [logits, labels], out, (g) => {
    const gx = empty(logits.shape);
    k.softmaxCrossEntropyBackward(probs.ptr, labels.ptr, gx.ptr, rows, cols, g.data()[0] / rows);
    return [gx, null];
  });
  return out;
}

/**
 * Mean binary cross-entropy of sigmoid(logits) against targets in [0, 1] (same shape),
 * in the stable form max(x, 0) − x·t + log1p(e^−|x|). Gradients: (σ(x) − t)/n for the
 * logits, −x/n for the targets (when they require one).
 */
export function bceWithLogits(logits: Tensor, targets: Tensor): Tensor {
  const op = 'bceWithLogits';
  expectSameShapeF32(op, logits, targets);
  const n = logits.size;
  const k = kernels();
  const out = empty([1]);
  k.bceWithLogits(logits.ptr, targets.ptr, out.ptr, n);
  record(op, [logits, targets], out, (g) => {
    const s = g.data()[0] / n;
    let gx: Tensor | null = null;
    let gt: Tensor | null = null;
    if (logits.requiresGrad) {
      gx = empty(logits.shape);
      k.bceWithLogitsBackward(logits.ptr, targets.ptr, gx.ptr, n, s);
    }
    if (targets.requiresGrad) {
      gt = empty(targets.shape);
      k.scale(logits.ptr, -s, gt.ptr, n);
    }
    return [gx, gt];
  });
  return out;
}

/** Mean of (a − b)² over all elements; gradients ±2(a − b)/n. */
export function mse(a: Tensor, b: Tensor): Tensor {
  const op = 'mse';
  expectSameShapeF32(op, a, b);
  const n = a.size;
  const k = kernels();
  const out = empty([1]);
  k.mse(a.ptr, b.ptr, out.ptr, n);
  record(op, [a, b], out, (g) => {
    const s = (2 * g.data()[0]) / n;
    let ga: Tensor | null = null;
    let gb: Tensor | null = null;
    if (a.requiresGrad) {
      ga = empty(a.shape);
      k.mseBackward(a.ptr, b.ptr, ga.ptr, n, s);
    }
    if (b.requiresGrad) {
      gb = empty(b.shape);
      k.mseBackward(b.ptr, a.ptr, gb.ptr, n, s);
    }
    return [ga, gb];
  });
  return out;
}
