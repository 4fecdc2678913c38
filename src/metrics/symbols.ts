import { checkCode, factorVariables, unitActivity, unitMedians } from './discretize.js';
import { bool, describe, fail, list, number, object, oneOf, required, text } from '../base/check.js';
import { bestPopulations } from './population.js';
import type { CodeInput, CodeKind, DiscreteVar, FactorSpec } from './types.js';

// Symbolicity: does one unit (or one population of units of a group) stand for one factor value?
//
// A unit is "on" where it wins its group (WTA) or exceeds its median over the evaluation set
// (continuous baselines). For unit u and factor value (f, v):
//   purity   P(y_f = v | u on)      coverage   P(u on | y_f = v)
// A unit symbol for (f, v): purity ≥ 0.95 and coverage ≥ 0.95.
// A population symbol for (f, v): two or more units of ONE group whose union is on with
// purity ≥ 0.95 and coverage ≥ 0.95. METRICS.md states only the purity condition; the same
// coverage is required so a population is a complete code for v, as a unit symbol must be —
// otherwise any single pure but rare unit would count. The set is found EXACTLY (a greedy
// purest-first search misses valid sets: a purer unit can use up the impurity budget that the
// unit needed for coverage would have used): every subset of the group's candidate units is
// scored (population.ts), the candidates being the units on for at least one sample with value v
// (a unit never on for v only adds impurity, so leaving it out loses no set). Bound: at most
// MAX_POPULATION_CANDIDATES candidates per (group, value), i.e. 2^14 subsets; above it the
// candidates with the most v samples are kept (documented; exact for every group of ≤ 14 units).
// Among symbol subsets the best is: highest coverage, then purity, then fewest units, then
// the lowest unit indices. The group giving the best (symbol, coverage, purity) is reported.
// Symbolicity = share of factor values (f, v) with a unit or population symbol, counted over
// values observed in the evaluation set of factors with at least two observed values (a
// constant factor distinguishes nothing, and an always-on unit would be its trivial "symbol").

export const SYMBOL_PURITY = 0.95;
export const SYMBOL_COVERAGE = 0.95;
/** Population search is exact over at most this many candidate units per (group, value) (2^14 subsets). */
export const MAX_POPULATION_CANDIDATES = 14;

export interface UnitSymbolEntry {
  unit: number;
  group: number;
  /** Index of the unit within its group. */
  index: number;
  /** Samples on which the unit is on. */
  wins: number;
  /** Best factor value by name (null for a unit that is never on). */
  factor: string | null;
  value: string | null;
  factorIndex: number;
  valueIndex: number;
  purity: number;
  coverage: number;
  /** True when the unit is a symbol for its best (factor, value). */
  symbol: boolean;
}

export interface ValueSymbolEntry {
  factor: string;
  value: string;
  factorIndex: number;
  valueIndex: number;
  /** Samples with this value. */
  count: number;
  /** 'unit' if some unit is a symbol for it, else 'population' if a group population is, else null. */
  symbol: 'unit' | 'population' | null;
  /** The units encoding it: unit symbols, else the best population (even if not a symbol). */
  units: number[];
  purity: number;
  coverage: number;
}

/** The symbol table, written as a run's `symbols.json`. */
export interface SymbolTable {
  version: 1;
  kind: CodeKind;
  groups: number;
  unitsPerGroup: number;
  purityThreshold: number;
  coverageThreshold: number;
  /** Continuous codes: the per-unit medians that define "on" (needed to decode new codes). */
  onThresholds: number[] | null;
  units: UnitSymbolEntry[];
  values: ValueSymbolEntry[];
}

export interface SymbolicitySummary {
  /** Share of counted factor values that have a unit or population symbol. */
  symbolicity: number;
  valuesCounted: number;
  valuesWithSymbol: number;
  valuesWithUnitSymbol: number;
  valuesWithPopulationSymbol: number;
  /** Units that are a symbol for their best factor value. */
  symbolUnits: number;
  /** Mean purity and coverage (of the best factor value) over units that are ever on. */
  meanPurity: number;
  meanCoverage: number;
}

export interface SymbolInput extends CodeInput {
  readonly z: Int32Array;
  readonly factors: readonly FactorSpec[];
}

/**
 * Builds the symbol table of a code against its factors (`known`: the code check done and the
 * group winners computed already, as computeInformationMetrics has them).
 */
export function symbolTable(input: SymbolInput, known?: { checked: true; winners: DiscreteVar[] }): SymbolTable {
  if (!known) checkCode(input);
  const { n, d, groups, factors } = input;
  const vars = factorVariables(input.z, n, factors.length, factors.map((f) => f.values.length));
  const medians = input.kind === 'continuous' ? unitMedians(input) : null;
  const on = unitActivity(input, medians ?? undefined, known?.winners);
  const counts = new WinCounts(on, n, d, vars);
  return {
    version: 1,
    kind: input.kind,
    groups,
    unitsPerGroup: d / groups,
    purityThreshold: SYMBOL_PURITY,
    coverageThreshold: SYMBOL_COVERAGE,
    onThresholds: medians ? Array.from(medians) : null,
    units: unitEntries(counts, factors, d / groups),
    values: valueEntries(counts, factors, groups),
  };
}

