import { kernels } from '../kernels/load.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectRank } from './check.js';
import { unaryOp } from './unary.js';

// Image layout changes: NCHW ↔ NHWC (channels last, what conv2dNhwc chains use).
// Each is a per-sample transpose of [C, H·W] ↔ [H·W, C]; the gradient is the inverse.

/** x [n, C, H, W] → [n, H, W, C]. */
export function nchwToNhwc(x: Tensor): Tensor {
  expectRank('nchwToNhwc', x, 4);
  const [n, c, h, w] = x.shape;
  return permute('nchwToNhwc', x, [n, h, w, c], n, c, h * w);
}

/** x [n, H, W, C] → [n, C, H, W]. */
export function nhwcToNchw(x: Tensor): Tensor {
  expectRank('nhwcToNchw', x, 4);
  const [n, h, w, c] = x.shape;
  return permute('nhwcToNchw', x, [n, c, h, w], n, h * w, c);
}

/** out[b] = x[b]ᵀ for x viewed as [n, rows, cols]. */
function permute(op: string, x: Tensor, shape: number[], n: number, rows: number, cols: number): Tensor {
  const k = kernels();
  return unaryOp(op, x,
    (out) => k.transposeBatch(x.ptr, out.ptr, n, rows, cols),
    (g, gx) => k.transposeBatch(g.ptr, gx.ptr, n, cols, rows),
    shape);
}
