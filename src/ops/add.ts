import { record } from '../autodiff/tape.js';
import { kernels } from '../kernels/load.js';
import { empty, sameShape, type Tensor } from '../tensor/tensor.js';
import { shapeError } from './check.js';

/**
 * a + b, where b has a's shape, or b is a bias vector of length a's last dimension
 * (added to every row).
 */
export function add(a: Tensor, b: Tensor): Tensor {
  const out = empty(a.shape);
  const k = kernels();
  if (sameShape(a.shape, b.shape)) {
    k.add(a.ptr, b.ptr, out.ptr, a.size);
    record('add', [a, b], out, (g) => [g, g]);
    return out;
  }
  const cols = a.shape[a.rank - 1];
  if (b.rank !== 1 || b.shape[0] !== cols) {
    shapeError('add', `b must have a's shape or be a bias of length ${cols} (a's last dimension)`, a, b);
  }
  const rows = a.size / cols;
  k.addBias(a.ptr, b.ptr, out.ptr, rows, cols);
  record('add', [a, b], out, (g) => {
    let gb: Tensor | null = null;
    if (b.requiresGrad) {
      gb = empty(b.shape);
      k.colSum(g.ptr, gb.ptr, rows, cols);
    }
    return [g, gb];
  });
  return out;
}
