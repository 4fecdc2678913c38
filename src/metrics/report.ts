import { activeUnits, checkCode, factorVariables, groupWinners, unitVariables, varies } from './discretize.js';
import { entropy, miMatrix, nmiMatrix } from './info.js';
import { infoC, infoM } from './infomec.js';
import { mig } from './mig.js';
import { modularity } from './modularity.js';
import { symbolicity, symbolTable, type SymbolicitySummary, type SymbolTable } from './symbols.js';
import type { CodeKind, FactorSpec } from './types.js';

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

function levelScores(factorVars: ReturnType<typeof factorVariables>, codeVars: ReturnType<typeof groupWinners>): LevelScores {
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
  };
}

/**
 * Every information-theoretic and symbolic score of METRICS.md for one code, as a plain
 * JSON-able object. Also returns the symbol table (a run writes it as symbols.json).
 */
export function computeInformationMetrics(input: MetricsInput): { report: MetricsReport; table: SymbolTable } {
  checkCode(input);
  const { n, d, groups, factors } = input;
  const factorVars = factorVariables(input.z, n, factors.length, factors.map((f) => f.values.length));
  const groupVars = groupWinners(input);
  const table = symbolTable(input);
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
    group: levelScores(factorVars, groupVars),
    unit: levelScores(factorVars, unitVariables(input)),
    symbols: symbolicity(table),
  };
  return { report, table };
}
