/**
 * Runs the experiment grid: for each run, train (or resume from its checkpoint, or skip when
 * eval.json says it is finished), evaluate, and write eval.json + symbols.json; then write
 * results.json, report.md and the figures. Training and evaluation are injected (RunBackend) so
 * the orchestration, skipping and resume logic are independent of the model code.
 */
import { join } from 'node:path';
import { LIMITS, readTextBounded } from '../io/read-bounded.js';
import { withFolderLock } from '../io/lock.js';
import { findFinishedRuns, readJson, runDir, writeJson, writeText, fileExists } from '../io/run-store.js';
import { buildGrid, shardRuns, type GridOptions, type RunSpec, type Shard } from './grid.js';
import { buildReport } from '../report/index.js';
import { removeStaleTempFiles } from '../io/atomic.js';
import { reportProblem, resultsFile, type RunEval } from '../report/results.js';
import { STUDIES } from './studies/rows.js';

export type ProgressEvent =
  | { type: 'grid'; total: number; toRun: number; skipped: number }
  | { type: 'run-start'; id: string; index: number; total: number; resumed: boolean }
  | { type: 'epoch'; id: string; epoch: number; epochs: number; step: number; steps: number; trainLoss?: number; valAccuracy?: number }
  | { type: 'run-phase'; id: string; phase: 'training' | 'evaluating' }
  | { type: 'run-end'; id: string; index: number; total: number; seconds: number; accTest?: number; accHeldout?: number }
  | { type: 'report'; path: string; runs: number };

export interface TrainProgress {
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  trainLoss?: number;
  valAccuracy?: number;
}

export interface RunBackend {
  /** Trains the run into `dir`, resuming from its checkpoint if one is there. Rejects with an AbortError on abort. */
  train(spec: RunSpec, dir: string, o: { signal?: AbortSignal; onProgress?: (p: TrainProgress) => void; onNotice?: (line: string) => void }): Promise<void>;
  /** Whether `dir` holds a checkpoint to resume from. */
  hasCheckpoint(dir: string): boolean;
  /** Evaluates a trained run. */
  evaluate(spec: RunSpec, dir: string): Promise<{ evaluation: RunEval; symbols: unknown }>;
}

export interface ReproduceOptions extends GridOptions {
  outDir: string;
  shard?: Shard;
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
  /** Wall clock for progress only (never written to results). */
  now?: () => number;
  /** One-line notices (a stale lock of a killed process taken over). */
  onNotice?: (line: string) => void;
}

export interface ReproduceResult {
  runs: RunSpec[];
  evaluations: RunEval[];
  reportPath: string;
}

function isFinished(outDir: string, spec: RunSpec): boolean {
  const path = join(runDir(outDir, spec.id), 'eval.json');
  if (!fileExists(path)) return false;
  const e = readJson<RunEval>(path);
  // A folder from a different grid setting (same id, other config) is not silently reused.
  if (JSON.stringify(e.config) !== JSON.stringify(spec.config)) {
    throw new Error(`wtanet: ${path} was made with a different configuration than this grid's run '${spec.id}'; use another --out or delete that run folder`);
  }
  return true;
}

/** The runs of this grid (or shard) and those of them not yet finished in outDir. */
export function planRuns(o: ReproduceOptions): { runs: RunSpec[]; todo: RunSpec[] } {
  const grid = buildGrid(o);
  const runs = o.shard ? shardRuns(grid, o.shard) : grid;
  return { runs, todo: runs.filter((r) => !isFinished(o.outDir, r)) };
}

/** The evaluations of these runs, read from their finished folders in outDir. */
export function readEvaluations(outDir: string, runs: readonly RunSpec[]): RunEval[] {
  return runs.map((r) => readJson<RunEval>(join(runDir(outDir, r.id), 'eval.json')));
}

/**
 * Locks this selection of the grid in outDir for the whole reproduction: a second process
 * started on the same --out with the same --shard (a scheduler's retry while the first is still
 * stopping) is refused at once. Different shards take different locks, so shards sharing one
 * --out run side by side; each run folder is locked too while a run is trained (runOne), which
 * catches overlapping selections. The top-level report files are written atomically by each.
 */
export function withOutputLock<T>(o: Pick<ReproduceOptions, 'outDir' | 'shard' | 'onNotice'>, f: () => Promise<T>): Promise<T> {
  const name = o.shard ? `.wtanet-reproduce-shard-${o.shard.index}-of-${o.shard.count}.lock` : '.wtanet-reproduce.lock';
  return withFolderLock(o.outDir, `reproduce${o.shard ? ` --shard ${o.shard.index}/${o.shard.count}` : ''}`, f, { name, cleanTemp: false, onNotice: o.onNotice });
}

export async function reproduce(o: ReproduceOptions, backend: RunBackend): Promise<ReproduceResult> {
  return withOutputLock(o, () => reproduceLocked(o, backend));
}

async function reproduceLocked(o: ReproduceOptions, backend: RunBackend): Promise<ReproduceResult> {
  const { runs, todo } = planRuns(o);
  o.onProgress?.({ type: 'grid', total: runs.length, toRun: todo.length, skipped: runs.length - todo.length });
  let index = 0;
  for (const spec of todo) {
    o.signal?.throwIfAborted();
    await runOne(spec, { ...o, index, total: todo.length }, backend);
    index++;
  }
  const evaluations = readEvaluations(o.outDir, runs);
  const reportPath = writeReport(o.outDir, evaluations);
  o.onProgress?.({ type: 'report', path: reportPath, runs: evaluations.length });
  return { runs, evaluations, reportPath };
}

