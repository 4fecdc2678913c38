import { kWta, relu, sigmoid, wtaHard, wtaSoft } from '../ops/index.js';
import type { Arena } from '../tensor/arena.js';
import type { Tensor } from '../tensor/tensor.js';
import type { RandomSource } from './init.js';
import { Linear } from './linear.js';
import type { Layer, NamedParameter } from './module.js';

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
 * The code layer: a Linear projection to G·K pre-activations, then the variant's
 * nonlinearity. Every variant has the same G·K units, so comparisons are fair.
 * - wta: per group, forward one-hot of the argmax (ties → lowest index); backward
 *   straight-through via the group's softmax at τ. Measured against alternatives (identity
 *   straight-through, τ tied to each group's pre-activation spread, gradients through a
 *   per-group standardization, a soft forward annealed to hard, Gumbel noise on the winner):
 *   none fitted the tasks better, on one-hot factors or on `entangled` (README, Results). At
 *   exactly F groups × n values the hard code gets stuck in mixed (non-factorial) codes from a
 *   random start; a factorial code is a fixed point of training with SGD (test/train-wta-factorial),
 *   while Adam's per-weight step normalization lets it drift. The mixed codes are not caused by
 *   dead units: on one-hot factors every unit wins (test-set win frequencies 0.14–0.45 per unit,
 *   normalized usage entropy 0.98, 3 seeds). Usage balancing therefore does not help: an auxiliary
 *   loss λ·Σ_g KL(batch-mean group softmax ‖ uniform) (λ 0.3–10) or a DeSieno conscience bias
 *   C·(1/K − running win frequency) on the winner choice (C 0.3–3) keeps test accuracy at
 *   0.90–0.92 and InfoM at 0.31–0.39 (baseline 0.915 / 0.33). On `entangled` (ring, MLP encoder)
 *   some units do die (1 of 16 on average) and λ = 1 revives them all, yet over 8 seeds accuracy
 *   (IID 0.823 vs 0.823, held-out 0.783 vs 0.785) and InfoM (0.39 vs 0.41) do not move. More tasks
 *   (16 or 32 random boolean tasks, or 6 partitions per factor + 16 boolean) raise InfoM to at most
 *   0.62 but not accuracy (0.89–0.93). What does fix it on one-hot factors is a non-local move:
 *   the stuck codes are value detectors in the wrong groups, and exclusivity regrouping
 *   (train.regroup, nn/regroup.ts) with a head-only L2 penalty (train.headL2) reaches the
 *   factorial code in 4–5 of 5 seeds for every factor shape measured (research/README.md).
 * - softmax: per-group softmax at τ (exact gradient); τ may be annealed by the trainer.
 * - topk: the k largest of the whole layer kept, others 0 (k-WTA).
 * - relu, sigmoid, linear: non-WTA baselines.
 */
export class WTABottleneck implements Layer {
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
