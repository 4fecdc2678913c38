// wtanet with intra-run threads, for bench/train.ts: a worker realm (its own kernel module:
// the shared-memory build, installed by useThreads before any tensor) that builds one workload
// and answers "ms per training step with t threads" (wall clock, a few samples).
import { parentPort, workerData } from 'node:worker_threads';
import { threadTuning, useThreads } from '../src/kernels/threads/index.js';
import { wallSamples, workloads, wtanetSide } from './train-workloads.js';

const port = parentPort!;
const { workload, maxThreads } = workerData as { workload: string; maxThreads: number };
const status = await useThreads(maxThreads);
const w = workloads.find((x) => x.name === workload)!;
const side = wtanetSide(w);
const tuning = threadTuning();
// Warm up every kernel (wasm tiers up per function, and each worker instance separately).
for (let t = 1; t <= status.threads; t++) {
  if (tuning !== null) tuning.threads = t;
  for (let i = 0; i < 10; i++) side.step();
}
port.postMessage({ type: 'ready', threads: status.threads, reason: status.reason });
port.on('message', (m: { threads: number }) => {
  if (tuning !== null) tuning.threads = m.threads;
  port.postMessage({ type: 'ms', samples: wallSamples(side.step) });
});
