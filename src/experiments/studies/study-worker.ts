/** A worker thread of study-pool.ts: trains and scores one row × seed at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { useThreads } from '../../kernels/threads/index.js';
import { runRow } from './run-study.js';
import type { FromStudyWorker, ToStudyWorker } from './study-pool.js';

const port = parentPort;
if (port === null) throw new Error('study-worker.js must run in a worker thread');
// Threads per run (--threads), before the first tensor; results do not depend on them.
await useThreads((workerData as { threads?: number } | null)?.threads ?? 1);
port.on('message', (m: ToStudyWorker) => {
  const post = (msg: FromStudyWorker) => port.postMessage(msg);
  runRow(m.row, m.seed).then(
    (result) => post({ ok: true, result }),
    (e: unknown) => post({ ok: false, message: e instanceof Error ? e.message : String(e) }),
  );
});
