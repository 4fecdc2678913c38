import { record } from '../autodiff/tape.js';
import { kernels } from '../kernels/load.js';
import { empty, type Tensor } from '../tensor/tensor.js';

export interface MultiTaskLoss {
  /** Σ_t weight_t · mean cross-entropy of task t, shape [1]. */
  loss: Tensor;
  /** Each task's mean cross-entropy (unweighted), read before the step's arena is released. */
  perTask: Float64Array;
}

/**
 * The summed (weighted) softmax cross-entropy of all tasks from the heads' concatenated
 * logits, as one tape entry. `labels` is [T, n] int32 (row t = task t's labels).
 * Each task's columns are copied to a contiguous block for the fused kernel; its
 * gradient is written straight back into the task's columns of one [n, Σ C] buffer.
 */
export function multiTaskCrossEntropy(
  logits: Tensor, labels: Tensor, offsets: readonly number[], numClasses: readonly number[], weights: readonly number[],
): MultiTaskLoss {
  const k = kernels();
  const n = logits.shape[0];
  const total = logits.shape[1];
  const T = numClasses.length;
  if (labels.dtype !== 'i32' || labels.size !== T * n) {
    throw new Error(`wtanet: multiTaskCrossEntropy: labels must be int32 [${T}, ${n}], got ${labels.dtype} [${labels.shape.join(', ')}]`);
  }
  const probs: Tensor[] = [];
  const perTaskOut = empty([T]);
  const perTask = new Float64Array(T);
  let sum = 0;
  for (let t = 0; t < T; t++) {
    const c = numClasses[t];
    const block = empty([n, c]);
    k.copy2d(logits.ptr + offsets[t] * 4, total, block.ptr, c, n, c);
    const p = empty([n, c]);
    k.softmaxCrossEntropy(block.ptr, labels.ptr + t * n * 4, p.ptr, perTaskOut.ptr + t * 4, n, c);
    probs.push(p);
  }
  const values = perTaskOut.data();
  for (let t = 0; t < T; t++) {
    perTask[t] = values[t];
    sum += weights[t] * values[t];
  }
  const loss = empty([1]);
  loss.data()[0] = sum;
  record('multiTaskCrossEntropy', [logits], loss, (g) => {
    const upstream = g.data()[0];
    const gx = empty(logits.shape);
    for (let t = 0; t < T; t++) {
      const c = numClasses[t];
      const block = empty([n, c]);
      k.softmaxCrossEntropyBackward(probs[t].ptr, labels.ptr + t * n * 4, block.ptr, n, c, (upstream * weights[t]) / n);
      k.copy2d(block.ptr, c, gx.ptr + offsets[t] * 4, total, n, c);
    }
    return [gx];
  });
  return { loss, perTask };
}
