// A worker realm for bench/profile-threads.ts: the bench's cnn training step on the
// shared-memory kernels with intra-run threads (useThreads(2), from the built tree at
// workerData.root), every kernel call wrappable in a wall-clock timer. Answers:
//   { type: 'steps', threads }          → wall ms per step, a few samples (no timers)
//   { type: 'profile', threads, steps } → per kernel call of one step (name + arguments of the
//                                         first step), its wall ms in each step, and each
//                                         step's wall ms less the timers' cost
// Wall time because with threads CPU time adds up every thread's.
import { parentPort, workerData } from 'node:worker_threads';

const port = parentPort!;
const { root, workload } = workerData as { root: string; workload: string };
const threads = await import(`${root}/dist/src/kernels/threads/index.js`);
const load = await import(`${root}/dist/src/kernels/load.js`);
const work = await import(`${root}/dist/bench/train-workloads.js`);

const status = await threads.useThreads(2);
if (status.threads !== 2) throw new Error(`profile-threads: 2 threads unavailable: ${status.reason}`);
// The threaded kernels are a plain object (dispatch.ts): its functions can be swapped in place.
const table = load.kernels() as Record<string, unknown>;
const raw = { ...table };
let calls: { key: string; ms: number }[] = [];
const timed: Record<string, unknown> = {};
for (const [name, v] of Object.entries(raw)) {
  if (typeof v !== 'function') continue;
  const f = v as (...a: number[]) => unknown;
  timed[name] = (...a: number[]) => {
    const t0 = performance.now();
    const r = f(...a);
    calls.push({ key: `${name}(${a.join(',')})`, ms: performance.now() - t0 });
    return r;
  };
}
const setTimed = (on: boolean) => {
  for (const name of Object.keys(timed)) table[name] = on ? timed[name] : raw[name];
};
// A whole timed call of a kernel that does nothing (heapBase returns a number): the profiled
// step's extra time per call.
let wrapperMs = 0;
{
  const reps = 20000;
  const f = timed.heapBase as () => number;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  wrapperMs = (performance.now() - t0) / reps;
  calls = [];
}
const side = work.wtanetSide(work.workloads.find((w: { name: string }) => w.name === workload));
const tuning = threads.threadTuning();
for (const t of [1, 2]) {
  tuning.threads = t;
  for (let i = 0; i < 20; i++) side.step(); // tier-up, in every instance
}

port.postMessage({ type: 'ready' });
port.on('message', (m: { type: 'steps'; threads: number } | { type: 'profile'; threads: number; steps: number }) => {
  tuning.threads = m.threads;
  if (m.type === 'steps') {
    port.postMessage({ type: 'steps', ms: work.wallSamples(side.step, 5, 60) });
    return;
  }
  setTimed(true);
  const perCall: { key: string; ms: number[] }[] = [];
  const stepMs: number[] = [];
  for (let s = 0; s < m.steps; s++) {
    calls = [];
    const t0 = performance.now();
    side.step();
    stepMs.push(performance.now() - t0 - calls.length * wrapperMs);
    calls.forEach((c, i) => (perCall[i] ??= { key: c.key, ms: [] }).ms.push(c.ms));
  }
  setTimed(false);
  port.postMessage({ type: 'profile', calls: perCall, stepMs });
});
