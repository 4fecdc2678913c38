// What the calling thread and its kernel workers share, and how a job runs.
//
// A job is one kernel call cut into chunks along its OUTPUT (rows or columns of C, images of a
// batch, ranges of an elementwise op): every chunk writes its own part of the output and
// computes each element exactly as the whole call would, so the result is bit-identical
// whichever thread runs which chunk, and however many chunks there are.
//
// Chunks are claimed, not assigned: the caller writes the whole call's arguments once, resets
// the claim and completion counters, wakes the workers, and then every thread — the caller
// included — claims the next unclaimed chunk until none is left; the caller returns once every
// chunk is completed. A thread that is descheduled (other processes on the cores) or still
// waking up simply claims fewer chunks: nobody waits for a thread that has not started.
//
// The claim word holds the job's tag beside the next chunk's index, and a claim is a
// compare-and-swap on the whole word. So a late worker can never claim a chunk of a job that
// has moved on: the caller closes the word (new tag, no chunk left) before it changes the job,
// and a claim only succeeds while its job is incomplete, which also keeps that job's
// arguments in place until the claimed chunk is done.

import type { WasmMemory } from '../abi/core.js';
import type { Kernels } from '../types.js';
import { MR, NR, chunkStart } from './split.js';

/** Int32 entries per cache line of the control block (64 bytes). */
export const LINE = 16;
// Line 0: the job.
/** (tag << CHUNK_BITS) | index of the next unclaimed chunk. */
export const CLAIM = 0;
export const OP = 1;
export const CHUNKS = 2;
/** Set to 1 by a thread whose chunk threw; cleared by the caller. */
export const FAILED = 3;
/** Longest a worker polls for the next job before sleeping, in ns (its own budget adapts below it). */
export const SPIN_MAX = 4;
/** Threads taking part in the job: chunk sizes halve after every GROUP chunks (split.ts chunkStart). */
export const GROUP = 5;
/** Line 1 (its own line: every finished chunk adds one here, while claims hit line 0). */
export const COMPLETED = LINE;
/** Worker t (≥ 1) has line 1 + t: SEQ is bumped to wake it for a new job; STOP ends it. */
export const SEQ = 0;
export const STOP = 1;
export function workerLine(t: number): number {
  return (1 + t) * LINE;
}
/** Int32 entries of the control block for `capacity` threads. */
export function controlInts(capacity: number): number {
  return (2 + capacity) * LINE;
}

/** Bits of the claim word for the chunk index: at most 2^CHUNK_BITS − 1 chunks per job. */
export const CHUNK_BITS = 10;
export const MAX_CHUNKS = (1 << CHUNK_BITS) - 1;
const TAG_MASK = (1 << (31 - CHUNK_BITS)) - 1;

/** The claim word of a new job with sequence number `seq`, before any chunk is claimed. */
export function claimStart(seq: number): number {
  return (seq & TAG_MASK) << CHUNK_BITS;
}

/**
 * The claim word while job `seq` is being written: no chunk can be claimed (its index is past
 * every job's last chunk). The caller stores it before changing OP or CHUNKS, so a worker still
 * holding the previous job's word cannot claim a chunk of a half-written job: its swap fails.
 */
export function claimClosed(seq: number): number {
  return claimStart(seq) | MAX_CHUNKS;
}

/** Float64 arguments of a job (the whole call's, plus how it is cut). */
export const ARG_COUNT = 16;

export const OP_SGEMM = 1;
export const OP_IM2ROW = 2;
export const OP_ROW2IM = 3;
export const OP_IM2ROW_NHWC = 4;
export const OP_ROW2IM_NHWC = 5;
export const OP_TRANSPOSE_BATCH = 6;
export const OP_ADAM = 7;
export const OP_RELU = 8;
export const OP_RELU_BACKWARD = 9;
export const OP_ADD_BIAS_RELU = 10;

/** Argument index of the cut dimension of an sgemm job: 0 rows of C, 1 columns. */
export const GEMM_DIM = 13;
/** Image kernels: arguments [in, n, 9 geometry values, out, in bytes per image, out bytes per image]. */
export const IMAGE_OUT = 11;
export const IMAGE_IN_BYTES = 12;
export const IMAGE_OUT_BYTES = 13;
/** Elementwise parts start at multiples of this many floats (a cache line: no false sharing). */
export const LINE_FLOATS = 16;

/** The exports of the shared-memory build (assembly/shared.ts) beyond the default ones. */
export interface SharedKernels extends Kernels {
  gemmScratchBytes(): number;
  useGemmScratch(base: number): void;
}

/**
 * Claims and runs chunks of the current job until none is left (or the job is replaced).
 * Called by the caller and by every woken worker alike. A chunk that throws still counts as
 * completed (the job must end) and sets FAILED; the first such error is returned.
 */
