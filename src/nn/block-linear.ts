import { blockLayout, blockLinear, type BlockLayout } from '../ops/block-linear.js';
import type { Arena } from '../tensor/arena.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { initDraw, zerosParameter, type InitKind } from './init.js';
import type { RandomSource } from '../base/prng.js';
import type { NamedParameter } from '../tensor/parameter.js';
import type { Layer } from './layer.js';

/**
 * T independent linear maps applied side by side: input [n, T·inEach] (block t is
 * features [t·inEach, (t+1)·inEach)), output [n, Σ outs[t]]. This is a block-diagonal
 * weight stored without its zero blocks.
 *
 * Why its own op: multi-task heads are many tiny products (e.g. 8 × 32→2), which are
 * call-overhead-bound. Here each block is one sgemm on strided views of the shared
 * input and output (lda/ldc = the full row width), so nothing is sliced or copied, and
 * the whole layer is one tape entry.
 */
export class BlockLinear implements Layer {
  /** All blocks' weights, block t stored inEach × outs[t] row-major, blocks consecutive. */
  readonly weight: Tensor;
  readonly bias: Tensor;
  readonly outTotal: number;
  private readonly layout: BlockLayout;

  constructor(readonly inEach: number, readonly outs: readonly number[], arena: Arena, rng: RandomSource, init: InitKind) {
    this.layout = blockLayout(inEach, outs);
    this.outTotal = this.layout.outTotal;
    const { weightOffsets } = this.layout;
    // Drawn block by block with each block's own fan-out, in block order (deterministic).
    this.weight = empty([this.layout.weightSize], arena);
    this.weight.requiresGrad = true;
    const data = this.weight.data();
    for (let t = 0; t < outs.length; t++) {
      const draw = initDraw(init, inEach, outs[t], rng);
      const end = weightOffsets[t] + inEach * outs[t];
      for (let i = weightOffsets[t]; i < end; i++) data[i] = draw();
    }
    this.bias = zerosParameter([this.outTotal], arena);
  }

  forward(x: Tensor): Tensor {
    return blockLinear(x, this.weight, this.bias, this.inEach, this.outs, this.layout);
  }

  namedParameters(prefix: string): NamedParameter[] {
    return [{ name: `${prefix}.weight`, tensor: this.weight }, { name: `${prefix}.bias`, tensor: this.bias }];
  }
}
