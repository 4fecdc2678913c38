/**
 * Runs a study (rows.ts) in this process or in worker threads: every row × seed is trained (with
 * its restarts), scored (factorial, best-group NMI, symbolicity, IID and held-out accuracy; the
 * general study's ceiling rows: each factor's supervised readout) and appended to
 * OUT/studies/STUDY.json, rewritten atomically after each run in row and seed order (whatever order
 * the workers finish in), so an interrupted study resumes where it stopped and the file does not
 * depend on the number of workers. Then OUT/studies/STUDY.md gets the table.
 */
import { join } from 'node:path';
import { buildData } from '../../data/build.js';
import type { DataBundle, Split } from '../../data/index.js';
import { parseFormula } from '../../data/index.js';
import { Rng } from '../../base/prng.js';
import { computeAllMetrics, evaluateFormulaZeroShot, symbolTable } from '../../metrics/index.js';
import { codeKind } from '../../metrics/code-input.js';
import { nmiMatrix } from '../../metrics/info.js';
import { fileExists, readJson, writeJson, writeText } from '../../io/run-store.js';
import { validateRunConfig } from '../../train/config.js';
import { trainBestOf } from '../../train/restarts.js';
import type { Trainer } from '../../train/trainer.js';
import { zeroShotFormulas } from '../evaluate-run.js';
import { studyRows, type StartSpec, type StudyMode, type StudyName, type StudyRow, type StudyRunResult } from './rows.js';
import { runInWorkers } from './study-pool.js';
import { studyMarkdown } from './table.js';

export interface StudyFile {
  study: StudyName;
  mode: StudyMode;
  results: StudyRunResult[];
}

export interface StudyProgress {
  study: StudyName;
  done: number;
  total: number;
  last?: StudyRunResult;
}

export interface StudyOptions {
  signal?: AbortSignal;
  onProgress?: (p: StudyProgress) => void;
  /** Runs trained at a time, each in its own worker thread (default 1: in this thread). */
  workers?: number;
  /** Threads per run in the workers (default 1). */
  threads?: number;
  /** Rows to run instead of the study's own (tests run tiny versions of them). */
  rows?: StudyRow[];
}

export async function runStudy(study: StudyName, mode: StudyMode, outDir: string, o: StudyOptions = {}): Promise<{ markdownPath: string; file: StudyFile }> {
  const rows = o.rows ?? studyRows(study, mode);
  const path = join(outDir, 'studies', `${study}.json`);
  let file: StudyFile = { study, mode, results: [] };
  if (fileExists(path)) {
    const prev = readJson<StudyFile>(path);
    if (prev.study !== study || prev.mode !== mode) throw new Error(`wtanet: ${path} holds the ${prev.mode} '${prev.study}' study, not the ${mode} '${study}' study; use another --out`);
    file = prev;
  }
  const done = new Set(file.results.map((r) => `${r.key}#${r.seed}`));
  const total = rows.reduce((a, r) => a + r.seeds, 0);
  const todo = rows.flatMap((row) => Array.from({ length: row.seeds }, (_, i) => ({ row, seed: i + 1 }))).filter((t) => !done.has(`${t.row.key}#${t.seed}`));
  const rank = new Map(rows.map((r, i) => [r.key, i]));
  const record = (result: StudyRunResult) => {
    file.results.push(result);
    file.results.sort((a, b) => (rank.get(a.key) ?? Infinity) - (rank.get(b.key) ?? Infinity) || a.seed - b.seed);
    writeJson(path, file);
    o.onProgress?.({ study, done: file.results.length, total, last: result });
  };
  if ((o.workers ?? 1) > 1 && todo.length > 1) {
    await runInWorkers(longestFirst(todo), o.workers!, record, o.signal, o.threads);
  } else {
    for (const { row, seed } of todo) {
      o.signal?.throwIfAborted();
      record(await runRow(row, seed));
    }
  }
  const markdownPath = join(outDir, 'studies', `${study}.md`);
  writeText(markdownPath, studyMarkdown(study, mode, rows, file.results));
  return { markdownPath, file };
}

/**
 * The order workers take runs in: the costliest first (a row with restarts costs that many
 * trainings), so the last runs to finish are short ones and no worker idles through a long tail
 * (npm start's general study: its best-of runs cost 5 trainings each). Runs of equal cost keep row
 * and seed order. Results do not depend on it (each run is seeded on its own; the file is sorted).
 */
export function longestFirst<T extends { row: StudyRow }>(todo: readonly T[]): T[] {
  const cost = (row: StudyRow) => {
    const { data, train } = validateRunConfig({ ...row.config, seed: 1 });
    return train.restarts * (train.epochs + (train.pretrain?.epochs ?? 0)) * data.nTrain;
  };
  const costs = new Map(todo.map((t) => [t.row, cost(t.row)]));
  return todo.map((t, i) => ({ t, i })).sort((a, b) => costs.get(b.t.row)! - costs.get(a.t.row)! || a.i - b.i).map(({ t }) => t);
}