export function runChunks(k: Kernels, ctl: Int32Array, a: Float64Array): unknown {
  let error: unknown;
  for (;;) {
    const word = Atomics.load(ctl, CLAIM);
    const chunk = word & MAX_CHUNKS;
    // Read after the claim word: if the job changes meanwhile, the swap below fails.
    const chunks = Atomics.load(ctl, CHUNKS);
    if (chunk >= chunks) return error;
    const op = Atomics.load(ctl, OP);
    const group = Atomics.load(ctl, GROUP);
    if (Atomics.compareExchange(ctl, CLAIM, word, word + 1) !== word) continue;
    try {
      runChunk(k, op, a, { chunk, chunks, group });
    } catch (e) {
      error ??= e;
      Atomics.store(ctl, FAILED, 1);
    }
    Atomics.add(ctl, COMPLETED, 1);
    Atomics.notify(ctl, COMPLETED);
  }
}

/** Which chunk to run: chunk of chunks, sized for `group` threads (split.ts chunkStart). */
export interface ChunkOf {
  chunk: number;
  chunks: number;
  group: number;
}

/** Runs one chunk of the call whose whole arguments are in a. */
export function runChunk(k: Kernels, op: number, a: Float64Array, { chunk: c, chunks, group }: ChunkOf): void {
  const start = (i: number, total: number, unit: number) => chunkStart(i, chunks, total, unit, group);
  switch (op) {
    case OP_SGEMM: {
      const tA = a[0], tB = a[1], m = a[2], n = a[3], ap = a[6], lda = a[7], bp = a[8], ldb = a[9], cp = a[11], ldc = a[12];
      if (a[GEMM_DIM] === 0) {
        const i0 = start(c, m, MR);
        const rows = start(c + 1, m, MR) - i0;
        k.sgemm(tA, tB, rows, n, a[4], a[5], tA ? ap + 4 * i0 : ap + 4 * i0 * lda, lda, bp, ldb, a[10], cp + 4 * i0 * ldc, ldc);
      } else {
        const j0 = start(c, n, NR);
        const cols = start(c + 1, n, NR) - j0;
        k.sgemm(tA, tB, m, cols, a[4], a[5], ap, lda, tB ? bp + 4 * j0 * ldb : bp + 4 * j0, ldb, a[10], cp + 4 * j0, ldc);
      }
      return;
    }
    case OP_IM2ROW:
    case OP_ROW2IM:
    case OP_IM2ROW_NHWC:
    case OP_ROW2IM_NHWC: {
      const b0 = start(c, a[1], 1);
      const nb = start(c + 1, a[1], 1) - b0;
      const inp = a[0] + b0 * a[IMAGE_IN_BYTES];
      const out = a[IMAGE_OUT] + b0 * a[IMAGE_OUT_BYTES];
      const f = op === OP_IM2ROW ? k.im2row : op === OP_ROW2IM ? k.row2im : op === OP_IM2ROW_NHWC ? k.im2rowNhwc : k.row2imNhwc;
      f(inp, nb, a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], out);
      return;
    }
    case OP_TRANSPOSE_BATCH: {
      const b0 = start(c, a[2], 1);
      const bytes = 4 * a[3] * a[4];
      k.transposeBatch(a[0] + b0 * bytes, a[1] + b0 * bytes, start(c + 1, a[2], 1) - b0, a[3], a[4]);
      return;
    }
    case OP_ADAM: {
      const i0 = start(c, a[4], LINE_FLOATS);
      const o = 4 * i0;
      k.adam(a[0] + o, a[1] + o, a[2] + o, a[3] + o, start(c + 1, a[4], LINE_FLOATS) - i0, a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13]);
      return;
    }
    case OP_RELU: {
      const i0 = start(c, a[2], LINE_FLOATS);
      k.relu(a[0] + 4 * i0, a[1] + 4 * i0, start(c + 1, a[2], LINE_FLOATS) - i0);
      return;
    }
    case OP_RELU_BACKWARD: {
      const i0 = start(c, a[3], LINE_FLOATS);
      const o = 4 * i0;
      k.reluBackward(a[0] + o, a[1] + o, a[2] + o, start(c + 1, a[3], LINE_FLOATS) - i0);
      return;
    }
    case OP_ADD_BIAS_RELU: {
      // Rows of y; every chunk reads the whole bias.
      const r0 = start(c, a[2], 1);
      k.addBiasRelu(a[0] + 4 * r0 * a[3], a[1], start(c + 1, a[2], 1) - r0, a[3]);
      return;
    }
    default:
      throw new Error(`wtanet: unknown kernel job ${op}`);
  }
}

/**
 * A WebAssembly.Module of the shared build, typed loosely (like WasmMemory, abi/core.ts) so that the
 * published types compile for consumers whose libs declare no WebAssembly namespace.
 */
export type ModuleHandle = object;

/** What a worker receives once, at start. */
export interface WorkerInit {
  module: ModuleHandle;
  memory: WasmMemory;
  control: SharedArrayBuffer;
  args: SharedArrayBuffer;
  /** This worker's slot (≥ 1). */
  slot: number;
  /** Byte offset of this worker's sgemm packing buffers. */
  scratch: number;
}
