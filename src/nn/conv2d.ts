import { conv2d, conv2dNhwc, convOutputSize } from '../ops/index.js';
import type { Arena } from '../tensor/arena.js';
import type { Tensor } from '../tensor/tensor.js';
import { initWeight, zerosParameter, type InitKind } from './init.js';
import type { RandomSource } from '../base/prng.js';
import type { NamedParameter } from '../tensor/parameter.js';
import type { Layer } from './layer.js';

/** 2-D convolution over [n, C, H, W]; weight [outC, inC, k, k], square kernel, zero padding. */
export class Conv2d implements Layer {
  readonly weight: Tensor;
  readonly bias: Tensor;

  constructor(
    readonly inChannels: number, readonly outChannels: number, readonly kernel: number,
    readonly stride: number, readonly padding: number, arena: Arena, rng: RandomSource, init: InitKind = 'he',
  ) {
    const fanIn = inChannels * kernel * kernel;
    this.weight = initWeight(init, [outChannels, inChannels, kernel, kernel], fanIn, outChannels * kernel * kernel, arena, rng);
    this.bias = zerosParameter([outChannels], arena);
  }

  /** Output spatial size for an input of size `size` (floor, as in every framework). */
  outSize(size: number): number {
    return convOutputSize(size, this.kernel, this.stride, this.padding);
  }

  /** x [n, C, H, W] → [n, outC, Ho, Wo]. */
  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding });
  }

  /** The same convolution on channels-last tensors: x [n, H, W, C] → [n, Ho, Wo, outC], ReLU fused in if asked. */
  forwardNhwc(x: Tensor, relu = false): Tensor {
    return conv2dNhwc(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, relu });
  }

  namedParameters(prefix: string): NamedParameter[] {
    return [{ name: `${prefix}.weight`, tensor: this.weight }, { name: `${prefix}.bias`, tensor: this.bias }];
  }
}
