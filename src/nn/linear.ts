import { linear } from '../ops/linear.js';
import type { Arena } from '../tensor/arena.js';
import type { Tensor } from '../tensor/tensor.js';
import { initWeight, zerosParameter, type InitKind } from './init.js';
import type { RandomSource } from '../base/prng.js';
import type { NamedParameter } from '../tensor/parameter.js';
import type { Layer } from './layer.js';

/** y = x·W + b, with W stored in × out (so the forward is a plain, untransposed gemm). */
export class Linear implements Layer {
  readonly weight: Tensor;
  readonly bias: Tensor;

  constructor(readonly inFeatures: number, readonly outFeatures: number, arena: Arena, rng: RandomSource, init: InitKind = 'he') {
    this.weight = initWeight(init, [inFeatures, outFeatures], inFeatures, outFeatures, arena, rng);
    this.bias = zerosParameter([outFeatures], arena);
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  /** relu(forward(x)), the same bits, as one op (bias and ReLU in one pass over the product). */
  forwardRelu(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias, { relu: true });
  }

  namedParameters(prefix: string): NamedParameter[] {
    return [{ name: `${prefix}.weight`, tensor: this.weight }, { name: `${prefix}.bias`, tensor: this.bias }];
  }
}
