import type { Rng } from '../base/prng.js';
import { argmax } from '../base/argmax.js';
import { featureBins, type FeatureBins } from './gbt-bins.js';

// Gradient-boosted trees for DCI importances, as scikit-learn's GradientBoostingClassifier with
// its defaults (what disentanglement_lib's dci.py calls): log-loss ("deviance"), 100 stages,
// learning rate 0.1, regression trees of depth 3 on the negative gradients with the friedman_mse
// criterion, min_samples_split 2, min_samples_leaf 1, no subsampling, every feature at every
// split; one tree per class and stage (one per stage for two classes); the prior's log odds as
// the start; each leaf's value a Newton step (Σg·(K−1)/K / Σp(1−p), multiclass; Σg / Σp(1−p),
// binary); importance = the trees' squared-error decreases summed per feature, normalized to
// sum 1 (sklearn's feature_importances_ is their mean over trees, normalized: the same numbers).
// Classes are those present in the training labels (sklearn's np.unique); with only one there
// is nothing to fit: no trees, that class predicted, zero importances.
//
// Where it differs from scikit-learn, and why:
// - Splits: each feature's sorted distinct training values are its bins (gbt-bins.ts), and a
//   node's candidates are the midpoints between neighbouring values present in the node, as
//   sklearn's BestSplitter; only the order of float sums differs (about 1e-16 relative), and
//   sklearn never splits between values closer than 1e-7 (its FEATURE_THRESHOLD), which are
//   distinct here. Per level and feature the samples are read once: through a (node × value)
//   histogram when the feature has few distinct values, else in its presorted order.
// - Ties. sklearn visits features in a random order per split (random_state=None in
//   disentanglement_lib: not reproducible) and keeps the first best. Here each feature's best
//   threshold is the first best (as sklearn), and among features whose gains are equal within
//   1e-9 relative one is drawn uniformly with the seeded stream: the same distribution, and
//   duplicated features share importance, as METRICS.md asks.
// Values are rounded to float32 first, as sklearn's trees read them.

export interface GbtOptions {
  /** Boosting stages (default 100). */
  stages?: number;
  /** Shrinkage (default 0.1). */
  learningRate?: number;
  /** Tree depth (default 3). */
  depth?: number;
}