const isSymbol = (p: number, c: number) => p >= SYMBOL_PURITY && c >= SYMBOL_COVERAGE;

/**
 * How often each unit is on, each factor value occurs, and both at once. Factor values are
 * numbered in one flat list: value v of factor f is k = offset[f] + v.
 */
class WinCounts {
  readonly offset: number[] = [];
  readonly totalValues: number;
  readonly valueCount: Float64Array;
  readonly wins: Float64Array;
  /** joint[u · totalValues + k]: samples where unit u is on and the value k holds. */
  readonly joint: Float64Array;

  constructor(readonly on: Uint8Array, readonly n: number, readonly d: number, readonly vars: readonly DiscreteVar[]) {
    const F = vars.length;
    let totalValues = 0;
    for (const v of vars) {
      this.offset.push(totalValues);
      totalValues += v.cardinality;
    }
    this.totalValues = totalValues;
    this.valueCount = new Float64Array(totalValues);
    for (let f = 0; f < F; f++) for (let i = 0; i < n; i++) this.valueCount[this.offset[f] + vars[f].values[i]]++;
    const wins = (this.wins = new Float64Array(d));
    const joint = (this.joint = new Float64Array(d * totalValues));
    // Each sample's F flat value numbers, looked up once per sample rather than once per unit on;
    // and locals, not fields, in the loop (V8 does not hoist the field loads). Counts are whole
    // numbers: the same in any order.
    const keys = new Int32Array(F);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < F; f++) keys[f] = this.offset[f] + vars[f].values[i];
      for (let u = 0, a = i * d; u < d; u++, a++) {
        if (!on[a]) continue;
        wins[u]++;
        const row = u * totalValues;
        for (let f = 0; f < F; f++) joint[row + keys[f]]++;
      }
    }
  }

  purity(u: number, k: number): number {
    return this.wins[u] > 0 ? this.joint[u * this.totalValues + k] / this.wins[u] : 0;
  }

  coverage(u: number, k: number): number {
    return this.valueCount[k] > 0 ? this.joint[u * this.totalValues + k] / this.valueCount[k] : 0;
  }
}

/** Each unit's best factor value: a value it is a symbol for first, then purity, coverage, lowest (f, v). */
function unitEntries(c: WinCounts, factors: readonly FactorSpec[], size: number): UnitSymbolEntry[] {
  const units: UnitSymbolEntry[] = [];
  for (let u = 0; u < c.d; u++) {
    const entry: UnitSymbolEntry = {
      unit: u, group: Math.floor(u / size), index: u % size, wins: c.wins[u],
      factor: null, value: null, factorIndex: -1, valueIndex: -1, purity: 0, coverage: 0, symbol: false,
    };
    if (c.wins[u] > 0) {
      for (let f = 0; f < c.vars.length; f++) {
        for (let v = 0; v < c.vars[f].cardinality; v++) {
          const k = c.offset[f] + v;
          const p = c.purity(u, k);
          const cov = c.coverage(u, k);
          const s = isSymbol(p, cov);
          const better =
            entry.factorIndex < 0 ||
            (s && !entry.symbol) ||
            (s === entry.symbol && (p > entry.purity || (p === entry.purity && cov > entry.coverage)));
          if (better) Object.assign(entry, { factorIndex: f, valueIndex: v, purity: p, coverage: cov, symbol: s });
        }
      }
      entry.factor = factors[entry.factorIndex].name;
      entry.value = valueName(factors[entry.factorIndex], entry.valueIndex);
    }
    units.push(entry);
  }
  return units;
}

/** Each factor value's symbol: its unit symbols if any, else the best population of one group. */
function valueEntries(c: WinCounts, factors: readonly FactorSpec[], groups: number): ValueSymbolEntry[] {
  const values: ValueSymbolEntry[] = [];
  // Values with no unit symbol, searched for populations in one batch (population.ts).
  const wanted: { f: number; v: number; entry: ValueSymbolEntry }[] = [];
  for (let f = 0; f < c.vars.length; f++) {
    for (let v = 0; v < c.vars[f].cardinality; v++) {
      const k = c.offset[f] + v;
      const entry: ValueSymbolEntry = {
        factor: factors[f].name, value: valueName(factors[f], v), factorIndex: f, valueIndex: v,
        count: c.valueCount[k], symbol: null, units: [], purity: 0, coverage: 0,
      };
      values.push(entry);
      if (c.valueCount[k] === 0) continue;
      const unitSymbols: number[] = [];
      for (let u = 0; u < c.d; u++) if (isSymbol(c.purity(u, k), c.coverage(u, k))) unitSymbols.push(u);
      if (unitSymbols.length > 0) {
        entry.symbol = 'unit';
        entry.units = unitSymbols;
        // The purest unit symbol stands for the value's numbers.
        const best = unitSymbols.reduce((a, b) => (c.purity(b, k) > c.purity(a, k) ? b : a));
        entry.purity = c.purity(best, k);
        entry.coverage = c.coverage(best, k);
        continue;
      }
      wanted.push({ f, v, entry });
    }
  }
  const rule = { purity: SYMBOL_PURITY, coverage: SYMBOL_COVERAGE, maxCandidates: MAX_POPULATION_CANDIDATES };
  const found = bestPopulations(c, groups, wanted, rule);
  wanted.forEach(({ entry }, w) => {
    for (const pop of found[w]) {
      const s = pop.units.length >= 2 && isSymbol(pop.purity, pop.coverage);
      const current = entry.symbol === 'population';
      if (pop.units.length === 0) continue;
      if ((s && !current) || (s === current && (pop.coverage > entry.coverage || (pop.coverage === entry.coverage && pop.purity > entry.purity)))) {
        entry.symbol = s ? 'population' : null;
        entry.units = pop.units;
        entry.purity = pop.purity;
        entry.coverage = pop.coverage;
      }
    }
  });
  return values;
}

