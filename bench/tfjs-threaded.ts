// The tfjs-wasm sides of bench/train.ts's threads table that use tfjs-backend-wasm's threaded SIMD
// build (2 threads, and 1 thread for comparison): it runs in a worker realm (bench/tfjs-threaded-worker.ts) running the same tfjs code as the
// 1-thread side. It never throws: a side that cannot start or fails says why in one line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** Long enough for 8 pthread workers to start on a loaded machine; a hang means they never load. */
const START_TIMEOUT_MS = 120_000;

export interface ThreadedTfjs {
  /** The pool's thread count as tfjs reports it (getThreadsCount()). */
  threads: number;
  build: string;
  sanity: string;
  /** Wall-clock ms per training step in each of a few samples; null once the side has failed (said once, on stdout). */
  msPerStep(): Promise<number[] | null>;
  /** Process CPU time over wall time of every msPerStep call so far. */
  cpuOverWall: number[];
  close(): Promise<void>;
}

type Reply = { type: string; samples?: number[]; cpuOverWall?: number; threads?: number; build?: string; sanity?: string; reason?: string };

export async function startThreadedTfjs(workload: string, threads: number): Promise<{ side: ThreadedTfjs | null; reason?: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wtanet-tfjs-pthreads-'));
  const worker = new Worker(new URL('./tfjs-threaded-worker.js', import.meta.url), { workerData: { workload, threads, dir } });
  const close = async () => {
    await worker.terminate();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  let failure: string | null = null;
  let waiting: ((m: Reply) => void) | null = null;
  const fail = (reason: string) => {
    failure ??= reason;
    waiting?.({ type: 'failed', reason });
  };
  worker.on('message', (m: Reply) => waiting?.(m));
  worker.on('error', (e) => fail(e.message));
  worker.on('exit', (code) => fail(`its worker exited (code ${code})`));
  const next = () => new Promise<Reply>((resolve) => {
    if (failure !== null) resolve({ type: 'failed', reason: failure });
    else waiting = (m) => { waiting = null; resolve(m); };
  });
  let timer: NodeJS.Timeout | undefined;
  const ready = await Promise.race([
    next(),
    new Promise<Reply>((resolve) => { timer = setTimeout(() => resolve({ type: 'failed', reason: `did not start within ${START_TIMEOUT_MS / 1000} s` }), START_TIMEOUT_MS); }),
  ]);
  clearTimeout(timer);
  if (ready.type !== 'ready') {
    await close();
    return { side: null, reason: ready.reason };
  }
  if (ready.threads! < threads) {
    await close();
    return { side: null, reason: `its thread pool has ${ready.threads} thread(s), not ${threads}` };
  }
  const cpuOverWall: number[] = [];
  let said = false;
  return {
    side: {
      threads: ready.threads!,
      build: ready.build!,
      sanity: ready.sanity!,
      cpuOverWall,
      async msPerStep() {
        if (failure === null) {
          const reply = next();
          worker.postMessage({});
          const m = await reply;
          if (m.type === 'ms') {
            cpuOverWall.push(m.cpuOverWall!);
            return m.samples!;
          }
        }
        if (!said) console.log(`tfjs-wasm ${workload} ${threads} threads failed: ${failure}`);
        said = true;
        return null;
      },
      close,
    },
  };
}
