import { record } from '../autodiff/tape.js';
import { kernels } from '../kernels/load.js';
import { empty, shapeSize, shapeString, Tensor, type Shape } from '../tensor/tensor.js';
import { lastAxis, shapeError } from './check.js';

// Shape ops. reshape/flatten are zero-copy views; concat/slice work on the last
// (feature) axis and move data with the strided copy kernel.

/** A tensor over the same memory with another shape (no copy, no recording). */
function view(x: Tensor, shape: Shape): Tensor {
  return new Tensor([...shape], x.ptr, x.arena, x.dtype, x.lease);
}

/**
 * The same elements in row-major order under a new shape; one dimension may be -1
 * (inferred). Zero-copy: the result shares x's memory, and its gradient is handed
 * back as a view too.
 *
 * Aliasing note (safe with the tape's gradient adoption): x.grad may become a view of
 * the result's .grad. Later accumulation into x.grad (x used elsewhere) then also
 * changes the result's .grad — but that tensor's backward has already run, so every
 * gradient still to be propagated, and every leaf's (parameter's) gradient, is exact.
 * Only the reshaped output's own .grad, read after backward(), may hold x's total.
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const resolved = resolveShape('reshape', x, shape);
  const out = view(x, resolved);
  record('reshape', [x], out, (g) => [view(g, x.shape)]);
  return out;
}

/** [n, ...rest] → [n, prod(rest)] (zero-copy, see reshape). */
export function flatten(x: Tensor): Tensor {
  if (x.rank < 1) shapeError('flatten', 'expects a tensor of rank ≥ 1', x);
  const n = x.shape[0];
  const out = view(x, [n, x.size / n]);
  record('flatten', [x], out, (g) => [view(g, x.shape)]);
  return out;
}

function resolveShape(op: string, x: Tensor, shape: Shape): number[] {
  const inferred = shape.filter((d) => d === -1).length;
  const bad = shape.some((d) => !Number.isInteger(d) || (d < 1 && d !== -1));
  if (inferred > 1 || bad) {
    throw new Error(`wtanet: ${op}: target shape ${shapeString(shape)} must be positive integers with at most one -1 (input ${shapeString(x.shape)})`);
  }
  const known = shapeSize(shape.filter((d) => d !== -1));
  const resolved = shape.map((d) => (d === -1 ? x.size / known : d));
  if (shapeSize(resolved) !== x.size || !resolved.every(Number.isInteger)) {
    throw new Error(`wtanet: ${op}: cannot view ${x.size} elements as ${shapeString(shape)} (got ${shapeString(x.shape)} and ${shapeString(shape)})`);
  }
  return resolved;
}

function checkFeatureAxis(op: string, axis: number, rank: number, tensors: Tensor[]): void {
  if (axis !== -1 && axis !== rank - 1) {
    shapeError(op, `only the last (feature) axis is supported, got axis ${axis}`, ...tensors);
  }
}

/**
 * Concatenation along the last (feature) axis; all leading dimensions must agree.
 * `axis` must name the last axis (default 1, for rank-2 tensors; -1 also accepted).
 */
export function concat(tensors: readonly Tensor[], axis = 1): Tensor {
  if (tensors.length === 0) throw new Error('wtanet: concat: needs at least one tensor');
  const first = tensors[0];
  const rank = first.rank;
  checkFeatureAxis('concat', axis, rank, [...tensors]);
  for (const t of tensors) {
    const same = t.rank === rank && t.shape.every((d, i) => i === rank - 1 || d === first.shape[i]);
    if (!same) shapeError('concat', 'every tensor needs the same rank and leading dimensions', first, t);
  }
  const { rows } = lastAxis('concat', first);
  const widths = tensors.map((t) => t.shape[rank - 1]);
  const total = widths.reduce((s, w) => s + w, 0);
  const out = empty([...first.shape.slice(0, -1), total]);
  const k = kernels();
  let offset = 0;
  for (let i = 0; i < tensors.length; i++) {
    k.copy2d(tensors[i].ptr, widths[i], out.ptr + offset * 4, total, rows, widths[i]);
    offset += widths[i];
  }
  record('concat', tensors, out, (g) => {
    let off = 0;
    return tensors.map((t, i) => {
      const start = off;
      off += widths[i];
      if (!t.requiresGrad) return null;
      const gt = empty(t.shape);
      k.copy2d(g.ptr + start * 4, total, gt.ptr, widths[i], rows, widths[i]);
      return gt;
    });
  });
  return out;
}

/**
 * Features [start, end) of the last axis (a copy). Negative indices count from the end,
 * as in Array.prototype.slice; the range must be non-empty and inside the axis.
 */
export function slice(x: Tensor, start: number, end: number = x.shape[x.rank - 1]): Tensor {
  const { rows, cols } = lastAxis('slice', x);
  const s = start < 0 ? cols + start : start;
  const e = end < 0 ? cols + end : end;
  if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > cols || s >= e) {
    shapeError('slice', `range [${start}, ${end}) is empty or outside the last axis of length ${cols}`, x);
  }
  const width = e - s;
  const out = empty([...x.shape.slice(0, -1), width]);
  const k = kernels();
  k.copy2d(x.ptr + s * 4, cols, out.ptr, width, rows, width);
  record('slice', [x], out, (g) => {
    const gx = empty(x.shape);
    k.fill(gx.ptr, gx.size, 0);
    k.copy2d(g.ptr, width, gx.ptr + s * 4, cols, rows, width);
    return [gx];
  });
  return out;
}
