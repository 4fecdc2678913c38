import type { Tensor } from './tensor.js';

/**
 * A named trainable tensor; names are stable ('encoder.0.weight') and key checkpoints and
 * optimizer state. Here, below nn and optim, so that both can name it.
 */
export interface NamedParameter { readonly name: string; readonly tensor: Tensor }
