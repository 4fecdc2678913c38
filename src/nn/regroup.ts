/**
 * Exclusivity regrouping: a factor-blind move that reassigns bottleneck units to WTA groups.
 *
 * Why: from a random start, hard-WTA training turns units into detectors of single factor values
 * ("f = v") quickly, but puts detectors of different factors into the same group, with one
 * catch-all unit per group (research/README.md). A categorical factor is a set of mutually
 * exclusive binary features, and a WTA group is a set of mutually exclusive units, so the fix is
 * to group units that never want to fire together. "Wants to fire" must not depend on the current
 * groups (two units of one group never win together by construction), so it is read from each
 * unit's pre-activation relative to its group mean, cut at the threshold that best separates the
 * unit's high and low values (Otsu: the split with the largest between-class variance).
 *
 * Measured (research/, 20 seeds per cell, one-hot factors, linear encoder, indicator tasks, SGD,
 * head L2 1e-2): factorial codes in 20/20 seeds for 4×4, 5×5×5 and 3,4,5 values, against 3–5/20
 * without regrouping.
 */
import type { RandomSource } from './init.js';

/**
 * Lift of co-firing, H × H (H = groups·units): P(u ∧ v) / (P(u) P(v)) over the n samples of the
 * pre-activations `pre` (n × H), capped at 1. 0 = never together (exclusive), 1 = independent or
 * more; a unit that never fires gets 1 with everything (no evidence either way).
 *
 * Why the cap: only exclusivity is evidence for a shared group. Uncapped, overlapping units — two
 * detectors of one value (lift 1/P(v)), a unit covering two values, a unit firing for one value of
 * each of two factors — cost 2–4× more than independent ones, so the search keeps parking them
 * among other factors' units and each regrouping scrambles a half-learned code again (measured on
 * `entangled`, research/README.md "session 3": 0/5 factorial in every uncapped variant; capped,
 * with a 256 × 256 encoder, cosine LR and 16384 samples, 19/20; one-hot shapes none worse, 10 seeds
 * each, 5×5×5 9/10 → 10/10).
 */
export function coFiringLift(pre: Float32Array, n: number, groups: number, units: number): Float64Array {
  const H = groups * units;
  if (pre.length !== n * H) throw new Error(`coFiringLift: ${pre.length} pre-activations are not ${n} samples × ${H} units`);
  const rel = new Float64Array(n * H);
  for (let i = 0; i < n; i++) {
    for (let g = 0; g < groups; g++) {
      const base = i * H + g * units;
      let mean = 0;
      for (let k = 0; k < units; k++) mean += pre[base + k];
      mean /= units;
      for (let k = 0; k < units; k++) rel[base + k] = pre[base + k] - mean;
    }
  }
  const fire = new Uint8Array(n * H);
  const col = new Float64Array(n);
  for (let u = 0; u < H; u++) {
    for (let i = 0; i < n; i++) col[i] = rel[i * H + u];
    const thr = otsuThreshold(col);
    for (let i = 0; i < n; i++) fire[i * H + u] = rel[i * H + u] >= thr ? 1 : 0;
  }
  const count = new Float64Array(H * H);
  const on: number[] = [];
  for (let i = 0; i < n; i++) {
    on.length = 0;
    for (let u = 0; u < H; u++) if (fire[i * H + u] === 1) on.push(u);
    for (const u of on) for (const v of on) count[u * H + v]++;
  }
  const lift = new Float64Array(H * H);
  for (let u = 0; u < H; u++) {
    for (let v = 0; v < H; v++) {
      const pu = count[u * H + u] / n;
      const pv = count[v * H + v] / n;
      lift[u * H + v] = pu > 0 && pv > 0 ? Math.min(1, count[u * H + v] / n / (pu * pv)) : 1;
    }
  }
  return lift;
}

