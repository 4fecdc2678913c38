import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildData } from '../../src/data/build.js';
import { Rng } from '../../src/base/prng.js';
import { validateRunConfig } from '../../src/train/config.js';
import { resumeRun, trainRun } from '../../src/experiments/run-folder.js';
import { Trainer } from '../../src/train/trainer.js';
import { computeInformationMetrics } from '../../src/metrics/report.js';
import { coFiringLift, deadUnitDonors, exclusiveGrouping, groupingCost, otsuThreshold, permuteAxis, winCounts } from '../../src/nn/regroup.js';

const shuffled = (n: number, seed: number) => {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  new Rng(seed, 'test').shuffle(p);
  return p;
};

/**
 * Pre-activations of ideal value detectors, scrambled across groups: unit u detects value
 * trueValue[u] of factor trueFactor[u] (high when z_f = v), over every factor combination.
 */
function detectorPreacts(card: readonly number[], unitToSlot: Int32Array): { pre: Float32Array; n: number; factorOfUnit: number[] } {
  const F = card.length;
  const K = Math.max(...card);
  const H = F * K;
  let n = 1;
  for (const c of card) n *= c;
  const pre = new Float32Array(n * H);
  const factorOfUnit: number[] = [];
  for (let s = 0; s < H; s++) factorOfUnit.push(Math.floor(unitToSlot[s] / K));
  for (let i = 0; i < n; i++) {
    let r = i;
    const z = card.map((c) => { const v = r % c; r = Math.floor(r / c); return v; });
    for (let s = 0; s < H; s++) {
      const u = unitToSlot[s];
      const f = Math.floor(u / K);
      const v = u % K;
      pre[i * H + s] = z[f] === v ? 2 + 0.01 * ((i * 7 + s) % 5) : -1 + 0.01 * ((i * 3 + s) % 7);
    }
  }
  return { pre, n, factorOfUnit };
}

