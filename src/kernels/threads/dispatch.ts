// The kernels as the rest of wtanet sees them when threads are on: the shared build's exports,
// with the big kernels (sgemm, the convolutions' im2row/row2im, batched transposes, Adam and
// the ReLU passes) run as jobs on the pool, cut into chunks along their outputs (split.ts says
// how many and where). Small calls, and every call while one thread is active, go straight
// to this thread's instance.
import type { Kernels } from '../types.js';
import type { ThreadPool } from './pool.js';
import {
  GEMM_DIM, IMAGE_IN_BYTES, IMAGE_OUT, IMAGE_OUT_BYTES, LINE_FLOATS, OP_ADAM, OP_ADD_BIAS_RELU, OP_IM2ROW, OP_IM2ROW_NHWC, OP_RELU,
  OP_RELU_BACKWARD, OP_ROW2IM, OP_ROW2IM_NHWC, OP_SGEMM, OP_TRANSPOSE_BATCH, type SharedKernels,
} from './protocol.js';
import { copyChunks, gemmChunks } from './split.js';

/**
 * Least multiply-adds for which sgemm is split: a job costs a few µs of signalling, and a
 * 128×128×128 product (2 M multiply-adds) takes ≈ 100 µs on one thread.
 */
export const MIN_GEMM_MACS = 1 << 18;
/** Least floats an im2row/row2im/transpose or elementwise kernel must touch to be split. */
export const MIN_COPY_FLOATS = 1 << 15;
/** Chunks per thread a job is cut into at most: more balance the threads, fewer cost less. */
export const CHUNKS_PER_THREAD = 4;
/** Least multiply-adds per sgemm chunk (≈ 10 µs of work: claiming one costs well under 1 µs). */
export const MIN_CHUNK_MACS = 1 << 17;
/** Least floats per chunk of a copy or elementwise kernel. */
export const MIN_CHUNK_FLOATS = 1 << 13;

export interface ThreadControl {
  /** Threads used per call from now on (1 … pool size). */
  threads: number;
  /** Smallest sgemm (m·n·k) that is split (default MIN_GEMM_MACS; tests lower it). */
  minGemmMacs: number;
  /** Smallest im2row/row2im/transpose/elementwise call (floats) that is split (default MIN_COPY_FLOATS). */
  minCopyFloats: number;
  /** Most chunks per thread (default CHUNKS_PER_THREAD). */
  chunksPerThread: number;
  /** Least multiply-adds per sgemm chunk (default MIN_CHUNK_MACS; tests lower it to cut finely). */
  minChunkMacs: number;
  /** Least floats per chunk of the other kernels (default MIN_CHUNK_FLOATS). */
  minChunkFloats: number;
}

export function defaultThreadControl(): ThreadControl {
  return {
    threads: 1, minGemmMacs: MIN_GEMM_MACS, minCopyFloats: MIN_COPY_FLOATS,
    chunksPerThread: CHUNKS_PER_THREAD, minChunkMacs: MIN_CHUNK_MACS, minChunkFloats: MIN_CHUNK_FLOATS,
  };
}

