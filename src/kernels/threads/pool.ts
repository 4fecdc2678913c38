// The worker pool behind intra-run threads: one shared WebAssembly memory, one instance of the
// shared-memory build per thread (this one and each worker), and the job protocol of
// protocol.ts. Jobs are synchronous for the caller: run() returns when every part is done.
import { ARG_STRIDE, CTL_STRIDE, DONE, FAILED, OP, OP_EXIT, SEQ, SPIN, execute, type ModuleHandle, type SharedKernels, type WorkerInit } from './protocol.js';
import type { WasmMemory } from '../abi/core.js';

/** A started worker, whatever the host (Node worker_threads or Web Workers). */
interface WorkerHandle {
  terminate(): unknown;
}

/**
 * Longest a thread polls a flag before sleeping in Atomics.wait, in ns. 150 µs is a few times
 * the cost of a wake-up, so on an idle machine a worker stays awake through the short gaps
 * between one step's products (measured: mlp step 1.75 ms when polling ≈ 8 µs, 1.25 ms with
 * 40–150 µs). But a thread that polls while the thread it waits for is descheduled (other
 * processes on the cores) wastes its whole budget on every job (measured: 2–10× slower steps
 * with 40–150 µs polls under load), so the budget halves whenever a wait ends in sleep and
 * doubles whenever polling sufficed, between MIN_SPIN_NS and the maximum.
 */
export const DEFAULT_SPIN_NS = 150_000;
const MIN_SPIN_NS = 15_000;

/** Starts the worker script with its start message; resolves once it has instantiated the module. */
async function spawn(init: WorkerInit): Promise<WorkerHandle> {
  const url = new URL('./worker.js', import.meta.url);
  const g = globalThis as unknown as { process?: { versions?: { node?: string } }; Worker?: typeof Worker };
  if (g.process?.versions?.node !== undefined) {
    const { Worker: NodeWorker } = await import('node:worker_threads');
    const w = new NodeWorker(url);
    // A pool blocked in Atomics.wait must not keep the process alive.
    w.unref();
    await new Promise<void>((resolve, reject) => {
      w.once('message', (m: { type: string; message?: string }) => (m.type === 'ready' ? resolve() : reject(new Error(m.message))));
      w.once('error', reject);
      w.postMessage(init);
    });
    return w;
  }
  if (typeof g.Worker !== 'function') throw new Error('this runtime has no Worker');
  const w = new g.Worker(url, { type: 'module' });
  await new Promise<void>((resolve, reject) => {
    w.addEventListener('message', (e: MessageEvent) => (e.data?.type === 'ready' ? resolve() : reject(new Error(e.data?.message))), { once: true });
    w.addEventListener('error', (e) => reject(new Error(e.message)), { once: true });
    w.postMessage(init);
  });
  return w;
}

