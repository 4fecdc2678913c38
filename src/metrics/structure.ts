// Structure versus precision (METRICS.md, Factorial): a factor's NMI with its group can miss
// 0.95 because its detectors sit in the wrong places (two values merged into one unit, values
// detected in groups shared with other factors, a group holding two factors jointly) or because
// clean detectors are not precise enough. `structure` asks only the first question, from each
// group's winning units; `precision` is the NMI itself.

import type { DiscreteVar } from './types.js';

/** A unit detects a value when at least this share of its wins fall on that value. */
export const DETECTOR_PURITY = 0.8;
/** Units winning on fewer than this share of the samples are left out of the structure test. */
export const MIN_WIN_SHARE = 0.01;

/** How one group's winning units read one factor. */
export interface GroupReading {
  /** Units (index within the group) that win on at least MIN_WIN_SHARE of the samples. */
  winners: number[];
  /** For each winning unit, the value most of its wins fall on, and that share (purity). */
  unitValue: number[];
  unitPurity: number[];
  /** Observed values of the factor with at least one detector (a winning unit of purity ≥ DETECTOR_PURITY). */
  detected: number[];
  /** Observed values of the factor. */
  observed: number[];
  /** Every winning unit is a detector, and every observed value has one. */
  clean: boolean;
}

/** counts[k][v]: samples where the group's winner is k and the factor's value is v. */
export function readGroup(factor: DiscreteVar, group: DiscreteVar): GroupReading {
  const n = factor.values.length;
  const counts = Array.from({ length: group.cardinality }, () => new Float64Array(factor.cardinality));
  const wins = new Float64Array(group.cardinality);
  const seen = new Uint8Array(factor.cardinality);
  for (let i = 0; i < n; i++) {
    counts[group.values[i]][factor.values[i]]++;
    wins[group.values[i]]++;
    seen[factor.values[i]] = 1;
  }
  const winners: number[] = [];
  const unitValue: number[] = [];
  const unitPurity: number[] = [];
  const detectedSet = new Set<number>();
  for (let k = 0; k < group.cardinality; k++) {
    if (wins[k] === 0 || wins[k] < MIN_WIN_SHARE * n) continue;
    let best = 0;
    for (let v = 1; v < factor.cardinality; v++) if (counts[k][v] > counts[k][best]) best = v;
    const purity = counts[k][best] / wins[k];
    winners.push(k);
    unitValue.push(best);
    unitPurity.push(purity);
    if (purity >= DETECTOR_PURITY) detectedSet.add(best);
  }
  const observed = [...seen.keys()].filter((v) => seen[v]);
  const detected = observed.filter((v) => detectedSet.has(v));
  const clean = winners.length > 0 && unitPurity.every((p) => p >= DETECTOR_PURITY) && detected.length === observed.length;
  return { winners, unitValue, unitPurity, detected, observed, clean };
}

/** One factor's structure against its matched group. */
export interface FactorStructure {
  /** 1 when the matched group is the factor's own and its winning units are clean detectors of the factor's values. */
  ok: boolean;
  /** Observed values with a detector in the matched group, of all observed values. */
  valuesDetected: number;
  values: number;
  /** Winning units of the matched group (index within the group) that are no detector of this factor, with their purity. */
  mixedUnits: { unit: number; purity: number; values: number[] }[];
  /** Values (indices) with no detector in the matched group. */
  missingValues: number[];
  /** Other factors (indices) that the matched group also reads cleanly: a joint group. */
  sharedWith: number[];
  /** Groups other than the matched one holding detectors of this factor's missing values. */
  elsewhere: number[];
}

/**
 * Structure of each factor against its matched group (`matched[f]`, -1: none). Factor and group
 * variables as in report.ts (the scored factors; groups' winners).
 */
export function factorStructure(factors: readonly DiscreteVar[], groups: readonly DiscreteVar[], matched: readonly number[]): FactorStructure[] {
  const n = factors[0]?.values.length ?? 0;
  const readings = factors.map((fv) => groups.map((gv) => readGroup(fv, gv)));
  return factors.map((fv, f) => {
    const j = matched[f];
    const observed = readings[f][0]?.observed.length ?? 0;
    if (j < 0) return { ok: false, valuesDetected: 0, values: observed, mixedUnits: [], missingValues: readings[f][0]?.observed ?? [], sharedWith: [], elsewhere: [] };
    const r = readings[f][j];
    const mixedUnits = r.winners.flatMap((unit, i) => {
      if (r.unitPurity[i] >= DETECTOR_PURITY) return [];
      // The values that make up most of this unit's wins (its top values until 80 % of its wins).
      const counts = new Float64Array(fv.cardinality);
      let wins = 0;
      for (let s = 0; s < n; s++) if (groups[j].values[s] === unit) (counts[fv.values[s]]++, wins++);
      const order = [...counts.keys()].sort((a, b) => counts[b] - counts[a] || a - b);
      const values: number[] = [];
      let acc = 0;
      for (const v of order) {
        if (acc >= DETECTOR_PURITY * wins || counts[v] === 0) break;
        values.push(v);
        acc += counts[v];
      }
      return [{ unit, purity: r.unitPurity[i], values }];
    });
    const missingValues = r.observed.filter((v) => !r.detected.includes(v));
    const sharedWith = factors.flatMap((_, g) => (g !== f && readings[g][j].clean ? [g] : []));
    const elsewhere = missingValues.length === 0 ? [] : groups.flatMap((_, g) => {
      if (g === j) return [];
      const o = readings[f][g];
      return o.winners.some((_, i) => o.unitPurity[i] >= DETECTOR_PURITY && missingValues.includes(o.unitValue[i])) ? [g] : [];
    });
    return {
      ok: r.clean && sharedWith.length === 0,
      valuesDetected: r.detected.length,
      values: r.observed.length,
      mixedUnits,
      missingValues,
      sharedWith,
      elsewhere,
    };
  });
}
