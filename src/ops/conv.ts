import { record } from '../autodiff/tape.js';
import { kernels } from '../kernels/load.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { shapeError } from './check.js';

export interface Conv2dOptions {
  /** Step between output positions, same in both directions (default 1). */
  stride?: number;
  /** Zero padding on every side (default 0). */
  padding?: number;
}

/** Output size of one spatial axis. */
export function convOutputSize(size: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((size + 2 * padding - kernel) / stride) + 1;
}

/**
 * 2-D convolution (cross-correlation, as in every DL library): x [n, C, H, W] (NCHW),
 * weight [O, C, kh, kw], optional bias [O] → [n, O, Ho, Wo] with
 * Ho = ⌊(H + 2·padding − kh)/stride⌋ + 1.
 *
 * The whole minibatch is one gemm: cols = im2col(x) is [C·kh·kw, n·Ho·Wo], W·cols is
 * [O, n·Ho·Wo], swapped to NCHW. Backward reuses cols: dW = dY'·colsᵀ (one gemm with
 * K = n·Ho·Wo), dx = col2im(Wᵀ·dY'), db = row sums of dY' (dY' = dY as [O, n·Ho·Wo]).
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv2dOptions = {}): Tensor {
  const stride = options.stride ?? 1;
  const pad = options.padding ?? 0;
  if (!Number.isInteger(stride) || stride < 1) throw new Error(`wtanet: conv2d: stride must be an integer ≥ 1, got ${stride}`);
  if (!Number.isInteger(pad) || pad < 0) throw new Error(`wtanet: conv2d: padding must be an integer ≥ 0, got ${pad}`);
  if (x.rank !== 4 || weight.rank !== 4) {
    shapeError('conv2d', 'expects input [n, C, H, W] and weight [O, C, kh, kw]', x, weight);
  }
  const [n, c, h, w] = x.shape;
  const [o, wc, kh, kw] = weight.shape;
  if (wc !== c) shapeError('conv2d', `input has ${c} channels but the weight expects ${wc}`, x, weight);
  if (kh > h + 2 * pad || kw > w + 2 * pad) {
    shapeError('conv2d', `kernel ${kh}×${kw} is larger than the padded input ${h + 2 * pad}×${w + 2 * pad}`, x, weight);
  }
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== o)) {
    shapeError('conv2d', `bias must have shape [${o}] (one per output channel)`, weight, bias);
  }
  const ho = convOutputSize(h, kh, stride, pad);
  const wo = convOutputSize(w, kw, stride, pad);
  const hw = ho * wo;
  const ncol = n * hw;
  const ckk = c * kh * kw;
  const k = kernels();

  const cols = empty([ckk, ncol]);
  k.im2col(x.ptr, n, c, h, w, kh, kw, stride, pad, ho, wo, cols.ptr);
  const out = empty([n, o, ho, wo]);
  // For n = 1, [O, 1, hw] already is NCHW: the gemm writes the output directly.
  const wide = n === 1 ? out : empty([o, ncol]);
  k.sgemm(0, 0, o, ncol, ckk, 1, weight.ptr, ckk, cols.ptr, ncol, 0, wide.ptr, ncol);
  if (n > 1) k.swapLeadingAxes(wide.ptr, out.ptr, o, n, hw);
  if (bias !== null) k.addChannelBias(out.ptr, bias.ptr, n, o, hw);

  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  record('conv2d', inputs, out, (g) => {
    let gWide = g;
    if (n > 1) {
      gWide = empty([o, ncol]);
      k.swapLeadingAxes(g.ptr, gWide.ptr, n, o, hw);
    }
    let gx: Tensor | null = null;
    let gw: Tensor | null = null;
    let gb: Tensor | null = null;
    if (weight.requiresGrad) {
      gw = empty(weight.shape);
      k.sgemm(0, 1, o, ckk, ncol, 1, gWide.ptr, ncol, cols.ptr, ncol, 0, gw.ptr, ckk);
    }
    if (x.requiresGrad) {
      const gCols = empty([ckk, ncol]);
      k.sgemm(1, 0, ckk, ncol, o, 1, weight.ptr, ckk, gWide.ptr, ncol, 0, gCols.ptr, ncol);
      gx = empty(x.shape);
      k.col2im(gCols.ptr, n, c, h, w, kh, kw, stride, pad, ho, wo, gx.ptr);
    }
    if (bias !== null && bias.requiresGrad) {
      gb = empty(bias.shape);
      k.rowSums(gWide.ptr, o, ncol, gb.ptr);
    }
    return bias === null ? [gx, gw] : [gx, gw, gb];
  });
  return out;
}