/** True where this thread may block in Atomics.wait (not on a browser's main thread). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

export class ThreadPool {
  /** Argument block: slot t's arguments start at t·ARG_STRIDE (slot 0 = this thread). */
  readonly args: Float64Array;
  private readonly ctl: Int32Array;
  private readonly workers: WorkerHandle[] = [];
  private seq = 0;
  private readonly blocking = canBlock();
  /** Longest polling before sleeping (ns), for this thread (waiting for parts) and the workers. */
  spin = DEFAULT_SPIN_NS;
  /** Current polling budget (ns), between MIN_SPIN_NS and spin. */
  private budget = DEFAULT_SPIN_NS;

  private constructor(
    private readonly main: SharedKernels,
    private readonly module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
    /** Threads whose packing buffers are reserved (the most this pool can run). */
    readonly capacity: number,
    private readonly scratchBase: number,
    private readonly scratchBytes: number,
  ) {
    this.ctl = new Int32Array(new SharedArrayBuffer(4 * CTL_STRIDE * capacity));
    this.args = new Float64Array(new SharedArrayBuffer(8 * ARG_STRIDE * capacity));
  }

  /**
   * Instantiates the shared build on `memory` for this thread, with sgemm packing buffers for
   * `capacity` threads reserved at the start of the heap. Starts no worker yet.
   */
  static create(handle: ModuleHandle, sharedMemory: WasmMemory, capacity: number): { pool: ThreadPool; heapStart: number; kernels: SharedKernels } {
    const module = handle as WebAssembly.Module;
    const memory = sharedMemory as unknown as WebAssembly.Memory;
    const main = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SharedKernels;
    const scratchBase = align64(main.heapBase());
    const scratchBytes = align64(main.gemmScratchBytes());
    const heapStart = scratchBase + capacity * scratchBytes;
    const have = memory.buffer.byteLength;
    if (heapStart > have) memory.grow(Math.ceil((heapStart - have) / 65536));
    main.useGemmScratch(scratchBase);
    const pool = new ThreadPool(main, module, memory, capacity, scratchBase, scratchBytes);
    return { pool, heapStart, kernels: main };
  }

  /** Threads available now: this one and the started workers. */
  get size(): number {
    return this.workers.length + 1;
  }

  /** Starts workers until `threads` threads are available (at most capacity). */
  async grow(threads: number): Promise<void> {
    while (this.size < Math.min(threads, this.capacity)) {
      const slot = this.size;
      const init: WorkerInit = {
        module: this.module, memory: this.memory, control: this.ctl.buffer as SharedArrayBuffer, args: this.args.buffer as SharedArrayBuffer,
        slot, scratch: this.scratchBase + slot * this.scratchBytes,
      };
      this.workers.push(await spawn(init));
    }
  }

  /**
   * Runs kernel `op` in `parts` parts (≤ size): part t takes its arguments from slot t of
   * `args`; part 0 runs on this thread. Returns when all are done.
   */
  run(op: number, parts: number): void {
    const ctl = this.ctl;
    const seq = ++this.seq | 0;
    for (let t = 1; t < parts; t++) {
      const base = t * CTL_STRIDE;
      Atomics.store(ctl, base + OP, op);
      Atomics.store(ctl, base + SPIN, this.budget | 0);
      Atomics.store(ctl, base + SEQ, seq);
      Atomics.notify(ctl, base + SEQ);
    }
    let mainError: unknown = null;
    try {
      execute(this.main, op, this.args, 0);
    } catch (e) {
      // Still join the workers: the next job must not overwrite arguments still in use.
      mainError = e;
    }
    let failed = false;
    let slept = false;
    const t0 = performance.now();
    const until = t0 + this.budget / 1e6;
    for (let t = 1; t < parts; t++) {
      const at = t * CTL_STRIDE + DONE;
      let done = Atomics.load(ctl, at);
      // Poll (reading the clock every 64 polls), then sleep; a browser's main thread cannot sleep.
      for (let i = 1; done !== seq; i++) {
        if ((i & 63) === 0 && this.blocking && performance.now() > until) break;
        done = Atomics.load(ctl, at);
      }
      while (done !== seq) {
        slept = true;
        Atomics.wait(ctl, at, done);
        done = Atomics.load(ctl, at);
      }
      if (Atomics.load(ctl, t * CTL_STRIDE + FAILED) !== 0) {
        Atomics.store(ctl, t * CTL_STRIDE + FAILED, 0);
        failed = true;
      }
    }
    this.budget = slept ? Math.max(MIN_SPIN_NS, this.budget / 2) : Math.min(this.spin, this.budget * 2);
    if (mainError !== null) throw mainError;
    if (failed) throw new Error('wtanet: a kernel failed in a worker thread');
  }

  /** Stops every worker (the pool stays usable with this thread alone). */
  async close(): Promise<void> {
    for (let t = 1; t < this.size; t++) {
      Atomics.store(this.ctl, t * CTL_STRIDE + OP, OP_EXIT);
      Atomics.store(this.ctl, t * CTL_STRIDE + SEQ, ++this.seq | 0);
      Atomics.notify(this.ctl, t * CTL_STRIDE + SEQ);
    }
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function align64(n: number): number {
  return Math.ceil(n / 64) * 64;
}
