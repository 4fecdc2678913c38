// The bins of gbt.ts. Values are rounded to float32 first, as scikit-learn's trees read them.
// A feature with at most maxBins distinct training values gets one bin per value (exact: every
// threshold sklearn's BestSplitter could pick is a bin edge). One with more is cut into at most
// maxBins quantile bins, each a run of whole distinct values holding about n / maxBins samples
// (as LightGBM and sklearn's HistGradientBoosting bin): split thresholds are then only looked
// for between bins. maxBins = Infinity keeps every feature exact.

export interface FeatureBins {
  /** Column-major bin of each training sample: code[j · n + i] (Uint8Array when every feature has ≤ 256 bins). */
  code: Uint8Array | Int32Array;
  /** Bins per feature. */
  count: Int32Array;
  /** Where feature j's bins start in lo/hi. */
  offset: Int32Array;
  /** Smallest and largest training value of each bin (equal for a one-value bin). */
  lo: Float64Array;
  hi: Float64Array;
}

export function featureBins(x: Float64Array, n: number, p: number, maxBins = 256): FeatureBins {
  if (!(maxBins >= 2)) throw new Error(`gbt: maxBins must be ≥ 2, got ${maxBins}`);
  const count = new Int32Array(p);
  const offset = new Int32Array(p);
  const los: Float64Array[] = [];
  const his: Float64Array[] = [];
  const column = new Float64Array(n);
  const codes: Int32Array[] = [];
  let total = 0;
  const small = new Int32Array(SMALL);
  // The values column-major, read row by row (gathering each column from the rows read a cache
  // line per value: on 3000 × 64 rows that took longer than binning them).
  const cols = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) cols[j * n + i] = Math.fround(x[i * p + j]);
  for (let j = 0; j < p; j++) {
    column.set(cols.subarray(j * n, (j + 1) * n));
    const direct = smallIntegerBins(column, maxBins, small);
    if (direct) {
      count[j] = direct.lo.length;
      offset[j] = total;
      total += direct.lo.length;
      los.push(direct.lo);
      his.push(direct.lo);
      codes.push(direct.code);
      continue;
    }
    const sorted = column.slice().sort();
    let distinct = 0;
    for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
    // Walk the sorted values; a new bin starts at a new distinct value once the samples so far
    // reach the next multiple of n / maxBins (with few distinct values: at every new value).
    const exact = distinct <= maxBins;
    const lo = new Float64Array(Math.min(distinct, maxBins));
    const hi = new Float64Array(lo.length);
    let B = 0;
    for (let i = 0; i < n; i++) {
      if (i > 0 && sorted[i] === sorted[i - 1]) continue;
      if (B === 0 || exact || i >= (B * n) / maxBins) lo[B++] = sorted[i];
      hi[B - 1] = sorted[i];
    }
    const code = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      // Binary search: the first bin whose largest value is ≥ the sample's value.
      let a = 0;
      let b = B - 1;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (hi[mid] >= column[i]) b = mid;
        else a = mid + 1;
      }
      code[i] = a;
    }
    count[j] = B;
    offset[j] = total;
    total += B;
    los.push(lo.subarray(0, B));
    his.push(hi.subarray(0, B));
    codes.push(code);
  }
  let most = 0;
  for (const c of count) most = Math.max(most, c);
  const code = most <= 256 ? new Uint8Array(n * p) : new Int32Array(n * p);
  codes.forEach((c, j) => code.set(c, j * n));
  const lo = new Float64Array(total);
  const hi = new Float64Array(total);
  for (let j = 0; j < p; j++) {
    lo.set(los[j], offset[j]);
    hi.set(his[j], offset[j]);
  }
  return { code, count, offset, lo, hi };
}

/** Values below this are binned by counting (smallIntegerBins). */
const SMALL = 1024;

/**
 * The bins of a column whose values are all whole numbers in [0, SMALL) (one-hot units, group
 * winners, 20-bin unit indices: every feature of wtanet's own DCI rows), by counting instead of
 * sorting: one bin per distinct value, as the sorted walk makes them when they are at most
 * maxBins; null otherwise (or with a −0, which the sorted walk may take as a bin's bound).
 * `seen`: SMALL zeros of scratch, left zeroed.
 */
function smallIntegerBins(column: Float64Array, maxBins: number, seen: Int32Array): { lo: Float64Array; code: Int32Array } | null {
  const n = column.length;
  let i = 0;
  for (; i < n; i++) {
    const v = column[i];
    if (!(v >= 0 && v < SMALL && v === Math.floor(v)) || Object.is(v, -0)) break;
    seen[v] = 1;
  }
  let distinct = 0;
  for (let v = 0; v < SMALL; v++) {
    if (seen[v] === 0) continue;
    seen[v] = i === n ? ++distinct : 0; // 1 + the value's bin; cleared when giving up
  }
  if (i < n || distinct > maxBins) {
    seen.fill(0);
    return null;
  }
  const lo = new Float64Array(distinct);
  const code = new Int32Array(n);
  for (let v = 0; v < SMALL; v++) if (seen[v] > 0) lo[seen[v] - 1] = v;
  for (let r = 0; r < n; r++) code[r] = seen[column[r]] - 1;
  seen.fill(0);
  return { lo, code };
}