/**
 * Trains (or resumes) and evaluates one run, writing its folder; eval.json last, so that a run
 * killed at any point is resumed, never mistaken for finished. `index`/`total` only label progress.
 */
export async function runOne(
  spec: RunSpec,
  o: { outDir: string; signal?: AbortSignal; onProgress?: (e: ProgressEvent) => void; onNotice?: (line: string) => void; now?: () => number; index: number; total: number },
  backend: RunBackend,
): Promise<void> {
  const dir = runDir(o.outDir, spec.id);
  await withFolderLock(dir, 'reproduce', () => runOneLocked(spec, dir, o, backend), { onNotice: o.onNotice });
}

async function runOneLocked(
  spec: RunSpec,
  dir: string,
  o: { outDir: string; signal?: AbortSignal; onProgress?: (e: ProgressEvent) => void; onNotice?: (line: string) => void; now?: () => number; index: number; total: number },
  backend: RunBackend,
): Promise<void> {
  const now = o.now ?? (() => 0);
  const started = now();
  writeJson(join(dir, 'run.json'), spec); // the run's grid settings, for `wtanet eval RUN`
  o.onProgress?.({ type: 'run-start', id: spec.id, index: o.index, total: o.total, resumed: backend.hasCheckpoint(dir) });
  o.onProgress?.({ type: 'run-phase', id: spec.id, phase: 'training' });
  await backend.train(spec, dir, { signal: o.signal, onNotice: o.onNotice, onProgress: (p) => o.onProgress?.({ type: 'epoch', id: spec.id, ...p }) });
  o.signal?.throwIfAborted();
  o.onProgress?.({ type: 'run-phase', id: spec.id, phase: 'evaluating' });
  const { evaluation, symbols } = await backend.evaluate(spec, dir);
  writeJson(join(dir, 'symbols.json'), symbols);
  writeJson(join(dir, 'eval.json'), evaluation); // last: marks the run finished
  o.onProgress?.({
    type: 'run-end', id: spec.id, index: o.index + 1, total: o.total, seconds: (now() - started) / 1000,
    accTest: evaluation.scalars['acc.test'], accHeldout: evaluation.scalars['acc.heldout'],
  });
}

/** Writes results.json, report.md and figures/*.svg for these evaluations into outDir. */
export function writeReport(outDir: string, evaluations: readonly RunEval[]): string {
  if (evaluations.length === 0) throw new Error('wtanet: no finished runs to report on');
  const report = buildReport(evaluations);
  // Temp files of a report write that was killed (a dead pid's .report.md.*.tmp) go first.
  removeStaleTempFiles(outDir);
  removeStaleTempFiles(join(outDir, 'figures'));
  for (const [name, svg] of report.figures) {
    // Figure names are built from names read from run folders: only a plain file name is written.
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\.svg$/.test(name)) throw new Error(`wtanet: refusing to write the figure ${JSON.stringify(name)}: not a plain file name`);
    writeText(join(outDir, 'figures', name), svg);
  }
  writeJson(join(outDir, 'results.json'), resultsFile(evaluations));
  const path = join(outDir, 'report.md');
  writeText(path, report.markdown);
  return path;
}

/** `wtanet report DIR...`: merges finished run folders (ids must not clash) into one report. */
export function mergeReport(dirs: readonly string[], outDir: string): { path: string; runs: number } {
  const byId = new Map<string, { e: RunEval; from: string }>();
  for (const d of dirs)
    for (const runPath of findFinishedRuns(d)) {
      const file = join(runPath, 'eval.json');
      const e = readJson<RunEval>(file);
      const problem = reportProblem(e);
      if (problem !== null) throw new Error(`wtanet: ${file} cannot be reported: ${problem}; remove that run folder from the report's folders`);
      const prev = byId.get(e.id);
      if (prev && JSON.stringify(prev.e) !== JSON.stringify(e)) {
        throw new Error(`wtanet: run ${JSON.stringify(e.id)} appears in ${prev.from} and ${runPath} with different results; pass only one of them`);
      }
      byId.set(e.id, { e, from: runPath });
    }
  const evals = [...byId.values()].map((x) => x.e);
  return { path: writeReport(outDir, evals), runs: evals.length };
}

/** The section of report.md that the studies (src/experiments/studies) fill, when their tables exist in outDir. */
export function appendStudiesToReport(outDir: string, reportPath: string): void {
  const tables = STUDIES
    .map((s) => join(outDir, 'studies', `${s}.md`))
    .filter(fileExists)
    .map((p) => readTextBounded(p, LIMITS.text));
  if (tables.length === 0) return;
  const marker = '\n## What training finds and what it does not\n';
  const base = readTextBounded(reportPath, LIMITS.text).split(marker)[0];
  writeText(reportPath, `${base}${marker}\n${STUDIES_INTRO}\n\n${tables.join('\n')}`);
}

const STUDIES_INTRO = [
  'The factorial code (group = factor, unit = value) is optimal and, with a small L2 penalty on the linear',
  "heads' weights, the unique optimum. These studies ask whether training reaches it. `theorem`: the theorem's",
  'setting across variants, task sets and optimizers. `basin`: starts at the factorial code, perturbed. `search`:',
  'procedures from a random start; `regroup` is exclusivity regrouping (train.regroup: units that never fire',
  'together are put into one WTA group, a factor-blind move), `restarts5` best of 5 by the penalized training',
  'objective. `general`: the regrouping recipe (src/experiments/recipe.ts), unchanged, on other shapes of data',
  '(5–8 values per factor, unequal values, over-complete bottlenecks, `deep` mixing, images), judged by the strict',
  'factorial criterion (factors matched to distinct groups). Rerun with `wtanet reproduce --study theorem|basin|search|general`.',
].join('\n');
