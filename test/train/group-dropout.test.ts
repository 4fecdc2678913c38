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

const small = (seed: number, train: Record<string, unknown>, variant = 'wta') => validateRunConfig({
  seed,
  data: { dataset: 'onehot', onehot: { cardinalities: [4, 4] }, tasks: [{ family: 'indicator' }], nTrain: 256, nVal: 64, nTest: 64, nHeldout: 64 },
  model: { encoder: { type: 'mlp', hidden: [] }, bottleneck: { variant, groups: 3, units: 4 }, heads: { type: 'linear' } },
  train: { epochs: 4, batchSize: 32, optimizer: { type: 'sgd', lr: 0.5, momentum: 0 }, ...train },
});

async function weightsAfter(config: ReturnType<typeof small>): Promise<number[][]> {
  const data = buildData(config.data, config.seed);
  const t = new Trainer(config, data);
  try {
    await t.run();
    return t.model.namedParameters().map((p) => Array.from(p.tensor.toArray() as ArrayLike<number>));
  } finally {
    t.dispose();
  }
}

describe('group dropout (train.groupDropout)', () => {
  it('is absent from a config unless > 0, so existing configs keep their bits', () => {
    assert.equal('groupDropout' in small(1, {}).train, false);
    assert.equal('groupDropout' in small(1, { groupDropout: 0 }).train, false);
    assert.equal(small(1, { groupDropout: 0.25 }).train.groupDropout, 0.25);
    assert.throws(() => small(1, { groupDropout: 1 }), /train\.groupDropout/);
    assert.throws(() => small(1, { groupDropout: -0.1 }), /train\.groupDropout/);
    assert.throws(() => small(1, { groupDropout: 0.1 }, 'relu'), (e: unknown) => e instanceof ConfigError && /train\.groupDropout.*'relu'/.test(e.message));
  });

  it('changes training, and the same seed gives the same bits', async () => {
    const plain = await weightsAfter(small(2, {}));
    const a = await weightsAfter(small(2, { groupDropout: 0.3 }));
    const b = await weightsAfter(small(2, { groupDropout: 0.3 }));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, plain);
  });

  it('a dropped group gets no gradient: at p = 0.9 (one step) more head weights stay unchanged than at p = 0', async () => {
    // One step (nTrain = batchSize): a head weight from a unit gets gradient only from samples where
    // the unit wins and its group is kept, so dropping groups leaves more head weights exactly unchanged.
    const one = (p: number) => validateRunConfig({ ...small(3, p > 0 ? { groupDropout: p } : {}), data: { dataset: 'onehot', onehot: { cardinalities: [4, 4] }, tasks: [{ family: 'indicator' }], nTrain: 8, nVal: 8, nTest: 8, nHeldout: 8 }, train: { epochs: 1, batchSize: 8, optimizer: { type: 'sgd', lr: 0.5, momentum: 0 }, ...(p > 0 ? { groupDropout: p } : {}) } });
    const unchangedHeadEntries = async (p: number) => {
      const config = one(p);
      const data = buildData(config.data, config.seed);
      const t = new Trainer(config, data);
      try {
        const before = t.model.heads.namedParameters('heads').map((q) => Array.from(q.tensor.toArray() as ArrayLike<number>));
        await t.run();
        const after = t.model.heads.namedParameters('heads').map((q) => Array.from(q.tensor.toArray() as ArrayLike<number>));
        let same = 0;
        for (let i = 0; i < before.length; i++) for (let j = 0; j < before[i].length; j++) if (before[i][j] === after[i][j]) same++;
        return same;
      } finally {
        t.dispose();
      }
    };
    assert.ok((await unchangedHeadEntries(0.9)) > (await unchangedHeadEntries(0)), 'dropped groups leave their head weights untouched');
  });

  it('resumes bit-exactly (the mask stream is named by the epoch)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wtanet-gdrop-'));
    try {
      const config = small(4, { groupDropout: 0.3 });
      const data = buildData(config.data, 4);
      const whole = await trainRun(config, { data, outDir: join(dir, 'whole') });
      const half = await trainRun(config, { data, outDir: join(dir, 'half'), stopAtEpoch: 2 });
      half.trainer.dispose();
      const rest = await resumeRun(join(dir, 'half'), { data });
      try {
        for (const [i, p] of whole.trainer.model.namedParameters().entries()) {
          assert.deepEqual(rest.trainer.model.namedParameters()[i].tensor.toArray(), p.tensor.toArray(), p.name);
        }
      } finally {
        whole.trainer.dispose();
        rest.trainer.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
