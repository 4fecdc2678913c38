// The kernels as the rest of wtanet sees them when threads are on: the shared build's exports,
// with the big kernels (sgemm, the convolutions' im2row/row2im, batched transposes) cut into
// parts along their outputs and run on the pool (split.ts says how). Small calls, and every
// call while one thread is active, go straight to this thread's instance.
import type { Kernels } from '../types.js';
import type { ThreadPool } from './pool.js';
import {
  ARG_STRIDE, OP_ADAM, OP_ADD_BIAS_RELU, OP_IM2ROW, OP_IM2ROW_NHWC, OP_RELU, OP_RELU_BACKWARD, OP_ROW2IM, OP_ROW2IM_NHWC, OP_SGEMM,
  OP_TRANSPOSE_BATCH, type SharedKernels,
} from './protocol.js';
import { MR, NR, partStart, planGemm } from './split.js';

/**
 * Least multiply-adds for which sgemm is split: a job round trip costs ≈ 5–25 µs, and a
 * 128×128×128 product (2 M multiply-adds) takes ≈ 100 µs on one thread.
 */
export const MIN_GEMM_MACS = 1 << 18;
/** Least floats an im2row/row2im/transpose or elementwise kernel must touch to be split. */
export const MIN_COPY_FLOATS = 1 << 15;
/** Elementwise parts start at multiples of this many floats (a cache line: no false sharing). */
const LINE_FLOATS = 16;

export interface ThreadControl {
  /** Threads used per call from now on (1 … pool size). */
  threads: number;
  /** Smallest sgemm (m·n·k) that is split (default MIN_GEMM_MACS; tests lower it). */
  minGemmMacs: number;
  /** Smallest im2row/row2im/transpose (floats) that is split (default MIN_COPY_FLOATS). */
  minCopyFloats: number;
}

