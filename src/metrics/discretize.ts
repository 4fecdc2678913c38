import type { CodeInput, DiscreteVar } from './types.js';

/** Number of equal-width bins per continuous unit (the convention of disentanglement_lib). */
export const NUM_BINS = 20;

/** Checks the shape contract of a code and that it holds no NaN or infinity. */
export function checkCode(code: CodeInput): void {
  const { codes, n, d, groups } = code;
  if (!Number.isInteger(n) || n < 1) throw new Error(`metrics: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(d) || d < 1) throw new Error(`metrics: d must be a positive integer, got ${d}`);
  if (!Number.isInteger(groups) || groups < 1 || d % groups !== 0) {
    throw new Error(`metrics: groups must divide the code width d = ${d}, got ${groups}`);
  }
  if (codes.length !== n * d) throw new Error(`metrics: codes has ${codes.length} values, expected n × d = ${n} × ${d} = ${n * d}`);
  for (let i = 0; i < codes.length; i++) {
    if (!Number.isFinite(codes[i])) {
      throw new Error(`metrics: codes row ${Math.floor(i / d)}, unit ${i % d} is ${codes[i]}; codes must be finite numbers`);
    }
  }
}

/**
 * The group variables: for each group, the index (within the group) of its largest unit.
 * Ties go to the first index, the same rule as the WTA kernel (ops/wta.ts groupWinners, which
 * Model.encode uses); NaN, ranked lowest there, cannot occur here (checkCode refuses it). A JS
 * scan rather than the kernel because metric codes may be float64. Used for WTA codes and for
 * baselines alike, so both are compared on equal terms.
 */
export function groupWinners(code: CodeInput): DiscreteVar[] {
  const { codes, n, d, groups } = code;
  const size = d / groups;
  const out: DiscreteVar[] = [];
  for (let g = 0; g < groups; g++) {
    const values = new Int32Array(n);
    // argmax's rule (first index of the largest), inlined: a call per row and group cost more
    // than the comparisons at 10⁵ rows.
    for (let i = 0, base = g * size; i < n; i++, base += d) {
      let best = 0;
      let top = codes[base];
      for (let u = 1; u < size; u++) {
        if (codes[base + u] > top) {
          top = codes[base + u];
          best = u;
        }
      }
      values[i] = best;
    }
    out.push({ values, cardinality: size });
  }
  return out;
}

/**
 * Per-unit "on" indicator (`winners`: groupWinners(code), when the caller has them already). WTA: the unit wins its group. Continuous: the unit is above its
 * median over the evaluation set (strictly, so a unit that is mostly at its floor — a dead
 * ReLU — is on only where it rises above it). Returned row-major n × d, 0/1.
 */
export function unitActivity(code: CodeInput, medians?: Float64Array, winners?: DiscreteVar[]): Uint8Array {
  const { codes, n, d } = code;
  const on = new Uint8Array(n * d);
  if (code.kind === 'wta') {
    winners ??= groupWinners(code);
    const size = d / code.groups;
    winners.forEach((w, g) => {
      for (let i = 0; i < n; i++) on[i * d + g * size + w.values[i]] = 1;
    });
    return on;
  }
  const thresholds = medians ?? unitMedians(code);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) on[i * d + j] = codes[i * d + j] > thresholds[j] ? 1 : 0;
  return on;
}

/** Median of each unit over the n samples (mean of the two middle values for even n). */
export function unitMedians(code: CodeInput): Float64Array {
  const { codes, n, d } = code;
  const out = new Float64Array(d);
  // Columns are copied out a block at a time in one row-major pass (reading one column alone
  // would touch a new cache line per value).
  const BLOCK = 16;
  const columns = Array.from({ length: Math.min(BLOCK, d) }, () => new Float64Array(n));
  for (let j = 0; j < d; j++) {
    const b = j % BLOCK;
    if (b === 0) {
      const width = Math.min(BLOCK, d - j);
      for (let i = 0; i < n; i++) for (let c = 0; c < width; c++) columns[c][i] = codes[i * d + j + c];
    }
    const column = columns[b];
    // Selection instead of a full sort: O(n) per unit. The values are the sorted order's, so
    // the medians are the same numbers (±0 compare equal, and only serve as thresholds).
    if (n % 2 === 1) out[j] = select(column, (n - 1) / 2);
    else {
      const hi = select(column, n / 2);
      // After selecting index n/2, the lower half holds the n/2 smallest: its maximum is the other middle.
      let lo = -Infinity;
      for (let i = 0; i < n / 2; i++) if (column[i] > lo) lo = column[i];
      out[j] = (lo + hi) / 2;
    }
  }
  return out;
}

/**
 * The k-th smallest of `a` (0-based), rearranging `a` so that a[0..k) ≤ a[k] ≤ a(k..n):
 * iterative quickselect, middle-of-three pivot (finite values; no recursion).
 */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Order a[lo], a[mid], a[hi]; the median of the three becomes the pivot.
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * The unit variables. WTA: the win indicator (2 states). Continuous: 20 equal-width bins
 * over [min, max] of the unit on this evaluation set; a constant unit falls in bin 0.
 */
export function unitVariables(code: CodeInput, winners?: DiscreteVar[]): DiscreteVar[] {
  const { codes, n, d } = code;
  const out: DiscreteVar[] = [];
  if (code.kind === 'wta') {
    // Unit u of group g is on where the group's winner is u (unitActivity's rule), read off
    // the winners column by column rather than from the n × d activity matrix.
    winners ??= groupWinners(code);
    const size = d / code.groups;
    for (let j = 0; j < d; j++) {
      const w = winners[Math.floor(j / size)].values;
      const u = j % size;
      const values = new Int32Array(n);
      for (let i = 0; i < n; i++) values[i] = w[i] === u ? 1 : 0;
      out.push({ values, cardinality: 2 });
    }
    return out;
  }
  // Row by row (the codes are row-major), all units at once: same numbers as unit by unit.
  const lo = new Float64Array(d).fill(Infinity);
  const hi = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = codes[i * d + j];
      if (v < lo[j]) lo[j] = v;
      if (v > hi[j]) hi[j] = v;
    }
  }
  const width = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    width[j] = (hi[j] - lo[j]) / NUM_BINS;
    out.push({ values: new Int32Array(n), cardinality: NUM_BINS });
  }
  // Rows in blocks that stay in cache, and within a block one unit at a time (the unit's
  // column of the block is then written in one sequential run, its bin width read once).
  const ROWS = 512;
  const cols = out.map((v) => v.values);
  for (let i0 = 0; i0 < n; i0 += ROWS) {
    const i1 = Math.min(n, i0 + ROWS);
    for (let j = 0; j < d; j++) {
      const values = cols[j];
      const w = width[j];
      const l = lo[j];
      if (!(w > 0)) continue;
      // The maximum lands exactly on the upper edge: clamp it into the last bin.
      for (let i = i0, a = i0 * d + j; i < i1; i++, a += d) values[i] = Math.min(NUM_BINS - 1, Math.floor((codes[a] - l) / w));
    }
  }
  return out;
}

/** True when the variable takes at least two distinct values (it carries any information). */
export function varies(v: DiscreteVar): boolean {
  const x = v.values;
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return true;
  return false;
}

/**
 * Active units: for WTA, units that win on at least one sample; for continuous codes,
 * units whose value varies over the evaluation set.
 */
export function activeUnits(code: CodeInput, winners?: DiscreteVar[]): boolean[] {
  const { codes, n, d } = code;
  if (code.kind === 'wta') {
    const on = unitActivity(code, undefined, winners);
    const active = new Array<boolean>(d).fill(false);
    for (let i = 0; i < n * d; i++) if (on[i]) active[i % d] = true;
    return active;
  }
  const active = new Array<boolean>(d).fill(false);
  for (let j = 0; j < d; j++) {
    for (let i = 1; i < n; i++) {
      if (codes[i * d + j] !== codes[j]) {
        active[j] = true;
        break;
      }
    }
  }
  return active;
}

/** The factor columns of z (n × F) as discrete variables; cardinality from `cards` or the data. */
export function factorVariables(z: Int32Array, n: number, numFactors: number, cards?: readonly number[]): DiscreteVar[] {
  if (z.length !== n * numFactors) {
    throw new Error(`metrics: z has ${z.length} values, expected n × F = ${n} × ${numFactors} = ${n * numFactors}`);
  }
  const out: DiscreteVar[] = [];
  for (let f = 0; f < numFactors; f++) {
    const values = new Int32Array(n);
    let max = 0;
    for (let i = 0; i < n; i++) {
      const v = z[i * numFactors + f];
      if (v < 0) throw new Error(`metrics: factor ${f} has negative value ${v} at row ${i}`);
      values[i] = v;
      if (v > max) max = v;
    }
    const card = cards?.[f] ?? max + 1;
    if (max >= card) throw new Error(`metrics: factor ${f} has value ${max} at least its cardinality ${card}`);
    out.push({ values, cardinality: card });
  }
  return out;
}
