import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildData } from '../../src/data/build.js';
import { validateRunConfig } from '../../src/train/config.js';
import { Trainer } from '../../src/train/trainer.js';
import { computeInformationMetrics } from '../../src/metrics/report.js';

// The theorem's setting in its simplest form: the factors themselves as input (one-hot, 4 × 4),
// a linear encoder (the bottleneck's own projection), a hard-WTA bottleneck of exactly 4 groups ×
// 4 units, linear heads. A factorial code (group f = factor f, unit v = value v) solves every task.
// The straight-through surrogate must keep such a code once it is there: a surrogate with a wrong
// sign or a destructive bias would drive the projection away from it.
const F = 4;
const K = 4;

function oneHotFactors(z: Int32Array, n: number): Float32Array {
  const x = new Float32Array(n * F * K);
  for (let i = 0; i < n; i++) for (let f = 0; f < F; f++) x[i * F * K + f * K + z[i * F + f]] = 1;
  return x;
}

describe('hard WTA on one-hot factors', () => {
  it('keeps a factorial code it starts from: accuracy 1, every factor value a symbol', async () => {
    const config = validateRunConfig({
      seed: 3,
      data: { dataset: 'entangled', tasks: [{ family: 'partition', perFactor: 2 }, { family: 'boolean', count: 4 }], nTrain: 2048, nVal: 256, nTest: 1024, nHeldout: 256 },
      model: { encoder: { type: 'mlp', hidden: [] }, bottleneck: { variant: 'wta', groups: F, units: K }, heads: { type: 'linear' } },
      train: { epochs: 12, batchSize: 64, optimizer: { type: 'sgd', lr: 0.5 } },
    });
    const bundle = buildData(config.data, config.seed);
    for (const split of [bundle.train, bundle.val, bundle.test]) split.x = oneHotFactors(split.z, split.n);
    const data = { ...bundle, dataset: { ...bundle.dataset, inputShape: [F * K] } };
    const trainer = new Trainer(config, data);
    try {
      // Projection := identity (input unit f·K+v drives bottleneck unit f·K+v); bias stays 0.
      const w = trainer.model.bottleneck.projection.weight.data();
      for (let i = 0; i < F * K; i++) for (let j = 0; j < F * K; j++) w[i * F * K + j] = i === j ? 1 : 0;
      const outcome = await trainer.run();
      assert.equal(outcome.reason, 'completed');
      const test = trainer.evaluate(data.test);
      for (const [name, m] of Object.entries(test.tasks)) assert.ok(m.accuracy >= 0.99, `${name}: test accuracy ${m.accuracy}`);
      const { codes } = trainer.model.encode(data.test.x, data.test.n);
      const { report } = computeInformationMetrics(
        { codes, n: data.test.n, d: F * K, groups: F, z: data.test.z, factors: data.dataset.factors, kind: 'wta' },
        { dci: false },
      );
      assert.equal(report.symbols.symbolicity, 1, `symbolicity ${report.symbols.symbolicity}`);
      assert.ok(report.group.infoM >= 0.95, `InfoM ${report.group.infoM}`);
    } finally {
      trainer.dispose();
    }
  });
});
