import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { buildData, validateDataConfig, type DataBundle } from '../../src/data/index.js';
import type { DspritesSource } from '../../src/data/datasets/dsprites.js';

const digest = (b: DataBundle) => {
  const h = createHash('sha256');
  for (const s of [b.train, b.val, b.test, b.heldout]) {
    h.update(new Uint8Array(s.x.buffer, s.x.byteOffset, s.x.byteLength));
    h.update(new Uint8Array(s.z.buffer, s.z.byteOffset, s.z.byteLength));
  }
  for (const t of b.tasks) {
    const y = t.labels(b.train.z, b.train.n);
    h.update(t.name).update(new Uint8Array(y.buffer));
  }
  h.update(JSON.stringify(b.heldOutCombinations));
  return h.digest('hex');
};

/** A tiny dSprites-like source: every binned combination has images whose pixels encode the latents. */
function fakeDsprites(): DspritesSource {
  const rows: number[][] = [];
  for (let sh = 0; sh < 3; sh++) for (let sc = 0; sc < 6; sc++) for (let o = 0; o < 40; o += 10) for (let x = 0; x < 32; x += 11) for (let y = 0; y < 32; y += 11) rows.push([0, sh, sc, o, x, y]);
  const count = rows.length;
  const images = new Uint8Array(count * 4096);
  rows.forEach((r, i) => {
    images[i * 4096 + r[4] * 64 + r[5]] = 1;
  });
  return { count, images, latentsClasses: Int32Array.from(rows.flat()) };
}

const small = { nTrain: 300, nVal: 50, nTest: 50, nHeldout: 50 };

describe('buildData determinism', () => {
  const configs = {
    entangled: { dataset: 'entangled' as const, ...small },
    shapes: { dataset: 'shapes' as const, ...small, nTrain: 120, shapes: { noise: 0.05, jitter: 1, secondObject: true } },
    dsprites: { dataset: 'dsprites' as const, ...small },
  };
  for (const [name, cfg] of Object.entries(configs)) {
    it(`${name}: same seed gives identical bytes, another seed differs`, () => {
      const c = cfg as never;
      const sources = name === 'dsprites' ? { dsprites: fakeDsprites() } : {};
      const a = digest(buildData(c, 7, sources));
      const b = digest(buildData(c, 7, sources));
      const other = digest(buildData(c, 8, sources));
      assert.equal(a, b);
      assert.notEqual(a, other);
    });
  }

  it('changing nTrain leaves val, test, held-out and tasks unchanged', () => {
    const a = buildData({ ...small }, 3);
    const b = buildData({ ...small, nTrain: 400 }, 3);
    assert.deepEqual(a.val.x, b.val.x);
    assert.deepEqual(a.heldout.z, b.heldout.z);
    assert.deepEqual(a.tasks.map((t) => t.name), b.tasks.map((t) => t.name));
  });
});

