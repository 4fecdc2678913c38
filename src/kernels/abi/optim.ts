/**
 * Optimizer and training-support kernels (assembly/optim.ts). Pointers are byte offsets
 * of f32 arrays (16-byte aligned tensors; unaligned also works); n is the element count;
 * every scalar argument crosses the boundary as f32. All arithmetic is f32 in exactly
 * the order written below (TS twins: src/kernels/reference/optim.ts, bit-identical),
 * and each element's result depends only on its own lane, so results do not depend on
 * n, on the alignment, or on how parameters are grouped into calls.
 *
 * Optimizer state (m, v, buf) must be zero-filled by the caller before the first step.
 */
export interface OptimKernels {
  /**
   * One Adam / AdamW step, in place over p, m, v (n elements each; g read only). Per element:
   * ```
   *   gi = g + l2·p                           // coupled L2 (classic Adam "weight_decay"); 0 = none
   *   m  = beta1·m + oneMinusB1·gi
   *   v  = beta2·v + oneMinusB2·(gi·gi)
   *   p  = p·decay                            // decoupled decay (AdamW); 1 = none
   *   p  = p − stepSize·(m / (√v / sqrtBc2 + eps))
   * ```
   * The caller computes the derived scalars in float64 for the step t = 1, 2, … being taken
   * (they are rounded once to f32 on the call): oneMinusB1 = 1 − beta1, oneMinusB2 = 1 − beta2,
   * decay = 1 − lr·weightDecay, **stepSize = lr / (1 − beta1^t), sqrtBc2 = √(1 − beta2^t)**.
   * (1 − β computed in f32 from β rounded to f32 is off by up to 1.3e-5 relative for β2 = 0.999.)
   * This is PyTorch's Adam/AdamW update order.
   * Adam: decay = 1 (and l2 = its weight_decay); AdamW: l2 = 0, decay = 1 − lr·λ.
   */
  adam(
    p: number, g: number, m: number, v: number, n: number,
    beta1: number, beta2: number, oneMinusB1: number, oneMinusB2: number, eps: number, l2: number,
    decay: number, stepSize: number, sqrtBc2: number,
  ): void;
  /** Plain SGD, in place: p = p − lr·(g + weightDecay·p). */
  sgd(p: number, g: number, n: number, lr: number, weightDecay: number): void;
  /**
   * SGD with momentum (PyTorch's formulation), in place over p and buf:
   * ```
   *   gi  = g + weightDecay·p
   *   buf = momentum·buf + (1 − dampening)·gi
   *   d   = nesterov ? gi + momentum·buf : buf
   *   p   = p − lr·d
   * ```
   * nesterov: 0 or 1. With buf zero-filled, the first step gives buf = (1 − dampening)·gi;
   * PyTorch's first step sets buf = gi, so pass dampening = 0 on step 1 to match it exactly
   * (identical whenever dampening = 0).
   */
  sgdMomentum(
    p: number, g: number, buf: number, n: number,
    lr: number, momentum: number, dampening: number, weightDecay: number, nesterov: number,
  ): void;
  /**
   * *out (one f32) = Σ x[i]², accumulated in float64 in a fixed order (four lane sums
   * over the largest multiple of 4, combined (s0 + s1) + (s2 + s3), then the tail in
   * index order), rounded to f32 once at the end. For global-norm gradient clipping:
   * norm = √(Σ over tensors of sumSquares), summed by the caller in a fixed tensor order.
   */
  sumSquares(x: number, n: number, out: number): void;
  /** x[i] = x[i]·s in place (e.g. clipping: s = maxNorm / norm). */
  scaleInPlace(x: number, n: number, s: number): void;
  /** The number of NaN and ±Infinity values among x[0..n) (0 means all finite). */
  countNonFinite(x: number, n: number): number;
}
