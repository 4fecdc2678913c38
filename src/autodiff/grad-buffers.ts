import { kernels } from '../kernels/load.js';
import { empty, type Tensor } from '../tensor/tensor.js';

export function onesLike(t: Tensor): Tensor {
  const g = empty(t.shape);
  kernels().fill(g.ptr, g.size, 1);
  return g;
}

export function cloneTensor(t: Tensor): Tensor {
  const c = empty(t.shape);
  kernels().copy(t.ptr, c.ptr, t.size);
  return c;
}

/** target += g (same shapes, checked by the caller). */
export function accumulateInto(target: Tensor, g: Tensor): void {
  kernels().accumulate(g.ptr, target.ptr, g.size);
}
