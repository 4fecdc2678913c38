import type { WorkerInit } from '../protocol.js';

/** A started worker, whatever the host (Node worker_threads or Web Workers). */
export interface WorkerHandle {
  terminate(): unknown;
}

/** Starts the worker script at `url` with its start message; resolves once it has instantiated the module. */
export type SpawnWorker = (url: URL, init: WorkerInit) => Promise<WorkerHandle>;
