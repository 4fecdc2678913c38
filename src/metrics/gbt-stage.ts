import type { GbtTree } from './gbt-tree.js';

// The boosting loops of gbt.ts, as functions of their own so that V8 optimizes each alone: a
// stage's gradients, and a tree's Newton leaf values with the predictions' update.

/**
 * The gradients of every tree of a stage at its start: prob = softmax(raw) per sample (K ≥ 2)
 * or the logistic of raw (K = 1), and G[i · K + k] = [sample i is of tree k's class] − prob.
 */
export function stageGradients(raw: Float64Array, prob: Float64Array, G: Float64Array, cls: Int32Array, n: number, K: number): void {
  if (K === 1) {
    for (let i = 0; i < n; i++) {
      prob[i] = 1 / (1 + Math.exp(-raw[i]));
      G[i] = (cls[i] === 1 ? 1 : 0) - prob[i];
    }
    return;
  }
  for (let i = 0, q = 0; i < n; i++, q += K) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, raw[q + k]);
    // exp(raw − max) / Σ, one exp per class (sklearn: exp(raw − logsumexp), a second exp per
    // class; the two differ by rounding only).
    let sum = 0;
    for (let k = 0; k < K; k++) sum += prob[q + k] = Math.exp(raw[q + k] - max);
    for (let k = 0; k < K; k++) prob[q + k] /= sum;
    const c = cls[i];
    for (let k = 0; k < K; k++) G[q + k] = (c === k ? 1 : 0) - prob[q + k];
  }
}

/**
 * Tree k's leaf values, a Newton step each (Σg·(K−1)/K / Σp(1−p) multiclass, Σg / Σp(1−p)
 * binary), then raw += lr × the sample's leaf value. Leaf t holds the samples
 * order[start[t], end[t]) (ascending, so each leaf's sums run in sample order).
 */
export function newtonLeaves(
  tree: GbtTree, order: Int32Array, start: Int32Array, end: Int32Array,
  G: Float64Array, cls: Int32Array, K: number, k: number, lr: number, raw: Float64Array,
): void {
  const target = K === 1 ? 1 : k;
  for (let t = 0; t < tree.feature.length; t++) {
    if (tree.feature[t] >= 0) continue;
    let num = 0;
    let den = 0;
    for (let r = start[t]; r < end[t]; r++) {
      const i = order[r];
      const g = G[i * K + k];
      const ind = cls[i] === target ? 1 : 0;
      num += g;
      den += (ind - g) * (1 - ind + g);
    }
    const nu = K > 1 ? (num * (K - 1)) / K : num;
    const v = Math.abs(den) < 1e-150 ? 0 : nu / den;
    tree.value[t] = v;
    for (let r = start[t]; r < end[t]; r++) raw[order[r] * K + k] += lr * v;
  }
}
