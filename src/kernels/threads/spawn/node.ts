// Starts a pool worker with Node's worker_threads. Chosen through the package's
// `#spawn-worker` import under the `node` condition only (package.json "imports").
import { Worker } from 'node:worker_threads';
import type { WorkerInit } from '../protocol.js';
import type { WorkerHandle } from './types.js';

export async function spawnWorker(url: URL, init: WorkerInit): Promise<WorkerHandle> {
  const w = new Worker(url);
  // A pool blocked in Atomics.wait must not keep the process alive.
  w.unref();
  await new Promise<void>((resolve, reject) => {
    w.once('message', (m: { type: string; message?: string }) => (m.type === 'ready' ? resolve() : reject(new Error(m.message))));
    w.once('error', reject);
    w.postMessage(init);
  });
  return w;
}
