import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildData } from '../../src/data/build.js';
import { ConfigError } from '../../src/base/check.js';
import { validateRunConfig } from '../../src/train/config.js';
import { resumeRun, trainRun } from '../../src/experiments/run-folder.js';
import { Trainer } from '../../src/train/trainer.js';

const small = (seed: number, train: Record<string, unknown>) => validateRunConfig({
  seed,
  data: { dataset: 'entangled', entangled: { mixing: 'ring', cardinalities: [3, 3] }, tasks: [{ family: 'indicator' }], nTrain: 256, nVal: 64, nTest: 64, nHeldout: 64 },
  model: { encoder: { type: 'mlp', hidden: [16] }, bottleneck: { variant: 'wta', groups: 2, units: 3 }, heads: { type: 'linear' } },
  train: { epochs: 3, batchSize: 32, optimizer: { type: 'adam', lr: 0.01 }, headL2: 1e-3, regroup: { every: 1 }, ...train },
});

const weights = (t: Trainer) => t.model.namedParameters().map((p) => Array.from(p.tensor.toArray() as ArrayLike<number>));

describe('encoder pretraining (train.pretrain)', () => {
  it('is absent from a config unless given; bad values are one-line errors', () => {
    assert.equal('pretrain' in small(1, {}).train, false);
    assert.equal('pretrain' in small(1, { pretrain: null }).train, false);
    assert.deepEqual(small(1, { pretrain: { epochs: 2 } }).train.pretrain, { epochs: 2 });
    assert.deepEqual(small(1, { pretrain: {} }).train.pretrain, { epochs: 10 });
    const oneLine = (train: Record<string, unknown>, re: RegExp) => assert.throws(() => small(1, train), (e: unknown) => e instanceof ConfigError && re.test(e.message) && !e.message.includes('\n'));
    oneLine({ pretrain: { epochs: 0 } }, /train\.pretrain\.epochs/);
    oneLine({ pretrain: { epochs: 1.5 } }, /train\.pretrain\.epochs/);
    oneLine({ pretrain: { epoch: 3 } }, /train\.pretrain/);
    oneLine({ pretrain: 3 }, /train\.pretrain/);
  });

  it('is the documented procedure: a relu run of the same width on the same tasks, whose encoder replaces the initial one', async () => {
    const config = small(2, { pretrain: { epochs: 2 } });
    const data = buildData(config.data, 2);
    const withOption = new Trainer(config, data);
    // By hand: the relu model (head L2 0, no regrouping, pretrain.epochs epochs), then the run without the option.
    const { pretrain, ...plainTrain } = config.train;
    void pretrain;
    const relu = new Trainer(validateRunConfig({ ...config, model: { ...config.model, bottleneck: { variant: 'relu', groups: 2, units: 3 } }, train: { ...plainTrain, epochs: 2, headL2: 0, regroup: null } }), data);
    const byHand = new Trainer(validateRunConfig({ ...config, train: plainTrain }), data);
    try {
      await relu.run();
      const encoder = new Map(relu.model.namedParameters().map((p) => [p.name, p.tensor.toArray()]));
      const untouched = byHand.model.namedParameters().filter((p) => !p.name.startsWith('encoder.')).map((p) => Array.from(p.tensor.toArray()));
      for (const p of byHand.model.namedParameters()) if (p.name.startsWith('encoder.')) p.tensor.data().set(encoder.get(p.name)!);
      await byHand.run();
      await withOption.run();
      assert.deepEqual(weights(withOption), weights(byHand));
      // The bottleneck and heads started from the run's own initial weights, not the relu run's.
      const fresh = new Trainer(validateRunConfig({ ...config, train: plainTrain }), data);
      try {
        assert.deepEqual(fresh.model.namedParameters().filter((p) => !p.name.startsWith('encoder.')).map((p) => Array.from(p.tensor.toArray())), untouched);
      } finally {
        fresh.dispose();
      }
      assert.notDeepEqual(weights(withOption), await (async () => {
        const t = new Trainer(validateRunConfig({ ...config, train: plainTrain }), data);
        try { await t.run(); return weights(t); } finally { t.dispose(); }
      })(), 'pretraining changes the run');
    } finally {
      withOption.dispose();
      relu.dispose();
      byHand.dispose();
    }
  });

  it('resumes bit-exactly: a run stopped after epoch 1 and resumed equals an uninterrupted one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wtanet-pretrain-'));
    try {
      const config = small(3, { pretrain: { epochs: 2 } });
      const data = buildData(config.data, 3);
      const whole = await trainRun(config, { data, outDir: join(dir, 'whole') });
      const half = await trainRun(config, { data, outDir: join(dir, 'half'), stopAtEpoch: 1 });
      half.trainer.dispose();
      const rest = await resumeRun(join(dir, 'half'), { data });
      try {
        assert.deepEqual(weights(rest.trainer), weights(whole.trainer));
      } finally {
        rest.trainer.dispose();
        whole.trainer.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
