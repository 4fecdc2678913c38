import { Rng } from '../../src/base/prng.js';
import type { TrainingData } from '../../src/train/trainer.js';

/**
 * A small learnable multi-task problem for trainer tests: F categorical factors with
 * `values` each; x = Σ_f E_f[z_f] + noise (random fixed embeddings in R^dim), one task
 * per factor ("which value?"). Linearly decodable, so a small MLP reaches ~100%.
 */
export function syntheticData(seed: number, nTrain = 512, nVal = 256, factors = 3, values = 3, dim = 12, noise = 0.1): TrainingData {
  const rng = new Rng(seed, 'synthetic');
  const emb = Array.from({ length: factors }, () => Array.from({ length: values }, () => Array.from({ length: dim }, () => rng.normal())));
  const split = (n: number) => {
    const z = new Int32Array(n * factors);
    const x = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < factors; f++) {
        const v = rng.int(values);
        z[i * factors + f] = v;
        for (let j = 0; j < dim; j++) x[i * dim + j] += emb[f][v][j];
      }
      for (let j = 0; j < dim; j++) x[i * dim + j] += noise * rng.normal();
    }
    return { n, x, z };
  };
  return {
    dataset: { inputShape: [dim] },
    tasks: Array.from({ length: factors }, (_, f) => ({
      name: `factor${f}`,
      numClasses: values,
      labels: (z: Int32Array, n: number) => Int32Array.from({ length: n }, (_, i) => z[i * factors + f]),
    })),
    train: split(nTrain),
    val: split(nVal),
  };
}
