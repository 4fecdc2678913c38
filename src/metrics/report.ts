import { HOLDS_NMI, matchFactorsToGroups } from './factor-matching.js';
import { factorStructure } from './structure.js';
import { Rng } from '../base/prng.js';
import { fewShotAccuracy } from './fewshot.js';
import { infoE, type InfoEResult } from './infoe.js';
import { dci, type DciFeatures, type DciResult } from './dci.js';
import { dciSettings, type DciPreset, type DciSettings } from './dci-presets.js';
import { activeUnits, checkCode, factorVariables, groupWinners, unitVariables, varies } from './discretize.js';
import { entropy, miMatrix, nmiMatrix } from './info.js';
import { infoC, infoM } from './infomec.js';
import { mig } from './mig.js';
import { modularity } from './modularity.js';
import { symbolicity, symbolTable, type SymbolicitySummary, type SymbolTable } from './symbols.js';
import type { CodeKind, DiscreteVar, FactorSpec } from './types.js';

export interface MetricsInput {
  codes: Float32Array | Float64Array;
  n: number;
  d: number;
  groups: number;
  z: Int32Array;
  factors: readonly FactorSpec[];
  kind: CodeKind;
}

/** Scores at one granularity (group: each group's argmax; unit: each unit). */
export interface LevelScores {
  /** Code variables at this level and how many of them vary. */
  variables: number;
  active: number;
  /** F × L matrices, rows = factors. */
  mi: number[][];
  nmi: number[][];
  infoM: number;
  infoC: number;
  /** Group level: MIG. Unit level: ~0 for a perfect one-hot code (units of a factor tie); caveat. */
  mig: number;
  modularity: number;
  /** DCI from a tree ensemble per factor, and how it was computed (null when switched off). */
  dci: (DciResult & DciDescription) | null;
}

export interface MetricsReport {
  n: number;
  d: number;
  groups: number;
  unitsPerGroup: number;
  kind: CodeKind;
  factors: string[];
  /** H(y_f) in nats. */
  factorEntropy: number[];
  /**
   * Factors that take a single value on the evaluation set: left out of every score alike
   * (METRICS.md). Their NMI/MI rows stay in the matrices (all 0) so tables show every factor.
   */
  constantFactors: number;
  /** The factors the scores are over (all but the constant ones), in order; per-factor arrays follow it. */
  scoredFactors: string[];
  /** Units that win (WTA) or vary (continuous) on at least one sample. */
  activeUnits: number;
  /** Groups whose winner changes across samples. */
  activeGroups: number;
  group: LevelScores;
  unit: LevelScores;
  /**
   * 1 when every (non-constant) factor is held by a group of its own: a matching of factors to
   * distinct groups with group-level NMI_fj ≥ FACTORIAL_NMI for each; else 0 (also 0 when every
   * factor is constant). One group holding two factors jointly does not count.
   */
  factorial: number;
  /** The matching behind `factorial`: each scored factor's group, and groups that hold several factors. */
  factorMatching: FactorMatchingReport;
  /** Mean over (non-constant) factors of max over groups of group-level NMI_fj (0 with none). */
  bestGroupNmi: number;
  symbols: SymbolicitySummary;
  /**
   * InfoE (group level, one-hot per group; see infoe.ts) — filled by computeAllMetrics,
   * null from computeInformationMetrics.
   */
  infoE: InfoEResult | null;
  /**
   * Few-shot transfer with each factor as the new task: a softmax readout from the raw code
   * on k samples per class of one half of the samples, tested on the other half; mean over factors.
   */
  fewShot: { k: number; accuracy: number; perFactor: number[] }[] | null;
}

