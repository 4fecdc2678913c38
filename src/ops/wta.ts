import { kernels } from '../kernels/load.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { expectF32, expectTemperature, lastAxis, shapeError } from './check.js';
import { unaryOp } from './unary.js';

// The winner-take-all family. Layout: the last axis holds G groups of K contiguous units
// (an n × (G·K) activation; group g of row i is units i·G·K + g·K … + K − 1).
// Tie rule everywhere: among equal maxima the LOWEST index wins; NaN ranks below every number.

/** Number of K-unit groups in x and K, after checking that the last axis splits into `groups`. */
function splitGroups(op: string, x: Tensor, groups: number): { count: number; k: number } {
  const { cols } = lastAxis(op, x);
  if (!Number.isInteger(groups) || groups < 1) {
    shapeError(op, `groups must be a positive integer, got ${groups}`, x);
  }
  if (cols % groups !== 0) {
    shapeError(op, `last dimension ${cols} is not divisible into ${groups} groups`, x);
  }
  const k = cols / groups;
  return { count: x.size / k, k };
}

/**
 * Hard WTA: forward is the exact one-hot of each group's argmax (1.0 at the first maximal
 * unit, 0.0 elsewhere). Its true derivative is zero almost everywhere, so the backward is
 * the STRAIGHT-THROUGH surrogate through the group's softmax at temperature τ:
 *
 *   grad_x = J_softmax(x/τ)ᵀ · g = (1/τ) · p ⊙ (g − ⟨g, p⟩),  p = softmax(x/τ) per group.
 *
 * Small τ makes the surrogate closer to the hard forward (and its gradients larger).
 */
export function wtaHard(x: Tensor, groups: number, temperature = 1): Tensor {
  expectF32('wtaHard', x);
  expectTemperature('wtaHard', temperature);
  const { count, k: size } = splitGroups('wtaHard', x, groups);
  const k = kernels();
  return unaryOp('wtaHard', x,
    (out) => k.wtaHard(x.ptr, out.ptr, count, size),
    (g, gx) => k.wtaHardBackward(x.ptr, g.ptr, gx.ptr, count, size, temperature));
}

/** Soft WTA: softmax of each group at temperature τ, with its exact gradient. */
export function wtaSoft(x: Tensor, groups: number, temperature = 1): Tensor {
  expectF32('wtaSoft', x);
  expectTemperature('wtaSoft', temperature);
  const { count, k: size } = splitGroups('wtaSoft', x, groups);
  const k = kernels();
  return unaryOp('wtaSoft', x,
    (out) => k.groupSoftmax(x.ptr, out.ptr, count, size, temperature),
    (g, gx, out) => k.softmaxBackward(out.ptr, g.ptr, gx.ptr, count, size, temperature));
}

/**
 * k-WTA over the last axis: each row keeps the values of its k largest units (ties →
 * lowest index), all others become 0. The gradient flows to the k winners only.
 */
export function kWta(x: Tensor, k: number): Tensor {
  expectF32('kWta', x);
  const { rows, cols } = lastAxis('kWta', x);
  if (!Number.isInteger(k) || k < 1 || k > cols) {
    shapeError('kWta', `k must be an integer in [1, ${cols}] (the last dimension), got ${k}`, x);
  }
  const kern = kernels();
  return unaryOp('kWta', x,
    (out) => kern.kWta(x.ptr, out.ptr, rows, cols, k),
    (g, gx) => kern.kWtaBackward(x.ptr, g.ptr, gx.ptr, rows, cols, k));
}

/**
 * Index of each group's winner (not differentiable): an i32 tensor of x's shape with the
 * last axis replaced by `groups`. The symbolic code that metrics read.
 */
export function groupWinners(x: Tensor, groups: number): Tensor {
  expectF32('groupWinners', x);
  const { count, k } = splitGroups('groupWinners', x, groups);
  const out = empty([...x.shape.slice(0, -1), groups], undefined, 'i32');
  kernels().groupArgmax(x.ptr, out.ptr, count, k);
  return out;
}