interface GbtTree {
  feature: Int32Array; // −1: leaf
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

export interface GbtModel {
  p: number;
  /** The training labels' distinct values, ascending (class c of the model is classes[c]). */
  classes: Int32Array;
  /** Trees per stage: 1 for two classes, else one per class (0 with a single class). */
  perStage: number;
  init: Float64Array;
  learningRate: number;
  /** stage-major: trees[stage · perStage + k]. */
  trees: GbtTree[];
  /** Per feature, summed over trees and normalized to sum 1 (all 0 when no tree split). */
  importance: Float64Array;
}

/** float64 machine epsilon: sklearn's EPSILON (a node this pure is a leaf). */
const EPSILON = 2.220446049250313e-16;
const TIE = 1e-9;

export function fitGbt(data: { x: Float64Array; n: number; p: number; y: Int32Array }, rng: Rng, options: GbtOptions = {}): GbtModel {
  const { x, n, p, y } = data;
  if (x.length !== n * p) throw new Error(`gbt: x has ${x.length} values, expected ${n} × ${p}`);
  if (y.length !== n) throw new Error(`gbt: y has ${y.length} labels, expected ${n}`);
  const stages = options.stages ?? 100;
  const lr = options.learningRate ?? 0.1;
  const maxDepth = options.depth ?? 3;
  const classes = Int32Array.from(new Set(y)).sort();
  const C = classes.length;
  const cls = Int32Array.from(y, (v) => classes.indexOf(v));
  const perStage = C < 2 ? 0 : C === 2 ? 1 : C;
  const prior = new Float64Array(C);
  for (let i = 0; i < n; i++) prior[cls[i]] += 1 / n;
  const init = perStage === 1 ? Float64Array.of(Math.log(prior[1] / (1 - prior[1]))) : Float64Array.from(prior, Math.log);
  const model: GbtModel = { p, classes, perStage, init, learningRate: lr, trees: [], importance: new Float64Array(p) };
  if (perStage === 0 || n < 2) return model;

  const bins = featureBins(x, n, p);
  const K = perStage;
  const raw = new Float64Array(n * K);
  for (let i = 0; i < n; i++) raw.set(init, i * K);
  const prob = new Float64Array(n * K);
  const g = new Float64Array(n);
  const ind = new Float64Array(n);
  const grower = new TreeGrower(bins, n, p, maxDepth, rng, model.importance);
  for (let s = 0; s < stages; s++) {
    // Every tree of a stage fits the gradient at the stage's start (sklearn copies the predictions).
    for (let i = 0; i < n; i++) {
      if (K === 1) prob[i] = 1 / (1 + Math.exp(-raw[i]));
      else {
        let max = -Infinity;
        for (let k = 0; k < K; k++) max = Math.max(max, raw[i * K + k]);
        let sum = 0;
        for (let k = 0; k < K; k++) sum += Math.exp(raw[i * K + k] - max);
        const lse = max + Math.log(sum);
        for (let k = 0; k < K; k++) prob[i * K + k] = Math.exp(raw[i * K + k] - lse);
      }
    }
    for (let k = 0; k < K; k++) {
      const target = K === 1 ? 1 : k;
      for (let i = 0; i < n; i++) {
        ind[i] = cls[i] === target ? 1 : 0;
        g[i] = ind[i] - prob[i * K + k];
      }
      const tree = grower.grow(g);
      // Newton step per leaf, then the predictions move by learningRate × the leaf value.
      const num = new Float64Array(tree.feature.length);
      const den = new Float64Array(tree.feature.length);
      const leafOf = grower.leafOf;
      for (let i = 0; i < n; i++) {
        num[leafOf[i]] += g[i];
        den[leafOf[i]] += (ind[i] - g[i]) * (1 - ind[i] + g[i]);
      }
      for (let t = 0; t < tree.feature.length; t++) {
        if (tree.feature[t] >= 0) continue;
        const nu = K > 1 ? (num[t] * (K - 1)) / K : num[t];
        tree.value[t] = Math.abs(den[t]) < 1e-150 ? 0 : nu / den[t];
      }
      for (let i = 0; i < n; i++) raw[i * K + k] += lr * tree.value[leafOf[i]];
      model.trees.push(tree);
    }
  }
  let total = 0;
  for (const v of model.importance) total += v;
  for (let j = 0; j < p; j++) model.importance[j] = total > 0 ? model.importance[j] / total : 0;
  return model;
}

/**
 * Grows depth-limited regression trees on g, level by level: per level and feature one pass over
 * the samples finds every node's best split — through a (node × bin) histogram for a feature with
 * few distinct values, or by walking the samples in the feature's sorted order (presorted once)
 * for one with many. Both see exactly the candidate thresholds sklearn's BestSplitter sees.
 */
class TreeGrower {
  /** Leaf node of each sample after grow(). */
  readonly leafOf: Int32Array;
  private readonly nodeOf: Int32Array;
  private readonly order: (Int32Array | null)[];
  private readonly at: Int32Array;
  private readonly hSum: Float64Array;
  private readonly hCnt: Float64Array;
  private readonly mode: number[] = [];
  private readonly rest: (Int32Array | null)[] = [];

  constructor(
    private readonly bins: FeatureBins,
    private readonly n: number,
    private readonly p: number,
    private readonly maxDepth: number,
    private readonly rng: Rng,
    private readonly importance: Float64Array,
  ) {
    this.leafOf = new Int32Array(n);
    this.nodeOf = new Int32Array(n);
    const width = 1 << Math.max(0, maxDepth - 1);
    let cells = 0;
    this.at = new Int32Array(p);
    this.order = [];
    for (let j = 0; j < p; j++) {
      const B = bins.count[j];
      if (B * width <= n) {
        this.at[j] = cells;
        cells += B * width;
        this.order.push(null);
        // The most frequent value's cell is the node's total minus the others: only the samples
        // off it are read (a one-hot unit is off 0 for one sample in its group size).
        const col = j * n;
        const freq = new Int32Array(B);
        for (let i = 0; i < n; i++) freq[bins.code[col + i]]++;
        let mode = 0;
        for (let b = 1; b < B; b++) if (freq[b] > freq[mode]) mode = b;
        this.mode.push(mode);
        const rest = new Int32Array(n - freq[mode]);
        for (let i = 0, r = 0; i < n; i++) if (bins.code[col + i] !== mode) rest[r++] = i;
        this.rest.push(rest);
      } else {
        this.mode.push(-1);
        this.rest.push(null);
        const col = j * n;
        this.order.push(Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => bins.code[col + a] - bins.code[col + b] || a - b));
      }
    }
    this.hSum = new Float64Array(cells);
    this.hCnt = new Float64Array(cells);
  }

