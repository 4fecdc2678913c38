import type { Worker } from 'node:worker_threads';

/** Posts one message to a bench worker and resolves with its one reply (rejects on a worker error). */
export function ask<T>(w: Worker, msg: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const fail = (e: unknown) => reject(e);
    w.once('error', fail);
    w.once('message', (m: T) => { w.off('error', fail); resolve(m); });
    w.postMessage(msg);
  });
}
