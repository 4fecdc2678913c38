import type { NamedParameter } from '../tensor/parameter.js';
import { Adam } from './adam.js';
import type { Optimizer } from './optimizer.js';
import { SGD } from './sgd.js';

export interface OptimizerSpec {
  type: 'adam' | 'adamw' | 'sgd';
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  momentum: number;
}

/** The optimizer a config names (the learning rate is passed to each step by the schedule). */
export function createOptimizer(spec: OptimizerSpec, params: readonly NamedParameter[]): Optimizer {
  if (spec.type === 'sgd') return new SGD(params, { momentum: spec.momentum, weightDecay: spec.weightDecay });
  return new Adam(params, { beta1: spec.beta1, beta2: spec.beta2, eps: spec.eps, weightDecay: spec.weightDecay, decoupled: spec.type === 'adamw' });
}
