import { shapeString, type Tensor } from '../tensor/tensor.js';

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
