import { kWta, relu, sigmoid, wtaHard, wtaSoft } from '../ops/index.js';
import type { Arena } from '../tensor/arena.js';
import type { Tensor } from '../tensor/tensor.js';
import type { RandomSource } from '../base/prng.js';
import { Linear } from './linear.js';
import type { NamedParameter } from '../tensor/parameter.js';
import type { Layer } from './layer.js';

export type BottleneckVariant = 'wta' | 'softmax' | 'topk' | 'relu' | 'sigmoid' | 'linear';

export interface BottleneckOptions {
  variant: BottleneckVariant;
  groups: number;
  units: number;
  /** τ of 'softmax' and of the straight-through surrogate of 'wta'. */
  temperature: number;
  /** Winners kept over the whole layer by 'topk'. */
  k: number;
}

/**
 * The bottleneck (code layer): a Linear projection to G·K pre-activations, then the variant's
 * nonlinearity. Every variant has the same G·K units, so comparisons are fair.
 * - wta: per group, forward one-hot of the argmax (ties → lowest index); backward
 *   straight-through via the group's softmax at τ. What was tried instead, and why regrouping
 *   with a head L2 penalty is what reaches the factorial code: docs/research/bottleneck-notes.md.
 * - softmax: per-group softmax at τ (exact gradient); τ may be annealed by the trainer.
 * - topk: the k largest of the whole layer kept, others 0 (k-WTA).
 * - relu, sigmoid, linear: non-WTA baselines.
 */
export class Bottleneck implements Layer {
  readonly projection: Linear;
  /** Current temperature; the trainer sets it each epoch when it is annealed. */
  temperature: number;

  constructor(inFeatures: number, readonly options: BottleneckOptions, arena: Arena, rng: RandomSource) {
    this.projection = new Linear(inFeatures, options.groups * options.units, arena, rng, 'glorot');
    this.temperature = options.temperature;
  }

  get width(): number {
    return this.options.groups * this.options.units;
  }

  /** Pre-activations [n, G·K] → code [n, G·K]. */
  activate(pre: Tensor): Tensor {
    const { variant, groups, k } = this.options;
    switch (variant) {
      case 'wta': return wtaHard(pre, groups, this.temperature);
      case 'softmax': return wtaSoft(pre, groups, this.temperature);
      case 'topk': return kWta(pre, k);
      case 'relu': return relu(pre);
      case 'sigmoid': return sigmoid(pre);
      case 'linear': return pre;
    }
  }

  forward(x: Tensor): Tensor {
    return this.activate(this.projection.forward(x));
  }

  namedParameters(prefix: string): NamedParameter[] {
    return this.projection.namedParameters(`${prefix}.projection`);
  }
}
