import type { Arena } from '../tensor/arena.js';
import type { Tensor } from '../tensor/tensor.js';
import type { RandomSource } from '../base/prng.js';
import { Linear } from './linear.js';
import type { NamedParameter } from '../tensor/parameter.js';
import type { Layer } from './layer.js';

/** Linear → ReLU for each hidden size (an MLP encoder ending in a ReLU). */
export class MLP implements Layer {
  readonly layers: Linear[] = [];
  readonly outFeatures: number;

  constructor(inFeatures: number, hidden: readonly number[], arena: Arena, rng: RandomSource) {
    let d = inFeatures;
    for (const h of hidden) {
      this.layers.push(new Linear(d, h, arena, rng, 'he'));
      d = h;
    }
    this.outFeatures = d;
  }

  forward(x: Tensor): Tensor {
    let h = x;
    for (const layer of this.layers) h = layer.forwardRelu(h);
    return h;
  }

  namedParameters(prefix: string): NamedParameter[] {
    return this.layers.flatMap((l, i) => l.namedParameters(`${prefix}.${i}`));
  }
}
