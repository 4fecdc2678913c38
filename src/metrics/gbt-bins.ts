// The bins of gbt.ts: each feature's distinct training values (rounded to float32, as
// scikit-learn's trees read them), sorted; bin b of feature j holds the value lo = hi.

export interface FeatureBins {
  /** Column-major bin of each training sample: code[j · n + i]. */
  code: Int32Array;
  /** Bins per feature. */
  count: Int32Array;
  /** Where feature j's bins start in lo/hi. */
  offset: Int32Array;
  /** Smallest and largest training value of each bin (equal: one value per bin). */
  lo: Float64Array;
  hi: Float64Array;
}

export function featureBins(x: Float64Array, n: number, p: number): FeatureBins {
  const code = new Int32Array(n * p);
  const count = new Int32Array(p);
  const offset = new Int32Array(p);
  const values: number[] = [];
  const column = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) column[i] = Math.fround(x[i * p + j]);
    const sorted = column.slice().sort();
    offset[j] = values.length;
    for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) values.push(sorted[i]);
    count[j] = values.length - offset[j];
    for (let i = 0; i < n; i++) {
      // Binary search for the sample's value among the feature's distinct values.
      let a = offset[j];
      let b = values.length - 1;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (values[mid] >= column[i]) b = mid;
        else a = mid + 1;
      }
      code[j * n + i] = a - offset[j];
    }
  }
  const v = Float64Array.from(values);
  return { code, count, offset, lo: v, hi: v };
}