/** Trains one row at one seed and scores it. */
export async function runRow(row: StudyRow, seed: number): Promise<StudyRunResult> {
  const config = validateRunConfig({ ...row.config, seed });
  const data = buildData(config.data, config.seed);
  let best;
  try {
    best = await trainBestOf(config, data, (t) => startAt(t, row.start, row.cardinalities, seed));
  } catch (e) {
    if (!/non-finite/.test((e as Error).message)) throw e;
    return { key: row.key, seed, factorial: 0, bestGroupNmi: NaN, symbolicity: NaN, accIid: NaN, accHeldout: NaN, objective: NaN, restart: 0, diverged: 1 };
  }
  const { trainer, chosen, objectives } = best;
  try {
    const meanAcc = (s: Split) => {
      const tasks = Object.values(trainer.evaluate(s).tasks);
      return tasks.reduce((a, t) => a + t.accuracy, 0) / tasks.length;
    };
    const common = {
      key: row.key, seed,
      accIid: meanAcc(data.test),
      accHeldout: data.heldout.n > 0 ? meanAcc(data.heldout) : NaN,
      objective: objectives[chosen],
      restart: chosen,
      diverged: 0,
    };
    if (row.arm === 'ceiling') return { ...common, factorial: NaN, bestGroupNmi: NaN, symbolicity: NaN, ...ceilingNmi(trainer, data) };
    const { groups } = config.model.bottleneck;
    const { codes } = trainer.model.encode(data.test.x, data.test.n);
    const factors = data.dataset.factors;
    const input = { codes, n: data.test.n, d: trainer.model.bottleneck.width, groups, z: data.test.z, factors, kind: codeKind(config.model.bottleneck.variant) };
    const report = computeAllMetrics(input, { dci: false, infoE: false, fewShotK: row.transfer ? [1, 5, 20] : [], seed });
    const { factorMatching } = report;
    return {
      ...common,
      factorial: report.factorial,
      bestGroupNmi: report.bestGroupNmi,
      symbolicity: report.symbols.symbolicity,
      fewShot: report.fewShot?.map((f) => ({ k: f.k, accuracy: f.accuracy })) ?? null,
      matchedNmi: factorMatching.factors.map((f) => f.nmi),
      jointGroups: factorMatching.jointGroups.length,
      structure: factorMatching.structure,
      structureByFactor: factorMatching.factors.map((f) => (f.structure ? 1 : 0)),
      ...(row.transfer ? { zeroShot: zeroShotAccuracy(input, factors) } : {}),
    };
  } finally {
    trainer.dispose();
  }
}

/**
 * The ceiling arm's numbers: per scored (non-constant) factor, in factor order, NMI(factor; the
 * trained `factor:NAME` task's prediction), on the test split and on held-out combinations.
 */
function ceilingNmi(trainer: Trainer, data: DataBundle): { ceilingNmi: number[]; ceilingNmiHeldout: number[] } {
  const factors = data.dataset.factors;
  const F = factors.length;
  const read = (split: Split) => {
    if (split.n === 0) return [];
    const preds = trainer.model.predict(split.x, split.n);
    const out: number[] = [];
    factors.forEach((factor, f) => {
      if (factor.values.length < 2) return;
      const t = data.tasks.findIndex((task) => task.name === `factor:${factor.name}`);
      if (t < 0) throw new Error(`wtanet: a ceiling row needs the task 'factor:${factor.name}'`);
      const truth = Int32Array.from({ length: split.n }, (_, i) => split.z[i * F + f]);
      const m = nmiMatrix([{ values: truth, cardinality: factor.values.length }], [{ values: preds[t], cardinality: factor.values.length }]);
      out.push(m[0][0]);
    });
    return out;
  };
  return { ceilingNmi: read(data.test), ceilingNmiHeldout: read(data.heldout) };
}

/** Mean accuracy of the zero-shot formulas (those the grid's evaluation uses) through the code's symbol table. */
function zeroShotAccuracy(input: Parameters<typeof symbolTable>[0], factors: DataBundle['dataset']['factors']): number {
  const table = symbolTable(input);
  // Formulas over the scored factors only: a constant factor (one bin) has nothing to ask.
  const texts = zeroShotFormulas(factors.filter((f) => f.values.length > 1));
  const acc = texts.map((text) => evaluateFormulaZeroShot(parseFormula(text, factors), table, input.codes, input.n, input.z).accuracy ?? NaN);
  return acc.reduce((a, b) => a + b, 0) / acc.length;
}

/**
 * Sets the starting weights of a basin-study run: the factorial code on one-hot input (input value
 * (f, v) drives unit v of group f with weight `SCALE`), plus Gaussian noise of `noise`·SCALE, and
 * optionally with the units shuffled across the whole layer (a code with every detector in place
 * but in the wrong groups). Random starts are left as initialized.
 */
function startAt(t: Trainer, start: StartSpec, card: number[], seed: number): void {
  if (start.kind === 'random') return;
  const SCALE = 3;
  const { groups, units } = t.config.model.bottleneck;
  const H = groups * units;
  const w = t.model.bottleneck.projection.weight.data();
  const D = w.length / H;
  const rng = new Rng(seed, 'basin-start');
  const unitOf = Int32Array.from({ length: H }, (_, i) => i);
  if (start.shuffle) rng.shuffle(unitOf);
  let row = 0;
  for (let f = 0; f < card.length; f++) {
    for (let v = 0; v < card[f]; v++, row++) {
      for (let h = 0; h < H; h++) w[row * H + h] = start.noise * SCALE * rng.normal();
      w[row * H + unitOf[f * units + v]] += SCALE;
    }
  }
  if (row !== D) throw new Error(`wtanet: a factorial start needs one-hot input of ${row} values, the model has ${D}`);
}
