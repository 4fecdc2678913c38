import type { DiscreteVar } from './types.js';

// The exact population search of the symbol table (symbols.ts states the rule): for a factor
// value k and a group, the best subset of the group's candidate units (units on for at least
// one sample with value k, at most `maxCandidates` of them) by the union of their "on" sets.
//
// Cost. The samples are read once per group, not once per (value, group) and candidate: each
// sample's on-pattern over the group's units is interned to a pattern id, and the counts per
// (pattern, value) are taken in one pass per factor. A subset's union then needs only the
// distinct patterns (a WTA group has at most `size`; a continuous group at most min(n, 2^size)),
// so the work is O(n·(G + F·G)) for the passes plus O(patterns·C + C·2^C) per (value, group),
// where it was O(n·C) per (value, group). Every count is a whole number in float64, so the
// sums are exact in any order: the results are those of the per-sample search.

export interface PopulationRule {
  purity: number;
  coverage: number;
  /** Candidates kept per (group, value): the ones on for most samples with the value. */
  maxCandidates: number;
}

export interface Population {
  units: number[];
  purity: number;
  coverage: number;
}

/** What the search reads: the n × d on-indicators and the win/value counts of symbols.ts. */
export interface OnCounts {
  readonly on: Uint8Array;
  readonly n: number;
  readonly d: number;
  readonly vars: readonly DiscreteVar[];
  /** Flat value index of (f, v) is offset[f] + v. */
  readonly offset: readonly number[];
  readonly totalValues: number;
  /** joint[u · totalValues + k]: samples where unit u is on and value k holds. */
  readonly joint: Float64Array;
  readonly valueCount: Float64Array;
}

/** The distinct on-patterns of units [first, first + size): per sample its pattern, per pattern a sample and a count. */
export interface Patterns {
  of: Int32Array;
  rep: Int32Array;
  count: Float64Array;
}

/** Bits per interned chunk of a wide group's pattern (chunk id × 2^24 + mask stays below 2^53). */
const CHUNK = 24;
/** Groups up to this many units intern their mask through a direct table (2^16 entries). */
const DIRECT = 16;
/** Cells of one (pattern × value) count table: values are taken in batches beyond it (32 MB). */
const MAX_CELLS = 1 << 22;

export function groupPatterns(on: Uint8Array, n: number, d: number, first: number, size: number): Patterns {
  const of = new Int32Array(n);
  const rep: number[] = [];
  const count: number[] = [];
  const intern = (key: number, i: number, table: { get(k: number): number | undefined; set(k: number, v: number): unknown }) => {
    let p = table.get(key);
    if (p === undefined) {
      p = rep.length;
      table.set(key, p);
      rep.push(i);
      count.push(0);
    }
    count[p]++;
    return p;
  };
  if (size <= DIRECT) {
    const ids = new Int32Array(1 << size).fill(-1);
    const table = { get: (k: number) => (ids[k] >= 0 ? ids[k] : undefined), set: (k: number, v: number) => (ids[k] = v) };
    for (let i = 0; i < n; i++) {
      const row = i * d + first;
      let m = 0;
      for (let q = 0; q < size; q++) if (on[row + q]) m |= 1 << q;
      of[i] = intern(m, i, table);
    }
  } else {
    // A wide pattern is interned chunk by chunk: a chunk's key is the id of the prefix before it
    // (from `prefixes`) and its own mask; the last prefix id names the whole pattern.
    const prefixes = new Map<number, number>();
    const whole = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const row = i * d + first;
      let prefix = 0;
      for (let c = 0; c < size; c += CHUNK) {
        let m = 0;
        for (let q = c; q < Math.min(size, c + CHUNK); q++) if (on[row + q]) m |= 1 << (q - c);
        const key = prefix * 2 ** CHUNK + m;
        let id = prefixes.get(key);
        if (id === undefined) prefixes.set(key, (id = prefixes.size + 1));
        prefix = id;
      }
      of[i] = intern(prefix, i, whole);
    }
  }
  return { of, rep: Int32Array.from(rep), count: Float64Array.from(count) };
}

/**
 * The best population of each group for each wanted value: result[w][g] for wanted[w] = (f, v)
 * and group g of `groups` equal groups.
 */
