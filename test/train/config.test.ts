import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/base/check.js';
import { parseRunConfig, validateRunConfig } from '../../src/train/config.js';

function errorOf(cfg: unknown): string {
  try {
    validateRunConfig(cfg);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.message;
  }
  assert.fail('expected a ConfigError');
}

describe('run config', () => {
  it('fills every default', () => {
    const c = validateRunConfig({});
    assert.equal(c.seed, 0);
    assert.deepEqual(c.model.encoder, { type: 'mlp', hidden: [256, 256] });
    assert.deepEqual(c.model.bottleneck, { variant: 'wta', groups: 4, units: 4, temperature: 1, finalTemperature: null, k: 4 });
    assert.deepEqual(c.model.heads, { type: 'linear', hidden: [32] });
    assert.equal(c.train.optimizer.type, 'adam');
    assert.equal(c.train.optimizer.lr, 1e-3);
    assert.deepEqual(c.train.schedule, { type: 'constant' });
    assert.equal(c.train.clipNorm, null);
    assert.equal(c.train.earlyStopping, null);
    // A validated config is a fixed point: saving and re-validating changes nothing.
    assert.deepEqual(validateRunConfig(JSON.parse(JSON.stringify(c))), c);
  });

  it('gives one line naming the field path and the allowed values', () => {
    const cases: [unknown, string][] = [
      [{ model: { bottleneck: { variant: 'wtx' } } }, "model.bottleneck.variant: 'wtx' is not one of wta, softmax, topk, relu, sigmoid, linear"],
      [{ model: { bottlenek: {} } }, 'model.bottlenek: unknown field; allowed fields of model: encoder, bottleneck, heads'],
      [{ train: { batchSize: 0 } }, 'train.batchSize: 0 is not an integer ≥ 1 and ≤ 1048576'],
      [{ train: { optimizer: { lr: 'fast' } } }, "train.optimizer.lr: 'fast' is not a number > 0"],
      [{ train: { schedule: { type: 'step', minLr: 0 } } }, "train.schedule.minLr: not a field of the 'step' schedule; its fields: everyEpochs, gamma"],
      [{ model: { encoder: { type: 'mlp', channels: [3] } } }, "model.encoder.channels: only allowed when model.encoder.type is 'cnn'"],
      [{ model: { encoder: { hidden: [8, 0] } } }, 'model.encoder.hidden[1]: 0 is not an integer ≥ 1'],
      [{ seed: -1 }, 'seed: -1 is not an integer ≥ 0 and ≤ 4294967295'],
      [[], 'config: [] is not an object; allowed fields: seed, data, model, train'],
    ];
    for (const [cfg, message] of cases) {
      const got = errorOf(cfg);
      assert.equal(got, message);
      assert.ok(!got.includes('\n'));
    }
  });

  it('names the file when the JSON does not parse', () => {
    assert.throws(() => parseRunConfig('{"seed": 1,', 'run.json'), (e: Error) => e instanceof ConfigError && /^run\.json is not valid JSON/.test(e.message));
  });

  it('refuses train.regroup with a bottleneck that has no WTA groups, in one line naming both fields', () => {
    for (const variant of ['relu', 'softmax', 'sigmoid', 'linear', 'topk']) {
      const msg = errorOf({ model: { bottleneck: { variant } }, train: { regroup: { every: 3 } } });
      assert.match(msg, new RegExp(`^train\\.regroup: regrouping needs a 'wta' bottleneck, this one is '${variant}'; remove train\\.regroup or set model\\.bottleneck\\.variant to "wta"$`));
    }
    assert.equal(validateRunConfig({ model: { bottleneck: { variant: 'wta' } }, train: { regroup: { every: 3 } } }).train.regroup?.every, 3);
    assert.equal(validateRunConfig({ model: { bottleneck: { variant: 'relu' } }, train: { regroup: null } }).train.regroup, null);
  });
});
