import { sameShape, shapeString, type Tensor } from '../tensor/tensor.js';

/** Throws an error naming the op and the offending shapes. */
export function shapeError(op: string, problem: string, ...tensors: Tensor[]): never {
  const shapes = tensors.map((t) => shapeString(t.shape)).join(' and ');
  throw new Error(`wtanet: ${op}: ${problem} (got ${shapes})`);
}

export function expectRank(op: string, t: Tensor, rank: number): void {
  if (t.rank !== rank) shapeError(op, `expects a rank-${rank} tensor`, t);
}

export function expectF32(op: string, t: Tensor): void {
  if (t.dtype !== 'f32') throw new Error(`wtanet: ${op}: expects f32 values, got an ${t.dtype} tensor`);
}

export function expectSameShape(op: string, a: Tensor, b: Tensor): void {
  if (!sameShape(a.shape, b.shape)) shapeError(op, 'expects tensors of the same shape', a, b);
}

/** The operands of a binary elementwise op: both f32 (a checked first), same shape. */
export function expectSameShapeF32(op: string, a: Tensor, b: Tensor): void {
  expectF32(op, a);
  expectF32(op, b);
  expectSameShape(op, a, b);
}

/** A positive, finite temperature (a softmax at τ ≤ 0 or NaN is meaningless). */
export function expectTemperature(op: string, temperature: number): void {
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new Error(`wtanet: ${op}: temperature must be a positive finite number, got ${temperature}`);
  }
}

/** Splits a tensor into rows × cols over its last axis (rank ≥ 1). */
export function lastAxis(op: string, t: Tensor): { rows: number; cols: number } {
  if (t.rank < 1) shapeError(op, 'expects a tensor of rank ≥ 1', t);
  const cols = t.shape[t.rank - 1];
  return { rows: t.size / cols, cols };
}