describe('held-out combinations', () => {
  const comboKey = (z: Int32Array, i: number, F: number) => Array.from(z.subarray(i * F, i * F + F)).join(',');

  for (const coverage of ['values', 'pairs'] as const) {
    for (const dataset of ['entangled', 'shapes'] as const) {
      it(`${dataset}, coverage ${coverage}: held-out tuples never in train; every value${coverage === 'pairs' ? ' pair' : ''} is`, () => {
        const b = buildData({ dataset, coverage, nTrain: 600, nVal: 20, nTest: 20, nHeldout: 200, heldoutFraction: 0.3 }, 11);
        const F = b.dataset.factors.length;
        const card = b.dataset.factors.map((f) => f.values.length);
        const total = card.reduce((x, y) => x * y, 1);
        assert.equal(b.heldOutCombinations.length, Math.round(0.3 * total));
        const held = new Set(b.heldOutCombinations.map((c) => c.join(',')));
        for (let i = 0; i < b.train.n; i++) assert.ok(!held.has(comboKey(b.train.z, i, F)));
        for (const s of [b.val, b.test]) for (let i = 0; i < s.n; i++) assert.ok(!held.has(comboKey(s.z, i, F)));
        for (let i = 0; i < b.heldout.n; i++) assert.ok(held.has(comboKey(b.heldout.z, i, F)));
        for (let f = 0; f < F; f++)
          for (let v = 0; v < card[f]; v++) {
            let found = false;
            for (let i = 0; i < b.train.n && !found; i++) found = b.train.z[i * F + f] === v;
            assert.ok(found, `value ${f}=${v} missing from train`);
          }
        if (coverage === 'pairs')
          for (let f = 0; f < F; f++)
            for (let g = f + 1; g < F; g++)
              for (let v = 0; v < card[f]; v++)
                for (let w = 0; w < card[g]; w++) {
                  let found = false;
                  for (let i = 0; i < b.train.n && !found; i++) found = b.train.z[i * F + f] === v && b.train.z[i * F + g] === w;
                  assert.ok(found, `pair ${f}=${v},${g}=${w} missing from train`);
                }
      });
    }
  }

  it('explains an impossible hold-out', () => {
    // With two factors every combination is a value pair: pair coverage forbids holding any out.
    assert.throws(
      () => buildData({ entangled: { cardinalities: [3, 3] } as never, coverage: 'pairs', ...small }, 1),
      /data\.heldoutFraction: cannot hold out 2 of 9 combinations while keeping every value pair of two factors in training/,
    );
    assert.throws(() => buildData({ nTrain: 10, nVal: 0, nTest: 0, nHeldout: 0 }, 1), /data\.nTrain: 10 training samples cannot cover the 16 factor values/);
  });

  it('samples a huge combination space without enumerating it', () => {
    const b = buildData({ entangled: { cardinalities: Array(12).fill(4), dim: 8, depth: 1 } as never, tasks: [{ family: 'factor' }], nTrain: 200, nVal: 10, nTest: 10, nHeldout: 40 }, 5);
    const F = 12;
    const held = new Set(b.heldOutCombinations.map((c) => c.join(',')));
    assert.ok(held.size > 0 && held.size <= 40);
    for (let i = 0; i < b.train.n; i++) assert.ok(!held.has(comboKey(b.train.z, i, F)));
    for (let i = 0; i < b.heldout.n; i++) assert.ok(held.has(comboKey(b.heldout.z, i, F)));
  });
});

describe('tasks', () => {
  it('each family reports its dependencies and produces valid labels', () => {
    const b = buildData(
      {
        dataset: 'shapes',
        tasks: [{ family: 'factor' }, { family: 'partition', perFactor: 3 }, { family: 'boolean', count: 5, arity: 2 }, { family: 'formula', formula: 'color in {red, blue} and pos = 4' }],
        nTrain: 400, nVal: 0, nTest: 0, nHeldout: 0,
      },
      2,
    );
    const F = b.dataset.factors.length;
    assert.equal(b.tasks.filter((t) => t.name.startsWith('factor:')).length, F);
    assert.equal(b.tasks.filter((t) => t.name.startsWith('partition:')).length, 3 * F);
    const booleans = b.tasks.filter((t) => t.name.startsWith('boolean:'));
    assert.equal(booleans.length, 5);
    for (const t of b.tasks) {
      const y = t.labels(b.train.z, b.train.n);
      assert.ok(y.every((v) => v >= 0 && v < t.numClasses), t.name);
      // labels must not change when a factor it does not depend on changes
      const z2 = b.train.z.slice();
      for (let i = 0; i < b.train.n; i++) for (let f = 0; f < F; f++) if (!t.dependsOn.includes(f)) z2[i * F + f] = (z2[i * F + f] + 1) % b.dataset.factors[f].values.length;
      assert.deepEqual(t.labels(z2, b.train.n), y, `${t.name} depends on more than ${t.dependsOn}`);
    }
    for (const t of booleans) {
      assert.ok(t.dependsOn.length === 2, t.name);
      const rate = t.labels(b.train.z, b.train.n).reduce((s, v) => s + v, 0) / b.train.n;
      assert.ok(rate > 0.15 && rate < 0.85, `${t.name}: positive rate ${rate}`);
    }
    for (const t of b.tasks.filter((t) => t.name.startsWith('partition:'))) {
      const rate = t.labels(b.train.z, b.train.n).reduce((s, v) => s + v, 0) / b.train.n;
      assert.ok(rate > 0.3 && rate < 0.7, `${t.name}: positive rate ${rate}`);
    }
    const formula = b.tasks[b.tasks.length - 1];
    assert.deepEqual(formula.dependsOn, [1, 2]);
    const y = formula.labels(b.train.z, b.train.n);
    for (let i = 0; i < b.train.n; i++) {
      const color = b.train.z[i * F + 1];
      const pos = b.train.z[i * F + 2];
      assert.equal(y[i], (color === 0 || color === 2) && pos === 4 ? 1 : 0);
    }
  });
});