function valueName(factor: FactorSpec, v: number): string {
  return factor.values[v] ?? String(v);
}

/** Symbolicity and related counts from a symbol table (see the rules at the top of this file). */
export function symbolicity(table: SymbolTable): SymbolicitySummary {
  const observed = new Map<number, number>();
  for (const v of table.values) if (v.count > 0) observed.set(v.factorIndex, (observed.get(v.factorIndex) ?? 0) + 1);
  let counted = 0;
  let withUnit = 0;
  let withPopulation = 0;
  for (const v of table.values) {
    if (v.count === 0 || (observed.get(v.factorIndex) ?? 0) < 2) continue;
    counted++;
    if (v.symbol === 'unit') withUnit++;
    else if (v.symbol === 'population') withPopulation++;
  }
  const live = table.units.filter((u) => u.wins > 0);
  const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    symbolicity: counted > 0 ? (withUnit + withPopulation) / counted : 0,
    valuesCounted: counted,
    valuesWithSymbol: withUnit + withPopulation,
    valuesWithUnitSymbol: withUnit,
    valuesWithPopulationSymbol: withPopulation,
    symbolUnits: table.units.filter((u) => u.symbol).length,
    meanPurity: mean(live.map((u) => u.purity)),
    meanCoverage: mean(live.map((u) => u.coverage)),
  };
}

/**
 * Checks a parsed symbols.json (written by wtanet, but a file can be edited or damaged) for
 * every field its readers use, returning it typed; throws a ConfigError naming the first bad
 * field, e.g. "units[3].purity: 'x' is not a number ≥ 0 and ≤ 1".
 */
export function checkSymbolTable(json: unknown): SymbolTable {
  const fields = ['version', 'kind', 'groups', 'unitsPerGroup', 'purityThreshold', 'coverageThreshold', 'onThresholds', 'units', 'values'];
  const t = object(required(json, 'symbols.json'), 'symbols.json', fields);
  for (const k of fields) required(t[k], k);
  oneOf(t.kind, 'kind', ['wta', 'continuous'] as const, 'wta');
  for (const k of ['groups', 'unitsPerGroup'] as const) number(t[k], k, 0, { integer: true, min: 1 });
  for (const k of ['purityThreshold', 'coverageThreshold'] as const) number(t[k], k, 0, { min: 0, max: 1 });
  const unit = { integer: true, min: 0 };
  const share = { min: 0, max: 1 };
  list(t.units, 'units', []).forEach((u, i) => {
    const p = `units[${i}]`;
    const e = record(u, p);
    for (const k of ['unit', 'group', 'factor', 'value', 'purity', 'coverage', 'symbol']) required(e[k], `${p}.${k}`);
    number(e.unit, `${p}.unit`, 0, unit);
    number(e.group, `${p}.group`, 0, unit);
    if (e.factor !== null) {
      text(e.factor, `${p}.factor`, '');
      text(e.value, `${p}.value`, '');
    }
    number(e.purity, `${p}.purity`, 0, share);
    number(e.coverage, `${p}.coverage`, 0, share);
    bool(e.symbol, `${p}.symbol`, false);
  });
  list(t.values, 'values', []).forEach((v, i) => {
    const p = `values[${i}]`;
    const e = record(v, p);
    text(required(e.factor, `${p}.factor`), `${p}.factor`, '');
    text(required(e.value, `${p}.value`), `${p}.value`, '');
    if (e.symbol !== null) oneOf(required(e.symbol, `${p}.symbol`), `${p}.symbol`, ['unit', 'population'] as const, 'unit');
    list(required(e.units, `${p}.units`), `${p}.units`, []).forEach((u, j) => number(u, `${p}.units[${j}]`, 0, unit));
  });
  return json as SymbolTable;
}

/** An object with any fields. */
function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, `${describe(value)} is not an object`);
  return value as Record<string, unknown>;
}
