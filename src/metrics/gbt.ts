import type { Rng } from '../base/prng.js';
import { argmax } from '../base/argmax.js';
import { featureBins, type FeatureBins } from './gbt-bins.js';
import { gbtRows, type GbtRows } from './gbt-rows.js';
import { growerLayout } from './gbt-layout.js';
import { HistGrower, WALK_ABOVE, type GbtTree } from './gbt-tree.js';
import { newtonLeaves, newtonLeavesWasm, stageGradients } from './gbt-stage.js';
import { gbtWasm, stageMemory, wasmLayout, type GbtExports } from './gbt-wasm.js';

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
// - Splits: a feature with at most maxBins (256) distinct training values has one bin per value
//   and a node's candidates are the midpoints between neighbouring values present in the node,
//   as sklearn's BestSplitter; only the order of float sums differs (about 1e-16 relative), and
//   sklearn never splits between values closer than 1e-7 (its FEATURE_THRESHOLD), which are
//   distinct here. A feature with more values (a continuous unit over 10 000 rows) is cut into
//   maxBins quantile bins and split only between bins, as LightGBM and sklearn's
//   HistGradientBoosting do: the price of reading each node from histograms (gbt-tree.ts)
//   rather than in sorted order. maxBins: Infinity restores the exact search.
// - Ties. sklearn visits features in a random order per split (random_state=None in
//   disentanglement_lib: not reproducible) and keeps the first best. Here each feature's best
//   threshold is the first best (as sklearn), and among features whose gains are equal within
//   1e-9 relative one is drawn uniformly with the seeded stream: the same distribution, and
//   duplicated features share importance, as METRICS.md asks.
// Values are rounded to float32 first, as sklearn's trees read them.
//
// The loops over samples run in the gbt's own wasm module (assembly/gbt.ts, loaded by
// gbt-wasm.ts) when it can be compiled: the gradients (fdlibm's exp, which V8's Math.exp is),
// the root sums, a tree's histograms, partitions, threshold scans and sorted walks, the Newton
// leaves and the predictions. Each does its TypeScript twin's float operations in the same
// order (gbt-stage.ts, gbt-loops.ts, gbt-tree.ts), so a model is the same to the bit either way
// (test/metrics/gbt-wasm.test.ts); the twins run where wasm cannot be compiled.

