import { Rng } from '../base/prng.js';
import { fitForest, predictForest, type ForestOptions } from './forest.js';
import { fitGbt, predictGbtRows, type GbtOptions } from './gbt.js';
import { featureBins, type FeatureBins } from './gbt-bins.js';
import { gbtRows, type GbtRows } from './gbt-rows.js';
import type { DiscreteVar } from './types.js';

// DCI (Eastwood & Williams 2018) from a tree ensemble per factor: a random forest (forest.ts,
// wtanet's default) or gradient-boosted trees (gbt.ts, disentanglement_lib's choice).
//
// R (L × F): R_if = importance of code variable i for factor f, from the ensemble trained on the
// training rows; informativeness = accuracy on the test rows. Rows: `split: 'shuffle'` (default)
// takes the first 2/3 of a seeded shuffle for training, the rest for testing, each capped at
// maxSamples (3000); `split: 'first'` takes the rows in their order, as disentanglement_lib's
// split_train_test: the first ⌈n · 2/3⌉ train, the rest test — unless that exceeds maxSamples or
// maxTest: then, as the library's compute_dci draws its points at random, maxSamples training
// and maxTest test rows from a seeded shuffle.
//   D = Σ_i ρ_i (1 − H_F(P_i·)),  P_if = R_if / Σ_k R_ik,  ρ_i = Σ_f R_if / Σ R
//   C = Σ_f ρ_f (1 − H_L(P̃_·f)),  P̃_if = R_if / Σ_k R_kf,  ρ_f = Σ_i R_if / Σ R
// Logs are base F and base L. With `logBase: 'active'` (default) L counts ACTIVE code variables
// (ones that vary): with all variables, padding a code with dead units would raise completeness
// (a larger log base). `logBase: 'all'` counts every variable, as disentanglement_lib does
// (importance_matrix.shape[0]); its entropies also add 1e-11 to every entry, a difference below
// 1e-9 that is not reproduced.
// Guards: F = 1 or L = 1 make every nonzero row/column score 1 − H = 1; a zero row/column has
// weight 0; R = 0 everywhere (a constant code) gives D = C = 0. Informativeness is the plain
// test accuracy; `informativenessAboveChance` rescales it so the majority class scores 0.
//
// Features: the caller's rows (report.ts: at group level each group one-hot or its index, at
// unit level each unit's bin or raw value); `owner` maps features to code variables and the
// importances of a variable's features are summed.

export interface DciResult {
  disentanglement: number;
  completeness: number;
  /** Mean test accuracy over factors. */
  informativeness: number;
  /** Mean over factors of (acc − majority) / (1 − majority), 0 when a factor is constant. */
  informativenessAboveChance: number;
  /** L × F importance matrix (rows: code variables). */
  importance: number[][];
}

export interface DciOptions extends ForestOptions, GbtOptions {
  seed?: number;
  /** 'forest' (default) or 'gbt'. */
  estimator?: 'forest' | 'gbt';
  /** 'shuffle' (default): a seeded shuffle of the rows; 'first': the rows in their order (a seeded sample beyond the caps). */
  split?: 'shuffle' | 'first';
  /** Fraction of samples used to train (default 2/3). */
  trainFraction?: number;
  /**
   * Cap on training samples (default 3000): tree building costs O(samples × features × depth)
   * per tree.
   */
  maxSamples?: number;
  /** Cap on test samples (default: maxSamples). */
  maxTest?: number;
  /** Log base of completeness: 'active' code variables (default) or 'all'. */
  logBase?: 'active' | 'all';
}

/** The rows fed to the ensembles: n rows of p features, written on demand. */
export interface DciFeatures {
  n: number;
  p: number;
  /** Integer features in [0, cards[j]) (what the forest needs); null: real values (gbt only). */
  cards: ArrayLike<number> | null;
  /** Code variable of each feature. */
  owner: ArrayLike<number>;
  numVars: number;
  active: readonly boolean[];
  /** Writes row i's p features to out[at, at + p). */
  row(i: number, out: Float64Array, at: number): void;
}

/** Entropy of a nonnegative vector normalized to sum 1, in base `base` (0 for base ≤ 1). */
function normalizedEntropy(row: readonly number[], base: number): number {
  let sum = 0;
  for (const v of row) sum += v;
  if (!(sum > 0) || base <= 1) return 0;
  let h = 0;
  for (const v of row) if (v > 0) h -= (v / sum) * Math.log(v / sum);
  return Math.min(1, h / Math.log(base));
}

/**
 * D and C from an importance matrix R (L × F) and which code variables are active; the log base
 * of completeness is the number of active variables, or of all with logBase 'all'.
 */
