// A kernel worker: instantiates the shared-memory build on the main thread's memory, then
// claims and runs chunks of jobs until stopped (protocol.ts). Works as a Node worker_thread and
// as a module Web Worker: it takes its start message from whichever the host provides.
import { workerPort } from './host.js';
import { SEQ, SPIN_MAX, STOP, runChunks, workerLine, type SharedKernels, type WorkerInit } from './protocol.js';

/** Shortest polling budget (ns) a worker's own budget shrinks to. */
const MIN_SPIN_NS = 15_000;

/**
 * Serves jobs until STOP. `seenAtReady` is this worker's SEQ read BEFORE it said 'ready': the
 * caller may post the first job the moment it hears 'ready', and a SEQ read after that could
 * already be the job's number, which the worker would then wait past forever.
 *
 * Between jobs it polls SEQ before sleeping: jobs come in bursts (a training step's products)
 * and waking from Atomics.wait costs tens of µs (measured on the 2-core VM: median 18–40 µs,
 * worst cases of milliseconds; an mlp step took 1.75 ms when workers polled ≈ 8 µs, 1.25 ms
 * with 40–150 µs). Its polling budget halves whenever polling ran out (the gap was long:
 * polling only burnt a core other processes may need) and doubles whenever a job came in time,
 * up to the caller's SPIN_MAX. A late worker costs little: the caller does not wait for it, it
 * just claims fewer chunks (protocol.ts).
 */
function serve(init: WorkerInit, k: SharedKernels, seenAtReady: number): void {
  const ctl = new Int32Array(init.control);
  const args = new Float64Array(init.args);
  const line = workerLine(init.slot);
  let seen = seenAtReady;
  let budget = Atomics.load(ctl, SPIN_MAX);
  for (;;) {
    const until = performance.now() + budget / 1e6;
    let seq = Atomics.load(ctl, line + SEQ);
    for (let i = 1; seq === seen; i++) {
      if ((i & 63) === 0 && performance.now() > until) break;
      seq = Atomics.load(ctl, line + SEQ);
    }
    const max = Atomics.load(ctl, SPIN_MAX);
    if (seq === seen) {
      budget = Math.min(max, Math.max(MIN_SPIN_NS, budget / 2));
      Atomics.wait(ctl, line + SEQ, seen);
      seq = Atomics.load(ctl, line + SEQ);
      if (seq === seen) continue;
    } else {
      budget = Math.min(max, budget * 2);
    }
    seen = seq;
    if (Atomics.load(ctl, line + STOP) !== 0) return;
    runChunks(k, ctl, args);
  }
}

const { init, post } = await workerPort();
const port = { post };
let kernels: SharedKernels;
try {
  const instance = new WebAssembly.Instance(init.module as WebAssembly.Module, { env: { memory: init.memory as unknown as WebAssembly.Memory } });
  kernels = instance.exports as unknown as SharedKernels;
  kernels.useGemmScratch(init.scratch);
} catch (e) {
  port.post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  throw e;
}
const seenAtReady = Atomics.load(new Int32Array(init.control), workerLine(init.slot) + SEQ);
port.post({ type: 'ready' });
serve(init, kernels, seenAtReady);
