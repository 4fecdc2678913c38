// tfjs-backend-wasm's threaded SIMD build, for bench/train.ts: a worker realm (the pthread
// patches of bench/tfjs-pthreads-node.ts change its globals, not the bench's) that builds one
// workload's tfjs side (tfjsSide of bench/train.ts, the same code as the 1-thread side), checks
// that it learns, and answers "ms per training step" (wall clock) with the CPU time of the
// process over that wall time (> 1 only if the pool's second thread really computes).
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';
import { initTfjs } from './tfjs.js';
import { installNodePthreads } from './tfjs-pthreads-node.js';
import { checkTfjsLearns, tfjsSide } from './train.js';
import { wallSamples, workloads } from './train-workloads.js';

const port = parentPort!;
const { workload, threads, dir } = workerData as { workload: string; threads: number; dir: string };
let step: (() => void) | null = null;
try {
  installNodePthreads(threads, dir);
  const build = await initTfjs(threads, true);
  const w = workloads.find((x) => x.name === workload);
  if (w === undefined) throw new Error(`no workload named ${workload}`);
  const side = tfjsSide(w);
  const sanity = checkTfjsLearns(w.name, side);
  for (let i = 0; i < 10; i++) side.step(); // warm up (wasm tiers up per function and per thread)
  step = side.step;
  port.postMessage({ type: 'ready', threads: tfWasm.getThreadsCount(), build, sanity });
} catch (e) {
  port.postMessage({ type: 'failed', reason: e instanceof Error ? e.message : String(e) });
}
port.on('message', () => {
  const cpu0 = process.cpuUsage(); // the whole process: the bench's other realms wait meanwhile
  const t0 = performance.now();
  const samples = wallSamples(step!);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  port.postMessage({ type: 'ms', samples, cpuOverWall: (cpu.user + cpu.system) / 1000 / wall });
});
