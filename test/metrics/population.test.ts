import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Rng } from '../../src/base/prng.js';
import { bestPopulations, groupPatterns, type OnCounts, type PopulationRule } from '../../src/metrics/population.js';

// The population search reads the samples once per group (on-patterns, then counts per pattern)
// instead of once per (value, group, candidate). Checked against the plain per-sample search
// (every subset of candidates, its union's hits counted sample by sample), and by the number of
// reads of the on-indicators.

const RULE: PopulationRule = { purity: 0.95, coverage: 0.95, maxCandidates: 14 };

/** Random on-indicators (n × d) and factors; `sparsity` sets how often a unit is on. */
function fixture(seed: number, n: number, groups: number, size: number, cards: number[], wta: boolean): OnCounts {
  const rng = new Rng(seed, 'population-test');
  const d = groups * size;
  const F = cards.length;
  const vars = cards.map((k) => ({ values: Int32Array.from({ length: n }, () => rng.int(k)), cardinality: k }));
  const on = new Uint8Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let g = 0; g < groups; g++) {
      // Units lean towards a factor value, so some populations are symbols.
      const lean = vars[g % F].values[i] % size;
      if (wta) on[i * d + g * size + (rng.int(10) < 8 ? lean : rng.int(size))] = 1;
      else for (let u = 0; u < size; u++) on[i * d + g * size + u] = u === lean ? (rng.int(10) < 9 ? 1 : 0) : rng.int(7) === 0 ? 1 : 0;
    }
  }
  const offset: number[] = [];
  let totalValues = 0;
  for (const k of cards) {
    offset.push(totalValues);
    totalValues += k;
  }
  const valueCount = new Float64Array(totalValues);
  const joint = new Float64Array(d * totalValues);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < F; f++) valueCount[offset[f] + vars[f].values[i]]++;
    for (let u = 0; u < d; u++) if (on[i * d + u]) for (let f = 0; f < F; f++) joint[u * totalValues + offset[f] + vars[f].values[i]]++;
  }
  return { on, n, d, vars, offset, totalValues, joint, valueCount };
}

/** The per-sample search (the rule of symbols.ts written plainly). */
function plainPopulation(c: OnCounts, first: number, size: number, f: number, v: number) {
  const k = c.offset[f] + v;
  let cands: number[] = [];
  for (let u = first; u < first + size; u++) if (c.joint[u * c.totalValues + k] > 0) cands.push(u);
  if (cands.length > RULE.maxCandidates) {
    cands = cands.sort((a, b) => c.joint[b * c.totalValues + k] - c.joint[a * c.totalValues + k] || a - b).slice(0, RULE.maxCandidates).sort((a, b) => a - b);
  }
  let best = { units: [] as number[], symbol: false, pure: false, coverage: -1, purity: -1 };
  for (let mask = 1; mask < 1 << cands.length; mask++) {
    const units = cands.filter((_, q) => mask & (1 << q));
    let covered = 0;
    let hits = 0;
    for (let i = 0; i < c.n; i++) {
      if (!units.some((u) => c.on[i * c.d + u])) continue;
      covered++;
      if (c.vars[f].values[i] === v) hits++;
    }
    const purity = covered > 0 ? hits / covered : 0;
    const coverage = hits / c.valueCount[k];
    const cand = { units, symbol: units.length >= 2 && purity >= RULE.purity && coverage >= RULE.coverage, pure: purity >= RULE.purity, coverage, purity };
    const better =
      cand.symbol !== best.symbol ? cand.symbol :
      cand.pure !== best.pure ? cand.pure :
      cand.coverage !== best.coverage ? cand.coverage > best.coverage :
      cand.purity !== best.purity ? cand.purity > best.purity :
      cand.units.length < best.units.length;
    if (better) best = cand;
  }
  return cands.length === 0 ? { units: [], purity: 0, coverage: 0 } : { units: best.units, purity: best.purity, coverage: best.coverage };
}

describe('population search', () => {
  it('finds the same populations as the per-sample search (WTA and overlapping codes, narrow and wide groups)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom(1, 2),
        fc.constantFrom(1, 3, 5, 18),
        fc.boolean(),
        (seed, groups, size, wta) => {
          const cards = [3, 2];
          const c = fixture(seed, 60, groups, size, cards, wta);
          const wanted = cards.flatMap((k, f) => Array.from({ length: k }, (_, v) => ({ f, v }))).filter(({ f, v }) => c.valueCount[c.offset[f] + v] > 0);
          const found = bestPopulations(c, groups, wanted, RULE);
          wanted.forEach(({ f, v }, w) => {
            for (let g = 0; g < groups; g++) assert.deepEqual(found[w][g], plainPopulation(c, g * size, size, f, v), `f${f} v${v} group ${g}`);
          });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('keeps at most maxCandidates units of a wide group (the ones on most often with the value)', () => {
    const c = fixture(7, 80, 1, 18, [2], false);
    const found = bestPopulations(c, 1, [{ f: 0, v: 0 }], { ...RULE, maxCandidates: 4 });
    const plain = (() => {
      const saved = RULE.maxCandidates;
      (RULE as { maxCandidates: number }).maxCandidates = 4;
      try {
        return plainPopulation(c, 0, 18, 0, 0);
      } finally {
        (RULE as { maxCandidates: number }).maxCandidates = saved;
      }
    })();
    assert.deepEqual(found[0][0], plain);
  });

  it('names each distinct on-pattern once (a WTA group of s units has at most s)', () => {
    const c = fixture(3, 500, 2, 6, [4], true);
    for (let g = 0; g < 2; g++) {
      const p = groupPatterns(c.on, c.n, c.d, g * 6, 6);
      assert.ok(p.count.length <= 6);
      assert.equal(p.count.reduce((a, b) => a + b, 0), c.n);
      for (let i = 0; i < c.n; i++) {
        const r = p.rep[p.of[i]];
        for (let u = 0; u < 6; u++) assert.equal(c.on[i * c.d + g * 6 + u], c.on[r * c.d + g * 6 + u]);
      }
    }
    // Wide groups (above the direct table) intern chunk by chunk: same rule.
    const wide = fixture(4, 300, 1, 40, [3], false);
    const p = groupPatterns(wide.on, wide.n, wide.d, 0, 40);
    const keys = new Set<string>();
    for (let i = 0; i < wide.n; i++) keys.add(Array.from(wide.on.subarray(i * 40, (i + 1) * 40)).join(''));
    assert.equal(p.count.length, keys.size);
  });

  it('reads the on-indicators once per group, not once per (value, group, candidate)', () => {
    // 8 groups of 8 units, 4 factors × 8 values: the per-sample search reads n × C on-flags for
    // each of the 32 values in each group (≈ 32 × n × d); the pattern search n × d, plus one
    // pattern's flags per candidate.
    const c = fixture(11, 2000, 8, 8, [8, 8, 8, 8], true);
    let reads = 0;
    const counted = new Proxy(c.on, {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        const v = Reflect.get(target, key, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const wanted = [0, 1, 2, 3].flatMap((f) => Array.from({ length: 8 }, (_, v) => ({ f, v })));
    bestPopulations({ ...c, on: counted as Uint8Array }, 8, wanted, RULE);
    const nd = c.n * c.d;
    assert.ok(reads <= nd + 8 * wanted.length * 8 * 8, `${reads} reads for n × d = ${nd}`);
  });
});
