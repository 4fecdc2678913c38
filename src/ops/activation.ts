import { record } from '../autodiff/tape.js';
import { kernels } from '../kernels/load.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { expectF32 } from './check.js';

/** max(x, 0). The gradient at exactly 0 is taken as 0. NaN propagates. */
export function relu(x: Tensor): Tensor {
  expectF32('relu', x);
  const k = kernels();
  const out = empty(x.shape);
  k.relu(x.ptr, out.ptr, x.size);
  record('relu', [x], out, (g) => {
    const gx = empty(x.shape);
    k.reluBackward(x.ptr, g.ptr, gx.ptr, g.size);
    return [gx];
  });
  return out;
}

/** 1 / (1 + e^−x); the backward uses the saved output: σ' = σ(1 − σ). */
export function sigmoid(x: Tensor): Tensor {
  expectF32('sigmoid', x);
  const k = kernels();
  const out = empty(x.shape);
  k.sigmoid(x.ptr, out.ptr, x.size);
  record('sigmoid', [x], out, (g) => {
    const gx = empty(x.shape);
    k.sigmoidBackward(out.ptr, g.ptr, gx.ptr, g.size);
    return [gx];
  });
  return out;
}

/** tanh(x); the backward uses the saved output: tanh' = 1 − tanh². */
export function tanh(x: Tensor): Tensor {
  expectF32('tanh', x);
  const k = kernels();
  const out = empty(x.shape);
  k.tanh(x.ptr, out.ptr, x.size);
  record('tanh', [x], out, (g) => {
    const gx = empty(x.shape);
    k.tanhBackward(out.ptr, g.ptr, gx.ptr, g.size);
    return [gx];
  });
  return out;
}
