/**
 * `wtanet reproduce --workers N`: the grid's unfinished runs are handed out one at a time to N
 * worker threads (an idle worker takes the next run in grid order), then the parent writes the
 * report from every run folder. Each run is seeded on its own, so the results and the report are
 * identical to a single-process run, whatever N and whatever order the runs finish in.
 */
import { Worker } from 'node:worker_threads';
import { LockError } from '../io/lock.js';
import { withOutputLock, planRuns, readEvaluations, writeReport, type ProgressEvent, type ReproduceOptions, type ReproduceResult } from './reproduce.js';
import type { FromWorker, ToWorker } from './reproduce-worker.js';

/** `threads`: threads per run, started by each worker (--threads). */
export async function reproduceParallel(o: ReproduceOptions, workers: number, threads = 1): Promise<ReproduceResult> {
  return withOutputLock(o, () => reproduceLocked(o, workers, threads));
}

async function reproduceLocked(o: ReproduceOptions, workers: number, threads: number): Promise<ReproduceResult> {
  const { runs, todo } = planRuns(o);
  o.onProgress?.({ type: 'grid', total: runs.length, toRun: todo.length, skipped: runs.length - todo.length });
  let next = 0;
  let finished = 0;
  let failure: Error | undefined;
  const pool = Array.from({ length: Math.min(workers, todo.length) }, () => new Worker(new URL('./reproduce-worker.js', import.meta.url), { workerData: { threads } }));
  const abortAll = () => pool.forEach((w) => w.postMessage({ type: 'abort' } satisfies ToWorker));
  o.signal?.addEventListener('abort', abortAll, { once: true });
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve) => {
            const give = () => {
              if (next >= todo.length || failure !== undefined || o.signal?.aborted) return resolve();
              worker.postMessage({ type: 'run', spec: todo[next], outDir: o.outDir, index: next, total: todo.length } satisfies ToWorker);
              next++;
            };
            worker.on('message', (m: FromWorker) => {
              if (m.type === 'event') {
                // Run numbers count completions across all workers, not per worker.
                const e: ProgressEvent = m.event.type === 'run-end' ? { ...m.event, index: ++finished } : m.event;
                o.onProgress?.(e);
              } else if (m.type === 'notice') o.onNotice?.(m.line);
              else if (m.type === 'done') give();
              else {
                if (failure === undefined) {
                  failure = m.aborted ? new DOMException(`run ${m.id} interrupted`, 'AbortError') : m.locked ? new LockError(m.message) : new Error(m.message);
                  if (!m.aborted) abortAll(); // one broken run stops the others at their next step
                }
                resolve();
              }
            });
            worker.on('error', (e) => {
              failure ??= e;
              resolve();
            });
            give();
          }),
      ),
    );
  } finally {
    o.signal?.removeEventListener('abort', abortAll);
    await Promise.all(pool.map((w) => w.terminate()));
  }
  if (failure !== undefined) throw failure;
  o.signal?.throwIfAborted();
  const evaluations = readEvaluations(o.outDir, runs);
  const reportPath = writeReport(o.outDir, evaluations);
  o.onProgress?.({ type: 'report', path: reportPath, runs: evaluations.length });
  return { runs, evaluations, reportPath };
}