describe('exclusivity regrouping (nn/regroup)', () => {
  it('Otsu cuts a two-level sample between its levels', () => {
    assert.equal(otsuThreshold(Float64Array.from([0, 0.1, 0.05, 5, 5.1, 0.02])), 5);
    assert.equal(otsuThreshold(Float64Array.from([1, 1, 1])), Infinity);
  });

  it('measures zero lift between detectors of one factor and about one between factors', () => {
    const card = [4, 4, 4];
    const { pre, n, factorOfUnit } = detectorPreacts(card, shuffled(12, 1));
    const lift = coFiringLift(pre, n, 3, 4);
    for (let u = 0; u < 12; u++) {
      for (let v = 0; v < 12; v++) {
        if (u === v) continue;
        const l = lift[u * 12 + v];
        if (factorOfUnit[u] === factorOfUnit[v]) assert.equal(l, 0, `units ${u}, ${v} of one factor`);
        else assert.ok(Math.abs(l - 1) < 1e-9, `units ${u}, ${v} of different factors: lift ${l}`);
      }
    }
  });

  it('puts the detectors of each factor into one group, whatever the scramble', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom([4, 4, 4, 4], [5, 5, 5], [3, 3, 3, 3, 3]), (seed, card) => {
        const F = card.length;
        const K = card[0];
        const { pre, n, factorOfUnit } = detectorPreacts(card, shuffled(F * K, seed));
        const perm = exclusiveGrouping(coFiringLift(pre, n, F, K), F, K, new Rng(seed, 'search'), 10);
        assert.deepEqual([...perm].sort((a, b) => a - b), Array.from({ length: F * K }, (_, i) => i), 'a permutation');
        for (let g = 0; g < F; g++) {
          const factors = new Set(Array.from({ length: K }, (_, k) => factorOfUnit[perm[g * K + k]]));
          assert.equal(factors.size, 1, `group ${g} mixes factors ${[...factors]}`);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('counts a duplicate detector like an independent unit (lift capped at 1), so it stays with its own factor', () => {
    // 2 factors of 4 values, groups of 5: in each factor's block the 5th unit duplicates value 0.
    // Uncapped, the duplicate costs 1/P(v) = 4 beside its twin, as much as beside the other
    // factor's 4 detectors, and the search cannot tell the right grouping from a swapped one.
    const [F, V, K] = [2, 4, 5];
    const n = V * V;
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
      const slotOf = shuffled(F * K, seed); // unit u sits in slot slotOf[u]
      const pre = new Float32Array(n * F * K);
      for (let i = 0; i < n; i++) {
        const z = [i % V, Math.floor(i / V)];
        for (let u = 0; u < F * K; u++) pre[i * F * K + slotOf[u]] = z[Math.floor(u / K)] === (u % K) % V ? 2 : -1;
      }
      const lift = coFiringLift(pre, n, F, K);
      const twin = (f: number) => [slotOf[f * K], slotOf[f * K + V]];
      for (let f = 0; f < F; f++) assert.equal(lift[twin(f)[0] * F * K + twin(f)[1]], 1, 'a duplicate pair');
      const perm = exclusiveGrouping(lift, F, K, new Rng(seed, 'search'), 10);
      const factorOfSlot = new Int32Array(F * K);
      for (let u = 0; u < F * K; u++) factorOfSlot[slotOf[u]] = Math.floor(u / K);
      for (let g = 0; g < F; g++) {
        const factors = new Set(Array.from({ length: K }, (_, k) => factorOfSlot[perm[g * K + k]]));
        assert.equal(factors.size, 1, `group ${g} mixes factors ${[...factors]}`);
      }
    }), { numRuns: 25 });
  });

  it('keeps a grouping that is already best (ties go to the current one)', () => {
    const { pre, n } = detectorPreacts([4, 4], Int32Array.from({ length: 8 }, (_, i) => i));
    const lift = coFiringLift(pre, n, 2, 4);
    const perm = exclusiveGrouping(lift, 2, 4, new Rng(1, 's'), 10);
    assert.equal(groupingCost(lift, perm, 2, 4), 0);
    assert.deepEqual([...perm], [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('finds dead units and splits the busiest unit of their group', () => {
    // 1 group of 3 units over 6 samples: unit 0 wins 4, unit 1 wins 2, unit 2 never.
    const pre = Float32Array.from([1, 0, -1, 1, 0, -1, 1, 0, -1, 1, 0, -1, 0, 1, -1, 0, 1, -1]);
    const wins = winCounts(pre, 6, 1, 3);
    assert.deepEqual([...wins], [4, 2, 0]);
    assert.deepEqual(deadUnitDonors(wins, 1, 3), [{ dead: 2, donor: 0 }]);
  });

  it('permutes rows and columns', () => {
    const a = Float32Array.from([1, 2, 3, 4, 5, 6]); // 2 × 3
    permuteAxis(a, 2, 3, 'cols', Int32Array.from([2, 0, 1]));
    assert.deepEqual([...a], [3, 1, 2, 6, 4, 5]);
    permuteAxis(a, 2, 3, 'rows', Int32Array.from([1, 0]));
    assert.deepEqual([...a], [6, 4, 5, 3, 1, 2]);
  });
});

const theoremConfig = (seed: number, train: Record<string, unknown>, epochs = 30) => validateRunConfig({
  seed,
  data: { dataset: 'onehot', onehot: { cardinalities: [4, 4, 4, 4] }, tasks: [{ family: 'indicator' }], nTrain: 2048, nVal: 256, nTest: 1024, nHeldout: 256 },
  model: { encoder: { type: 'mlp', hidden: [] }, bottleneck: { variant: 'wta', groups: 4, units: 4 }, heads: { type: 'linear' } },
  train: { epochs, batchSize: 32, optimizer: { type: 'sgd', lr: 1, momentum: 0 }, ...train },
});

describe('training with regrouping (train.regroup)', () => {
  it('reaches a factorial code on one-hot 4 × 4 factors from a random start in at least 4 of 5 seeds', async () => {
    let factorial = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const config = theoremConfig(seed, { headL2: 1e-2, regroup: { every: 3 } });
      const data = buildData(config.data, seed);
      const t = new Trainer(config, data);
      try {
        await t.run();
        const { codes } = t.model.encode(data.test.x, data.test.n);
        const { report } = computeInformationMetrics({ codes, n: data.test.n, d: 16, groups: 4, z: data.test.z, factors: data.dataset.factors, kind: 'wta' }, { dci: false });
        factorial += report.factorial;
      } finally {
        t.dispose();
      }
    }
    assert.ok(factorial >= 4, `factorial in ${factorial} of 5 seeds`);
  });

  it('resumes bit-exactly across a regrouping epoch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wtanet-regroup-'));
    try {
      const config = theoremConfig(3, { headL2: 1e-2, regroup: { every: 2 }, optimizer: { type: 'sgd', lr: 1, momentum: 0.5 } }, 6);
      const data = buildData(config.data, 3);
      const whole = await trainRun(config, { data, outDir: join(dir, 'whole') });
      const half = await trainRun(config, { data, outDir: join(dir, 'half'), stopAtEpoch: 3 });
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

describe('head-only L2 (train.headL2)', () => {
  it('adds exactly 2λW to the heads’ weight gradient and nothing elsewhere', async () => {
    const lambda = 0.05;
    const lr = 0.1;
    const run = async (headL2: number) => {
      const config = validateRunConfig({ ...theoremConfig(4, { headL2, optimizer: { type: 'sgd', lr, momentum: 0 } }, 1), data: { dataset: 'onehot', tasks: [{ family: 'indicator' }], nTrain: 32, nVal: 8, nTest: 8, nHeldout: 8 } });
      const data = buildData(config.data, 4);
      const t = new Trainer(config, data);
      const before = new Map(t.model.namedParameters().map((p) => [p.name, p.tensor.toArray()]));
      await t.run(); // one step: nTrain = batchSize
      const after = new Map(t.model.namedParameters().map((p) => [p.name, p.tensor.toArray()]));
      t.dispose();
      return { before, after };
    };
    const plain = await run(0);
    const penalized = await run(lambda);
    for (const [name, w0] of penalized.before) {
      const d = penalized.after.get(name)!.map((w, i) => w - plain.after.get(name)![i]);
      const expected = name === 'heads.0.weight' ? w0.map((w) => -lr * 2 * lambda * w) : w0.map(() => 0);
      d.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) < 1e-6, `${name}[${i}]: ${x} vs ${expected[i]}`));
    }
  });
});

describe('idle units as free room (train.regroup.idleFree)', () => {
  // One-hot A (3 values) and B (3 values), a linear encoder, WTA 2 × 4. Group 0 holds A's three
  // detectors and a foreign detector of b2; group 1 holds b0, a unit for "b1 or b2", and two idle
  // copies of those (bias −0.5: they fire like their twins but never win). Every regrouping of these
  // units costs at least as much as the current one while idle copies cost what their twins cost,
  // so without idleFree b2 stays in the foreign group; with it the idle copies cost nothing and b2
  // joins its factor's group.
  const setUp = (idleFree: boolean) => {
    const config = validateRunConfig({
      seed: 1,
      data: { dataset: 'onehot', onehot: { cardinalities: [3, 3] }, tasks: [{ family: 'indicator' }], nTrain: 900, nVal: 64, nTest: 64, nHeldout: 0, heldoutFraction: 0 },
      model: { encoder: { type: 'mlp', hidden: [] }, bottleneck: { variant: 'wta', groups: 2, units: 4 }, heads: { type: 'linear' } },
      train: { epochs: 1, batchSize: 32, optimizer: { type: 'sgd', lr: 0.1, momentum: 0 }, regroup: { every: 1, ...(idleFree ? { idleFree: true } : {}) } },
    });
    const data = buildData(config.data, 1);
    const t = new Trainer(config, data);
    const H = 8;
    const w = t.model.bottleneck.projection.weight.data();
    const b = t.model.bottleneck.projection.bias.data();
    w.fill(0);
    b.fill(0);
    const set = (input: number, unit: number, v: number) => { w[input * H + unit] = v; };
    // inputs: a0 a1 a2 = 0 1 2, b0 b1 b2 = 3 4 5
    // group 0: a0 a1 a2 (each −1/3 on b2) and a foreign b2 detector (bias 0.5): it wins when b = 2, and
    // every group's pre-activations sum to a constant, so the lift sees the clean detectors.
    set(0, 0, 1); set(1, 1, 1); set(2, 2, 1); for (let u = 0; u < 3; u++) set(5, u, -1 / 3); set(5, 3, 1); b[3] = 0.5;
    set(3, 4, 1); set(4, 5, 1); set(5, 5, 1); // group 1: b0, "b1 or b2"
    set(3, 6, 1); b[6] = -0.5; set(4, 7, 1); set(5, 7, 1); b[7] = -0.5; // idle copies
    return { t, data, config };
  };
  const groupOfB2 = (t: Trainer): number => {
    const w = t.model.bottleneck.projection.weight.data();
    const b = t.model.bottleneck.projection.bias.data();
    for (let u = 0; u < 8; u++) if (w[5 * 8 + u] === 1 && b[u] === 0.5) return Math.floor(u / 4);
    return -1;
  };
  for (const idleFree of [false, true]) {
    it(`${idleFree ? 'with' : 'without'} idleFree, the foreign b2 detector ${idleFree ? 'moves to' : 'stays out of'} B's group`, async () => {
      const { t, data, config } = setUp(idleFree);
      try {
        const { regroupUnits } = await import('../../src/train/regroup-step.js');
        assert.equal(groupOfB2(t), 0);
        regroupUnits(t.model, t.optimizer, data.train.x, data.train.n, config.train.regroup!, 1, 1);
        const wB2 = groupOfB2(t);
        const wB0 = (() => { const w = t.model.bottleneck.projection.weight.data(); for (let u = 0; u < 8; u++) if (w[3 * 8 + u] === 1 && t.model.bottleneck.projection.bias.data()[u] === 0) return Math.floor(u / 4); return -1; })();
        if (idleFree) assert.equal(wB2, wB0, 'b2 detector in the group of the b0 detector');
        else assert.notEqual(wB2, wB0, 'b2 detector stays apart from the b0 detector');
      } finally {
        t.dispose();
      }
    });
  }
  it('is absent from a config unless true', () => {
    const rg = (r: Record<string, unknown>) => validateRunConfig({ model: { bottleneck: { variant: 'wta' } }, train: { regroup: r } }).train.regroup!;
    assert.equal('idleFree' in rg({ every: 3 }), false);
    assert.equal('idleFree' in rg({ every: 3, idleFree: false }), false);
    assert.equal(rg({ every: 3, idleFree: true }).idleFree, true);
    assert.throws(() => rg({ every: 3, idleFree: 1 }), /train\.regroup\.idleFree/);
  });
});
