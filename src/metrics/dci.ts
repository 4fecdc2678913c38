import { Rng } from '../base/prng.js';
import { fitForest, predictForest, type ForestOptions } from './forest.js';
import type { DiscreteVar } from './types.js';

// DCI (Eastwood & Williams 2018) from a random forest per factor (forest.ts).
//
// R (L × F): R_if = importance of code variable i for factor f, from a forest trained on the
// first 2/3 of a seeded shuffle of the samples; informativeness = accuracy on the other 1/3.
//   D = Σ_i ρ_i (1 − H_F(P_i·)),  P_if = R_if / Σ_k R_ik,  ρ_i = Σ_f R_if / Σ R
//   C = Σ_f ρ_f (1 − H_L(P̃_·f)),  P̃_if = R_if / Σ_k R_kf,  ρ_f = Σ_i R_if / Σ R
// Logs are base F and base L. L counts ACTIVE code variables (ones that vary): with all
// variables, padding a code with dead units would raise completeness (a larger log base).
// Guards: F = 1 or L = 1 make every nonzero row/column score 1 − H = 1; a zero row/column has
// weight 0; R = 0 everywhere (a constant code) gives D = C = 0. Informativeness is the plain
// test accuracy; `informativenessAboveChance` rescales it so the majority class scores 0.
//
// Group level: each group is one-hot encoded and importances are summed over its units.

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

export interface DciOptions extends ForestOptions {
  seed?: number;
  /** Fraction of samples used to train the forests (default 2/3). */
  trainFraction?: number;
  /**
   * Cap on forest training samples (default 3000; the test split keeps the rest up to the
   * same cap): tree building costs O(samples × features × depth) per tree.
   */
  maxSamples?: number;
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

/** D and C from an importance matrix R (L × F) and which code variables are active. */
export function dciScores(R: readonly (readonly number[])[], active: readonly boolean[]): { disentanglement: number; completeness: number } {
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
  const activeL = active.filter(Boolean).length;
  let C = 0;
  for (let f = 0; f < F; f++) {
    const col = R.map((row) => row[f]);
    const w = col.reduce((a, b) => a + b, 0) / total;
    if (w > 0) C += w * (1 - normalizedEntropy(col, activeL));
  }
  return { disentanglement: Math.max(0, Math.min(1, D)), completeness: Math.max(0, Math.min(1, C)) };
}

/**
 * DCI of code `features` (the forest inputs, n × p small integers with cardinalities `cards`)
 * against factors; `owner[j]` maps feature j to its code variable (identity at unit level,
 * the group at group level), `numVars` code variables in all.
 */
export function dci(
  features: { x: Int32Array; n: number; p: number; cards: ArrayLike<number>; owner: ArrayLike<number>; numVars: number; active: readonly boolean[] },
  factors: readonly DiscreteVar[],
  options: DciOptions = {},
): DciResult {
  const { x, n, p, cards, owner, numVars } = features;
  const rng = new Rng(options.seed ?? 0, 'dci');
  const order = Int32Array.from({ length: n }, (_, i) => i);
  rng.fork('split').shuffle(order);
  const cap = options.maxSamples ?? 3000;
  const nTrain = n < 2 ? n : Math.min(cap, n - 1, Math.max(1, Math.round(n * (options.trainFraction ?? 2 / 3))));
  const nTest = Math.min(cap, n - nTrain);
  const take = (idx: Int32Array) => {
    const out = new Int32Array(idx.length * p);
    idx.forEach((i, r) => out.set(x.subarray(i * p, (i + 1) * p), r * p));
    return out;
  };
  const trainIdx = order.subarray(0, nTrain);
  const testIdx = nTest > 0 ? order.subarray(nTrain, nTrain + nTest) : order;
  const xTrain = take(trainIdx);
  const xTest = take(testIdx);
  const R = Array.from({ length: numVars }, () => new Array<number>(factors.length).fill(0));
  let acc = 0;
  let accAbove = 0;
  factors.forEach((f, fi) => {
    const yTrain = Int32Array.from(trainIdx, (i) => f.values[i]);
    const forest = fitForest({ x: xTrain, n: nTrain, p, cards, y: yTrain, numClasses: f.cardinality }, rng.fork(`factor${fi}`), options);
    for (let j = 0; j < p; j++) R[owner[j]][fi] += forest.importance[j];
    const pred = predictForest(forest, xTest, testIdx.length);
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
  return { ...dciScores(R, features.active), informativeness: acc / F, informativenessAboveChance: accAbove / F, importance: R };
}
