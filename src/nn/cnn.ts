import { flatten, nchwToNhwc, nhwcToNchw } from '../ops/index.js';
import type { Arena } from '../tensor/arena.js';
import type { Tensor } from '../tensor/tensor.js';
import { Conv2d } from './conv2d.js';
import type { RandomSource } from '../base/prng.js';
import { MLP } from './mlp.js';
import type { NamedParameter } from '../tensor/parameter.js';
import type { Layer } from './layer.js';

export interface CNNOptions { channels: readonly number[]; kernel: number; stride: number; hidden: readonly number[] }

/** A small CNN encoder: (conv → ReLU) per channel count, flatten, then an MLP (Linear → ReLU per hidden size). */
export class CNN implements Layer {
  readonly convs: Conv2d[] = [];
  readonly mlp: MLP;
  readonly outFeatures: number;

  constructor(readonly inputShape: readonly number[], options: CNNOptions, arena: Arena, rng: RandomSource) {
    if (inputShape.length !== 3) throw new Error(`wtanet: the cnn encoder needs image inputs [C, H, W], got [${inputShape.join(', ')}]; use encoder type 'mlp'`);
    let [c, h, w] = inputShape;
    for (const out of options.channels) {
      const conv = new Conv2d(c, out, options.kernel, options.stride, options.kernel >> 1, arena, rng);
      h = conv.outSize(h);
      w = conv.outSize(w);
      if (h < 1 || w < 1) throw new Error(`wtanet: the cnn encoder shrinks [${inputShape.join(', ')}] to nothing; use fewer channels entries or stride 1`);
      this.convs.push(conv);
      c = out;
    }
    this.mlp = new MLP(c * h * w, options.hidden, arena, rng);
    this.outFeatures = this.mlp.outFeatures;
  }

  /**
   * x: [n, C, H, W] → [n, outFeatures]. The conv stack runs channels-last (conv2dNhwc:
   * no layout change between layers, contiguous patch copies, bias and ReLU in one pass);
   * the features are turned back to NCHW before flatten, so the MLP sees them in the usual
   * [C, H, W] order.
   */
  forward(x: Tensor): Tensor {
    if (this.convs.length === 0) return this.mlp.forward(flatten(x));
    let h = nchwToNhwc(x);
    for (const conv of this.convs) h = conv.forwardNhwc(h, true); // ReLU fused into the conv
    return this.mlp.forward(flatten(nhwcToNchw(h)));
  }

  namedParameters(prefix: string): NamedParameter[] {
    return [...this.convs.flatMap((c, i) => c.namedParameters(`${prefix}.conv${i}`)), ...this.mlp.namedParameters(`${prefix}.mlp`)];
  }
}