describe('validateDataConfig', () => {
  it('fills every default', () => {
    const c = validateDataConfig({});
    assert.equal(c.dataset, 'entangled');
    assert.equal(c.heldoutFraction, 0.2);
    assert.deepEqual(c.entangled.cardinalities, [4, 4, 4, 4]);
  });
  it('rejects bad fields with one line naming the field and the allowed values', () => {
    const cases: [unknown, RegExp][] = [
      // The same wording as the rest of the run config (src/data/check.ts).
      [{ dataset: 'mnist' }, /^data\.dataset: 'mnist' is not one of entangled, shapes, dsprites, onehot, file$/],
      [{ heldoutFraction: 2 }, /^data\.heldoutFraction: 2 is not a number ≥ 0 and ≤ 0\.95$/],
      [{ nTrain: 1.5 }, /^data\.nTrain: 1\.5 is not an integer ≥ 1$/],
      [{ colour: 'red' }, /^data\.colour: unknown field; allowed fields of data: dataset, /],
      [{ tasks: [{ family: 'xor' }] }, /^data\.tasks\[0\]\.family: 'xor' is not one of factor, indicator, partition, boolean, formula$/],
      [{ shapes: { shapes: ['square', 'blob'] } }, /^data\.shapes\.shapes\[1\]: 'blob' is not one of square, circle/],
      [{ entangled: { activation: 'gelu' } }, /^data\.entangled\.activation: 'gelu' is not one of tanh, sin, relu, leaky_relu$/],
      [{ coverage: 'all' }, /^data\.coverage: 'all' is not one of values, pairs$/],
      [{ tasks: [] }, /^data\.tasks: must list at least one item$/],
      [{ shapes: { colors: ['red', 'red'] } }, /^data\.shapes\.colors: \["red","red"\] repeats a name; list each once$/],
      [{ tasks: [{ family: 'factor', perFactor: 2 }] }, /^data\.tasks\[0\]\.perFactor: unknown field; allowed fields of data\.tasks\[0\]: family, factors$/],
      [{ dsprites: { path: '' } }, /^data\.dsprites\.path: '' is not a non-empty string$/],
      [{ onehot: { cardinalities: [] } }, /^data\.onehot\.cardinalities: must list at least one item$/],
      [{ onehot: { cardinalities: [4, 0] } }, /^data\.onehot\.cardinalities\[1\]: 0 is not an integer ≥ 1 and ≤ 1000$/],
      [{ tasks: [{ family: 'partition', perFactor: 'most' }] }, /^data\.tasks\[0\]\.perFactor: 'most' is not 'all' or an integer ≥ 1 and ≤ 1000$/],
      [{ tasks: [{ family: 'indicator', count: 2 }] }, /^data\.tasks\[0\]\.count: unknown field; allowed fields of data\.tasks\[0\]: family, factors$/],
    ];
    for (const [cfg, re] of cases) assert.throws(() => validateDataConfig(cfg), (e: Error) => re.test(e.message) && !e.message.includes('\n'));
  });
  it('reports a bad formula with its task index and column', () => {
    assert.throws(() => buildData({ tasks: [{ family: 'factor' }, { family: 'formula', formula: 'f0 = v1 and' }], ...small }, 1), /^Error: data\.tasks\[1\]\.formula: at column 12: expected a factor name/);
  });
  it('says how to load dsprites when its images are missing', () => {
    assert.throws(() => buildData({ dataset: 'dsprites', dsprites: { source: 'file' }, ...small } as never, 1), /needs its images loaded first: await loadDspritesFile/);
  });
});