  grow(g: Float64Array): GbtTree {
    const { n, p, bins, nodeOf } = this;
    const feature: number[] = [-1];
    const threshold: number[] = [0];
    const left: number[] = [-1];
    const right: number[] = [-1];
    nodeOf.fill(0);
    // The open nodes of this level (tree node ids), their samples' count and sum of g.
    let level = [0];
    for (let depth = 0; level.length > 0; depth++) {
      const L = level.length;
      const m = new Float64Array(L);
      const sum = new Float64Array(L);
      const sq = new Float64Array(L);
      for (let i = 0; i < n; i++) {
        const t = nodeOf[i];
        if (t < 0) continue;
        m[t]++;
        sum[t] += g[i];
        sq[t] += g[i] * g[i];
      }
      // Leaves: too deep, too small, or pure (sklearn: impurity ≤ EPSILON).
      const open = level.map((_, t) => depth < this.maxDepth && m[t] >= 2 && sq[t] / m[t] - (sum[t] / m[t]) ** 2 > EPSILON);
      const best = new Float64Array(L).fill(-1);
      const bestFeature = new Int32Array(L).fill(-1);
      const bestLo = new Float64Array(L);
      const bestHi = new Float64Array(L);
      const bestBin = new Int32Array(L);
      const ties = new Int32Array(L);
      const fBest = new Float64Array(L);
      const fBin = new Int32Array(L);
      const fLo = new Float64Array(L);
      const fHi = new Float64Array(L);
      const nL = new Float64Array(L);
      const sL = new Float64Array(L);
      const last = new Int32Array(L);
      if (open.some(Boolean)) {
        for (let j = 0; j < p; j++) {
          fBest.fill(-1);
          fBin.fill(-1);
          nL.fill(0);
          sL.fill(0);
          const col = j * n;
          const off = bins.offset[j];
          // A candidate: node t, left = its samples with bin ≤ prev, right = the rest (prev < b).
          const candidate = (t: number, prev: number, b: number) => {
            const nR = m[t] - nL[t];
            const d = nR * sL[t] - nL[t] * (sum[t] - sL[t]);
            const proxy = (d * d) / (nL[t] * nR);
            if (proxy > fBest[t]) {
              fBest[t] = proxy;
              fBin[t] = prev;
              fLo[t] = bins.hi[off + prev];
              fHi[t] = bins.lo[off + b];
            }
          };
          const order = this.order[j];
          if (order) {
            last.fill(-1);
            const code = bins.code;
            if (L === 1) {
              // The root (every sample, in sorted order): the same walk without the per-node arrays.
              if (!open[0]) continue;
              const m0 = m[0];
              const s0 = sum[0];
              let n0 = 0;
              let sum0 = 0;
              let prev = -1;
              let best0 = -1;
              let bin0 = -1;
              let next0 = -1;
              for (let q = 0; q < n; q++) {
                const i = order[q];
                const b = code[col + i];
                if (prev >= 0 && b !== prev) {
                  const nR = m0 - n0;
                  const d = nR * sum0 - n0 * (s0 - sum0);
                  const proxy = (d * d) / (n0 * nR);
                  if (proxy > best0) {
                    best0 = proxy;
                    bin0 = prev;
                    next0 = b;
                  }
                }
                n0++;
                sum0 += g[i];
                prev = b;
              }
              if (bin0 >= 0) {
                fBest[0] = best0;
                fBin[0] = bin0;
                fLo[0] = bins.hi[off + bin0];
                fHi[0] = bins.lo[off + next0];
              }
            } else {
              for (let q = 0; q < n; q++) {
                const i = order[q];
                const t = nodeOf[i];
                if (t < 0 || !open[t]) continue;
                const b = code[col + i];
                if (last[t] >= 0 && b !== last[t]) candidate(t, last[t], b);
                nL[t]++;
                sL[t] += g[i];
                last[t] = b;
              }
            }
          } else {
            const B = bins.count[j];
            const h0 = this.at[j];
            this.hSum.fill(0, h0, h0 + B * L);
            this.hCnt.fill(0, h0, h0 + B * L);
            // (Locals, not fields, in the hot loop: V8 does not hoist the field loads.)
            const rest = this.rest[j]!;
            const hSum = this.hSum;
            const hCnt = this.hCnt;
            const code = bins.code;
            for (let r = 0; r < rest.length; r++) {
              const i = rest[r];
              const t = nodeOf[i];
              if (t < 0) continue;
              const c = h0 + t * B + code[col + i];
              hSum[c] += g[i];
              hCnt[c]++;
            }
            const mode = this.mode[j];
            for (let t = 0; t < L; t++) {
              if (!open[t]) continue;
              let cnt = 0;
              let s = 0;
              for (let b = 0; b < B; b++) {
                cnt += this.hCnt[h0 + t * B + b];
                s += this.hSum[h0 + t * B + b];
              }
              this.hCnt[h0 + t * B + mode] = m[t] - cnt;
              this.hSum[h0 + t * B + mode] = sum[t] - s;
              let prev = -1;
              for (let b = 0; b < B; b++) {
                const c = this.hCnt[h0 + t * B + b];
                if (c === 0) continue;
                if (prev >= 0) candidate(t, prev, b);
                nL[t] += c;
                sL[t] += this.hSum[h0 + t * B + b];
                prev = b;
              }
            }
          }
          // Across features: near-equal gains are tied, one drawn with the seeded stream.
          for (let t = 0; t < L; t++) {
            if (fBin[t] < 0) continue;
            if (bestFeature[t] < 0 || fBest[t] > best[t] * (1 + TIE)) {
              best[t] = fBest[t];
              ties[t] = 1;
            } else if (!(fBest[t] >= best[t] * (1 - TIE) && this.rng.int(++ties[t]) === 0)) continue;
            bestFeature[t] = j;
            bestBin[t] = fBin[t];
            bestLo[t] = fLo[t];
            bestHi[t] = fHi[t];
          }
        }
      }
      // Split the open nodes that found a split; the rest become leaves.
      const next: number[] = [];
      const childOf = new Int32Array(L * 2).fill(-1);
      level.forEach((node, t) => {
        if (!open[t] || bestFeature[t] < 0) return;
        const j = bestFeature[t];
        // sklearn's threshold: midway between the largest value going left and the smallest going right.
        let th = bestLo[t] / 2 + bestHi[t] / 2;
        if (th === bestHi[t] || !Number.isFinite(th)) th = bestLo[t];
        this.importance[j] += best[t] / m[t];
        feature[node] = j;
        threshold[node] = th;
        for (const side of [0, 1]) {
          childOf[t * 2 + side] = next.length;
          next.push(feature.length);
          feature.push(-1);
          threshold.push(0);
          left.push(-1);
          right.push(-1);
        }
        left[node] = next[childOf[t * 2]];
        right[node] = next[childOf[t * 2 + 1]];
      });
      for (let i = 0; i < n; i++) {
        const t = nodeOf[i];
        if (t < 0) continue;
        const j = feature[level[t]];
        if (j < 0) {
          this.leafOf[i] = level[t];
          nodeOf[i] = -1;
        } else nodeOf[i] = childOf[t * 2 + (bins.code[j * n + i] <= bestBin[t] ? 0 : 1)];
      }
      level = next;
    }
    return {
      feature: Int32Array.from(feature), threshold: Float64Array.from(threshold),
      left: Int32Array.from(left), right: Int32Array.from(right), value: new Float64Array(feature.length),
    };
  }
}

/** Predicted labels (the training labels' values) for x (rows × p, raw feature values). */
export function predictGbt(model: GbtModel, x: Float64Array, rows: number): Int32Array {
  const { p, perStage: K, classes } = model;
  const out = new Int32Array(rows);
  if (K === 0) return out.fill(classes[0] ?? 0);
  const raw = new Float64Array(K);
  const row = new Float64Array(p);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < p; j++) row[j] = Math.fround(x[i * p + j]);
    raw.set(model.init);
    model.trees.forEach((t, ti) => {
      let node = 0;
      while (t.feature[node] >= 0) node = row[t.feature[node]] <= t.threshold[node] ? t.left[node] : t.right[node];
      raw[ti % K] += model.learningRate * t.value[node];
    });
    out[i] = classes[K === 1 ? (raw[0] > 0 ? 1 : 0) : argmax(raw, 0, K)];
  }
  return out;
}
