import type { RandomSource } from '../base/prng.js';
import type { Arena } from '../tensor/arena.js';
import { empty, type Shape, type Tensor } from '../tensor/tensor.js';

/** A trainable tensor (requiresGrad) in `arena`, filled by `draw`. */
export function parameter(shape: Shape, arena: Arena, draw: () => number): Tensor {
  const t = empty(shape, arena);
  t.requiresGrad = true;
  const d = t.data();
  for (let i = 0; i < d.length; i++) d[i] = draw();
  return t;
}

/**
 * A sampler of initial weights: He (Kaiming) normal, std = sqrt(2 / fanIn), for layers
 * followed by ReLU; Glorot (Xavier) uniform, U(±sqrt(6 / (fanIn + fanOut))), otherwise.
 */
export function initDraw(kind: InitKind, fanIn: number, fanOut: number, rng: RandomSource): () => number {
  if (kind === 'he') {
    const std = Math.sqrt(2 / fanIn);
    return () => rng.normal() * std;
  }
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return () => (2 * rng.uniform() - 1) * limit;
}

export const zerosParameter = (shape: Shape, arena: Arena): Tensor => parameter(shape, arena, () => 0);

export type InitKind = 'he' | 'glorot';

/** A weight of shape `shape` with the given fan-in/out, initialized by `kind`. */
export function initWeight(kind: InitKind, shape: Shape, fanIn: number, fanOut: number, arena: Arena, rng: RandomSource): Tensor {
  return parameter(shape, arena, initDraw(kind, fanIn, fanOut, rng));
}
