import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildData } from '../../src/data/build.js';
import { allPartitions } from '../../src/data/tasks/partition.js';
import { restartSeed, trainBestOf } from '../../src/train/restarts.js';
import { validateRunConfig } from '../../src/train/config.js';

describe('onehot dataset and indicator tasks', () => {
  it('gives x = one-hot(z) and one "is f = v" task per value', () => {
    const b = buildData({ dataset: 'onehot', onehot: { cardinalities: [2, 3] }, tasks: [{ family: 'indicator' }], nTrain: 50, nVal: 5, nTest: 5, nHeldout: 0, heldoutFraction: 0 }, 1);
    assert.deepEqual(b.dataset.inputShape, [5]);
    assert.equal(b.tasks.length, 5);
    for (let i = 0; i < b.train.n; i++) {
      const z = [b.train.z[2 * i], b.train.z[2 * i + 1]];
      const x = Array.from(b.train.x.subarray(5 * i, 5 * i + 5));
      assert.deepEqual(x, [0, 1].map((v) => (z[0] === v ? 1 : 0)).concat([0, 1, 2].map((v) => (z[1] === v ? 1 : 0))));
    }
    const labels = b.tasks[3].labels(b.train.z, b.train.n); // factor 1 = value 1
    for (let i = 0; i < b.train.n; i++) assert.equal(labels[i], b.train.z[2 * i + 1] === 1 ? 1 : 0);
  });

  it('lists every binary split once, never with its complement', () => {
    for (const k of [2, 3, 4, 5]) {
      const parts = allPartitions(k);
      assert.equal(parts.length, 2 ** (k - 1) - 1);
      const keys = new Set(parts.map((m) => m.join('')));
      assert.equal(keys.size, parts.length);
      for (const m of parts) {
        assert.ok(m.includes(0) && m.includes(1), 'both classes non-empty');
        assert.ok(!keys.has(m.map((b) => 1 - b).join('')), 'no complement');
      }
    }
  });
});

describe('restarts (train.restarts)', () => {
  it('keeps the restart with the lowest penalized training objective; restart 0 is the seed itself', async () => {
    assert.equal(restartSeed(9, 0), 9);
    assert.notEqual(restartSeed(9, 1), restartSeed(9, 2));
    const config = validateRunConfig({
      seed: 2,
      data: { dataset: 'onehot', onehot: { cardinalities: [3, 3] }, tasks: [{ family: 'indicator' }], nTrain: 128, nVal: 16, nTest: 16, nHeldout: 0, heldoutFraction: 0 },
      model: { encoder: { type: 'mlp', hidden: [] }, bottleneck: { variant: 'wta', groups: 2, units: 3 }, heads: { type: 'linear' } },
      train: { epochs: 2, batchSize: 32, optimizer: { type: 'sgd', lr: 0.5, momentum: 0 }, restarts: 3 },
    });
    const data = buildData(config.data, 2);
    const best = await trainBestOf(config, data);
    try {
      assert.equal(best.objectives.length, 3);
      assert.equal(best.objectives[best.chosen], Math.min(...best.objectives));
      assert.equal(best.trainer.trainingObjective(1e-3), best.objectives[best.chosen]);
      assert.equal(best.trainer.config.seed, restartSeed(2, best.chosen));
    } finally {
      best.trainer.dispose();
    }
  });
});
