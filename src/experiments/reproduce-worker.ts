/**
 * A worker thread of a parallel `wtanet reproduce`: receives one run at a time from the parent
 * (reproduce-parallel.ts), trains and evaluates it into the shared output folder, and posts the
 * progress events back. Each worker has its own WebAssembly instance and memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RunSpec } from './grid.js';
import { runOne } from './reproduce.js';
import { useThreads } from '../kernels/threads/index.js';
import { createRunBackend } from './reproduce-backend.js';

export type ToWorker = { type: 'run'; spec: RunSpec; outDir: string; index: number; total: number } | { type: 'abort' };
export type FromWorker =
  | { type: 'event'; event: import('./reproduce.js').ProgressEvent }
  | { type: 'done'; id: string }
  | { type: 'notice'; line: string }
  | { type: 'failed'; id: string; message: string; aborted: boolean; locked: boolean };

const port = parentPort;
if (port === null) throw new Error('reproduce-worker.js must run in a worker thread');
// Threads per run (--threads): this worker's kernels, before its first tensor. Where they
// cannot start, the run trains on one thread with the same results.
await useThreads((workerData as { threads?: number } | null)?.threads ?? 1);
const controller = new AbortController();
const backend = createRunBackend();
const t0 = performance.now();

port.on('message', (m: ToWorker) => {
  if (m.type === 'abort') {
    controller.abort();
    return;
  }
  const post = (msg: FromWorker) => port.postMessage(msg);
  runOne(m.spec, {
    outDir: m.outDir, index: m.index, total: m.total, signal: controller.signal,
    now: () => performance.now() - t0, onProgress: (event) => post({ type: 'event', event }),
    onNotice: (line) => post({ type: 'notice', line }),
  }, backend).then(
    () => post({ type: 'done', id: m.spec.id }),
    (e: unknown) => post({ type: 'failed', id: m.spec.id, message: e instanceof Error ? e.message : String(e), aborted: (e as Error)?.name === 'AbortError', locked: (e as Error)?.name === 'LockError' }),
  );
});
