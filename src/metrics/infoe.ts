import { entropy } from './info.js';
import { trainReadout, type ReadoutOptions } from './readout.js';
import type { DiscreteVar } from './types.js';

// InfoE (Hsu et al. 2023): mean over factors of (H_null,f − H_pred,f) / H_null,f, where H_pred
// is the TRAINING log-loss of an unregularized multinomial logistic regression from the code —
// each group one-hot encoded — to y_f, and H_null that of the same model with no input, which
// is the empirical entropy H(y_f) (the MLE of a bias-only softmax). The readout starts at the
// null model and is fitted to convergence by L-BFGS (readout.ts) with wtanet's engine.
// Guards: a constant factor (H_null = 0) contributes 0; each term is clamped to [0, 1].

/** One-hot encoding of the group variables: n × Σ cardinalities, as float32. */
export function oneHotGroups(groupVars: readonly DiscreteVar[]): { x: Float32Array; d: number } {
  const n = groupVars[0]?.values.length ?? 0;
  const d = groupVars.reduce((a, v) => a + v.cardinality, 0);
  const x = new Float32Array(n * d);
  let base = 0;
  for (const v of groupVars) {
    for (let i = 0; i < n; i++) x[i * d + base + v.values[i]] = 1;
    base += v.cardinality;
  }
  return { x, d };
}

export interface InfoEResult {
  infoE: number;
  /** Per factor: (H_null − H_pred) / H_null. */
  perFactor: number[];
  /** Per factor training log-loss of the readout (nats). */
  trainLoss: number[];
}

/**
 * `maxSamples` (default 5000) bounds the cost (each step is a full-batch pass): above it, every
 * ⌈n / maxSamples⌉-th sample is used — deterministic, and unbiased for a shuffled evaluation set.
 */
export function infoE(
  groupVars: readonly DiscreteVar[],
  factors: readonly DiscreteVar[],
  options: ReadoutOptions & { maxSamples?: number } = {},
): InfoEResult {
  const total = factors[0]?.values.length ?? 0;
  const stride = Math.max(1, Math.ceil(total / (options.maxSamples ?? 5000)));
  const every = (v: DiscreteVar): DiscreteVar =>
    stride === 1 ? v : { values: v.values.filter((_, i) => i % stride === 0), cardinality: v.cardinality };
  groupVars = groupVars.map(every);
  factors = factors.map(every);
  const { x, d } = oneHotGroups(groupVars);
  const perFactor: number[] = [];
  const trainLoss: number[] = [];
  for (const f of factors) {
    const n = f.values.length;
    const hNull = entropy(f);
    if (!(hNull > 0) || d === 0) {
      perFactor.push(0);
      trainLoss.push(hNull);
      continue;
    }
    const readout = trainReadout(x, n, d, f.values, f.cardinality, { ...options, hidden: [], method: 'lbfgs', l2: 0 });
    readout.dispose();
    trainLoss.push(readout.trainLoss);
    perFactor.push(Math.min(1, Math.max(0, (hNull - readout.trainLoss) / hNull)));
  }
  return { infoE: perFactor.length > 0 ? perFactor.reduce((a, b) => a + b, 0) / perFactor.length : 0, perFactor, trainLoss };
}
