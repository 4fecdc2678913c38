import type { Rng } from '../base/prng.js';
import { argmax } from '../base/argmax.js';

// A small random forest of Gini classification trees, for DCI importances.
//
// Features are small nonnegative integers (win indicators, one-hot group codes, or a
// continuous unit's 20-bin index), so a split is "x ≤ t" and each node's best split is
// found from a (value × class) histogram per feature, exactly — no sorting, no float ties.
// Determinism: bootstrap draws, feature subsets and tie-breaks come from the given Rng.
// Ties: among splits whose gains are equal (within 1e-9 of the node's weight, far above
// rounding and far below any real difference of counts) one is drawn uniformly with the seeded
// stream, as scikit-learn does by visiting features in random order. Never by feature index:
// duplicated features must share importance, and permuting features must not change it.
// Importance: the weighted Gini decrease of each split, summed per feature, normalized to
// sum 1 per tree (as scikit-learn's feature_importances_), averaged over trees.

export interface ForestOptions {
  /** Trees in the ensemble (default 10). */
  trees?: number;
  /** Maximum depth (default 16). */
  maxDepth?: number;
  /**
   * Features tried at each split (default: all, i.e. bagged trees). With all features, a
   * feature that explains nothing never wins a split while an informative one is left, so
   * importances of noise stay at 0 on a clean code — the behaviour of the gradient-boosted
   * trees in disentanglement_lib, which also consider every feature at every split.
   */
  featuresPerSplit?: number;
  /** Bootstrap resampling of the training set per tree (default true). */
  bootstrap?: boolean;
}

interface Tree {
  feature: Int32Array; // −1 for a leaf
  threshold: Int32Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf class distributions, numClasses per node. */
  dist: Float64Array;
}

export interface Forest {
  numFeatures: number;
  numClasses: number;
  trees: Tree[];
  /** Mean normalized impurity decrease per feature (sums to 1 unless no tree ever split). */
  importance: Float64Array;
}

export interface ForestData {
  /** n × p feature values, each in [0, cards[j]). */
  x: Int32Array;
  n: number;
  p: number;
  cards: ArrayLike<number>;
  y: Int32Array;
  numClasses: number;
}

function gini(counts: Float64Array, offset: number, k: number, total: number): number {
  if (total <= 0) return 0;
  let s = 0;
  for (let c = 0; c < k; c++) {
    const q = counts[offset + c] / total;
    s += q * q;
  }
  return 1 - s;
}

