// A kernel worker: instantiates the shared-memory build on the main thread's memory, then
// runs its parts of jobs forever (protocol.ts). Works as a Node worker_thread and as a
// module Web Worker: it takes its start message from whichever the host provides.
import { CTL_STRIDE, DONE, FAILED, OP, OP_EXIT, SEQ, SPIN, ARG_STRIDE, execute, type SharedKernels, type WorkerInit } from './protocol.js';

interface Port { post(message: unknown): void }

async function start(): Promise<{ init: WorkerInit; port: Port }> {
  const g = globalThis as unknown as { process?: { versions?: { node?: string } }; postMessage?: (m: unknown) => void; addEventListener?: (t: string, f: (e: MessageEvent) => void) => void };
  if (g.process?.versions?.node !== undefined) {
    const { parentPort } = await import('node:worker_threads');
    if (parentPort === null) throw new Error('wtanet: threads/worker.js must run in a worker thread');
    const port = parentPort;
    const init = await new Promise<WorkerInit>((resolve) => port.once('message', resolve));
    return { init, port: { post: (m) => port.postMessage(m) } };
  }
  const init = await new Promise<WorkerInit>((resolve) => g.addEventListener!('message', (e) => resolve(e.data as WorkerInit)));
  return { init, port: { post: (m) => g.postMessage!(m) } };
}

/**
 * Serves jobs until OP_EXIT. `seen` is this slot's SEQ read BEFORE the worker said 'ready': the
 * main thread may post the first job the moment it hears 'ready', and a SEQ read after that could
 * already be the job's number, which the worker would then wait past forever (a deadlock, seen in
 * Chromium, where the main thread spins).
 */
function serve(init: WorkerInit, k: SharedKernels, seenAtReady: number): void {
  const ctl = new Int32Array(init.control);
  const args = new Float64Array(init.args);
  const base = init.slot * CTL_STRIDE;
  const at = init.slot * ARG_STRIDE;
  let seen = seenAtReady;
  for (;;) {
    // Poll first: jobs come in bursts (a training step's products), and waking from
    // Atomics.wait costs tens of µs, more than many parts take.
    const until = performance.now() + Atomics.load(ctl, base + SPIN) / 1e6;
    let seq = Atomics.load(ctl, base + SEQ);
    for (let i = 1; seq === seen; i++) {
      if ((i & 63) === 0 && performance.now() > until) break;
      seq = Atomics.load(ctl, base + SEQ);
    }
    if (seq === seen) {
      Atomics.wait(ctl, base + SEQ, seen);
      continue;
    }
    seen = seq;
    const op = Atomics.load(ctl, base + OP);
    if (op === OP_EXIT) return;
    try {
      execute(k, op, args, at);
    } catch {
      Atomics.store(ctl, base + FAILED, 1);
    }
    Atomics.store(ctl, base + DONE, seq);
    Atomics.notify(ctl, base + DONE);
  }
}

const { init, port } = await start();
let kernels: SharedKernels;
try {
  const instance = new WebAssembly.Instance(init.module as WebAssembly.Module, { env: { memory: init.memory as unknown as WebAssembly.Memory } });
  kernels = instance.exports as unknown as SharedKernels;
  kernels.useGemmScratch(init.scratch);
} catch (e) {
  port.post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  throw e;
}
const seenAtReady = Atomics.load(new Int32Array(init.control), init.slot * CTL_STRIDE + SEQ);
port.post({ type: 'ready' });
serve(init, kernels, seenAtReady);
