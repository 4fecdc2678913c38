/**
 * Trains a study's row × seed runs in worker threads (`wtanet reproduce --workers N` for the
 * studies, as for the grid): an idle worker takes the next run in order; each result goes to
 * `record` in the parent, which alone writes the study's file. Every run is seeded on its own, so
 * the results do not depend on the number of workers or the order in which runs finish.
 */
import { Worker } from 'node:worker_threads';
import type { StudyRow, StudyRunResult } from './rows.js';

export type ToStudyWorker = { row: StudyRow; seed: number };
export type FromStudyWorker = { ok: true; result: StudyRunResult } | { ok: false; message: string };

export async function runInWorkers(
  todo: readonly { row: StudyRow; seed: number }[],
  workers: number,
  record: (r: StudyRunResult) => void,
  signal?: AbortSignal,
  threads = 1,
): Promise<void> {
  let next = 0;
  let failure: Error | undefined;
  const pool = Array.from({ length: Math.min(workers, todo.length) }, () => new Worker(new URL('./study-worker.js', import.meta.url), { workerData: { threads } }));
  // A run cannot be stopped mid-way from outside its worker: stopping ends the workers at once
  // (the runs in flight are lost and rerun on resume; the file holds only finished runs).
  const stop = () => {
    failure ??= new DOMException('study interrupted', 'AbortError');
    pool.forEach((w) => void w.terminate());
  };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await Promise.all(pool.map((worker) => new Promise<void>((resolve) => {
      const give = () => {
        if (next >= todo.length || failure !== undefined) return resolve();
        worker.postMessage(todo[next++] satisfies ToStudyWorker);
      };
      worker.on('message', (m: FromStudyWorker) => {
        if (m.ok) {
          if (failure === undefined) record(m.result);
          give();
        } else {
          failure ??= new Error(m.message);
          resolve();
        }
      });
      worker.on('error', (e) => {
        failure ??= e;
        resolve();
      });
      worker.on('exit', () => resolve());
      give();
    })));
  } finally {
    signal?.removeEventListener('abort', stop);
    await Promise.all(pool.map((w) => w.terminate()));
  }
  if (failure !== undefined) throw failure;
}
