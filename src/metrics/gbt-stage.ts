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
  pairs: readonly number[], code: Uint8Array | Int32Array, n: number,
): void {
  for (let q = 0; q < pairs.length; q += 6) leafPair(tree, order, gs, Y, K, k, lr, raw, pairs, q, code, n);
  for (let t = 0; t < tree.feature.length; t++) {
    if (tree.feature[t] >= 0 || start[t] < 0) continue;
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

/**
 * The two leaves of a split at the maximum depth (pairs[q …]: the parent's samples
 * order[a, z), feature j, bin; the leaves' ids), from one pass over the parent's samples: each
 * sample's g and p(1 − p) go to its side's sums and an exact 0 to the other's, so each leaf's
 * sums are those of a pass over its own samples in order (a running sum from +0 is never −0,
 * which adding +0 would change).
 */
function leafPair(tree: GbtTree, order: Int32Array, gs: Float64Array, Y: Float64Array, K: number, k: number, lr: number, raw: Float64Array, pairs: readonly number[], q: number, code: Uint8Array | Int32Array, n: number): void {
  const [a, z, j, bin, l, r] = pairs.slice(q, q + 6);
  const col = j * n;
  let numL = 0;
  let denL = 0;
  let numR = 0;
  let denR = 0;
  for (let s = a; s < z; s++) {
    const i = order[s];
    const g = gs[s];
    const left = ((bin - code[col + i]) >>> 31) ^ 1;
    const ind = Y[i * K + k];
    const term = (ind - g) * (1 - ind + g);
    const gl = g * left;
    const tl = term * left;
    numL += gl;
    denL += tl;
    numR += g - gl;
    denR += term - tl;
  }
  const value = (num: number, den: number) => {
    const nu = K > 1 ? (num * (K - 1)) / K : num;
    return Math.abs(den) < 1e-150 ? 0 : nu / den;
  };
  const vL = (tree.value[l] = value(numL, denL));
  const vR = (tree.value[r] = value(numR, denR));
  for (let s = a; s < z; s++) {
    const i = order[s];
    raw[i * K + k] += lr * (((bin - code[col + i]) >>> 31) === 0 ? vL : vR);
  }
}

/** newtonLeaves in the gbt's wasm module (gbtLeaf per leaf) on the fit's arrays there: the same values and updates. */
export function newtonLeavesWasm(mem: StageMemory, tree: GbtTree, start: Int32Array, end: Int32Array, K: number, k: number, lr: number, pairs: readonly number[], n: number): void {
  const { ex, idx, gs, Y, raw, code, out } = mem;
  for (let q = 0; q < pairs.length; q += 6) {
    ex.gbtLeafPair(idx.byteOffset, gs.byteOffset, Y.byteOffset, raw.byteOffset, pairs[q], pairs[q + 1], K, k, lr, code.byteOffset, code instanceof Int32Array ? 1 : 0, pairs[q + 2] * n, pairs[q + 3], out.byteOffset);
    tree.value[pairs[q + 4]] = out[0];
    tree.value[pairs[q + 5]] = out[1];
  }
  for (let t = 0; t < tree.feature.length; t++) {
    if (tree.feature[t] >= 0 || start[t] < 0) continue;
    tree.value[t] = ex.gbtLeaf(idx.byteOffset, gs.byteOffset, Y.byteOffset, raw.byteOffset, start[t], end[t], K, k, lr);
  }
}