export function threadedKernels(k: SharedKernels, pool: ThreadPool, heapStart: number, control: ThreadControl): Kernels {
  const a = pool.args;

  /** Runs `op` with the whole call's arguments `args` as `chunks` chunks (≥ 2), or directly. */
  function job(op: number, chunks: number, direct: () => void, ...args: number[]): void {
    if (chunks < 2) {
      direct();
      return;
    }
    for (let i = 0; i < args.length; i++) a[i] = args[i];
    pool.run(op, chunks, control.threads);
  }

  /** Chunks for a copy or elementwise kernel over `units` units of `floats` floats in all. */
  const copy = (floats: number, units: number) =>
    control.threads < 2 || floats < control.minCopyFloats ? 1 : copyChunks(floats, units, control.threads, control.chunksPerThread, control.minChunkFloats);
  /** Chunks for an elementwise kernel over n floats, cut at cache lines. */
  const elementwise = (n: number) => copy(n, Math.ceil(n / LINE_FLOATS));

  /** Kernels over a batch of n images (im2row and its kin): chunks of whole images. */
  function perImage(op: number, direct: () => void, n: number, floats: number, geometry: number[], inp: number, inBytes: number, out: number, outBytes: number): void {
    const args = [inp, n, ...geometry];
    args[IMAGE_OUT] = out;
    args[IMAGE_IN_BYTES] = inBytes;
    args[IMAGE_OUT_BYTES] = outBytes;
    job(op, copy(floats, n), direct, ...args);
  }

  return {
    ...k,
    sgemm(tA, tB, m, n, k_, alpha, ap, lda, bp, ldb, beta, cp, ldc) {
      if (control.threads < 2 || m * n * k_ < control.minGemmMacs) {
        k.sgemm(tA, tB, m, n, k_, alpha, ap, lda, bp, ldb, beta, cp, ldc);
        return;
      }
      const plan = gemmChunks(m, n, k_, alpha, control.threads, control.chunksPerThread, control.minChunkMacs);
      a[GEMM_DIM] = plan.dim === 'rows' ? 0 : 1;
      job(OP_SGEMM, plan.chunks, () => k.sgemm(tA, tB, m, n, k_, alpha, ap, lda, bp, ldb, beta, cp, ldc), tA, tB, m, n, k_, alpha, ap, lda, bp, ldb, beta, cp, ldc);
    },
    adam(p, g, m, v, n, beta1, beta2, oneMinusB1, oneMinusB2, eps, l2, decay, stepSize, sqrtBc2) {
      job(OP_ADAM, elementwise(n), () => k.adam(p, g, m, v, n, beta1, beta2, oneMinusB1, oneMinusB2, eps, l2, decay, stepSize, sqrtBc2),
        p, g, m, v, n, beta1, beta2, oneMinusB1, oneMinusB2, eps, l2, decay, stepSize, sqrtBc2);
    },
    relu(x, y, n) {
      job(OP_RELU, elementwise(n), () => k.relu(x, y, n), x, y, n);
    },
    reluBackward(x, g, gx, n) {
      job(OP_RELU_BACKWARD, elementwise(n), () => k.reluBackward(x, g, gx, n), x, g, gx, n);
    },
    reluBackwardColSum(y, g, gx, gb, rows, cols) {
      // Split, the two passes it fuses: the ReLU part by range, then the column sums on this
      // thread (a split of a sum would change its order). Same bits as the fused kernel.
      const chunks = elementwise(rows * cols);
      if (chunks < 2) {
        k.reluBackwardColSum(y, g, gx, gb, rows, cols);
        return;
      }
      job(OP_RELU_BACKWARD, chunks, () => k.reluBackward(y, g, gx, rows * cols), y, g, gx, rows * cols);
      k.colSum(gx, gb, rows, cols);
    },
    addBiasRelu(y, bias, rows, cols) {
      job(OP_ADD_BIAS_RELU, copy(rows * cols, rows), () => k.addBiasRelu(y, bias, rows, cols), y, bias, rows, cols);
    },
    heapBase: () => heapStart,
    im2row(x, n, c, h, w, kh, kw, stride, pad, ho, wo, rows) {
      perImage(OP_IM2ROW, () => k.im2row(x, n, c, h, w, kh, kw, stride, pad, ho, wo, rows), n, n * ho * wo * c * kh * kw,
        [c, h, w, kh, kw, stride, pad, ho, wo], x, 4 * c * h * w, rows, 4 * ho * wo * c * kh * kw);
    },
    row2im(rows, n, c, h, w, kh, kw, stride, pad, ho, wo, x) {
      perImage(OP_ROW2IM, () => k.row2im(rows, n, c, h, w, kh, kw, stride, pad, ho, wo, x), n, n * ho * wo * c * kh * kw,
        [c, h, w, kh, kw, stride, pad, ho, wo], rows, 4 * ho * wo * c * kh * kw, x, 4 * c * h * w);
    },
    im2rowNhwc(x, n, h, w, c, kh, kw, stride, pad, ho, wo, rows) {
      perImage(OP_IM2ROW_NHWC, () => k.im2rowNhwc(x, n, h, w, c, kh, kw, stride, pad, ho, wo, rows), n, n * ho * wo * c * kh * kw,
        [h, w, c, kh, kw, stride, pad, ho, wo], x, 4 * h * w * c, rows, 4 * ho * wo * c * kh * kw);
    },
    row2imNhwc(rows, n, h, w, c, kh, kw, stride, pad, ho, wo, x) {
      perImage(OP_ROW2IM_NHWC, () => k.row2imNhwc(rows, n, h, w, c, kh, kw, stride, pad, ho, wo, x), n, n * ho * wo * c * kh * kw,
        [h, w, c, kh, kw, stride, pad, ho, wo], rows, 4 * ho * wo * c * kh * kw, x, 4 * h * w * c);
    },
    transposeBatch(x, y, batch, rows, cols) {
      job(OP_TRANSPOSE_BATCH, copy(batch * rows * cols, batch), () => k.transposeBatch(x, y, batch, rows, cols), x, y, batch, rows, cols);
    },
  };
}