export function dciScores(R: readonly (readonly number[])[], active: readonly boolean[], logBase: 'active' | 'all' = 'active'): { disentanglement: number; completeness: number } {
  const L = R.length;
  const F = L > 0 ? R[0].length : 0;
  let total = 0;
  for (const row of R) for (const v of row) total += v;
  if (!(total > 0)) return { disentanglement: 0, completeness: 0 };
  let D = 0;
  for (const row of R) {
    const w = row.reduce((a, b) => a + b, 0) / total;
    if (w > 0) D += w * (1 - normalizedEntropy(row, F));
  }
  const activeL = logBase === 'all' ? L : active.filter(Boolean).length;
  let C = 0;
  for (let f = 0; f < F; f++) {
    const col = R.map((row) => row[f]);
    const w = col.reduce((a, b) => a + b, 0) / total;
    if (w > 0) C += w * (1 - normalizedEntropy(col, activeL));
  }
  return { disentanglement: Math.max(0, Math.min(1, D)), completeness: Math.max(0, Math.min(1, C)) };
}

/** DCI of the code rows `features` against the factors (scored factors only). */
export function dci(features: DciFeatures, factors: readonly DiscreteVar[], options: DciOptions = {}): DciResult {
  const { n, p, cards, owner, numVars } = features;
  const estimator = options.estimator ?? 'forest';
  if (estimator === 'forest' && !cards) throw new Error('dci: the forest needs integer features; real-valued features need the gbt estimator');
  const rng = new Rng(options.seed ?? 0, 'dci');
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const cap = options.maxSamples ?? 3000;
  const testCap = options.maxTest ?? cap;
  const fraction = options.trainFraction ?? 2 / 3;
  let nTrain: number;
  if ((options.split ?? 'shuffle') === 'shuffle') {
    rng.fork('split').shuffle(order);
    nTrain = n < 2 ? n : Math.min(cap, n - 1, Math.max(1, Math.round(n * fraction)));
  } else if (Math.ceil(n * fraction) <= cap && n - Math.ceil(n * fraction) <= testCap) nTrain = Math.ceil(n * fraction);
  else {
    // More rows than the caps: as disentanglement_lib's compute_dci, which draws its
    // num_train and num_test points at random, a seeded sample (a file sorted by factor would
    // otherwise train on a corner of the factor space).
    rng.fork('split').shuffle(order);
    nTrain = Math.min(cap, n - 1);
  }
  const nTest = Math.min(testCap, n - nTrain);
  const trainIdx = order.subarray(0, nTrain);
  const testIdx = nTest > 0 ? order.subarray(nTrain, nTrain + nTest) : order;
  const rows = (idx: Int32Array) => {
    const out = new Float64Array(idx.length * p);
    for (let r = 0; r < idx.length; r++) features.row(idx[r], out, r * p);
    return out;
  };
  const xTrain = rows(trainIdx);
  const xTest = rows(testIdx);
  // The forest reads integers (the gbt: the rows as they are).
  const intTrain = cards && estimator === 'forest' ? Int32Array.from(xTrain) : null;
  const intTest = cards && estimator === 'forest' ? Int32Array.from(xTest) : null;
  const R = Array.from({ length: numVars }, () => new Array<number>(factors.length).fill(0));
  let acc = 0;
  let accAbove = 0;
  // The gbt's bins depend on the training rows only, its test rows' layout on the test rows: each made once for all factors.
  let bins: FeatureBins | undefined;
  let test: GbtRows | undefined;
  factors.forEach((f, fi) => {
    const yTrain = new Int32Array(nTrain);
    for (let r = 0; r < nTrain; r++) yTrain[r] = f.values[trainIdx[r]];
    let importance: Float64Array;
    let pred: Int32Array;
    if (estimator === 'gbt') {
      bins ??= featureBins(xTrain, nTrain, p, options.maxBins ?? 256);
      const model = fitGbt({ x: xTrain, n: nTrain, p, y: yTrain, bins }, rng.fork(`gbt-factor${fi}`), options);
      importance = model.importance;
      test ??= gbtRows(xTest, testIdx.length, p);
      pred = predictGbtRows(model, test);
    } else {
      const forest = fitForest({ x: intTrain!, n: nTrain, p, cards: cards!, y: yTrain, numClasses: f.cardinality }, rng.fork(`factor${fi}`), options);
      importance = forest.importance;
      pred = predictForest(forest, intTest!, testIdx.length);
    }
    for (let j = 0; j < p; j++) R[owner[j]][fi] += importance[j];
    let correct = 0;
    const counts = new Float64Array(f.cardinality);
    testIdx.forEach((i, r) => {
      if (pred[r] === f.values[i]) correct++;
      counts[f.values[i]]++;
    });
    const a = correct / testIdx.length;
    let most = 0;
    for (const c of counts) most = Math.max(most, c);
    const majority = most / testIdx.length;
    acc += a;
    accAbove += majority < 1 ? Math.max(0, (a - majority) / (1 - majority)) : 0;
  });
  const F = Math.max(1, factors.length);
  return { ...dciScores(R, features.active, options.logBase ?? 'active'), informativeness: acc / F, informativenessAboveChance: accAbove / F, importance: R };
}
