// A worker realm for bench/profile.ts: builds the bench's cnn (or mlp) training step from the
// built tree at workerData.root (this checkout, or a baseline checkout to compare against in
// the same run) with that tree's default kernel module, installed behind a table of
// functions that can be switched between the raw exports and timed wrappers. Answers:
//   { type: 'steps' }   → ms per step, a few samples (raw exports: no timing cost), in CPU time
//                         of the process: the other realms idle meanwhile, and on a loaded
//                         machine wall time would count other processes' time slices
//   { type: 'profile' } → per kernel call of one step (name + arguments of the first step),
//                         its ms in each of `steps` steps (timed wrappers: CPU time around each
//                         call, less the timer's own cost measured around an empty export),
//                         and each profiled step's CPU time less the wrappers' cost
import { parentPort, workerData } from 'node:worker_threads';
import { cpuNow } from './clock.js';

const port = parentPort!;
const { root, workload } = workerData as { root: string; workload: string };
const load = await import(`${root}/dist/src/kernels/load.js`);
const { WASM_BASE64 } = await import(`${root}/dist/src/kernels/wasm-bytes.js`);
const work = await import(`${root}/dist/bench/train-workloads.js`);

const bin = atob(WASM_BASE64);
const bytes = new Uint8Array(bin.length);
for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
const raw = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as Record<string, unknown>;

// Calls of the current step, in call order: name + arguments (pointers and step-dependent
// scalars such as Adam's step size vary between steps; the sequence of kernels does not).
let calls: { key: string; ms: number }[] = [];
const timed: Record<string, unknown> = {};
const table: Record<string, unknown> = {};
for (const [name, v] of Object.entries(raw)) {
  table[name] = v;
  if (typeof v !== 'function') continue;
  const f = v as (...a: number[]) => unknown;
  timed[name] = (...a: number[]) => {
    const t0 = cpuNow();
    const r = f(...a);
    const ms = cpuNow() - t0 - timerMs;
    calls.push({ key: `${name}(${a.join(',')})`, ms });
    return r;
  };
}
// The timers' own cost: timerMs inside the timed interval (subtracted from every call),
// wrapperMs for a whole timed call (the profiled step's extra time per call), both measured
// around heapBase, which does nothing but return a number.
let timerMs = 0;
let wrapperMs = 0;
{
  const reps = 20000;
  const f = timed.heapBase as () => number;
  const t0 = cpuNow();
  for (let i = 0; i < reps; i++) f();
  wrapperMs = (cpuNow() - t0) / reps;
  timerMs = calls.reduce((s, c) => s + c.ms, 0) / reps;
  calls = [];
}
const setTimed = (on: boolean) => {
  for (const name of Object.keys(timed)) table[name] = on ? timed[name] : raw[name];
};
load.installKernels(table);
const side = work.wtanetSide(work.workloads.find((w: { name: string }) => w.name === workload));
for (let i = 0; i < 20; i++) side.step(); // tier-up of every kernel

port.postMessage({ type: 'ready' });
port.on('message', (m: { type: 'steps' } | { type: 'profile'; steps: number }) => {
  if (m.type === 'steps') {
    const ms: number[] = [];
    for (let sample = 0; sample < 5; sample++) {
      const t0 = cpuNow();
      for (let i = 0; i < 5; i++) side.step();
      ms.push((cpuNow() - t0) / 5);
    }
    port.postMessage({ type: 'steps', ms });
    return;
  }
  setTimed(true);
  // The i-th call of every step: the first step's key, its ms in each step.
  const perCall: { key: string; ms: number[] }[] = [];
  const stepMs: number[] = [];
  for (let s = 0; s < m.steps; s++) {
    calls = [];
    const t0 = cpuNow();
    side.step();
    stepMs.push(cpuNow() - t0 - calls.length * wrapperMs);
    calls.forEach((c, i) => (perCall[i] ??= { key: c.key, ms: [] }).ms.push(c.ms));
  }
  setTimed(false);
  port.postMessage({ type: 'profile', calls: perCall, stepMs });
});
