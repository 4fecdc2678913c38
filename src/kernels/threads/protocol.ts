// What the main thread and its kernel workers share: a control block (Int32Array over a
// SharedArrayBuffer) and an argument block (Float64Array over another), and the kernels a job
// may name. Each thread has one slot in each; slot 0 is the calling thread's own part.
//
// A job: the caller writes each part's arguments into that part's argument slot, stores OP,
// then a new sequence number into SEQ of every worker taking part (and notifies); it runs part 0
// itself, then waits until every worker's DONE equals that number. Workers only ever write DONE
// and FAILED. Every kernel named here writes disjoint parts of its output for disjoint parts
// (rows or columns of C, samples of a batch, ranges of an elementwise op), and computes each
// output element exactly as the whole call would: results are bit-identical for any number
// of parts.

import type { WasmMemory } from '../abi/core.js';
import type { Kernels } from '../types.js';

/** Int32 entries per thread in the control block (64 bytes: one cache line per thread). */
export const CTL_STRIDE = 16;
export const SEQ = 0;
export const DONE = 1;
export const OP = 2;
export const FAILED = 3;
/** How long (ns) the worker polls SEQ before sleeping in Atomics.wait, set by the caller with each job. */
export const SPIN = 4;

/** Float64 arguments per thread in the argument block. */
export const ARG_STRIDE = 16;

export const OP_EXIT = 0;
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

/** The exports of the shared-memory build (assembly/shared.ts) beyond the default ones. */
export interface SharedKernels extends Kernels {
  gemmScratchBytes(): number;
  useGemmScratch(base: number): void;
}

/** Runs one part of a job: the kernel `op` on the arguments at args[at..]. */
export function execute(k: Kernels, op: number, a: Float64Array, at: number): void {
  switch (op) {
    case OP_SGEMM:
      k.sgemm(a[at], a[at + 1], a[at + 2], a[at + 3], a[at + 4], a[at + 5], a[at + 6], a[at + 7], a[at + 8], a[at + 9], a[at + 10], a[at + 11], a[at + 12]);
      return;
    case OP_IM2ROW:
      k.im2row(a[at], a[at + 1], a[at + 2], a[at + 3], a[at + 4], a[at + 5], a[at + 6], a[at + 7], a[at + 8], a[at + 9], a[at + 10], a[at + 11]);
      return;
    case OP_ROW2IM:
      k.row2im(a[at], a[at + 1], a[at + 2], a[at + 3], a[at + 4], a[at + 5], a[at + 6], a[at + 7], a[at + 8], a[at + 9], a[at + 10], a[at + 11]);
      return;
    case OP_IM2ROW_NHWC:
      k.im2rowNhwc(a[at], a[at + 1], a[at + 2], a[at + 3], a[at + 4], a[at + 5], a[at + 6], a[at + 7], a[at + 8], a[at + 9], a[at + 10], a[at + 11]);
      return;
    case OP_ROW2IM_NHWC:
      k.row2imNhwc(a[at], a[at + 1], a[at + 2], a[at + 3], a[at + 4], a[at + 5], a[at + 6], a[at + 7], a[at + 8], a[at + 9], a[at + 10], a[at + 11]);
      return;
    case OP_TRANSPOSE_BATCH:
      k.transposeBatch(a[at], a[at + 1], a[at + 2], a[at + 3], a[at + 4]);
      return;
    case OP_ADAM:
      k.adam(a[at], a[at + 1], a[at + 2], a[at + 3], a[at + 4], a[at + 5], a[at + 6], a[at + 7], a[at + 8], a[at + 9], a[at + 10], a[at + 11], a[at + 12], a[at + 13]);
      return;
    case OP_RELU:
      k.relu(a[at], a[at + 1], a[at + 2]);
      return;
    case OP_RELU_BACKWARD:
      k.reluBackward(a[at], a[at + 1], a[at + 2], a[at + 3]);
      return;
    case OP_ADD_BIAS_RELU:
      k.addBiasRelu(a[at], a[at + 1], a[at + 2], a[at + 3]);
      return;
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
