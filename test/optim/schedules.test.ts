import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { learningRate, temperatureAt } from '../../src/optim/schedules.js';

const at = (epoch: number, step = 0) => ({ epoch, step, stepsPerEpoch: 10, epochs: 4 });

describe('learning-rate schedules', () => {
  it('constant keeps the rate', () => {
    assert.equal(learningRate({ type: 'constant' }, 0.1, at(3, 9)), 0.1);
  });
  it('step multiplies by gamma every everyEpochs epochs', () => {
    const s = { type: 'step', everyEpochs: 2, gamma: 0.5 } as const;
    assert.deepEqual([0, 1, 2, 3].map((e) => learningRate(s, 1, at(e))), [1, 1, 0.5, 0.5]);
  });
  it('cosine starts at lr, is halfway at mid-training and ends near minLr', () => {
    const s = { type: 'cosine', minLr: 0.1, warmupEpochs: 0 } as const;
    assert.equal(learningRate(s, 1, at(0)), 1);
    assert.ok(Math.abs(learningRate(s, 1, at(2)) - 0.55) < 1e-12);
    assert.ok(Math.abs(learningRate(s, 1, at(3, 9)) - (0.1 + 0.45 * (1 + Math.cos(Math.PI * 39 / 40)))) < 1e-12);
  });
  it('cosine warm-up rises linearly to lr', () => {
    const s = { type: 'cosine', minLr: 0, warmupEpochs: 1 } as const;
    assert.equal(learningRate(s, 1, at(0, 0)), 0.1);
    assert.equal(learningRate(s, 1, at(0, 4)), 0.5);
    assert.equal(learningRate(s, 1, at(1, 0)), 1);
  });
});

describe('temperature schedule', () => {
  it('is constant without a final temperature, geometric with one', () => {
    assert.equal(temperatureAt(2, null, 5, 10), 2);
    assert.equal(temperatureAt(1, 0.01, 0, 3), 1);
    assert.ok(Math.abs(temperatureAt(1, 0.01, 1, 3) - 0.1) < 1e-12);
    assert.ok(Math.abs(temperatureAt(1, 0.01, 2, 3) - 0.01) < 1e-12);
  });
});
