/**
 * `onehot`: the factors given directly, x = concatenated one-hot codes of z (Σ n_f values).
 * The theorem's setting in its plainest form: nothing to disentangle in the input, so whether the
 * bottleneck ends up factorial is a question about training alone (README, Results).
 */
import { entangledFactors } from './entangled.js';
import type { Dataset } from '../types.js';

export interface OnehotOptions {
  /** Values per factor (default [4, 4, 4, 4]). */
  cardinalities: number[];
}

export const ONEHOT_DEFAULTS: OnehotOptions = { cardinalities: [4, 4, 4, 4] };

export function createOnehot(o: OnehotOptions): Dataset {
  const card = o.cardinalities;
  const F = card.length;
  const offsets = card.map((_, f) => card.slice(0, f).reduce((a, b) => a + b, 0));
  const D = card.reduce((a, b) => a + b, 0);
  return {
    name: 'onehot',
    factors: entangledFactors(card),
    inputShape: [D],
    observe(z: Int32Array, n: number): Float32Array {
      const x = new Float32Array(n * D);
      for (let i = 0; i < n; i++) for (let f = 0; f < F; f++) x[i * D + offsets[f] + z[i * F + f]] = 1;
      return x;
    },
  };
}
