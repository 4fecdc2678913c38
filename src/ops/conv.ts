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

interface ConvDims { n: number; c: number; h: number; w: number; o: number; kh: number; kw: number; stride: number; pad: number }

/** Validates a convolution's operands; `axes` = positions of C, H, W in x's shape. */
function checkConv(op: string, x: Tensor, axes: [number, number, number], weight: Tensor, bias: Tensor | null, options: Conv2dOptions): ConvDims {
  const stride = options.stride ?? 1;
  const pad = options.padding ?? 0;
  if (!Number.isInteger(stride) || stride < 1) throw new Error(`wtanet: ${op}: stride must be an integer ≥ 1, got ${stride}`);
  if (!Number.isInteger(pad) || pad < 0) throw new Error(`wtanet: ${op}: padding must be an integer ≥ 0, got ${pad}`);
  if (x.rank !== 4 || weight.rank !== 4) {
    shapeError(op, `expects input ${axes[0] === 1 ? '[n, C, H, W]' : '[n, H, W, C]'} and weight [O, C, kh, kw]`, x, weight);
  }
  const n = x.shape[0];
  const [c, h, w] = axes.map((a) => x.shape[a]);
  const [o, wc, kh, kw] = weight.shape;
  if (wc !== c) shapeError(op, `input has ${c} channels but the weight expects ${wc}`, x, weight);
  if (kh > h + 2 * pad || kw > w + 2 * pad) {
    shapeError(op, `kernel ${kh}×${kw} is larger than the padded input ${h + 2 * pad}×${w + 2 * pad}`, x, weight);
  }
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== o)) {
    shapeError(op, `bias must have shape [${o}] (one per output channel)`, weight, bias);
  }
  return { n, c, h, w, o, kh, kw, stride, pad };
}

/**
 * 2-D convolution (cross-correlation, as in every DL library): x [n, C, H, W] (NCHW),
 * weight [O, C, kh, kw], optional bias [O] → [n, O, Ho, Wo] with
 * Ho = ⌊(H + 2·padding − kh)/stride⌋ + 1.
 *
 * The whole minibatch is one gemm, arranged so its long dimension is m: rows = im2row(x)
 * is [n·Ho·Wo, C·kh·kw] (one row per output pixel), rows·Wᵀ is [n·Ho·Wo, O] = [n, Ho·Wo, O],
 * transposed per sample to NCHW. (W·cols, the other way round, has only O = 16–64 rows:
 * ragged register tiles and B panels packed per call; bench/conv.ts measured it slower.)
 * Backward reuses rows, with dY' = dY transposed per sample to [n·Ho·Wo, O]:
 * dW = dY'ᵀ·rows, dx = row2im(dY'·W), db = column sums of dY'.
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv2dOptions = {}): Tensor {
  const { n, c, h, w, o, kh, kw, stride, pad } = checkConv('conv2d', x, [1, 2, 3], weight, bias, options);
  const ho = convOutputSize(h, kh, stride, pad);
  const wo = convOutputSize(w, kw, stride, pad);
  const hw = ho * wo;
  const ncol = n * hw;
  const ckk = c * kh * kw;
  const k = kernels();

  const rows = empty([ncol, ckk]);
  k.im2row(x.ptr, n, c, h, w, kh, kw, stride, pad, ho, wo, rows.ptr);
  const out = empty([n, o, ho, wo]);
  // For O = 1, [n, Ho·Wo, 1] already is NCHW: the gemm writes the output directly.
  const pixels = o === 1 ? out : empty([ncol, o]);
  k.sgemm(0, 1, ncol, o, ckk, 1, rows.ptr, ckk, weight.ptr, ckk, 0, pixels.ptr, o);
  if (o > 1) k.transposeBatch(pixels.ptr, out.ptr, n, hw, o);
  if (bias !== null) k.addChannelBias(out.ptr, bias.ptr, n, o, hw);

  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  record('conv2d', inputs, out, (g) => {
    let gPixels = g;
    if (o > 1) {
      gPixels = empty([ncol, o]);
      k.transposeBatch(g.ptr, gPixels.ptr, n, o, hw);
    }
    let gx: Tensor | null = null;
    let gw: Tensor | null = null;
    let gb: Tensor | null = null;
    if (weight.requiresGrad) {
      gw = empty(weight.shape);
      k.sgemm(1, 0, o, ckk, ncol, 1, gPixels.ptr, o, rows.ptr, ckk, 0, gw.ptr, ckk);
    }
    if (x.requiresGrad) {
      const gRows = empty([ncol, ckk]);
      k.sgemm(0, 0, ncol, ckk, o, 1, gPixels.ptr, o, weight.ptr, ckk, 0, gRows.ptr, ckk);
      gx = empty(x.shape);
      k.row2im(gRows.ptr, n, c, h, w, kh, kw, stride, pad, ho, wo, gx.ptr);
    }
    if (bias !== null && bias.requiresGrad) {
      gb = empty(bias.shape);
      k.colSum(gPixels.ptr, gb.ptr, ncol, o);
    }
    return bias === null ? [gx, gw] : [gx, gw, gb];
  });
  return out;
}

/**
 * conv2d on channels-last tensors: x [n, H, W, C] (NHWC) → [n, Ho, Wo, O], with the same
 * weight [O, C, kh, kw] and bias [O] as conv2d (same parameters, same checkpoints).
 * A chain of these needs no layout change between layers: the gemm's [n·Ho·Wo, O] result
 * IS the NHWC output, and im2rowNhwc copies each (pixel, kernel row) as one contiguous
 * span of kw·C inputs instead of C runs of kw. The weight is permuted per call to
 * [O, kh·kw, C] (columns in im2rowNhwc's order), its gradient permuted back.
 * Backward: dW' = (rowsᵀ·dY)ᵀ, dx = row2imNhwc(dY·W'), db = column sums of dY (dY after
 * the ReLU's mask when options.relu fuses one in).
 */
