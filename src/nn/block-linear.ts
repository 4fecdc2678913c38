import { record } from '../autodiff/tape.js';
import { kernels } from '../kernels/load.js';
import type { Arena } from '../tensor/arena.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { initDraw, zerosParameter, type InitKind, type RandomSource } from './init.js';
import type { Layer, NamedParameter } from './module.js';

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
  private readonly weightOffsets: number[] = [];
  private readonly outOffsets: number[] = [];

  constructor(readonly inEach: number, readonly outs: readonly number[], arena: Arena, rng: RandomSource, init: InitKind) {
    let w = 0;
    let o = 0;
    for (const out of outs) {
      this.weightOffsets.push(w);
      this.outOffsets.push(o);
      w += inEach * out;
      o += out;
    }
    this.outTotal = o;
    // Drawn block by block with each block's own fan-out, in block order (deterministic).
    this.weight = empty([w], arena);
    this.weight.requiresGrad = true;
    const data = this.weight.data();
    for (let t = 0; t < outs.length; t++) {
      const draw = initDraw(init, inEach, outs[t], rng);
      const end = this.weightOffsets[t] + inEach * outs[t];
      for (let i = this.weightOffsets[t]; i < end; i++) data[i] = draw();
    }
    this.bias = zerosParameter([o], arena);
  }

  forward(x: Tensor): Tensor {
    const T = this.outs.length;
    const n = x.shape[0];
    const inTotal = T * this.inEach;
    if (x.rank !== 2 || x.shape[1] !== inTotal) {
      throw new Error(`wtanet: BlockLinear: expects input [n, ${inTotal}] (${T} blocks of ${this.inEach}), got [${x.shape.join(', ')}]`);
    }
    const k = kernels();
    const y = empty([n, this.outTotal]);
    const W = this.weight;
    const ldy = this.outTotal;
    for (let t = 0; t < T; t++) {
      k.sgemm(0, 0, n, this.outs[t], this.inEach, 1, x.ptr + t * this.inEach * 4, inTotal, W.ptr + this.weightOffsets[t] * 4, this.outs[t], 0, y.ptr + this.outOffsets[t] * 4, ldy);
    }
    k.addBias(y.ptr, this.bias.ptr, y.ptr, n, this.outTotal);
    record('blockLinear', [x, W, this.bias], y, (g) => {
      let gx: Tensor | null = null;
      let gw: Tensor | null = null;
      let gb: Tensor | null = null;
      if (x.requiresGrad) {
        gx = empty(x.shape);
        for (let t = 0; t < T; t++) {
          // dx_t = dy_t · W_tᵀ
          k.sgemm(0, 1, n, this.inEach, this.outs[t], 1, g.ptr + this.outOffsets[t] * 4, ldy, W.ptr + this.weightOffsets[t] * 4, this.outs[t], 0, gx.ptr + t * this.inEach * 4, inTotal);
        }
      }
      if (W.requiresGrad) {
        gw = empty(W.shape);
        for (let t = 0; t < T; t++) {
          // dW_t = x_tᵀ · dy_t
          k.sgemm(1, 0, this.inEach, this.outs[t], n, 1, x.ptr + t * this.inEach * 4, inTotal, g.ptr + this.outOffsets[t] * 4, ldy, 0, gw.ptr + this.weightOffsets[t] * 4, this.outs[t]);
        }
      }
      if (this.bias.requiresGrad) {
        gb = empty(this.bias.shape);
        k.colSum(g.ptr, gb.ptr, n, this.outTotal);
      }
      return [gx, gw, gb];
    });
    return y;
  }

  namedParameters(prefix: string): NamedParameter[] {
    return [{ name: `${prefix}.weight`, tensor: this.weight }, { name: `${prefix}.bias`, tensor: this.bias }];
  }
}