export interface GbtOptions {
  /** Boosting stages (default 100). */
  stages?: number;
  /** Shrinkage (default 0.1). */
  learningRate?: number;
  /** Tree depth (default 3). */
  depth?: number;
  /**
   * Bins per feature (default 256): a feature with more distinct training values is cut into
   * this many quantile bins and split only between them (gbt-bins.ts); Infinity: exact splits.
   */
  maxBins?: number;
  /**
   * Features with more bins than this are searched by walking their samples in value order
   * rather than through histograms (default 256, gbt-tree.ts). Both searches are exact over the
   * bins; tests set 0 to check one against the other.
   */
  walkAbove?: number;
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

/**
 * Fits the model to x (n × p, row-major) and labels y. `bins`: featureBins(x, n, p, maxBins) when
 * already computed (DCI fits one model per factor on the same rows).
 */
export function fitGbt(data: { x: Float64Array; n: number; p: number; y: Int32Array; bins?: FeatureBins }, rng: Rng, options: GbtOptions = {}): GbtModel {
  const { x, n, p, y } = data;
  if (x.length !== n * p) throw new Error(`gbt: x has ${x.length} values, expected ${n} × ${p}`);
  if (y.length !== n) throw new Error(`gbt: y has ${y.length} labels, expected ${n}`);
  const stages = options.stages ?? 100;
  const lr = options.learningRate ?? 0.1;
  const maxDepth = options.depth ?? 3;
  const classes = Int32Array.from(new Set(y)).sort();
  const C = classes.length;
  const cls = new Int32Array(n);
  for (let i = 0; i < n; i++) cls[i] = classes.indexOf(y[i]);
  const perStage = C < 2 ? 0 : C === 2 ? 1 : C;
  const prior = new Float64Array(C);
  for (let i = 0; i < n; i++) prior[cls[i]] += 1 / n;
  const init = perStage === 1 ? Float64Array.of(Math.log(prior[1] / (1 - prior[1]))) : Float64Array.from(prior, Math.log);
  const model: GbtModel = { p, classes, perStage, init, learningRate: lr, trees: [], importance: new Float64Array(p) };
  if (perStage === 0 || n < 2) return model;

  const bins = data.bins ?? featureBins(x, n, p, options.maxBins ?? 256);
  const K = perStage;
  const walkAbove = options.walkAbove ?? WALK_ABOVE;
  // The stage's arrays in the gbt's wasm module when it can be used (gbt-wasm.ts), which then
  // computes the gradients and the root sums; the same numbers either way.
  const mem = stageMemory(n, K, growerLayout(bins, n, p, walkAbove), bins.code, maxDepth);
  const raw = mem?.raw ?? new Float64Array(n * K);
  for (let i = 0; i < n; i++) raw.set(init, i * K);
  // The labels one-hot (K = 1: whether of class 1), as the gradients read them.
  const Y = mem?.Y ?? new Float64Array(n * K);
  for (let i = 0; i < n; i++) if (K > 1) Y[i * K + cls[i]] = 1;
  else Y[i] = cls[i] === 1 ? 1 : 0;
  // The stage's gradients, all trees side by side (G[i · K + k]): their roots are summed in one pass.
  const G = mem?.G ?? new Float64Array(n * K);
  const grower = new HistGrower(bins, n, p, maxDepth, rng, model.importance, walkAbove, mem);
  for (let s = 0; s < stages; s++) {
    // Every tree of a stage fits the gradient at the stage's start (sklearn copies the predictions).
    if (mem) mem.ex.gbtGradients(raw.byteOffset, G.byteOffset, Y.byteOffset, n, K);
    else stageGradients(raw, G, Y, n, K);
    grower.stage(G, K);
    for (let k = 0; k < K; k++) {
      const tree = grower.grow(G, K, k);
      if (mem) newtonLeavesWasm(mem, tree, grower.start, grower.end, K, k, lr, grower.pairs, n);
      else newtonLeaves(tree, grower.order, grower.start, grower.end, grower.sortedG, Y, K, k, lr, raw, grower.pairs, bins.code, n);
      model.trees.push(tree);
    }
  }
  let total = 0;
  for (const v of model.importance) total += v;
  for (let j = 0; j < p; j++) model.importance[j] = total > 0 ? model.importance[j] / total : 0;
  return model;
}

/** Predicted labels (the training labels' values) for x (rows × p, raw feature values). */
export function predictGbt(model: GbtModel, x: Float64Array, rows: number): Int32Array {
  return predictGbtRows(model, gbtRows(x, rows, model.p));
}

/** predictGbt on rows laid out once by gbtRows (DCI predicts the same rows with several models). */
export function predictGbtRows(model: GbtModel, x: GbtRows): Int32Array {
  const { perStage: K, classes } = model;
  const out = new Int32Array(x.rows);
  if (K === 0) return out.fill(classes[0] ?? 0);
  const raw = gbtScoresRows(model, x);
  for (let i = 0; i < x.rows; i++) out[i] = classes[K === 1 ? (raw[i] > 0 ? 1 : 0) : argmax(raw, i * K, K)];
  return out;
}

/**
 * The model's raw scores for x (rows × K, K = perStage ≥ 1): the start plus lr × each tree's
 * leaf value, added in tree order. (A view of the wasm module's memory when it computed them:
 * valid until its next use.)
 */
export function gbtScores(model: GbtModel, x: Float64Array, rows: number): Float64Array {
  return gbtScoresRows(model, gbtRows(x, rows, model.p));
}

function gbtScoresRows(model: GbtModel, x: GbtRows): Float64Array {
  const { p, perStage: K, learningRate: lr } = model;
  if (x.p !== p) throw new Error(`gbt: the rows have ${x.p} features, the model ${p}`);
  const ex = gbtWasm();
  if (ex) return predictWasm(ex, model, x);
  const { rows } = x;
  // The columns gbtRows laid out (float32 is exact: the trees read values rounded to float32; a
  // byte layout widened as is): a tree reads a few columns, each a short run of memory.
  const xs = x.cols instanceof Float32Array ? x.cols : Float32Array.from(x.cols);
  const raw = new Float64Array(rows * K);
  for (let i = 0; i < rows; i++) raw.set(model.init, i * K);
  // Tree by tree over all rows (a tree's arrays stay in cache); each row still adds its trees'
  // values in tree order, so the sums are the same numbers as row by row.
  model.trees.forEach((t, ti) => addTree(t, xs, rows, raw, K, ti % K, lr));
  return raw;
}

/** predictGbt's raw scores computed by the wasm module (gbtPredict): the same sums as addTree's. */
function predictWasm(ex: GbtExports, model: GbtModel, x: GbtRows): Float64Array {
  const { perStage: K, trees, learningRate: lr } = model;
  const { rows, narrow, cols } = x;
  let total = 0;
  for (const t of trees) total += t.feature.length;
  // The rows as gbtRows laid them out (bytes when narrow, else float32), copied in at once.
  const width = narrow ? 1 : 4;
  const [xsAt, rawAt, nodesAt, startAt, mostAt] = wasmLayout(ex, [cols.byteLength, rows * K * 8, total * 32, trees.length * 4, trees.length * 4]);
  const buf = ex.memory.buffer;
  (narrow ? new Uint8Array(buf, xsAt, cols.length) : new Float32Array(buf, xsAt, cols.length)).set(cols);
  const raw = new Float64Array(buf, rawAt, rows * K);
  for (let i = 0; i < rows; i++) raw.set(model.init, i * K);
  // The nodes as 32-byte records (see gbtPredict): i32 column offset, left child, right − left; f64 threshold, value.
  const ints = new Int32Array(buf, nodesAt, total * 8);
  const reals = new Float64Array(buf, nodesAt, total * 4);
  const start = new Int32Array(buf, startAt, trees.length);
  const most = new Int32Array(buf, mostAt, trees.length);
  let at = 0;
  trees.forEach((t, ti) => {
    start[ti] = at;
    const depth = new Int32Array(t.feature.length);
    let deepest = 0;
    for (let a = 0; a < t.feature.length; a++, at++) {
      const leaf = t.feature[a] < 0;
      ints[at * 8] = leaf ? 0 : t.feature[a] * rows * width;
      ints[at * 8 + 1] = leaf ? a : t.left[a];
      ints[at * 8 + 2] = leaf ? 0 : t.right[a] - t.left[a];
      reals[at * 4 + 2] = leaf ? 0 : t.threshold[a];
      reals[at * 4 + 3] = t.value[a];
      if (leaf) deepest = Math.max(deepest, depth[a]);
      else depth[t.left[a]] = depth[t.right[a]] = depth[a] + 1;
    }
    most[ti] = deepest;
  });
  ex.gbtPredict(xsAt, rows, rawAt, K, lr, nodesAt, startAt, mostAt, trees.length, narrow);
  return raw;
}

/**
 * raw[i · K + k] += lr × the value of row i's leaf, for every row. Each row takes exactly
 * `depth` steps, a leaf stepping to itself, and the side is picked by arithmetic rather than a
 * branch (the branch predictor loses on every other row): `step & −!(x ≤ threshold)` is 0 or
 * step. (A conditional expression `x ≤ threshold ? 0 : step` compiles to a branch in V8 and
 * took twice as long.) The leaves reached are those of `x ≤ threshold ? left : right`, NaN
 * included.
 */
function addTree(t: GbtTree, xs: Float32Array, rows: number, raw: Float64Array, K: number, k: number, lr: number): void {
  const m = t.feature.length;
  const f = new Int32Array(m); // where the node's column starts in xs
  const th = new Float64Array(m);
  const to = new Int32Array(m); // the left child (a leaf: itself)
  const step = new Int32Array(m); // right − left (a leaf: 0)
  const depth = new Int32Array(m);
  let most = 0;
  for (let a = 0; a < m; a++) {
    if (t.feature[a] < 0) {
      to[a] = a;
      most = Math.max(most, depth[a]);
      continue;
    }
    f[a] = t.feature[a] * rows;
    th[a] = t.threshold[a];
    to[a] = t.left[a];
    step[a] = t.right[a] - t.left[a];
    depth[t.left[a]] = depth[t.right[a]] = depth[a] + 1;
  }
  const value = t.value;
  if (most === 3) {
    // The default depth, its three steps written out: no inner loop to count (a quarter faster).
    for (let i = 0; i < rows; i++) {
      let node = to[0] + (step[0] & -!(xs[f[0] + i] <= th[0]));
      node = to[node] + (step[node] & -!(xs[f[node] + i] <= th[node]));
      node = to[node] + (step[node] & -!(xs[f[node] + i] <= th[node]));
      raw[i * K + k] += lr * value[node];
    }
    return;
  }
  for (let i = 0; i < rows; i++) {
    let node = 0;
    for (let d = 0; d < most; d++) node = to[node] + (step[node] & -!(xs[f[node] + i] <= th[node]));
    raw[i * K + k] += lr * value[node];
  }
}
