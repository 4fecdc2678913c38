// How a pool reaches the host's threads: Node's worker_threads where the host has them, Web
// Workers elsewhere (browsers, Deno, Bun, workers). Node's module is taken through
// process.getBuiltinModule, never an import statement, so no bundler of the package's root
// (esbuild for a browser or workerd) meets a `node:` import, and the same unbundled files
// still run in a page.
import type { WorkerInit } from './protocol.js';

/** A started worker, whatever the host. */
export interface WorkerHandle {
  terminate(): unknown;
}

/** What this package uses of Node's worker_threads (declared here: the types need no Node lib). */
interface NodeWorkerThreads {
  Worker: new (url: URL) => NodeWorker;
  parentPort: NodePort | null;
}
interface NodePort {
  once(event: 'message', fn: (m: unknown) => void): void;
  postMessage(m: unknown): void;
}
interface NodeWorker extends NodePort {
  once(event: 'message' | 'error', fn: (m: never) => void): void;
  unref(): void;
  terminate(): unknown;
}
/** What this package uses of a Web Worker and of a worker's global scope (no DOM lib needed). */
interface WebWorker {
  terminate(): void;
  postMessage(m: unknown): void;
  addEventListener(type: string, fn: (e: { data?: unknown; message?: string }) => void, o?: { once: boolean }): void;
}

/** Node's worker_threads (Node, and Deno or Bun where they provide it), or null. */
export function nodeWorkerThreads(): NodeWorkerThreads | null {
  const g = globalThis as unknown as { process?: { getBuiltinModule?: (id: string) => unknown } };
  return (g.process?.getBuiltinModule?.('node:worker_threads') as NodeWorkerThreads | undefined) ?? null;
}

/** Starts the worker script at `url` with its start message; resolves once it has instantiated the module. */
export async function spawnWorker(url: URL, init: WorkerInit): Promise<WorkerHandle> {
  const wt = nodeWorkerThreads();
  if (wt !== null) {
    const w = new wt.Worker(url);
    // A pool blocked in Atomics.wait must not keep the process alive.
    w.unref();
    await new Promise<void>((resolve, reject) => {
      w.once('message', (m: { type: string; message?: string }) => (m.type === 'ready' ? resolve() : reject(new Error(m.message))));
      w.once('error', reject);
      w.postMessage(init);
    });
    return w;
  }
  const g = globalThis as unknown as { Worker?: new (url: URL, o: { type: 'module' }) => WebWorker };
  if (typeof g.Worker !== 'function') throw new Error('this runtime has no Worker');
  const w = new g.Worker(url, { type: 'module' });
  await new Promise<void>((resolve, reject) => {
    w.addEventListener('message', (e) => {
      const d = e.data as { type?: string; message?: string } | undefined;
      if (d?.type === 'ready') resolve();
      else reject(new Error(d?.message));
    }, { once: true });
    w.addEventListener('error', (e) => reject(new Error(e.message)), { once: true });
    w.postMessage(init);
  });
  return w;
}

/** Inside a worker: the start message and a way to answer, from whichever the host provides. */
export async function workerPort(): Promise<{ init: WorkerInit; post: (m: unknown) => void }> {
  const wt = nodeWorkerThreads();
  if (wt !== null) {
    const port = wt.parentPort;
    if (port === null) throw new Error('wtanet: threads/worker.js must run in a worker thread');
    const init = await new Promise<WorkerInit>((resolve) => port.once('message', (m) => resolve(m as WorkerInit)));
    return { init, post: (m) => port.postMessage(m) };
  }
  const g = globalThis as unknown as WebWorker;
  const init = await new Promise<WorkerInit>((resolve) => g.addEventListener('message', (e) => resolve(e.data as WorkerInit)));
  return { init, post: (m) => g.postMessage(m) };
}
