import type { DiscreteVar } from './types.js';

// Plug-in (maximum-likelihood) information estimates from counts, in nats.

/** H(X) = −Σ p log p over the observed values. */
export function entropy(x: DiscreteVar): number {
  const n = x.values.length;
  if (n === 0) return 0;
  const counts = new Float64Array(x.cardinality);
  for (let i = 0; i < n; i++) counts[x.values[i]]++;
  return entropyOfCounts(counts, n);
}

/** H from value counts summing to n > 0 (shared so MI can reuse the marginals it has counted). */
function entropyOfCounts(counts: Float64Array, n: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return Math.max(0, h);
}

/**
 * I(X; Y) = Σ p(x,y) log(p(x,y) / (p(x) p(y))) from the joint contingency table. Rounding
 * can push the sum a hair outside [0, min(H(X), H(Y))]; it is clamped there.
 */
export function mutualInformation(x: DiscreteVar, y: DiscreteVar): number {
  const n = x.values.length;
  if (y.values.length !== n) throw new Error(`metrics: mutual information of variables with ${n} and ${y.values.length} samples`);
  if (n === 0) return 0;
  const kx = x.cardinality;
  const ky = y.cardinality;
  const joint = new Float64Array(kx * ky);
  const xs = x.values;
  const ys = y.values;
  for (let i = 0; i < n; i++) joint[xs[i] * ky + ys[i]]++;
  // The marginals are the joint's row and column sums (whole numbers: exact in any order).
  const cx = new Float64Array(kx);
  const cy = new Float64Array(ky);
  for (let a = 0; a < kx; a++) {
    for (let b = 0; b < ky; b++) {
      cx[a] += joint[a * ky + b];
      cy[b] += joint[a * ky + b];
    }
  }
  let mi = 0;
  for (let a = 0; a < kx; a++) {
    if (cx[a] === 0) continue;
    for (let b = 0; b < ky; b++) {
      const c = joint[a * ky + b];
      if (c > 0) mi += (c / n) * Math.log((c * n) / (cx[a] * cy[b]));
    }
  }
  return Math.min(Math.max(0, mi), entropyOfCounts(cx, n), entropyOfCounts(cy, n));
}

/** MI matrix m[f][j] = I(y_f; c_j) between every factor and every code variable. */
export function miMatrix(factors: readonly DiscreteVar[], codes: readonly DiscreteVar[]): number[][] {
  return factors.map((f) => codes.map((c) => mutualInformation(f, c)));
}

/**
 * NMI_fj = I(y_f; c_j) / H(y_f). A constant factor (H = 0) has nothing to explain: its row
 * is 0 by definition, never NaN.
 */
export function nmiMatrix(factors: readonly DiscreteVar[], codes: readonly DiscreteVar[], mi?: number[][]): number[][] {
  const m = mi ?? miMatrix(factors, codes);
  return factors.map((f, i) => {
    const h = entropy(f);
    return m[i].map((v) => (h > 0 ? Math.min(1, v / h) : 0));
  });
}
