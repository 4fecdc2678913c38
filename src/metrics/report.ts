import { dci, type DciOptions, type DciResult } from './dci.js';
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
  /** DCI from a random forest per factor (null when switched off). */
  dci: DciResult | null;
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
  /** Units that win (WTA) or vary (continuous) on at least one sample. */
  activeUnits: number;
  /** Groups whose winner changes across samples. */
  activeGroups: number;
  group: LevelScores;
  unit: LevelScores;
  symbols: SymbolicitySummary;
}

/** Forest inputs for DCI: unit level = the unit variables; group level = each group one-hot. */
function dciFeatures(codeVars: DiscreteVar[], oneHotGroups: boolean, n: number) {
  const p = oneHotGroups ? codeVars.reduce((a, v) => a + v.cardinality, 0) : codeVars.length;
  const x = new Int32Array(n * p);
  const cards: number[] = [];
  const owner: number[] = [];
  if (oneHotGroups) {
    let base = 0;
    codeVars.forEach((v, g) => {
      for (let i = 0; i < n; i++) x[i * p + base + v.values[i]] = 1;
      for (let u = 0; u < v.cardinality; u++) {
        cards.push(2);
        owner.push(g);
      }
      base += v.cardinality;
    });
  } else {
    codeVars.forEach((v, j) => {
      for (let i = 0; i < n; i++) x[i * p + j] = v.values[i];
      cards.push(v.cardinality);
      owner.push(j);
    });
  }
  return { x, n, p, cards, owner, numVars: codeVars.length, active: codeVars.map(varies) };
}

function levelScores(factorVars: DiscreteVar[], codeVars: DiscreteVar[], dciOptions: DciOptions | null, oneHotGroups: boolean): LevelScores {
  const mi = miMatrix(factorVars, codeVars);
  const nmi = nmiMatrix(factorVars, codeVars, mi);
  const active = codeVars.map(varies);
  return {
    variables: codeVars.length,
    active: active.filter(Boolean).length,
    mi,
    nmi,
    infoM: infoM(nmi, active),
    infoC: infoC(nmi, active),
    mig: mig(factorVars, mi),
    modularity: modularity(mi),
    dci: dciOptions ? dci(dciFeatures(codeVars, oneHotGroups, factorVars[0]?.values.length ?? 0), factorVars, dciOptions) : null,
  };
}

export interface InformationOptions {
  /** Seed for the DCI forests' bootstrap and train/test split (default 0). */
  seed?: number;
  /** DCI forest options, or false to skip DCI (default: on, 10 trees). */
  dci?: DciOptions | false;
}

/**
 * Every information-theoretic and symbolic score of METRICS.md for one code, as a plain
 * JSON-able object. Also returns the symbol table (a run writes it as symbols.json).
 */
export function computeInformationMetrics(input: MetricsInput, options: InformationOptions = {}): { report: MetricsReport; table: SymbolTable } {
  checkCode(input);
  const { n, d, groups, factors } = input;
  const factorVars = factorVariables(input.z, n, factors.length, factors.map((f) => f.values.length));
  const groupVars = groupWinners(input);
  const table = symbolTable(input);
  const dciOptions = options.dci === false ? null : { seed: options.seed ?? 0, ...options.dci };
  const report: MetricsReport = {
    n,
    d,
    groups,
    unitsPerGroup: d / groups,
    kind: input.kind,
    factors: factors.map((f) => f.name),
    factorEntropy: factorVars.map(entropy),
    activeUnits: activeUnits(input).filter(Boolean).length,
    activeGroups: groupVars.filter(varies).length,
    group: levelScores(factorVars, groupVars, dciOptions, true),
    unit: levelScores(factorVars, unitVariables(input), dciOptions, false),
    symbols: symbolicity(table),
  };
  return { report, table };
}