/** DCI rows at group level: each group one-hot (a feature per unit) or its winner's index. */
function groupFeatures(groupVars: DiscreteVar[], kind: 'onehot' | 'index', n: number, active: boolean[]): DciFeatures {
  const numVars = groupVars.length;
  if (kind === 'index') {
    return {
      n, p: numVars, cards: groupVars.map((v) => v.cardinality), owner: groupVars.map((_, g) => g), numVars, active,
      row: (i, out, at) => {
        for (let g = 0; g < numVars; g++) out[at + g] = groupVars[g].values[i];
      },
    };
  }
  const base = [0];
  for (const v of groupVars) base.push(base[base.length - 1] + v.cardinality);
  const p = base[numVars];
  return {
    n, p, cards: new Array<number>(p).fill(2), owner: groupVars.flatMap((v, g) => new Array<number>(v.cardinality).fill(g)), numVars, active,
    row: (i, out, at) => {
      out.fill(0, at, at + p);
      for (let g = 0; g < numVars; g++) out[at + base[g] + groupVars[g].values[i]] = 1;
    },
  };
}

/** DCI rows at unit level: each unit's variable (win indicator or 20-bin index) or its raw value. */
function unitFeatures(unitVars: DiscreteVar[], kind: 'bins' | 'values', input: MetricsInput, active: boolean[]): DciFeatures {
  const { n, d, codes } = input;
  const owner = unitVars.map((_, j) => j);
  if (kind === 'values') {
    return { n, p: d, cards: null, owner, numVars: d, active, row: (i, out, at) => {
      for (let j = 0; j < d; j++) out[at + j] = codes[i * d + j];
    } };
  }
  return { n, p: d, cards: unitVars.map((v) => v.cardinality), owner, numVars: d, active, row: (i, out, at) => {
    for (let j = 0; j < d; j++) out[at + j] = unitVars[j].values[i];
  } };
}

/**
 * Scores at one level. The matrices cover every factor; the scores only the `scored` ones
 * (non-constant): a constant factor has nothing to explain, and counting it as an uninformed
 * factor would lower InfoC, MIG, InfoE (a 0 term each) and shift InfoM, modularity and D.
 */
function levelScores(
  factorVars: DiscreteVar[],
  scored: number[],
  codeVars: DiscreteVar[],
  dciOptions: DciSettings & { preset: DciPreset } | null,
  dciFeatures: (active: boolean[]) => DciFeatures,
): LevelScores {
  const mi = miMatrix(factorVars, codeVars);
  const nmi = nmiMatrix(factorVars, codeVars, mi);
  const active = codeVars.map(varies);
  const kept = scored.map((f) => factorVars[f]);
  const miK = scored.map((f) => mi[f]);
  const nmiK = scored.map((f) => nmi[f]);
  return {
    variables: codeVars.length,
    active: active.filter(Boolean).length,
    mi,
    nmi,
    infoM: infoM(nmiK, active),
    infoC: infoC(nmiK, active),
    mig: mig(kept, miK),
    modularity: modularity(miK),
    dci: dciOptions ? { ...dci(dciFeatures(active), kept, dciOptions), ...dciDescription(dciOptions) } : null,
  };
}

/** A group "holds" a factor when their group-level NMI reaches this (METRICS.md, Factorial). */
export const FACTORIAL_NMI = HOLDS_NMI;

/** `factorial` (distinct groups) and `bestGroupNmi` from the group-level NMI rows of the scored factors. */
export function factorialScores(nmiRows: readonly (readonly number[])[]): { factorial: number; bestGroupNmi: number } {
  if (nmiRows.length === 0) return { factorial: 0, bestGroupNmi: 0 };
  const best = nmiRows.map((row) => row.reduce((a, b) => Math.max(a, b), 0));
  return {
    factorial: matchFactorsToGroups(nmiRows, FACTORIAL_NMI).factorial,
    bestGroupNmi: best.reduce((a, b) => a + b, 0) / best.length,
  };
}

export interface FactorMatchingReport {
  /**
   * 1 when every scored factor has *structure*: its matched group is its own (the group reads no
   * other factor cleanly) and that group's winning units are detectors of the factor's values,
   * every value with one (structure.ts). Precision is the NMI; `factorial` needs both.
   */
  structure: number;
  /** Per scored factor (in `scoredFactors` order): structure and precision against its matched group. */
  factors: FactorMatchEntry[];
  /** Groups holding two or more factors at once (NMI ≥ FACTORIAL_NMI with each). */
  jointGroups: { group: number; factors: string[] }[];
}