export interface Conv2dNhwcOptions extends Conv2dOptions {
  /**
   * Apply ReLU to the output, fused into the bias pass: the same values and gradients as
   * relu(conv2dNhwc(...)) bit for bit, without a separate pass and tensor.
   */
  relu?: boolean;
}

export function conv2dNhwc(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv2dNhwcOptions = {}): Tensor {
  const { n, c, h, w, o, kh, kw, stride, pad } = checkConv('conv2dNhwc', x, [3, 1, 2], weight, bias, options);
  const ho = convOutputSize(h, kh, stride, pad);
  const wo = convOutputSize(w, kw, stride, pad);
  const taps = kh * kw;
  const ncol = n * ho * wo;
  const ckk = c * taps;
  const k = kernels();

  const wPerm = empty([o, taps, c]);
  k.transposeBatch(weight.ptr, wPerm.ptr, o, c, taps);
  const rows = empty([ncol, ckk]);
  k.im2rowNhwc(x.ptr, n, h, w, c, kh, kw, stride, pad, ho, wo, rows.ptr);
  const out = empty([n, ho, wo, o]);
  k.sgemm(0, 1, ncol, o, ckk, 1, rows.ptr, ckk, wPerm.ptr, ckk, 0, out.ptr, o);
  const relu = options.relu === true;
  if (relu && bias !== null) k.addBiasRelu(out.ptr, bias.ptr, ncol, o);
  else if (relu) k.relu(out.ptr, out.ptr, out.size);
  else if (bias !== null) k.addBias(out.ptr, bias.ptr, out.ptr, ncol, o);

  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  record('conv2dNhwc', inputs, out, (gOut) => {
    // Through the ReLU first: out > 0 exactly where its input was > 0 (NaN in neither).
    let g = gOut;
    let gb: Tensor | null = null;
    const needGb = bias !== null && bias.requiresGrad;
    if (relu) {
      g = empty(out.shape);
      if (needGb) {
        // The bias gradient's column sums in the same pass (same bits as colSum after it).
        gb = empty(bias.shape);
        k.reluBackwardColSum(out.ptr, gOut.ptr, g.ptr, gb.ptr, ncol, o);
      } else {
        k.reluBackward(out.ptr, gOut.ptr, g.ptr, out.size);
      }
    }
    let gx: Tensor | null = null;
    let gw: Tensor | null = null;
    if (weight.requiresGrad) {
      // dW'ᵀ = rowsᵀ·dY ([taps·C, O]) rather than dW' = dYᵀ·rows: the same products summed in
      // the same order (a·b = b·a in IEEE), but with O as the short side sgemm reads the
      // large rows matrix in place instead of packing it (bench: 17–29% faster for O ≤ 32,
      // equal at 64), and a thread split then cuts taps·C, the longer side.
      const gT = empty([ckk, o]);
      k.sgemm(1, 0, ckk, o, ncol, 1, rows.ptr, ckk, g.ptr, o, 0, gT.ptr, o);
      const gPerm = empty([o, taps, c]);
      k.transposeBatch(gT.ptr, gPerm.ptr, 1, ckk, o);
      gw = empty(weight.shape);
      k.transposeBatch(gPerm.ptr, gw.ptr, o, taps, c);
    }
    if (x.requiresGrad) {
      const gRows = empty([ncol, ckk]);
      k.sgemm(0, 0, ncol, ckk, o, 1, g.ptr, o, wPerm.ptr, ckk, 0, gRows.ptr, ckk);
      gx = empty(x.shape);
      k.row2imNhwc(gRows.ptr, n, h, w, c, kh, kw, stride, pad, ho, wo, gx.ptr);
    }
    if (needGb && gb === null) {
      gb = empty(bias.shape);
      k.colSum(g.ptr, gb.ptr, ncol, o);
    }
    return bias === null ? [gx, gw] : [gx, gw, gb];
  });
  return out;
}
