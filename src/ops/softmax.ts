import { kernels } from '../kernels/load.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectF32, expectTemperature, lastAxis } from './check.js';
import { unaryOp } from './unary.js';

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
  return unaryOp('softmax', x,
    (out) => k.softmax(x.ptr, out.ptr, rows, cols, temperature),
    (g, gx, out) => k.softmaxBackward(out.ptr, g.ptr, gx.ptr, rows, cols, temperature));
}

/** log softmax(x) over the last axis, computed as (x − max) − log Σ exp(x − max). */
export function logSoftmax(x: Tensor): Tensor {
  expectF32('logSoftmax', x);
  const { rows, cols } = lastAxis('logSoftmax', x);
  const k = kernels();
  return unaryOp('logSoftmax', x,
    (out) => k.logSoftmax(x.ptr, out.ptr, rows, cols),
    (g, gx, out) => k.logSoftmaxBackward(out.ptr, g.ptr, gx.ptr, rows, cols));
}
