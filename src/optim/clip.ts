import { kernels } from '../kernels/load.js';
import { scratch } from '../tensor/context.js';
import { empty, type Tensor } from '../tensor/tensor.js';

/**
 * Σ‖g‖² over every parameter's gradient, in float64 from per-tensor f32 sums in
 * parameter order (deterministic). Non-finite iff some gradient element is NaN/±Inf
 * (or the sum overflows), so it doubles as the trainer's gradient health check.
 */
export function globalGradNormSquared(params: readonly Tensor[]): number {
  const k = kernels();
  const arena = scratch();
  const mark = arena.mark();
  const out = empty([1], arena);
  let total = 0;
  for (const p of params) {
    if (p.grad === null) continue;
    k.sumSquares(p.grad.ptr, p.grad.size, out.ptr);
    total += out.data()[0];
  }
  arena.release(mark);
  return total;
}

/** Scales every gradient by maxNorm / norm when the global norm exceeds maxNorm; returns the factor. */
export function clipGradients(params: readonly Tensor[], norm: number, maxNorm: number): number {
  if (!(norm > maxNorm)) return 1;
  const scale = maxNorm / norm;
  const k = kernels();
  for (const p of params) if (p.grad !== null) k.scaleInPlace(p.grad.ptr, p.grad.size, scale);
  return scale;
}
