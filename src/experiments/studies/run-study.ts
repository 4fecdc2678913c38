/**
 * Runs a study (rows.ts) in this process: every row × seed is trained (with its restarts), scored
 * (factorial, best-group NMI, symbolicity, IID and held-out accuracy) and appended to
 * OUT/studies/STUDY.json, rewritten atomically after each run, so an interrupted study resumes
 * where it stopped. Then OUT/studies/STUDY.md gets the table.
 */
import { join } from 'node:path';
import { buildData } from '../../data/build.js';
import { Rng } from '../../base/prng.js';
import { computeAllMetrics } from '../../metrics/report.js';
import { fileExists, readJson, writeJson, writeText } from '../../io/run-store.js';
import { validateRunConfig } from '../../train/config.js';
import { trainBestOf } from '../../train/restarts.js';
import type { Trainer } from '../../train/trainer.js';
import { studyRows, type StartSpec, type StudyMode, type StudyName, type StudyRow, type StudyRunResult } from './rows.js';
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

export async function runStudy(study: StudyName, mode: StudyMode, outDir: string, o: { signal?: AbortSignal; onProgress?: (p: StudyProgress) => void } = {}): Promise<{ markdownPath: string; file: StudyFile }> {
  const rows = studyRows(study, mode);
  const path = join(outDir, 'studies', `${study}.json`);
  let file: StudyFile = { study, mode, results: [] };
  if (fileExists(path)) {
    const prev = readJson<StudyFile>(path);
    if (prev.study !== study || prev.mode !== mode) throw new Error(`wtanet: ${path} holds the ${prev.mode} '${prev.study}' study, not the ${mode} '${study}' study; use another --out`);
    file = prev;
  }
  const done = new Set(file.results.map((r) => `${r.key}#${r.seed}`));
  const total = rows.reduce((a, r) => a + r.seeds, 0);
  for (const row of rows) {
    for (let seed = 1; seed <= row.seeds; seed++) {
      if (done.has(`${row.key}#${seed}`)) continue;
      o.signal?.throwIfAborted();
      const result = await runRow(row, seed);
      file.results.push(result);
      writeJson(path, file);
      o.onProgress?.({ study, done: file.results.length, total, last: result });
    }
  }
  const markdownPath = join(outDir, 'studies', `${study}.md`);
  writeText(markdownPath, studyMarkdown(study, mode, rows, file.results));
  return { markdownPath, file };
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
    const { groups } = config.model.bottleneck;
    const { codes } = trainer.model.encode(data.test.x, data.test.n);
    const report = computeAllMetrics(
      { codes, n: data.test.n, d: trainer.model.bottleneck.width, groups, z: data.test.z, factors: data.dataset.factors, kind: config.model.bottleneck.variant === 'wta' ? 'wta' : 'continuous' },
      { dci: false, infoE: false, fewShotK: row.transfer ? [1, 5, 20] : [], seed },
    );
    const meanAcc = (s: { n: number; x: Float32Array; z: Int32Array }) => {
      const tasks = Object.values(trainer.evaluate(s).tasks);
      return tasks.reduce((a, t) => a + t.accuracy, 0) / tasks.length;
    };
    return {
      key: row.key, seed,
      factorial: report.factorial,
      bestGroupNmi: report.bestGroupNmi,
      symbolicity: report.symbols.symbolicity,
      accIid: meanAcc(data.test),
      accHeldout: data.heldout.n > 0 ? meanAcc(data.heldout) : NaN,
      objective: objectives[chosen],
      restart: chosen,
      diverged: 0,
      fewShot: report.fewShot?.map((f) => ({ k: f.k, accuracy: f.accuracy })) ?? null,
      matchedNmi: report.factorMatching.factors.map((f) => f.nmi),
      jointGroups: report.factorMatching.jointGroups.length,
      ...structureAndPrecision(report),
    };
  } finally {
    trainer.dispose();
  }
}

/**
 * Structure (0/1) and per-factor precision, when the metrics report carries them (issue 17, part
 * 3, researched on another branch): read by name so this study records them once they exist,
 * and leaves them out (the table shows "–") until then.
 */
function structureAndPrecision(report: object): { structure?: number; precision?: number[] } {
  const r = report as { structure?: unknown; precision?: unknown };
  const out: { structure?: number; precision?: number[] } = {};
  if (typeof r.structure === 'number') out.structure = r.structure;
  if (Array.isArray(r.precision) && r.precision.every((x) => typeof x === 'number')) out.precision = r.precision as number[];
  return out;
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
