import { kernels } from '../kernels/load.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectF32 } from './check.js';
import { unaryOp } from './unary.js';

/** max(x, 0). The gradient at exactly 0 is taken as 0. NaN propagates. */
export function relu(x: Tensor): Tensor {
  expectF32('relu', x);
  const k = kernels();
  return unaryOp('relu', x,
    (out) => k.relu(x.ptr, out.ptr, x.size),
    (g, gx) => k.reluBackward(x.ptr, g.ptr, gx.ptr, g.size));
}

/** 1 / (1 + e^−x); the backward uses the saved output: σ' = σ(1 − σ). */
export function sigmoid(x: Tensor): Tensor {
  expectF32('sigmoid', x);
  const k = kernels();
  return unaryOp('sigmoid', x,
    (out) => k.sigmoid(x.ptr, out.ptr, x.size),
    (g, gx, out) => k.sigmoidBackward(out.ptr, g.ptr, gx.ptr, g.size));
}

/** tanh(x); the backward uses the saved output: tanh' = 1 − tanh². */
export function tanh(x: Tensor): Tensor {
  expectF32('tanh', x);
  const k = kernels();
  return unaryOp('tanh', x,
    (out) => k.tanh(x.ptr, out.ptr, x.size),
    (g, gx, out) => k.tanhBackward(out.ptr, g.ptr, gx.ptr, g.size));
}
