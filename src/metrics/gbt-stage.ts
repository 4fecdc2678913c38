import type { GbtTree } from './gbt-tree.js';
import type { StageMemory } from './gbt-wasm.js';

// The boosting loops of gbt.ts, as functions of their own so that V8 optimizes each alone: a
// stage's gradients, and a tree's Newton leaf values with the predictions' update.

/**
 * The gradients of every tree of a stage at its start: prob = softmax(raw) per sample (K ≥ 2)
 * or the logistic of raw (K = 1), and G[i · K + k] = Y[i · K + k] − prob, Y the labels one-hot
 * (K = 1: Y[i] = [sample i is of class 1]). The one-hot labels are read rather than compared
 * (a comparison per class is a branch the predictor misses once per sample), and the
 * probabilities go straight into G: the same operations on the same numbers.
 */
export function stageGradients(raw: Float64Array, G: Float64Array, Y: Float64Array, n: number, K: number): void {
  if (K === 1) {
    for (let i = 0; i < n; i++) G[i] = Y[i] - 1 / (1 + Math.exp(-raw[i]));
    return;
  }
  for (let i = 0, q = 0; i < n; i++, q += K) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, raw[q + k]);
    // exp(raw − max) / Σ, one exp per class (sklearn: exp(raw − logsumexp), a second exp per
    // class; the two differ by rounding only).
    let sum = 0;
    for (let k = 0; k < K; k++) sum += G[q + k] = Math.exp(raw[q + k] - max);
    for (let k = 0; k < K; k++) G[q + k] = Y[q + k] - G[q + k] / sum;
  }
}

/**
 * Tree k's leaf values, a Newton step each (Σg·(K−1)/K / Σp(1−p) multiclass, Σg / Σp(1−p)
 * binary), then raw += lr × the sample's leaf value. Leaf t holds the samples
 * order[start[t], end[t]) (ascending, so each leaf's sums run in sample order) and gs their
 * gradients in that order (the grower keeps them so: read in sequence, not gathered); Y the
 * one-hot labels of stageGradients.
 */
export function newtonLeaves(
  tree: GbtTree, order: Int32Array, start: Int32Array, end: Int32Array,
  gs: Float64Array, Y: Float64Array, K: number, k: number, lr: number, raw: Float64Array,
): void {
  for (let t = 0; t < tree.feature.length; t++) {
    if (tree.feature[t] >= 0) continue;
    let num = 0;
    let den = 0;
    for (let r = start[t]; r < end[t]; r++) {
      const g = gs[r];
      const ind = Y[order[r] * K + k];
      num += g;
      den += (ind - g) * (1 - ind + g);
    }
    const nu = K > 1 ? (num * (K - 1)) / K : num;
    const v = Math.abs(den) < 1e-150 ? 0 : nu / den;
    tree.value[t] = v;
    for (let r = start[t]; r < end[t]; r++) raw[order[r] * K + k] += lr * v;
  }
}

/** newtonLeaves in the gbt's wasm module (gbtLeaf per leaf) on the fit's arrays there: the same values and updates. */
export function newtonLeavesWasm(mem: StageMemory, tree: GbtTree, start: Int32Array, end: Int32Array, K: number, k: number, lr: number): void {
  const { ex, idx, gs, Y, raw } = mem;
  for (let t = 0; t < tree.feature.length; t++) {
    if (tree.feature[t] >= 0) continue;
    tree.value[t] = ex.gbtLeaf(idx.byteOffset, gs.byteOffset, Y.byteOffset, raw.byteOffset, start[t], end[t], K, k, lr);
  }
}