export interface FactorMatchEntry {
  name: string;
  /** The matched group (distinct per factor; -1: fewer groups than factors, none left). */
  group: number;
  /** Precision: NMI of the factor with its matched group (0 when unmatched). */
  nmi: number;
  /** nmi ≥ FACTORIAL_NMI. */
  holds: boolean;
  /** Structure: the group is the factor's own and its winning units detect the factor's values. */
  structure: boolean;
  /** Observed values of the factor with a detector (a winning unit with purity ≥ DETECTOR_PURITY) in the group. */
  valuesDetected: number;
  values: number;
  /** Values with no detector in the matched group. */
  missingValues: string[];
  /** Winning units of the matched group (unit index in the whole code) that detect no single value of this factor. */
  mixedUnits: { unit: number; purity: number; values: string[] }[];
  /** Other factors that the matched group also reads cleanly (a joint group). */
  sharedWith: string[];
  /** Other groups holding detectors of the missing values (the factor is spread over groups). */
  elsewhere: number[];
}

/**
 * The factor → group matching of the scored factors, with structure per factor: `nmiRows` and
 * `factorVars` of the scored factors, `specs` their names and values, `groupVars` every group.
 */
export function factorMatchingReport(
  nmiRows: readonly (readonly number[])[],
  specs: readonly FactorSpec[],
  factorVars: readonly DiscreteVar[],
  groupVars: readonly DiscreteVar[],
): FactorMatchingReport {
  const m = matchFactorsToGroups(nmiRows, FACTORIAL_NMI);
  const names = specs.map((s) => s.name);
  const structure = factorStructure(factorVars, groupVars, m.group);
  const unitsPerGroup = groupVars[0]?.cardinality ?? 0;
  const factors = specs.map((spec, f): FactorMatchEntry => {
    const s = structure[f];
    const j = m.group[f];
    const valueName = (v: number) => spec.values[v] ?? String(v);
    return {
      name: spec.name,
      group: j,
      nmi: m.nmi[f],
      holds: m.nmi[f] >= FACTORIAL_NMI,
      structure: s.ok,
      valuesDetected: s.valuesDetected,
      values: s.values,
      missingValues: s.missingValues.map(valueName),
      mixedUnits: s.mixedUnits.map((u) => ({ unit: j * unitsPerGroup + u.unit, purity: u.purity, values: u.values.map(valueName) })),
      sharedWith: s.sharedWith.map((g) => names[g]),
      elsewhere: s.elsewhere,
    };
  });
  return {
    structure: factors.length > 0 && factors.every((e) => e.structure) ? 1 : 0,
    factors,
    jointGroups: m.jointGroups.map((j) => ({ group: j.group, factors: j.factors.map((f) => names[f]) })),
  };
}

export interface InformationOptions {
  /** Seed for the DCI forests' bootstrap and train/test split (default 0). */
  seed?: number;
  /** DCI options on top of the preset, or false to skip DCI (default: on). */
  dci?: DciSettings | false;
  /** How DCI is computed: 'wtanet' (default) or 'disentanglement_lib' (dci-presets.ts). */
  dciPreset?: string;
}

/** How a DCI result was computed, stored beside it (the report says which). */
export interface DciDescription {
  preset: DciPreset;
  estimator: 'forest' | 'gbt';
  groupFeature: 'onehot' | 'index';
  unitFeature: 'bins' | 'values';
  logBase: 'active' | 'all';
  split: 'shuffle' | 'first';
}

