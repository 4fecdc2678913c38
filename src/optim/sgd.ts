import { kernels } from '../kernels/load.js';
import type { NamedParameter } from '../tensor/parameter.js';
import { Optimizer } from './optimizer.js';

export interface SGDOptions {
  /** μ (0 = plain SGD). */
  momentum: number;
  /** L2 term wd·p added to the gradient. */
  weightDecay: number;
}

/** SGD with momentum, PyTorch's formulation: b ← μ·b + g, p ← p − lr·b (b starts at 0). */
export class SGD extends Optimizer {
  constructor(params: readonly NamedParameter[], readonly options: SGDOptions) {
    super(params, 'sgd');
    if (options.momentum > 0) for (const p of params) this.slot(p, 'momentum');
  }

  step(lr: number): void {
    this.stepCount++;
    const { momentum, weightDecay } = this.options;
    const k = kernels();
    for (const p of this.params) {
      const g = p.tensor.grad;
      if (g === null) continue;
      if (momentum > 0) k.sgdMomentum(p.tensor.ptr, g.ptr, this.slot(p, 'momentum').ptr, p.tensor.size, lr, momentum, 0, weightDecay, 0);
      else k.sgd(p.tensor.ptr, g.ptr, p.tensor.size, lr, weightDecay);
    }
  }
}
