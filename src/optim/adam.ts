import { kernels } from '../kernels/load.js';
import type { NamedParameter } from '../tensor/parameter.js';
import { Optimizer } from './optimizer.js';

export interface AdamOptions {
  beta1: number;
  beta2: number;
  eps: number;
  /** AdamW: decoupled decay p ← p·(1 − lr·wd). Adam: L2 term wd·p added to the gradient. */
  weightDecay: number;
  decoupled: boolean;
}

/**
 * Adam (Kingma & Ba) and AdamW (Loshchilov & Hutter), one fused wasm kernel call per
 * parameter: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε).
 */
export class Adam extends Optimizer {
  constructor(params: readonly NamedParameter[], readonly options: AdamOptions) {
    super(params, options.decoupled ? 'adamw' : 'adam');
    for (const p of params) { this.slot(p, 'm'); this.slot(p, 'v'); }
  }

  step(lr: number): void {
    this.stepCount++;
    const t = this.stepCount;
    const { beta1, beta2, eps, weightDecay, decoupled } = this.options;
    // Every derived scalar in float64, rounded once to f32 by the kernel call: 1 − β from β
    // rounded to f32 would make each update ≈ 6e-6 relative too large (β2 = 0.999).
    const wd = decoupled ? weightDecay : 0;
    const stepSize = lr / (1 - Math.pow(beta1, t));
    const sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
    const k = kernels();
    for (const p of this.params) {
      const g = p.tensor.grad;
      if (g === null) continue;
      k.adam(p.tensor.ptr, g.ptr, this.slot(p, 'm').ptr, this.slot(p, 'v').ptr, p.tensor.size,
        beta1, beta2, 1 - beta1, 1 - beta2, eps, decoupled ? 0 : weightDecay, 1 - lr * wd, stepSize, sqrtBc2);
    }
  }
}
