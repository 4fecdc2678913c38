// The kernels as the rest of wtanet sees them when threads are on: the shared build's exports,
// with the big kernels (sgemm, the convolutions' im2row/row2im, batched transposes) cut into
// parts along their outputs and run on the pool (split.ts says how). Small calls, and every
// call while one thread is active, go straight to this thread's instance.
import type { Kernels } from '../types.js';
import type { ThreadPool } from './pool.js';
import { OP_IM2ROW, OP_IM2ROW_NHWC, OP_ROW2IM, OP_ROW2IM_NHWC, OP_SGEMM, OP_TRANSPOSE_BATCH, ARG_STRIDE, type SharedKernels } from './protocol.js';
import { MR, NR, partStart, planGemm } from './split.js';

/**
 * Least multiply-adds for which sgemm is split: a job round trip costs ≈ 5–25 µs, and a
 * 128×128×128 product (2 M multiply-adds) takes ≈ 100 µs on one thread.
 */
export const MIN_GEMM_MACS = 1 << 18;
/** Least floats an im2row/row2im/transpose must move to be split. */
export const MIN_COPY_FLOATS = 1 << 15;

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

  return {
    ...k,
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
