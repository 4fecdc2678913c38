import { record } from '../autodiff/tape.js';
import { kernels } from '../kernels/load.js';
import { empty, type Tensor } from '../tensor/tensor.js';

/** Where each block starts in the weight (values) and in the output row (columns). */
export interface BlockLayout {
  readonly weightOffsets: readonly number[];
  readonly outOffsets: readonly number[];
  readonly weightSize: number;
  readonly outTotal: number;
}

export function blockLayout(inEach: number, outs: readonly number[]): BlockLayout {
  const weightOffsets: number[] = [];
  const outOffsets: number[] = [];
  let w = 0;
  let o = 0;
  for (const out of outs) {
    weightOffsets.push(w);
    outOffsets.push(o);
    w += inEach * out;
    o += out;
  }
  return { weightOffsets, outOffsets, weightSize: w, outTotal: o };
}

/**
 * The BlockLinear op: x [n, T·inEach], weight (blocks inEach × outs[t], consecutive),
 * bias [Σ outs] → [n, Σ outs]. One sgemm per block on strided views, one tape entry.
 */
export function blockLinear(
  x: Tensor, W: Tensor, bias: Tensor, inEach: number, outs: readonly number[],
  layout: BlockLayout = blockLayout(inEach, outs), // the layer passes its own: computed once, not per step
): Tensor {
  const T = outs.length;
  const n = x.shape[0];
  const inTotal = T * inEach;
  const { weightOffsets: wOff, outOffsets: oOff, weightSize: w, outTotal: ldy } = layout;
  if (x.rank !== 2 || x.shape[1] !== inTotal) {
    throw new Error(`wtanet: blockLinear: expects input [n, ${inTotal}] (${T} blocks of ${inEach}), got [${x.shape.join(', ')}]`);
  }
  if (W.size !== w || bias.size !== ldy) {
    throw new Error(`wtanet: blockLinear: weight needs ${w} values and bias ${ldy}, got ${W.size} and ${bias.size}`);
  }
  const k = kernels();
  const y = empty([n, ldy]);
  for (let t = 0; t < T; t++) {
    k.sgemm(0, 0, n, outs[t], inEach, 1, x.ptr + t * inEach * 4, inTotal, W.ptr + wOff[t] * 4, outs[t], 0, y.ptr + oOff[t] * 4, ldy);
  }
  k.addBias(y.ptr, bias.ptr, y.ptr, n, ldy);
  record('blockLinear', [x, W, bias], y, (g) => {
    let gx: Tensor | null = null;
    let gw: Tensor | null = null;
    let gb: Tensor | null = null;
    if (x.requiresGrad) {
      gx = empty(x.shape);
      // dx_t = dy_t · W_tᵀ
      for (let t = 0; t < T; t++) k.sgemm(0, 1, n, inEach, outs[t], 1, g.ptr + oOff[t] * 4, ldy, W.ptr + wOff[t] * 4, outs[t], 0, gx.ptr + t * inEach * 4, inTotal);
    }
    if (W.requiresGrad) {
      gw = empty(W.shape);
      // dW_t = x_tᵀ · dy_t
      for (let t = 0; t < T; t++) k.sgemm(1, 0, inEach, outs[t], n, 1, x.ptr + t * inEach * 4, inTotal, g.ptr + oOff[t] * 4, ldy, 0, gw.ptr + wOff[t] * 4, outs[t]);
    }
    if (bias.requiresGrad) {
      gb = empty(bias.shape);
      k.colSum(g.ptr, gb.ptr, n, ldy);
    }
    return [gx, gw, gb];
  });
  return y;
}
