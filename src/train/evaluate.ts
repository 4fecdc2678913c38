import { detExp, detLog } from '../base/det-math.js';
import type { Model } from '../nn/model.js';
import { argmax } from '../base/argmax.js';

/** Per-task mean cross-entropy and accuracy on one split. */
export interface SplitMetrics {
  /** Σ_t weight_t · loss_t (the training objective on this split). */
  loss: number;
  tasks: Record<string, { loss: number; accuracy: number }>;
}

export interface LabeledSplit { n: number; x: Float32Array; labels: Int32Array[] }

/**
 * Evaluates the model without recording a tape. Cross-entropy from the logits in
 * float64 (log-sum-exp with the max subtracted), accumulated in sample order, so the
 * result does not depend on the evaluation batch size.
 */
export function evaluateSplit(model: Model, split: LabeledSplit, taskNames: readonly string[], weights: readonly number[], batchSize: number): SplitMetrics {
  const T = taskNames.length;
  const lossSum = new Float64Array(T);
  const correct = new Float64Array(T);
  const width = model.heads.totalClasses;
  model.inBatches(split.x, split.n, batchSize, (res, start, rows) => {
    const logits = res.logits.data();
    for (let t = 0; t < T; t++) {
      const off = model.heads.offsets[t];
      const c = model.tasks[t].numClasses;
      const labels = split.labels[t];
      for (let r = 0; r < rows; r++) {
        const base = r * width + off;
        const best = argmax(logits, base, c);
        const max = logits[base + best];
        let s = 0;
        // detExp/detLog, not Math.exp/Math.log: their last bit differs between JS engines, and
        // this loss drives early stopping and is saved in checkpoints.
        for (let j = 0; j < c; j++) s += detExp(logits[base + j] - max);
        const y = labels[start + r];
        lossSum[t] += detLog(s) + max - logits[base + y];
        if (best === y) correct[t]++;
      }
    }
  });
  const tasks: SplitMetrics['tasks'] = {};
  let loss = 0;
  for (let t = 0; t < T; t++) {
    const l = split.n > 0 ? lossSum[t] / split.n : 0;
    tasks[taskNames[t]] = { loss: l, accuracy: split.n > 0 ? correct[t] / split.n : 0 };
    loss += weights[t] * l;
  }
  return { loss, tasks };
}