export function threadedKernels(k: SharedKernels, pool: ThreadPool, heapStart: number, control: ThreadControl): Kernels {
  const a = pool.args;

  function sgemm(tA: number, tB: number, m: number, n: number, k_: number, alpha: number, ap: number, lda: number, bp: number, ldb: number, beta: number, cp: number, ldc: number): void {
    const threads = control.threads;
    if (threads < 2 || m * n * k_ < control.minGemmMacs) {
      k.sgemm(tA, tB, m, n, k_, alpha, ap, lda, bp, ldb, beta, cp, ldc);
      return;
    }
    const plan = planGemm(m, n, k_, alpha, threads);
    for (let t = 0; t < plan.parts; t++) {
      const o = t * ARG_STRIDE;
      let mm = m, nn = n, aa = ap, bb = bp, cc = cp;
      if (plan.dim === 'rows') {
        const i0 = partStart(t, plan.parts, m, MR);
        mm = partStart(t + 1, plan.parts, m, MR) - i0;
        aa = tA ? ap + 4 * i0 : ap + 4 * i0 * lda;
        cc = cp + 4 * i0 * ldc;
      } else {
        const j0 = partStart(t, plan.parts, n, NR);
        nn = partStart(t + 1, plan.parts, n, NR) - j0;
        bb = tB ? bp + 4 * j0 * ldb : bp + 4 * j0;
        cc = cp + 4 * j0;
      }
      a[o] = tA; a[o + 1] = tB; a[o + 2] = mm; a[o + 3] = nn; a[o + 4] = k_; a[o + 5] = alpha;
      a[o + 6] = aa; a[o + 7] = lda; a[o + 8] = bb; a[o + 9] = ldb; a[o + 10] = beta; a[o + 11] = cc; a[o + 12] = ldc;
    }
    pool.run(OP_SGEMM, plan.parts);
  }

  /**
   * im2row-like kernels over a batch of n images: image b's input starts at in + b·inBytes,
   * its output at out + b·outBytes, and nothing else in either depends on other images.
   */
  function perImage(op: number, direct: () => void, n: number, floats: number, geometry: number[], inp: number, inBytes: number, out: number, outBytes: number): void {
    const parts = Math.min(control.threads, n);
    if (parts < 2 || floats < control.minCopyFloats) {
      direct();
      return;
    }
    for (let t = 0; t < parts; t++) {
      const o = t * ARG_STRIDE;
      const b0 = partStart(t, parts, n, 1);
      const nb = partStart(t + 1, parts, n, 1) - b0;
      a[o] = inp + b0 * inBytes;
      a[o + 1] = nb;
      for (let i = 0; i < geometry.length; i++) a[o + 2 + i] = geometry[i];
      a[o + 2 + geometry.length] = out + b0 * outBytes;
    }
    pool.run(op, parts);
  }

  /**
   * An elementwise kernel over n floats: `pointers` are the indices of its pointer arguments
   * (each advanced to the part's first element), `count` the index of n.
   */
  function elementwise(op: number, direct: () => void, args: number[], pointers: number[], count: number): void {
    const n = args[count];
    const parts = Math.min(control.threads, Math.ceil(n / LINE_FLOATS));
    if (parts < 2 || n < control.minCopyFloats) {
      direct();
      return;
    }
    for (let t = 0; t < parts; t++) {
      const o = t * ARG_STRIDE;
      const i0 = partStart(t, parts, n, LINE_FLOATS);
      for (let i = 0; i < args.length; i++) a[o + i] = args[i];
      for (const p of pointers) a[o + p] += 4 * i0;
      a[o + count] = partStart(t + 1, parts, n, LINE_FLOATS) - i0;
    }
    pool.run(op, parts);
  }

  return {
    ...k,
    adam(p, g, m, v, n, beta1, beta2, oneMinusB1, oneMinusB2, eps, l2, decay, stepSize, sqrtBc2) {
      elementwise(OP_ADAM, () => k.adam(p, g, m, v, n, beta1, beta2, oneMinusB1, oneMinusB2, eps, l2, decay, stepSize, sqrtBc2),
        [p, g, m, v, n, beta1, beta2, oneMinusB1, oneMinusB2, eps, l2, decay, stepSize, sqrtBc2], [0, 1, 2, 3], 4);
    },
    relu(x, y, n) {
      elementwise(OP_RELU, () => k.relu(x, y, n), [x, y, n], [0, 1], 2);
    },
    reluBackward(x, g, gx, n) {
      elementwise(OP_RELU_BACKWARD, () => k.reluBackward(x, g, gx, n), [x, g, gx, n], [0, 1, 2], 3);
    },
    addBiasRelu(y, bias, rows, cols) {
      // Rows of y; every part reads the whole bias.
      const parts = Math.min(control.threads, rows);
      if (parts < 2 || rows * cols < control.minCopyFloats) {
        k.addBiasRelu(y, bias, rows, cols);
        return;
      }
      for (let t = 0; t < parts; t++) {
        const o = t * ARG_STRIDE;
        const r0 = partStart(t, parts, rows, 1);
        a[o] = y + 4 * r0 * cols; a[o + 1] = bias; a[o + 2] = partStart(t + 1, parts, rows, 1) - r0; a[o + 3] = cols;
      }
      pool.run(OP_ADD_BIAS_RELU, parts);
    },
    heapBase: () => heapStart,
    sgemm,
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
      const parts = Math.min(control.threads, batch);
      if (parts < 2 || batch * rows * cols < control.minCopyFloats) {
        k.transposeBatch(x, y, batch, rows, cols);
        return;
      }
      const bytes = 4 * rows * cols;
      for (let t = 0; t < parts; t++) {
        const o = t * ARG_STRIDE;
        const b0 = partStart(t, parts, batch, 1);
        a[o] = x + b0 * bytes; a[o + 1] = y + b0 * bytes; a[o + 2] = partStart(t + 1, parts, batch, 1) - b0; a[o + 3] = rows; a[o + 4] = cols;
      }
      pool.run(OP_TRANSPOSE_BATCH, parts);
    },
  };
}