/**
 * Otsu's threshold of a sample (values ≥ it are "on"): the cut between sorted neighbours that
 * maximizes i·(n−i)·(mean_low − mean_high)². +Infinity (nothing on) when all values are equal.
 */
export function otsuThreshold(values: Float64Array): number {
  const n = values.length;
  const s = Float64Array.from(values).sort();
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + s[i];
  let best = -1;
  let thr = Infinity;
  for (let i = 1; i < n; i++) {
    if (s[i] === s[i - 1]) continue;
    const low = prefix[i] / i;
    const high = (prefix[n] - prefix[i]) / (n - i);
    const v = i * (n - i) * (low - high) * (low - high);
    if (v > best) { best = v; thr = s[i]; }
  }
  return thr;
}

/** Σ over groups of the lift of every pair of units in the group (lower = more exclusive groups). */
export function groupingCost(lift: Float64Array, perm: Int32Array, groups: number, units: number): number {
  const H = groups * units;
  let c = 0;
  for (let g = 0; g < groups; g++)
    for (let a = 0; a < units; a++) for (let b = a + 1; b < units; b++) c += lift[perm[g * units + a] * H + perm[g * units + b]];
  return c;
}

/**
 * A grouping of the H units into `groups` groups of `units` with low groupingCost: local search by
 * best-improving swaps of two units of different groups, from the current grouping (identity) and
 * from `starts` random ones; the lowest cost wins, ties to the earliest start (so a grouping that
 * is already best is kept). Returns perm: slot s = g·units + k receives unit perm[s].
 */
export function exclusiveGrouping(lift: Float64Array, groups: number, units: number, rng: RandomSource, starts = 10): Int32Array {
  const H = groups * units;
  let best = swapSearch(lift, Int32Array.from({ length: H }, (_, i) => i), groups, units);
  let bestCost = groupingCost(lift, best, groups, units);
  for (let s = 0; s < starts; s++) {
    const init = Int32Array.from({ length: H }, (_, i) => i);
    for (let i = H - 1; i > 0; i--) {
      const j = Math.min(i, Math.floor(rng.uniform() * (i + 1)));
      const t = init[i]; init[i] = init[j]; init[j] = t;
    }
    const p = swapSearch(lift, init, groups, units);
    const c = groupingCost(lift, p, groups, units);
    if (c < bestCost - 1e-9) { best = p; bestCost = c; }
  }
  return best;
}

function swapSearch(lift: Float64Array, perm: Int32Array, groups: number, units: number): Int32Array {
  const H = groups * units;
  // Cost change when slot i (group a) and slot j (group b) swap units: only pairs with the two
  // units change, so it is O(units) per candidate instead of a full recount.
  const delta = (i: number, j: number): number => {
    const a = Math.floor(i / units);
    const b = Math.floor(j / units);
    const ui = perm[i];
    const uj = perm[j];
    let d = 0;
    for (let k = 0; k < units; k++) {
      const sa = a * units + k;
      const sb = b * units + k;
      if (sa !== i) d += lift[uj * H + perm[sa]] - lift[ui * H + perm[sa]];
      if (sb !== j) d += lift[ui * H + perm[sb]] - lift[uj * H + perm[sb]];
    }
    return d;
  };
  for (let iter = 0; iter < 10 * H * H; iter++) {
    let bestD = -1e-9;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < H; i++) {
      for (let j = i + 1; j < H; j++) {
        if (Math.floor(i / units) === Math.floor(j / units)) continue;
        const d = delta(i, j);
        if (d < bestD) { bestD = d; bi = i; bj = j; }
      }
    }
    if (bi < 0) break;
    const t = perm[bi]; perm[bi] = perm[bj]; perm[bj] = t;
  }
  return perm;
}