/** One line naming how DCI was computed, e.g. "disentanglement_lib (gbt; groups as index, units as values; log base all units; first 2/3 of the rows train, …)". */
export function dciLabel(d: DciDescription): string {
  return `${d.preset} (${d.estimator === 'gbt' ? 'gradient-boosted trees' : 'random forest'}; groups ${d.groupFeature === 'index' ? "as their winner's index" : 'one-hot'}, ` +
    `units ${d.unitFeature === 'values' ? 'as raw values' : 'binned'}; log base ${d.logBase === 'all' ? 'all' : 'active'} variables; ` +
    `${d.split === 'first' ? 'first 2/3 of the rows train, a seeded sample beyond the caps' : 'seeded shuffle split'})`;
}

/** The description part of a DCI result (without its numbers). */
export function dciDescriptionOf(d: DciDescription): DciDescription {
  return { preset: d.preset, estimator: d.estimator, groupFeature: d.groupFeature, unitFeature: d.unitFeature, logBase: d.logBase, split: d.split };
}

function dciDescription(s: DciSettings & { preset: DciPreset }): DciDescription {
  return { preset: s.preset, estimator: s.estimator!, groupFeature: s.groupFeature!, unitFeature: s.unitFeature!, logBase: s.logBase!, split: s.split! };
}

/**
 * Every information-theoretic and symbolic score of METRICS.md for one code, as a plain
 * JSON-able object. Also returns the symbol table (a run writes it as symbols.json).
 */
export function computeInformationMetrics(input: MetricsInput, options: InformationOptions = {}): { report: MetricsReport; table: SymbolTable } {
  const { report, table } = informationMetrics(input, options);
  return { report, table };
}

/** One of the dci() calls computeInformationMetrics makes, as its arguments. */
export interface DciCall {
  level: 'group' | 'unit';
  features: DciFeatures;
  factors: DiscreteVar[];
  settings: DciSettings & { seed: number };
}

/**
 * The group- and unit-level dci() calls that computeInformationMetrics makes on this code, built
 * the same way, so that the estimator can be timed alone (bench/dci.ts) instead of as the
 * difference of two noisy timings of the whole metrics call.
 */
export function dciCalls(input: MetricsInput, options: Omit<InformationOptions, 'dci'> & { dci?: DciSettings } = {}): DciCall[] {
  checkCode(input);
  const { factorVars, scored, groupVars, unitVars } = codeVariables(input);
  const settings = { seed: options.seed ?? 0, ...dciSettings(options.dciPreset, options.dci) };
  const factors = scored.map((f) => factorVars[f]);
  return [
    { level: 'group', features: groupFeatures(groupVars, settings.groupFeature ?? 'onehot', input.n, groupVars.map(varies)), factors, settings },
    { level: 'unit', features: unitFeatures(unitVars, settings.unitFeature ?? 'bins', input, unitVars.map(varies)), factors, settings },
  ];
}

/** The discrete variables every level's scores are computed from: factors (and which vary), group winners, units. */
function codeVariables(input: MetricsInput) {
  const { n, factors } = input;
  const factorVars = factorVariables(input.z, n, factors.length, factors.map((f) => f.values.length));
  const scored = factorVars.flatMap((v, f) => (varies(v) ? [f] : []));
  const groupVars = groupWinners(input);
  return { factorVars, scored, groupVars, unitVars: unitVariables(input, groupVars) };
}

