// The metrics layer: information-theoretic disentanglement scores, symbolicity and the symbol
// table, zero-shot formula tasks, readouts, and statistics across seeds. See docs/metrics.md.
export type { CodeInput, CodeKind, DiscreteVar, FactorSpec } from './types.js';
export { NUM_BINS, activeUnits, unitActivity, unitVariables, factorVariables } from './discretize.js';
export { entropy, mutualInformation, miMatrix, nmiMatrix } from './info.js';
export { infoM, infoC } from './infomec.js';
export { mig } from './mig.js';
export { modularity } from './modularity.js';
export {
  symbolTable, symbolicity, SYMBOL_PURITY, SYMBOL_COVERAGE,
  type SymbolTable, type SymbolInput, type SymbolicitySummary, type UnitSymbolEntry, type ValueSymbolEntry,
} from './symbols.js';
export { evaluateFormulaZeroShot, type FormulaLike, type ZeroShotResult } from './zero-shot.js';
export { meanCI, pairedTest, studentTCdf, studentTQuantile, type CI } from './stats.js';
export { computeInformationMetrics, type MetricsInput, type MetricsReport, type LevelScores } from './report.js';
export { dci, dciScores, type DciFeatures, type DciOptions, type DciResult } from './dci.js';
export { dciSettings, DCI_PRESETS, type DciPreset, type DciSettings } from './dci-presets.js';
export { fitGbt, predictGbt, type GbtModel, type GbtOptions } from './gbt.js';
export { dciLabel, type DciDescription } from './report.js';
export { fitForest, predictForest, type Forest, type ForestOptions } from './forest.js';
export type { InformationOptions } from './report.js';
export { computeAllMetrics, factorialScores, FACTORIAL_NMI, type AllMetricsOptions, type FactorMatchingReport, type FactorMatchEntry } from './report.js';
export { DETECTOR_PURITY, MIN_WIN_SHARE } from './structure.js';
export { infoE, oneHotGroups, type InfoEResult } from './infoe.js';
export { fewShotAccuracy, type LabelledCodes } from './fewshot.js';
export { probe, type ProbeData, type ProbeOptions, type ProbeResult } from './probe.js';
export { trainReadout, type Readout, type ReadoutOptions } from './readout.js';
export { codeKind } from './code-input.js';
