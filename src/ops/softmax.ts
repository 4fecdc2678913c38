import { record } from '../autodiff/tape.js';
import { kernels } from '../kernels/load.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { expectF32, expectTemperature, lastAxis } from './check.js';

export interface SoftmaxOptions {
  /** Divides the logits before the softmax: τ < 1 sharpens, τ > 1 flattens (default 1). */
  temperature?: number;
}

/** softmax(x / τ) over the last axis. */
export function softmax(x: Tensor, options: SoftmaxOptions = {}): Tensor {
  const temperature = options.temperature ?? 1;
  expectF32('softmax', x);
  expectTemperature('softmax', temperature);
  const { rows, cols } = lastAxis('softmax', x);
  const k = kernels();
  const out = empty(x.shape);
  k.softmax(x.ptr, out.ptr, rows, cols, temperature);
  record('softmax', [x], out, (g) => {
    const gx = empty(x.shape);
    k.softmaxBackward(out.ptr, g.ptr, gx.ptr, rows, cols, temperature);
    return [gx];
  });
  return out;
}

/** log softmax(x) over the last axis, computed as (x − max) − log Σ exp(x − max). */
export function logSoftmax(x: Tensor): Tensor {
  expectF32('logSoftmax', x);
  const { rows, cols } = lastAxis('logSoftmax', x);
  const k = kernels();
  const out = empty(x.shape);
  k.logSoftmax(x.ptr, out.ptr, rows, cols);
  record('logSoftmax', [x], out, (g) => {
    const gx = empty(x.shape);
    k.logSoftmaxBackward(out.ptr, g.ptr, gx.ptr, rows, cols);
    return [gx];
  });
  return out;
}