/** Win count of every unit (argmax per group, ties → lowest index, as in the forward pass). */
export function winCounts(pre: Float32Array, n: number, groups: number, units: number): Float64Array {
  const H = groups * units;
  const wins = new Float64Array(H);
  for (let i = 0; i < n; i++) {
    for (let g = 0; g < groups; g++) {
      const base = i * H + g * units;
      let best = 0;
      for (let k = 1; k < units; k++) if (pre[base + k] > pre[base + best]) best = k;
      wins[g * units + best]++;
    }
  }
  return wins;
}

/**
 * Dead units (no win on any sample) and, for each, the unit of its group that wins most: the
 * k-means "empty cluster" fix splits that unit's region between the two (the caller copies its
 * weights with a little noise). Several dead units of one group split successive largest units.
 */
export function deadUnitDonors(wins: Float64Array, groups: number, units: number): { dead: number; donor: number }[] {
  const out: { dead: number; donor: number }[] = [];
  const w = Float64Array.from(wins);
  for (let g = 0; g < groups; g++) {
    for (let k = 0; k < units; k++) {
      const u = g * units + k;
      if (w[u] > 0) continue;
      let top = g * units;
      for (let j = 1; j < units; j++) if (w[g * units + j] > w[top]) top = g * units + j;
      if (w[top] <= 1) continue; // nothing left to split
      out.push({ dead: u, donor: top });
      w[u] = w[top] / 2;
      w[top] /= 2;
    }
  }
  return out;
}

/** Reorders one axis of a row-major [rows, cols] array: axis 'cols' takes column perm[s] into s, 'rows' row perm[s]. */
export function permuteAxis(data: Float32Array, rows: number, cols: number, axis: 'rows' | 'cols', perm: Int32Array): void {
  const src = Float32Array.from(data);
  if (axis === 'cols') {
    if (perm.length !== cols) throw new Error(`permuteAxis: ${perm.length} indices for ${cols} columns`);
    for (let r = 0; r < rows; r++) for (let s = 0; s < cols; s++) data[r * cols + s] = src[r * cols + perm[s]];
  } else {
    if (perm.length !== rows) throw new Error(`permuteAxis: ${perm.length} indices for ${rows} rows`);
    for (let s = 0; s < rows; s++) data.set(src.subarray(perm[s] * cols, (perm[s] + 1) * cols), s * cols);
  }
}

/**
 * A dead unit's revival by an informed split (RegroupConfig.reviveBy 'residual'): the new unit takes
 * over the half of a live unit's samples that the tasks most want told apart.
 *
 * Why: the noisy copy of the busiest unit (deadUnitDonors) starts exactly symmetric with its donor
 * (same head row, same gradient), so nothing drives the two apart but the jitter, and two adjacent
 * values merged into one unit stay merged (measured on ring data with 6 values per factor,
 * docs/research/general.md). Here the donor is the live unit of the group whose won samples have the
 * largest scatter of task residuals (softmax − target, the training signal itself; no factor labels),
 * the samples are split by the residuals' first principal direction, and the split is carried into
 * the encoder's feature space by a ridge regression of that split score on the features h. The donor
 * and the new unit then differ by ±direction: on one side of the split the new unit wins, on the other
 * the donor, each with half the donor's median winning margin.
 *
 * h: n × d features (the projection's input); pre: n × H pre-activations; resid: n × c residuals.
 * A unit is dead when it wins fewer than deadShare · n / units samples. Returns, per dead unit, its
 * donor, the weight-column change `direction` (added to the new unit's copy, subtracted from the
 * donor's) and `offset` (subtracted from the new unit's bias, added to the donor's).
 */
/** Each side of a split starts with this fraction of the donor's median winning margin (a nudge: the informed direction is what breaks the symmetry). */
const SPLIT_MARGIN = 0.1;

export interface UnitSplit { dead: number; donor: number; direction: Float64Array; offset: number }