export function bestPopulations(c: OnCounts, groups: number, wanted: readonly { f: number; v: number }[], rule: PopulationRule): Population[][] {
  const size = c.d / groups;
  const out = wanted.map(() => new Array<Population>(groups));
  const byFactor = new Map<number, number[]>();
  wanted.forEach((w, i) => byFactor.set(w.f, [...(byFactor.get(w.f) ?? []), i]));
  for (let g = 0; g < groups; g++) {
    const pat = groupPatterns(c.on, c.n, c.d, g * size, size);
    const P = pat.count.length;
    const batch = Math.max(1, Math.floor(MAX_CELLS / P));
    for (const [f, list] of byFactor) {
      const column = c.vars[f].values;
      for (let s = 0; s < list.length; s += batch) {
        const part = list.slice(s, s + batch);
        const B = part.length;
        const slot = new Int32Array(c.vars[f].cardinality).fill(-1);
        part.forEach((w, q) => (slot[wanted[w].v] = q));
        const cnt = new Float64Array(P * B);
        for (let i = 0; i < c.n; i++) {
          const q = slot[column[i]];
          if (q >= 0) cnt[pat.of[i] * B + q]++;
        }
        part.forEach((w, q) => {
          out[w][g] = population(c, pat, g * size, size, c.offset[f] + wanted[w].v, (p) => cnt[p * B + q], rule);
        });
      }
    }
  }
  return out;
}

/**
 * The best population of units [first, first + size) for flat value k, over every subset of the
 * candidates; `inValue(p)` counts pattern p's samples with value k. Per pattern, the set of
 * candidates that are on is a bit mask; a subset S's union covers every sample whose mask meets
 * S, i.e. all samples minus those whose mask lies inside S's complement — a subset-sum (zeta)
 * transform gives all of those at once in O(C·2^C). Works for overlapping "on" sets too.
 */
function population(c: OnCounts, pat: Patterns, first: number, size: number, k: number, inValue: (p: number) => number, rule: PopulationRule): Population {
  const { joint, totalValues, valueCount, on, d } = c;
  let cands: number[] = [];
  for (let u = first; u < first + size; u++) if (joint[u * totalValues + k] > 0) cands.push(u);
  if (cands.length > rule.maxCandidates) {
    cands = cands
      .sort((a, b) => joint[b * totalValues + k] - joint[a * totalValues + k] || a - b)
      .slice(0, rule.maxCandidates)
      .sort((a, b) => a - b);
  }
  const C = cands.length;
  if (C === 0) return { units: [], purity: 0, coverage: 0 };
  const M = 1 << C;
  const inV = new Float64Array(M);
  const all = new Float64Array(M);
  for (let p = 0; p < pat.count.length; p++) {
    const row = pat.rep[p] * d;
    let m = 0;
    for (let q = 0; q < C; q++) if (on[row + cands[q]]) m |= 1 << q;
    all[m] += pat.count[p];
    inV[m] += inValue(p);
  }
  // Zeta transform: x[T] ← Σ over masks m ⊆ T of x[m].
  for (let b = 0; b < C; b++) {
    const bit = 1 << b;
    for (let t = 0; t < M; t++) {
      if (t & bit) {
        inV[t] += inV[t ^ bit];
        all[t] += all[t ^ bit];
      }
    }
  }
  const isSymbol = (units: number, purity: number, coverage: number) => units >= 2 && purity >= rule.purity && coverage >= rule.coverage;
  const full = M - 1;
  let best = { mask: 0, units: 0, symbol: false, pure: false, coverage: -1, purity: -1 };
  for (let mask = 1; mask < M; mask++) {
    const hits = inV[full] - inV[full ^ mask];
    const covered = all[full] - all[full ^ mask];
    const purity = covered > 0 ? hits / covered : 0;
    const coverage = valueCount[k] > 0 ? hits / valueCount[k] : 0;
    let units = 0;
    for (let t = mask; t; t &= t - 1) units++;
    const cand = { mask, units, symbol: isSymbol(units, purity, coverage), pure: purity >= rule.purity, coverage, purity };
    // Ranking: a symbol; else a set that is pure enough; then coverage, purity, fewer units.
    // Masks ascend, so on a full tie the first (lowest unit indices) is kept.
    const better =
      cand.symbol !== best.symbol ? cand.symbol :
      cand.pure !== best.pure ? cand.pure :
      cand.coverage !== best.coverage ? cand.coverage > best.coverage :
      cand.purity !== best.purity ? cand.purity > best.purity :
      cand.units < best.units;
    if (better) best = cand;
  }
  return {
    units: cands.filter((_, q) => best.mask & (1 << q)),
    purity: best.purity,
    coverage: best.coverage,
  };
}
