import { relu } from '../ops/index.js';
import type { Arena } from '../tensor/arena.js';
import type { Tensor } from '../tensor/tensor.js';
import { BlockLinear } from './block-linear.js';
import type { RandomSource } from '../base/prng.js';
import { Linear } from './linear.js';
import type { NamedParameter } from '../tensor/parameter.js';
import type { Layer } from './layer.js';

export interface HeadsOptions { type: 'linear' | 'mlp'; hidden: readonly number[] }

/**
 * One head per task, computed together: the output is every task's logits side by side,
 * [n, Σ numClasses], task t in columns [offsets[t], offsets[t] + numClasses[t]).
 *
 * - linear: all heads are ONE Linear into the concatenated logits (one gemm instead of T).
 * - mlp: the heads' first layers all read the same code, so they are ONE Linear into
 *   [n, T·h1]; every later layer is a BlockLinear (each head's block, strided, no copies).
 */
export class MultiTaskHeads implements Layer {
  readonly offsets: number[] = [];
  readonly totalClasses: number;
  private readonly first: Linear;
  private readonly rest: BlockLinear[] = [];

  constructor(inFeatures: number, readonly numClasses: readonly number[], readonly options: HeadsOptions, arena: Arena, rng: RandomSource) {
    let o = 0;
    for (const c of numClasses) { this.offsets.push(o); o += c; }
    this.totalClasses = o;
    const T = numClasses.length;
    if (options.type === 'linear') {
      this.first = new Linear(inFeatures, this.totalClasses, arena, rng, 'glorot');
      return;
    }
    const hidden = options.hidden;
    this.first = new Linear(inFeatures, T * hidden[0], arena, rng, 'he');
    for (let i = 1; i < hidden.length; i++) this.rest.push(new BlockLinear(hidden[i - 1], new Array<number>(T).fill(hidden[i]), arena, rng, 'he'));
    this.rest.push(new BlockLinear(hidden[hidden.length - 1], numClasses, arena, rng, 'glorot'));
  }

  /** Logits of every task, [n, totalClasses]. */
  forward(code: Tensor): Tensor {
    // relu between layers; the first layer's fused into it (Linear.forwardRelu).
    if (this.rest.length === 0) return this.first.forward(code);
    let h = this.rest[0].forward(this.first.forwardRelu(code));
    for (let i = 1; i < this.rest.length; i++) h = this.rest[i].forward(relu(h));
    return h;
  }

  /** The first layer's weight [code width, …]: one row per bottleneck unit. */
  get firstWeight(): Tensor {
    return this.first.weight;
  }

  /** Every layer's weight matrix, first layer first (biases excluded: they carry the base rates). */
  weights(): Tensor[] {
    return [this.first.weight, ...this.rest.map((l) => l.weight)];
  }

  namedParameters(prefix: string): NamedParameter[] {
    return [
      ...this.first.namedParameters(`${prefix}.0`),
      ...this.rest.flatMap((l, i) => l.namedParameters(`${prefix}.${i + 1}`)),
    ];
  }
}
