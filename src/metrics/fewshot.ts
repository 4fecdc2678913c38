import { Rng } from '../base/prng.js';
import { accuracy, trainReadout, type ReadoutOptions } from './readout.js';

// Few-shot transfer: the network is frozen; a linear softmax readout from the bottleneck code
// is fitted on k labelled samples per class of a new task and tested on other samples.
// The k per class are drawn (seeded) from `train`; a class with fewer than k samples there
// contributes all it has. Readout: fitted to convergence (L-BFGS, readout.ts) with a small
// fixed L2 penalty on the weights, FEWSHOT_L2, so the optimum is unique and finite even when k
// samples are separable. A fixed short schedule instead stops wherever it is: on a perfect code
// the units of unrelated groups had gained as much weight as the informative one (5-shot 0.77).

/** ½·λ·‖W‖² added to the mean cross-entropy of the few-shot readout. */
export const FEWSHOT_L2 = 1e-3;

export interface LabelledCodes {
  /** Rows of d values (float32 values; float64 rows are rounded to float32 when read). */
  x: Float32Array | Float64Array;
  n: number;
  d: number;
  y: Int32Array;
  /**
   * Row r of the set is x's row rows[r] (default: row r). For a training set only: its few
   * chosen rows are read where they are, with no copy of the whole set.
   */
  rows?: Int32Array;
}

export function fewShotAccuracy(
  train: LabelledCodes,
  test: LabelledCodes,
  numClasses: number,
  k: number,
  seed: number,
  options: ReadoutOptions = {},
): number {
  if (train.d !== test.d) throw new Error(`few-shot: train codes have width ${train.d}, test codes ${test.d}`);
  if (!Number.isInteger(k) || k < 1) throw new Error(`few-shot: k must be a positive integer, got ${k}`);
  if (test.rows || !(test.x instanceof Float32Array)) throw new Error('few-shot: the test codes must be float32 rows in order (no rows index)');
  const rng = new Rng(seed, `fewshot-k${k}`);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < train.n; i++) byClass[train.y[i]].push(i);
  const chosen: number[] = [];
  for (const members of byClass) {
    rng.shuffle(members);
    for (let j = 0; j < Math.min(k, members.length); j++) chosen.push(members[j]);
  }
  chosen.sort((a, b) => a - b);
  const d = train.d;
  const x = new Float32Array(chosen.length * d);
  chosen.forEach((i, r) => {
    const at = (train.rows ? train.rows[i] : i) * d;
    x.set(train.x.subarray(at, at + d), r * d);
  });
  const y = Int32Array.from(chosen, (i) => train.y[i]);
  const readout = trainReadout(x, chosen.length, d, y, numClasses, { l2: FEWSHOT_L2, ...options, hidden: [], method: 'lbfgs' });
  const acc = accuracy(readout.predict(test.x as Float32Array, test.n), test.y);
  readout.dispose();
  return acc;
}
