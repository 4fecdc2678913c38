import type { Tensor } from '../tensor/tensor.js';

/** A named trainable tensor; names are stable ('encoder.0.weight') and key checkpoints. */
export interface NamedParameter { readonly name: string; readonly tensor: Tensor }

/** Anything with parameters. */
export interface Layer {
  namedParameters(prefix: string): NamedParameter[];
}
