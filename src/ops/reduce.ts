import { record } from '../autodiff/tape.js';
import { kernels } from '../kernels/load.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { expectF32 } from './check.js';

/** Sum of all elements, as a tensor of shape [1]. */
export function sum(x: Tensor): Tensor {
  const out = empty([1]);
  kernels().sumAll(x.ptr, x.size, out.ptr);
  record('sum', [x], out, (g) => {
    const gx = empty(x.shape);
    kernels().fill(gx.ptr, gx.size, g.data()[0]);
    return [gx];
  });
  return out;
}

/** Mean of all elements, as a tensor of shape [1]; gradient 1/n everywhere. */
export function mean(x: Tensor): Tensor {
  expectF32('mean', x);
  const out = empty([1]);
  const k = kernels();
  k.sumAll(x.ptr, x.size, out.ptr);
  const view = out.data();
  view[0] = view[0] / x.size;
  record('mean', [x], out, (g) => {
    const gx = empty(x.shape);
    k.fill(gx.ptr, gx.size, g.data()[0] / x.size);
    return [gx];
  });
  return out;
}
