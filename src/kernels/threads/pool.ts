// The worker pool behind intra-run threads: one shared WebAssembly memory, one instance of the
// shared-memory build per thread (this one and each worker), and the job protocol of
// protocol.ts. Jobs are synchronous for the caller: run() returns when every chunk is done.
import {
  ARG_COUNT, CHUNKS, CLAIM, COMPLETED, FAILED, GROUP, MAX_CHUNKS, OP, SEQ, SPIN_MAX, STOP, claimClosed, claimStart, controlInts, runChunks, workerLine,
  type ModuleHandle, type SharedKernels, type WorkerInit,
} from './protocol.js';
import type { WasmMemory } from '../abi/core.js';
import { spawnWorker, type WorkerHandle } from './host.js';

/**
 * Longest a worker polls for the next job before sleeping, in ns (each worker's own budget
 * adapts below it: worker.ts). 150 µs is a few times the cost of a wake-up, so on an idle
 * machine a worker stays awake through the short gaps between one step's products.
 */
export const DEFAULT_SPIN_NS = 150_000;
/**
 * The caller waits only for chunks other threads are still running; it polls this long at
 * most before sleeping (ns). Short: a chunk that is not done by then belongs to a thread that
 * was descheduled, and polling would keep a core from it.
 */
const JOIN_SPIN_NS = 50_000;

/** Starts the worker script with its start message; resolves once it has instantiated the module. */
function spawn(init: WorkerInit): Promise<WorkerHandle> {
  return spawnWorker(new URL('./worker.js', import.meta.url), init);
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
  /** The current job's arguments (the whole call's: protocol.ts). */
  readonly args: Float64Array;
  private readonly ctl: Int32Array;
  private readonly workers: WorkerHandle[] = [];
  private seq = 0;
  private readonly blocking = canBlock();

  private constructor(
    private readonly main: SharedKernels,
    private readonly module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
    /** Threads whose packing buffers are reserved (the most this pool can run). */
    readonly capacity: number,
    private readonly scratchBase: number,
    private readonly scratchBytes: number,
  ) {
    this.ctl = new Int32Array(new SharedArrayBuffer(4 * controlInts(capacity)));
    this.args = new Float64Array(new SharedArrayBuffer(8 * ARG_COUNT));
    this.spin = DEFAULT_SPIN_NS;
  }

  /** Longest a worker polls for the next job before sleeping (ns). */
  get spin(): number {
    return Atomics.load(this.ctl, SPIN_MAX);
  }

  set spin(ns: number) {
    Atomics.store(this.ctl, SPIN_MAX, Math.max(0, Math.min(2 ** 31 - 1, Math.round(ns))));
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
   * Runs kernel `op`, whose whole arguments are in `args`, as `chunks` chunks on this thread
   * and `threads` − 1 workers (protocol.ts). Returns when every chunk is done.
   */
  run(op: number, chunks: number, threads: number): void {
    if (!(chunks >= 1 && chunks <= MAX_CHUNKS)) throw new Error(`wtanet: a job has 1 to ${MAX_CHUNKS} chunks, got ${chunks}`);
    const ctl = this.ctl;
    const seq = ++this.seq | 0;
    const group = Math.min(threads, this.size);
    const workers = Math.min(group, chunks) - 1;
    Atomics.store(ctl, CLAIM, claimClosed(seq));
    Atomics.store(ctl, OP, op);
    Atomics.store(ctl, CHUNKS, chunks);
    Atomics.store(ctl, GROUP, group);
    Atomics.store(ctl, COMPLETED, 0);
    Atomics.store(ctl, CLAIM, claimStart(seq));
    for (let t = 1; t <= workers; t++) {
      Atomics.store(ctl, workerLine(t) + SEQ, seq);
      Atomics.notify(ctl, workerLine(t) + SEQ);
    }
    const error = runChunks(this.main, ctl, this.args);
    // Every chunk is claimed now; wait for those still running elsewhere.
    let done = Atomics.load(ctl, COMPLETED);
    if (done !== chunks) {
      const until = performance.now() + JOIN_SPIN_NS / 1e6;
      // Poll (reading the clock every 64 polls), then sleep; a browser's main thread cannot sleep.
      for (let i = 1; done !== chunks; i++) {
        if ((i & 63) === 0 && this.blocking && performance.now() > until) break;
        done = Atomics.load(ctl, COMPLETED);
      }
      while (done !== chunks) {
        Atomics.wait(ctl, COMPLETED, done);
        done = Atomics.load(ctl, COMPLETED);
      }
    }
    const failed = Atomics.load(ctl, FAILED) !== 0;
    if (failed) Atomics.store(ctl, FAILED, 0);
    if (error !== undefined) throw error;
    if (failed) throw new Error('wtanet: a kernel failed in a worker thread');
  }

  /** Stops every worker (the pool stays usable with this thread alone). */
  async close(): Promise<void> {
    for (let t = 1; t < this.size; t++) {
      const line = workerLine(t);
      Atomics.store(this.ctl, line + STOP, 1);
      Atomics.add(this.ctl, line + SEQ, 1);
      Atomics.notify(this.ctl, line + SEQ);
    }
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.terminate()));
    for (let t = 1; t <= workers.length; t++) Atomics.store(this.ctl, workerLine(t) + STOP, 0);
  }
}

function align64(n: number): number {
  return Math.ceil(n / 64) * 64;
}