export function residualSplits(h: Float32Array, d: number, pre: Float32Array, resid: Float64Array, c: number, n: number, groups: number, units: number, deadShare = 0.01, headW?: Float32Array): UnitSplit[] {
  const H = groups * units;
  if (h.length !== n * d || pre.length !== n * H || resid.length !== n * c) throw new Error('residualSplits: array sizes do not match n, d, H, c');
  const out: UnitSplit[] = [];
  const win = new Int32Array(n);
  for (let g = 0; g < groups; g++) {
    const wins = new Float64Array(units);
    for (let i = 0; i < n; i++) {
      const base = i * H + g * units;
      let best = 0;
      for (let k = 1; k < units; k++) if (pre[base + k] > pre[base + best]) best = k;
      win[i] = best;
      wins[best]++;
    }
    const minWins = (deadShare * n) / units;
    const used = new Uint8Array(units);
    for (let k = 0; k < units; k++) {
      if (wins[k] >= minWins) continue;
      // Donor: the live, unused unit whose samples' residuals scatter most.
      let donor = -1;
      let bestS = 0;
      for (let j = 0; j < units; j++) {
        if (wins[j] < Math.max(minWins, 2 * d + 2) || used[j]) continue;
        const s = scatter(resid, c, n, win, j, taskWeights(headW, c, g * units + j));
        if (s > bestS) { bestS = s; donor = j; }
      }
      if (donor < 0) continue;
      used[donor] = 1;
      const idx: number[] = [];
      for (let i = 0; i < n; i++) if (win[i] === donor) idx.push(i);
      const score = firstComponentScores(resid, c, idx, taskWeights(headW, c, g * units + donor));
      const beta = ridge(h, d, idx, score);
      const hbar = new Float64Array(d);
      for (const i of idx) for (let a = 0; a < d; a++) hbar[a] += h[i * d + a] / idx.length;
      let mp = 0;
      let vp = 0;
      const proj = idx.map((i) => { let p = 0; for (let a = 0; a < d; a++) p += beta[a] * (h[i * d + a] - hbar[a]); return p; });
      for (const p of proj) mp += p / proj.length;
      for (const p of proj) vp += (p - mp) * (p - mp) / proj.length;
      const margins = idx.map((i) => {
        const base = i * H + g * units;
        let second = -Infinity;
        for (let j = 0; j < units; j++) if (j !== donor && pre[base + j] > second) second = pre[base + j];
        return pre[base + donor] - second;
      }).sort((a, b) => a - b);
      const delta = SPLIT_MARGIN * Math.max(1e-3, margins[margins.length >> 1]);
      const eps = vp > 0 ? delta / Math.sqrt(vp) : 0;
      const direction = new Float64Array(d);
      let offset = 0;
      for (let a = 0; a < d; a++) { direction[a] = eps * beta[a]; offset += eps * beta[a] * hbar[a]; }
      out.push({ dead: g * units + k, donor: g * units + donor, direction, offset });
    }
  }
  return out;
}

/**
 * Per residual coordinate, |head weight| of unit u (its row of the heads' H × c weight): the tasks the
 * unit speaks to. Without it, residuals of tasks served by other groups would steer the split.
 */
function taskWeights(headW: Float32Array | undefined, c: number, u: number): Float64Array {
  const w = new Float64Array(c).fill(1);
  if (headW !== undefined) for (let a = 0; a < c; a++) w[a] = Math.abs(headW[u * c + a]);
  return w;
}

/** Σ over the samples won by unit j of ‖wt ⊙ (r_i − mean r)‖². */
function scatter(resid: Float64Array, c: number, n: number, win: Int32Array, j: number, wt: Float64Array): number {
  const mean = new Float64Array(c);
  let m = 0;
  for (let i = 0; i < n; i++) if (win[i] === j) { m++; for (let a = 0; a < c; a++) mean[a] += resid[i * c + a]; }
  if (m === 0) return 0;
  for (let a = 0; a < c; a++) mean[a] /= m;
  let s = 0;
  for (let i = 0; i < n; i++) if (win[i] === j) for (let a = 0; a < c; a++) { const e = wt[a] * (resid[i * c + a] - mean[a]); s += e * e; }
  return s;
}

