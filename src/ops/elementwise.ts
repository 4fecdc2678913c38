import { record } from '../autodiff/tape.js';
import { kernels } from '../kernels/load.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { expectF32, expectSameShapeF32 } from './check.js';
import { unaryOp } from './unary.js';

/** a − b for tensors of the same shape. */
export function sub(a: Tensor, b: Tensor): Tensor {
  expectSameShapeF32('sub', a, b);
  const k = kernels();
  const out = empty(a.shape);
  k.sub(a.ptr, b.ptr, out.ptr, a.size);
  record('sub', [a, b], out, (g) => {
    let gb: Tensor | null = null;
    if (b.requiresGrad) {
      gb = empty(b.shape);
      k.scale(g.ptr, -1, gb.ptr, g.size);
    }
    return [g, gb];
  });
  return out;
}

/** a ⊙ b (elementwise product) for tensors of the same shape. */
export function mul(a: Tensor, b: Tensor): Tensor {
  expectSameShapeF32('mul', a, b);
  const k = kernels();
  const out = empty(a.shape);
  k.mul(a.ptr, b.ptr, out.ptr, a.size);
  record('mul', [a, b], out, (g) => {
    let ga: Tensor | null = null;
    let gb: Tensor | null = null;
    if (a.requiresGrad) {
      ga = empty(a.shape);
      k.mul(g.ptr, b.ptr, ga.ptr, g.size);
    }
    if (b.requiresGrad) {
      gb = empty(b.shape);
      k.mul(g.ptr, a.ptr, gb.ptr, g.size);
    }
    return [ga, gb];
  });
  return out;
}

/** s·x for a number s (rounded to f32, as every kernel scalar). */
export function scale(x: Tensor, s: number): Tensor {
  expectF32('scale', x);
  if (Number.isNaN(s)) throw new Error('wtanet: scale: the factor is NaN');
  const k = kernels();
  return unaryOp('scale', x,
    (out) => k.scale(x.ptr, s, out.ptr, x.size),
    (g, gx) => k.scale(g.ptr, s, gx.ptr, g.size));
}
