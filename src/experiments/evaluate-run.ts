/**
 * Evaluates a trained model for the reproduction suite: task accuracy (train, IID test, held-out
 * combinations), few-shot transfer to new tasks (k = 1, 5, 20 per class), zero-shot formula tasks
 * through the symbol table, every metric of METRICS.md, and the unit × factor-value profile the
 * report draws. Browser-safe: no file access (the caller writes eval.json and symbols.json).
 */
import type { DataBundle, Factor } from '../data/index.js';
import { parseFormula } from '../data/index.js';
import { computeAllMetrics, evaluateFormulaZeroShot, symbolTable, unitActivity, type SymbolTable } from '../metrics/index.js';
import { dciDescriptionOf } from '../metrics/report.js';
import { codeKind } from '../metrics/code-input.js';
import type { Model } from '../nn/model.js';
import type { RunSpec } from './grid.js';
import { bottleneckVariant, type CurvePoint, type RunEval } from '../report/results.js';

export const FEW_SHOT_K = [1, 5, 20] as const;

function meanTaskAccuracy(model: Model, data: DataBundle, split: { n: number; x: Float32Array; z: Int32Array }): number {
  if (split.n === 0) return NaN;
  const pred = model.predict(split.x, split.n);
  let sum = 0;
  data.tasks.forEach((task, t) => {
    const y = task.labels(split.z, split.n);
    let ok = 0;
    for (let i = 0; i < split.n; i++) if (pred[t][i] === y[i]) ok++;
    sum += ok / split.n;
  });
  return sum / data.tasks.length;
}

/** Flattens every finite numeric leaf of a metrics report to dotted keys (arrays are left out). */
export function flattenNumbers(value: unknown, prefix: string, out: Record<string, number>): Record<string, number> {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) out[prefix] = value;
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const k of Object.keys(value).sort()) flattenNumbers((value as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/** P(y_f = v | unit on): rows = units, columns = (factor, value) factor-major. */
function unitProfile(on: Uint8Array, n: number, d: number, z: Int32Array, factors: readonly Factor[]): { profile: number[][]; active: boolean[] } {
  const offsets: number[] = [];
  let cols = 0;
  for (const f of factors) {
    offsets.push(cols);
    cols += f.values.length;
  }
  const F = factors.length;
  const counts = Array.from({ length: d }, () => new Float64Array(cols));
  const wins = new Float64Array(d);
  for (let i = 0; i < n; i++)
    for (let u = 0; u < d; u++) {
      if (!on[i * d + u]) continue;
      wins[u]++;
      for (let f = 0; f < F; f++) counts[u][offsets[f] + z[i * F + f]]++;
    }
  return {
    profile: counts.map((row, u) => Array.from(row, (c) => (wins[u] > 0 ? c / wins[u] : 0))),
    active: Array.from(wins, (w) => w > 0 && w < n),
  };
}

/** Formulas for zero-shot tasks, written from the dataset's own factor and value names. */
export function zeroShotFormulas(factors: readonly Factor[]): string[] {
  const [a, b, c] = factors;
  const out = [`${a.name} = ${a.values[1 % a.values.length]}`];
  if (b) out.push(`${a.name} = ${a.values[0]} and ${b.name} in {${b.values.slice(0, 2).join(', ')}}`);
  if (c) out.push(`${b.name} = ${b.values[b.values.length - 1]} or ${c.name} = ${c.values[0]}`);
  return out;
}

export interface EvaluationOutput {
  evaluation: RunEval;
  symbols: SymbolTable;
}

export function evaluateRun(spec: RunSpec, model: Model, data: DataBundle, curve: CurvePoint[], options: { dciPreset?: string } = {}): EvaluationOutput {
  const factors = data.dataset.factors;
  const kind = codeKind(bottleneckVariant(spec.variant));
  const d = spec.groups * spec.unitsPerGroup;
  const scalars: Record<string, number> = {
    'acc.train': meanTaskAccuracy(model, data, data.train),
    'acc.test': meanTaskAccuracy(model, data, data.test),
    'acc.heldout': meanTaskAccuracy(model, data, data.heldout),
  };
  const test = model.encode(data.test.x, data.test.n);
  const input = { codes: test.codes, n: data.test.n, d, groups: spec.groups, z: data.test.z, factors, kind };
  // Few-shot transfer (k = 1, 5, 20 per class) inside computeAllMetrics: the new tasks are
  // "predict factor f" (the training tasks are partitions and boolean functions), a softmax
  // readout on the frozen code fitted on one seeded half of the test set, tested on the other.
  // Seeded with the run's seed (the DCI forests and the few-shot draws): `wtanet score RUN`
  // uses the same seed by default, so both give the same numbers on the same codes.
  const report = computeAllMetrics(input, { seed: metricsSeed(spec), fewShotK: [...FEW_SHOT_K], dciPreset: options.dciPreset });
  const table = symbolTable(input);
  // factorMatching (arrays and per-factor records) is its own field, not scalars.
  const { infoE, fewShot, factorMatching, ...rest } = report;
  flattenNumbers(rest, '', scalars);
  // InfoE reads each group's winner one-hot: a group-level number, named like the others.
  if (infoE) scalars['group.infoE'] = infoE.infoE;
  for (const f of fewShot ?? []) scalars[`fewshot.k${f.k}`] = f.accuracy;
  const zeroShot = zeroShotFormulas(factors).map((text) => {
    const formula = parseFormula(text, factors);
    const r = evaluateFormulaZeroShot(formula, table, test.codes, data.test.n, data.test.z);
    return { formula: text, accuracy: r.accuracy ?? NaN };
  });
  scalars['zeroshot.accuracy'] = zeroShot.reduce((s, z) => s + z.accuracy, 0) / zeroShot.length;
  const { profile, active } = unitProfile(unitActivity(input), data.test.n, d, data.test.z, factors);
  const evaluation: RunEval = {
    id: spec.id,
    settings: { study: spec.study, dataset: spec.dataset, variant: spec.variant, head: spec.head, seed: spec.seed, numTasks: spec.numTasks, groups: spec.groups, unitsPerGroup: spec.unitsPerGroup, shape: spec.shape },
    config: spec.config,
    scalars,
    factors: factors.map((f) => ({ name: f.name, values: [...f.values] })),
    unitProfile: profile,
    activeUnits: active,
    groups: spec.groups,
    factorGroupNMI: report.group.nmi.map((row) => [...row]),
    factorMatching,
    ...(report.group.dci ? { dci: dciDescriptionOf(report.group.dci) } : {}),
    curve,
    zeroShot,
  };
  return { evaluation, symbols: table };
}

/**
 * The seed of a run's metric draws (few-shot samples and the halves they come from, DCI forests):
 * the run's own seed. `wtanet score RUN` defaults to it too (eval.json's settings.seed).
 */
export function metricsSeed(spec: { seed: number }): number {
  return spec.seed;
}