export function fitForest(data: ForestData, rng: Rng, options: ForestOptions = {}): Forest {
  const { x, n, p, cards, y, numClasses: K } = data;
  if (x.length !== n * p) throw new Error(`forest: x has ${x.length} values, expected ${n} × ${p}`);
  if (y.length !== n) throw new Error(`forest: y has ${y.length} labels, expected ${n}`);
  const numTrees = options.trees ?? 10;
  const maxDepth = options.maxDepth ?? 16;
  const mtry = Math.min(p, options.featuresPerSplit ?? p);
  const bootstrap = options.bootstrap ?? true;
  // One histogram per feature, side by side: a node's samples are read row by row (x is
  // row-major) in one pass for all features. Each bin still sums its samples in the same order
  // as a per-feature pass would, so the numbers are identical, only the memory access is not.
  const histAt = new Int32Array(p + 1);
  for (let j = 0; j < p; j++) histAt[j + 1] = histAt[j] + Math.max(1, cards[j]) * K;
  // Histogram buffers are recycled across nodes and trees (a node's is handed to a child).
  const pool: Float64Array[] = [];
  const histogram = (samples: readonly number[], tried: readonly number[]): Float64Array => {
    const hist = pool.pop() ?? new Float64Array(histAt[p]);
    hist.fill(0);
    if (tried.length < p) {
      for (const j of tried) for (const i of samples) hist[histAt[j] + x[i * p + j] * K + y[i]] += weight[i];
      return hist;
    }
    for (const i of samples) {
      const w = weight[i];
      const row = i * p;
      const c = y[i];
      for (let j = 0; j < p; j++) hist[histAt[j] + x[row + j] * K + c] += w;
    }
    return hist;
  };
  const leftCounts = new Float64Array(K);
  const importance = new Float64Array(p);
  const trees: Tree[] = [];

  const weight = new Float64Array(n);
  for (let t = 0; t < numTrees; t++) {
    weight.fill(0);
    if (bootstrap) for (let i = 0; i < n; i++) weight[rng.int(n)]++;
    else weight.fill(1);
    const rootSamples: number[] = [];
    for (let i = 0; i < n; i++) if (weight[i] > 0) rootSamples.push(i);

    const feature: number[] = [];
    const threshold: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const dist: number[] = [];
    const treeImportance = new Float64Array(p);
    const features = Int32Array.from({ length: p }, (_, j) => j);

    // Explicit stack: (node id, samples, depth, and the node's histogram when already known).
    const stack: { node: number; samples: number[]; depth: number; hist?: Float64Array }[] = [];
    const newNode = () => {
      feature.push(-1);
      threshold.push(0);
      left.push(-1);
      right.push(-1);
      for (let c = 0; c < K; c++) dist.push(0);
      return feature.length - 1;
    };
    stack.push({ node: newNode(), samples: rootSamples, depth: 0 });
    while (stack.length > 0) {
      const { node, samples, depth, hist: known } = stack.pop()!;
      const counts = new Float64Array(K);
      let total = 0;
      for (const i of samples) {
        counts[y[i]] += weight[i];
        total += weight[i];
      }
      for (let c = 0; c < K; c++) dist[node * K + c] = total > 0 ? counts[c] / total : 0;
      const parentGini = gini(counts, 0, K, total);
      if (depth >= maxDepth || parentGini <= 1e-12 || samples.length < 2) {
        if (known) pool.push(known);
        continue;
      }

      if (mtry < p) {
        // Partial Fisher–Yates: the first mtry entries become a uniform random subset.
        for (let a = 0; a < mtry; a++) {
          const b = a + rng.int(p - a);
          const tmp = features[a];
          features[a] = features[b];
          features[b] = tmp;
        }
      }
      const tried = mtry < p ? Array.from(features.subarray(0, mtry)).sort((a, b) => a - b) : Array.from(features);
      const hist = known ?? histogram(samples, tried);
      const minGain = 1e-12 * total;
      const tieTol = 1e-9 * total;
      let bestGain = 0;
      let bestFeature = -1;
      let bestThreshold = 0;
      let ties = 0;
      for (const j of tried) {
        const card = cards[j];
        if (card < 2) continue;
        const h0 = histAt[j];
        leftCounts.fill(0);
        let leftTotal = 0;
        for (let b = 0; b < card - 1; b++) {
          let binTotal = 0;
          for (let c = 0; c < K; c++) {
            leftCounts[c] += hist[h0 + b * K + c];
            binTotal += hist[h0 + b * K + c];
          }
          leftTotal += binTotal;
          if (binTotal === 0 || leftTotal === 0 || leftTotal === total) continue;
          let leftSq = 0;
          let rightSq = 0;
          for (let c = 0; c < K; c++) {
            const l = leftCounts[c];
            const r = counts[c] - l;
            leftSq += l * l;
            rightSq += r * r;
          }
          const rightTotal = total - leftTotal;
          // total·G(parent) − nL·G(left) − nR·G(right), with G = 1 − Σ q².
          const gain = total * parentGini - (leftTotal - leftSq / leftTotal) - (rightTotal - rightSq / rightTotal);
          if (!(gain > minGain)) continue;
          if (bestFeature < 0 || gain > bestGain + tieTol) {
            bestGain = gain;
            bestFeature = j;
            bestThreshold = b;
            ties = 1;
          } else if (gain >= bestGain - tieTol && rng.int(++ties) === 0) {
            // Reservoir sampling: each of the tied splits is kept with probability 1/ties.
            bestFeature = j;
            bestThreshold = b;
          }
        }
      }
      if (bestFeature < 0) {
        pool.push(hist);
        continue;
      }
      treeImportance[bestFeature] += bestGain;
      feature[node] = bestFeature;
      threshold[node] = bestThreshold;
      const ls: number[] = [];
      const rs: number[] = [];
      for (const i of samples) (x[i * p + bestFeature] <= bestThreshold ? ls : rs).push(i);
      const l = newNode();
      const r = newNode();
      left[node] = l;
      right[node] = r;
      // With every feature tried, the children's histograms come cheaper than from their
      // samples (when the larger child outweighs a pass over the histogram): count the
      // smaller child, and the larger is the parent minus it. Weights are
      // whole numbers, so every bin is an exact integer and the difference is exactly what
      // counting would give (results do not change, only the work halves).
      let hl: Float64Array | undefined;
      let hr: Float64Array | undefined;
      const leftSmaller = ls.length <= rs.length;
      if (mtry === p && depth + 1 < maxDepth && (leftSmaller ? rs : ls).length * p > 2 * hist.length) {
        const small = histogram(leftSmaller ? ls : rs, tried);
        for (let q = 0; q < hist.length; q++) hist[q] -= small[q];
        hl = leftSmaller ? small : hist;
        hr = leftSmaller ? hist : small;
      } else pool.push(hist);
      stack.push({ node: r, samples: rs, depth: depth + 1, hist: hr }, { node: l, samples: ls, depth: depth + 1, hist: hl });
    }
    let sum = 0;
    for (const v of treeImportance) sum += v;
    if (sum > 0) for (let j = 0; j < p; j++) importance[j] += treeImportance[j] / sum / numTrees;
    trees.push({
      feature: Int32Array.from(feature), threshold: Int32Array.from(threshold),
      left: Int32Array.from(left), right: Int32Array.from(right), dist: Float64Array.from(dist),
    });
  }
  return { numFeatures: p, numClasses: K, trees, importance };
}

/** Class with the highest mean leaf probability over the trees (ties: lowest class). */
export function predictForest(forest: Forest, x: Int32Array, n: number): Int32Array {
  const { numFeatures: p, numClasses: K } = forest;
  const out = new Int32Array(n);
  const prob = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    prob.fill(0);
    for (const t of forest.trees) {
      let node = 0;
      while (t.feature[node] >= 0) node = x[i * p + t.feature[node]] <= t.threshold[node] ? t.left[node] : t.right[node];
      for (let c = 0; c < K; c++) prob[c] += t.dist[node * K + c];
    }
    out[i] = argmax(prob, 0, K);
  }
  return out;
}
