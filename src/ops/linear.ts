import { record } from '../autodiff/tape.js';
import { kernels } from '../kernels/load.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { gemmInto } from './matmul.js';
import { shapeError } from './check.js';

export interface LinearOptions {
  /** Apply ReLU to the output: relu(x·W + b) as one op. */
  relu?: boolean;
}

/**
 * x·W + b (x [m, in], W [in, out], b [out]), optionally followed by ReLU: one op and one
 * tape entry instead of matmul, add and relu. The same kernels in the same order give the
 * same bits as that chain: the product, then the bias and the ReLU in one pass over it
 * (addBiasRelu: max(y + b, 0)); backward, the ReLU mask and the bias gradient's column sums
 * in one pass (reluBackwardColSum), then dx = g·Wᵀ and dW = xᵀ·g as matmul computes them.
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor, options: LinearOptions = {}): Tensor {
  if (x.rank !== 2 || weight.rank !== 2 || x.shape[1] !== weight.shape[0]) {
    shapeError('linear', 'expects x [m, in] and weight [in, out]', x, weight);
  }
  const m = x.shape[0];
  const n = weight.shape[1];
  if (bias.rank !== 1 || bias.shape[0] !== n) shapeError('linear', `bias must have shape [${n}]`, weight, bias);
  const relu = options.relu === true;
  const k = kernels();
  const out = empty([m, n]);
  gemmInto(x, false, weight, false, out);
  if (relu) k.addBiasRelu(out.ptr, bias.ptr, m, n);
  else k.addBias(out.ptr, bias.ptr, out.ptr, m, n);
  record(relu ? 'linearRelu' : 'linear', [x, weight, bias], out, (gOut) => {
    let g = gOut;
    let gb: Tensor | null = null;
    if (relu) {
      g = empty(out.shape);
      if (bias.requiresGrad) {
        gb = empty(bias.shape);
        k.reluBackwardColSum(out.ptr, gOut.ptr, g.ptr, gb.ptr, m, n);
      } else {
        k.reluBackward(out.ptr, gOut.ptr, g.ptr, out.size);
      }
    } else if (bias.requiresGrad) {
      gb = empty(bias.shape);
      k.colSum(g.ptr, gb.ptr, m, n);
    }
    let gx: Tensor | null = null;
    let gw: Tensor | null = null;
    if (x.requiresGrad) {
      gx = empty(x.shape);
      gemmInto(g, false, weight, true, gx); // dx = dy·Wᵀ
    }
    if (weight.requiresGrad) {
      gw = empty(weight.shape);
      gemmInto(x, true, g, false, gw); // dW = xᵀ·dy
    }
    return [gx, gw, gb];
  });
  return out;
}