/** computeInformationMetrics, also handing back the factor and group variables for computeAllMetrics to reuse. */
function informationMetrics(input: MetricsInput, options: InformationOptions) {
  checkCode(input);
  const { n, d, groups, factors } = input;
  const { factorVars, scored, groupVars, unitVars } = codeVariables(input);
  const table = symbolTable(input, { checked: true, winners: groupVars });
  const dciOptions = options.dci === false ? null : { seed: options.seed ?? 0, ...dciSettings(options.dciPreset, options.dci) };
  const group = levelScores(factorVars, scored, groupVars, dciOptions, (active) => groupFeatures(groupVars, dciOptions?.groupFeature ?? 'onehot', n, active));
  const unit = levelScores(factorVars, scored, unitVars, dciOptions, (active) => unitFeatures(unitVars, dciOptions?.unitFeature ?? 'bins', input, active));
  const report: MetricsReport = {
    n,
    d,
    groups,
    unitsPerGroup: d / groups,
    kind: input.kind,
    factors: factors.map((f) => f.name),
    factorEntropy: factorVars.map(entropy),
    constantFactors: factors.length - scored.length,
    scoredFactors: scored.map((f) => factors[f].name),
    activeUnits: activeUnits(input, groupVars).filter(Boolean).length,
    activeGroups: group.active,
    group,
    unit,
    ...factorialScores(scored.map((f) => group.nmi[f])),
    factorMatching: factorMatchingReport(scored.map((f) => group.nmi[f]), scored.map((f) => factors[f]), scored.map((f) => factorVars[f]), groupVars),
    symbols: symbolicity(table),
    infoE: null,
    fewShot: null,
  };
  return { report, table, scoredVars: scored.map((f) => factorVars[f]), groupVars };
}

export interface AllMetricsOptions extends InformationOptions {
  /** Few-shot shot counts per class (default [1, 5, 20]); [] to skip. */
  fewShotK?: number[];
  /** Skip InfoE (it trains one readout per factor). */
  infoE?: boolean;
}

/**
 * Every number of METRICS.md that a code and its factors determine: the information
 * metrics at group and unit level (NMI, InfoM/C/E, MIG, modularity, DCI), symbolicity,
 * active units, and few-shot transfer. Plain JSON-able (no typed arrays, no NaN).
 * The symbol table itself comes from symbolTable(input).
 */
export function computeAllMetrics(input: MetricsInput, options: AllMetricsOptions = {}): MetricsReport {
  // Per-factor readouts run over the non-constant factors only (report.scoredFactors).
  const { report, scoredVars: factorVars, groupVars } = informationMetrics(input, options);
  if (options.infoE ?? true) report.infoE = infoE(groupVars, factorVars);
  const ks = options.fewShotK ?? [1, 5, 20];
  if (ks.length > 0 && input.n >= 2) {
    // Seeded halves: the readout's k per class come from the first, the test is the second.
    const order = Int32Array.from({ length: input.n }, (_, i) => i);
    new Rng(options.seed ?? 0, 'fewshot-split').shuffle(order);
    const half = Math.floor(input.n / 2);
    // The test half's codes are gathered once, not once per factor and k (they are the same rows).
    // (Plain loops: a subarray per row, or Int32Array.from with a mapping function, cost more
    // than the copy itself at 10⁵ rows.)
    const { codes, d } = input;
    const rows = (idx: Int32Array) => {
      const x = new Float32Array(idx.length * d);
      for (let r = 0; r < idx.length; r++) for (let j = 0, a = idx[r] * d; j < d; j++) x[r * d + j] = codes[a + j];
      return x;
    };
    const labels = (values: Int32Array, idx: Int32Array) => {
      const y = new Int32Array(idx.length);
      for (let r = 0; r < idx.length; r++) y[r] = values[idx[r]];
      return y;
    };
    // The readouts' half is read in place (only its k per class are copied); the test half is
    // gathered, as the readout's predict reads it whole.
    const halves = [order.subarray(0, half), order.subarray(half)].map((idx, h) => ({
      x: h === 0 ? codes : rows(idx),
      rows: h === 0 ? idx : undefined,
      n: idx.length,
      ys: factorVars.map((fv) => labels(fv.values, idx)),
    }));
    const split = (h: (typeof halves)[number], f: number) => ({ x: h.x, rows: h.rows, n: h.n, d: input.d, y: h.ys[f] });
    report.fewShot = ks.map((k) => {
      const perFactor = factorVars.map((fv, f) =>
        fewShotAccuracy(split(halves[0], f), split(halves[1], f), fv.cardinality, k, options.seed ?? 0),
      );
      return { k, accuracy: perFactor.reduce((a, b) => a + b, 0) / Math.max(1, perFactor.length), perFactor };
    });
  }
  return report;
}