/** Scores of the samples `idx` on the first principal direction of their residuals (power iteration, deterministic start). */
function firstComponentScores(resid: Float64Array, c: number, idx: number[], wt: Float64Array): Float64Array {
  const m = idx.length;
  const mean = new Float64Array(c);
  for (const i of idx) for (let a = 0; a < c; a++) mean[a] += resid[i * c + a] / m;
  const cov = new Float64Array(c * c);
  for (const i of idx) for (let a = 0; a < c; a++) { const ea = wt[a] * (resid[i * c + a] - mean[a]); if (ea === 0) continue; for (let b = 0; b < c; b++) cov[a * c + b] += ea * wt[b] * (resid[i * c + b] - mean[b]); }
  let v = new Float64Array(c);
  // Start from the coordinate of largest variance (deterministic), then iterate.
  let top = 0;
  for (let a = 1; a < c; a++) if (cov[a * c + a] > cov[top * c + top]) top = a;
  v[top] = 1;
  for (let it = 0; it < 100; it++) {
    const w = new Float64Array(c);
    for (let a = 0; a < c; a++) for (let b = 0; b < c; b++) w[a] += cov[a * c + b] * v[b];
    let norm = 0;
    for (let a = 0; a < c; a++) norm += w[a] * w[a];
    norm = Math.sqrt(norm);
    if (norm === 0) break;
    for (let a = 0; a < c; a++) w[a] /= norm;
    v = w;
  }
  const s = new Float64Array(m);
  idx.forEach((i, r) => { let p = 0; for (let a = 0; a < c; a++) p += wt[a] * (resid[i * c + a] - mean[a]) * v[a]; s[r] = p; });
  return s;
}

/** Ridge regression of y (centered) on the centered features of samples idx: (Hᵀ H + λ I)⁻¹ Hᵀ y, λ = 1e-3 · mean variance. */
function ridge(h: Float32Array, d: number, idx: number[], y: Float64Array): Float64Array {
  const m = idx.length;
  const hbar = new Float64Array(d);
  for (const i of idx) for (let a = 0; a < d; a++) hbar[a] += h[i * d + a] / m;
  let ybar = 0;
  for (let r = 0; r < m; r++) ybar += y[r] / m;
  const A = new Float64Array(d * d);
  const b = new Float64Array(d);
  const row = new Float64Array(d);
  idx.forEach((i, r) => {
    for (let a = 0; a < d; a++) row[a] = h[i * d + a] - hbar[a];
    for (let a = 0; a < d; a++) { if (row[a] === 0) continue; b[a] += row[a] * (y[r] - ybar); for (let q = 0; q < d; q++) A[a * d + q] += row[a] * row[q]; }
  });
  let tr = 0;
  for (let a = 0; a < d; a++) tr += A[a * d + a];
  const lambda = 1e-3 * Math.max(tr / d, 1e-12);
  for (let a = 0; a < d; a++) A[a * d + a] += lambda;
  // Cholesky solve (A is symmetric positive definite).
  const L = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let q = 0; q <= a; q++) {
      let s = A[a * d + q];
      for (let t = 0; t < q; t++) s -= L[a * d + t] * L[q * d + t];
      L[a * d + q] = a === q ? Math.sqrt(Math.max(s, 1e-300)) : s / L[q * d + q];
    }
  }
  const z = new Float64Array(d);
  for (let a = 0; a < d; a++) { let s = b[a]; for (let t = 0; t < a; t++) s -= L[a * d + t] * z[t]; z[a] = s / L[a * d + a]; }
  const x = new Float64Array(d);
  for (let a = d - 1; a >= 0; a--) { let s = z[a]; for (let t = a + 1; t < d; t++) s -= L[t * d + a] * x[t]; x[a] = s / L[a * d + a]; }
  return x;
}
