import type { Tensor } from '../tensor/tensor.js';

/**
 * λ·Σ‖W‖² over some weight tensors (the heads' weights for train.headL2). Its gradient 2λ·W is
 * added to the tensors' gradients right after backward() — before the gradient norm is taken
 * and clipped, and in float64 before rounding to float32, so runs are bit-identical to those
 * of earlier versions (a term on the tape would round 2λ·W to float32 first).
 */
export class L2Penalty {
  constructor(readonly tensors: readonly Tensor[], readonly lambda: number) {}

  /** Σ‖W‖² (without λ), summed in float64 in tensor order. */
  normSquared(): number {
    let s = 0;
    for (const t of this.tensors) {
      const w = t.data();
      for (let i = 0; i < w.length; i++) s += w[i] * w[i];
    }
    return s;
  }

  /** Adds 2λ·W to each tensor's gradient (tensors without a gradient are left alone). */
  addGradient(): void {
    if (this.lambda <= 0) return;
    for (const t of this.tensors) {
      if (t.grad === null) continue;
      const w = t.data();
      const g = t.grad.data();
      for (let i = 0; i < w.length; i++) g[i] += 2 * this.lambda * w[i];
    }
  }
}
