import { record } from '../autodiff/tape.js';
import { empty, type Shape, type Tensor } from '../tensor/tensor.js';

/**
 * The shared shape of a one-input op: `forward` fills a fresh output (of x's shape unless
 * `shape` is given), and the recorded backward fills a fresh gradient of x's shape from
 * the upstream gradient `g` (the saved `out` is passed for ops whose derivative uses it).
 * Validation stays with each op, so its errors keep naming the op and its arguments.
 */
export function unaryOp(
  op: string,
  x: Tensor,
  forward: (out: Tensor) => void,
  backward: (g: Tensor, gx: Tensor, out: Tensor) => void,
  shape: Shape = x.shape,
): Tensor {
  const out = empty(shape);
  forward(out);
  record(op, [x], out, (g) => {
    const gx = empty(x.shape);
    backward(g, gx, out);
    return [gx];
  });
  return out;
}
