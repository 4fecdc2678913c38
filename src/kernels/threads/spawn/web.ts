// Starts a pool worker as a Web Worker (browsers, Deno, Bun, workers). Chosen through the
// package's `#spawn-worker` import for every runtime but Node, so no bundler of the root
// entry ever meets a `node:` import.
import type { WorkerInit } from '../protocol.js';
import type { WorkerHandle } from './types.js';

export async function spawnWorker(url: URL, init: WorkerInit): Promise<WorkerHandle> {
  const g = globalThis as unknown as { Worker?: new (url: URL, o: { type: 'module' }) => WebWorkerLike };
  if (typeof g.Worker !== 'function') throw new Error('this runtime has no Worker');
  const w = new g.Worker(url, { type: 'module' });
  await new Promise<void>((resolve, reject) => {
    w.addEventListener('message', (e) => (e.data?.type === 'ready' ? resolve() : reject(new Error(e.data?.message))), { once: true });
    w.addEventListener('error', (e) => reject(new Error(e.message)), { once: true });
    w.postMessage(init);
  });
  return w;
}

/** What this file uses of a Web Worker (declared here: the package's types need no DOM lib). */
interface WebWorkerLike {
  terminate(): void;
  postMessage(m: unknown): void;
  addEventListener(type: string, fn: (e: { data?: { type?: string; message?: string }; message?: string }) => void, o: { once: boolean }): void;
}
