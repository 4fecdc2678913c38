// Intra-run threads: `await useThreads(n)` makes one training run use n threads (this one and
// n − 1 workers) for its large kernels — sgemm and the convolutions' data movement, split along
// their outputs only, so every result is bit-identical to one thread's. It installs the
// shared-memory build of the kernels as this realm's module, so it must come before the first
// tensor; later calls change the thread count (up to the number reserved by the first).
// Where shared memory is unavailable (SharedArrayBuffer missing, a page without cross-origin
// isolation, edge runtimes) it changes nothing and reports why: wtanet runs on one thread.
import { installKernels, kernelsInUse } from '../load.js';
import { defaultThreadControl, threadedKernels, type ThreadControl } from './dispatch.js';
import { ThreadPool } from './pool.js';
import { threadsUnavailable } from './support.js';

/** Most threads per run: packing buffers (≈ 1.2 MB each) are reserved for this many at most. */
export const MAX_THREADS = 64;

export interface ThreadsStatus {
  /** Threads the kernels use from now on. */
  threads: number;
  /** Why fewer threads than asked are used (unsupported runtime), if so. */
  reason?: string;
}

interface State { pool: ThreadPool; control: ThreadControl }
const IN_USE = 'wtanet: useThreads() must come before the first tensor or model of this thread (the kernel module is already in use)';
let state: State | null = null;
let unsupported: string | null = null;

/**
 * A shared memory reserves its maximum size up front, so where 4 GiB of address space is not
 * available (32-bit or mobile browsers) settle for 1 GiB, then 256 MiB.
 */
function sharedMemory(initial: number, maximum: number): WebAssembly.Memory {
  let error: unknown;
  for (const max of [maximum, 16384, 4096]) {
    if (max > maximum) continue;
    try {
      return new WebAssembly.Memory({ initial, maximum: max, shared: true });
    } catch (e) {
      error = e;
    }
  }
  throw error;
}

async function install(capacity: number): Promise<State> {
  const { SHARED_WASM_BASE64, SHARED_INITIAL_PAGES, SHARED_MAXIMUM_PAGES } = await import('./wasm-shared-bytes.js');
  const bin = atob(SHARED_WASM_BASE64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const module = await WebAssembly.compile(bytes);
  const memory = sharedMemory(SHARED_INITIAL_PAGES, SHARED_MAXIMUM_PAGES);
  const { pool, heapStart, kernels } = ThreadPool.create(module, memory, capacity);
  const control = defaultThreadControl();
  if (kernelsInUse()) throw new Error(IN_USE);
  installKernels(threadedKernels(kernels, pool, heapStart, control));
  return { pool, control };
}

/**
 * Uses `n` threads for this realm's kernels from now on (n ≥ 1). The first call with n > 1
 * must precede every tensor; it reserves room for max(n, 4) threads. Returns the count in
 * effect: 1 with a `reason` where threads are unsupported.
 */
export async function useThreads(n: number): Promise<ThreadsStatus> {
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) throw new Error(`wtanet: threads must be an integer from 1 to ${MAX_THREADS}, got ${n}`);
  if (state === null) {
    if (n === 1) return { threads: 1 };
    unsupported ??= threadsUnavailable();
    if (unsupported !== null) return { threads: 1, reason: unsupported };
    if (kernelsInUse()) throw new Error(IN_USE);
    try {
      state = await install(Math.max(n, 4));
    } catch (e) {
      if ((e as Error).message === IN_USE) throw e;
      return { threads: 1, reason: `the shared-memory kernels could not start: ${(e as Error).message}` };
    }
  }
  if (n > state.pool.capacity) {
    throw new Error(`wtanet: this process reserved ${state.pool.capacity} threads at its first useThreads(); ask for that many first to use ${n}`);
  }
  try {
    await state.pool.grow(n);
  } catch (e) {
    return { threads: (state.control.threads = state.pool.size), reason: `could not start a worker: ${(e as Error).message}` };
  }
  state.control.threads = n;
  return { threads: n };
}

/** Threads the kernels use now (1 unless useThreads() raised it). */
export function threadCount(): number {
  return state?.control.threads ?? 1;
}

/** The live split settings (null before threads are installed): for tests and benchmarks. */
export function threadTuning(): ThreadControl | null {
  return state?.control ?? null;
}

/** Sets the longest time (ns) threads poll before sleeping (pool.ts DEFAULT_SPIN_NS): for benchmarks. */
export function setThreadSpin(ns: number): void {
  if (state !== null) state.pool.spin = ns;
}
