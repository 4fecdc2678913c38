import { record } from '../autodiff/tape.js';
import { kernels } from '../kernels/load.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { shapeError } from './check.js';

export interface MatmulOptions {
  /** Use Aᵀ (A is stored k × m). */
  transA?: boolean;
  /** Use Bᵀ (B is stored n × k). */
  transB?: boolean;
}

/** out = op(a)·op(b), or out += op(a)·op(b) when accumulate. No recording. */
export function gemmInto(a: Tensor, transA: boolean, b: Tensor, transB: boolean, out: Tensor, accumulate = false): void {
  const m = out.shape[0];
  const n = out.shape[1];
  const k = transA ? a.shape[0] : a.shape[1];
  kernels().sgemm(
    transA ? 1 : 0, transB ? 1 : 0, m, n, k, 1,
    a.ptr, a.shape[1], b.ptr, b.shape[1], accumulate ? 1 : 0, out.ptr, n,
  );
}

/** Matrix product op(a)·op(b) of rank-2 tensors. */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const transA = options.transA ?? false;
  const transB = options.transB ?? false;
  if (a.rank !== 2 || b.rank !== 2) shapeError('matmul', 'expects rank-2 tensors', a, b);
  const [m, ka] = transA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [kb, n] = transB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (ka !== kb) {
    shapeError('matmul', `inner dimensions ${ka} and ${kb} differ${transA || transB ? ` (transA=${transA}, transB=${transB})` : ''}`, a, b);
  }
  const out = empty([m, n]);
  gemmInto(a, transA, b, transB, out);
  record('matmul', [a, b], out, (g) => {
    // Each input gradient is one gemm with the transposes chosen so that no
    // transposed copy is ever materialized.
    let ga: Tensor | null = null;
    let gb: Tensor | null = null;
    if (a.requiresGrad) {
      ga = empty(a.shape);
      if (!transA) gemmInto(g, false, b, !transB, ga); // dA = dC·op(B)ᵀ
      else gemmInto(b, transB, g, true, ga); // dAᵀ... = op(B)·dCᵀ
    }
    if (b.requiresGrad) {
      gb = empty(b.shape);
      if (!transB) gemmInto(a, !transA, g, false, gb); // dB = op(A)ᵀ·dC
      else gemmInto(g, true, a, transA, gb); // dBᵀ = dCᵀ·op(A)
    }
    return [ga, gb];
  });
  return out;
}
