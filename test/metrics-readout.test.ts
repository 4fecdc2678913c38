import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../src/data/prng.js';
import { factorVariables, groupWinners } from '../src/metrics/discretize.js';
import { fewShotAccuracy } from '../src/metrics/fewshot.js';
import { entropy, mutualInformation } from '../src/metrics/info.js';
import { infoE } from '../src/metrics/infoe.js';
import { probe } from '../src/metrics/probe.js';
import { computeAllMetrics } from '../src/metrics/report.js';
import { scratch } from '../src/tensor/context.js';
import { bijectionCode, entangledExplicitCode, factorial, oneHot, perfectCode } from './helpers/metric-codes.js';

const fx = factorial([3, 4, 2], 2);
const G = 3;
const U = 4;
const vars = factorVariables(fx.z, fx.n, 3);
const groupsOf = (codes: Float32Array, groups = G, size = U) => groupWinners({ codes, n: fx.n, d: groups * size, groups, kind: 'wta' });

describe('InfoE', () => {
  it('reaches 1 on a perfect code', () => {
    const r = infoE(groupsOf(perfectCode(fx, U)), vars);
    for (const v of r.perFactor) assert.ok(v > 0.999, `InfoE term ${v}`);
  });

  it('trains the readout to the known optimum: with one group the MLE log-loss is H(y | c)', () => {
    // A single categorical input, one-hot: the saturated model, whose training loss is exactly H(y|c).
    const rng = new Rng(4, 'noisy');
    const winners = Int32Array.from({ length: fx.n }, (_, i) => (rng.uniform() < 0.7 ? fx.z[i * 3 + 1] : rng.int(4)));
    const [group] = groupsOf(oneHot(winners, fx.n, 1, 4), 1, 4);
    const r = infoE([group], [vars[1]]);
    const conditional = entropy(vars[1]) - mutualInformation(vars[1], group);
    assert.ok(Math.abs(r.trainLoss[0] - conditional) < 2e-3, `${r.trainLoss[0]} vs H(y|c) = ${conditional}`);
  });

  it('is high for an entangled but explicit code while InfoM and MIG are low', () => {
    const { codes, size } = entangledExplicitCode(fx, 3, 1);
    const r = computeAllMetrics({ codes, n: fx.n, d: 3 * size, groups: 3, z: fx.z, factors: fx.factors, kind: 'wta' }, { fewShotK: [], dci: false });
    assert.ok(r.infoE!.infoE > 0.99, `InfoE ${r.infoE!.infoE}`);
    assert.ok(r.group.infoM < 0.2, `InfoM ${r.group.infoM}`);
    assert.ok(r.group.mig < 0.05, `MIG ${r.group.mig}`);
  });

  it('stays well below 1 for a random bijection over the same groups (not linearly decodable per group)', () => {
    for (const seed of [1, 2]) {
      const r = infoE(groupsOf(bijectionCode(fx, U, seed)), vars);
      assert.ok(r.infoE < 0.6, `InfoE ${r.infoE}`);
    }
  });

  it('is 0 for a constant code, and the steps leave the scratch arena where they found it', () => {
    const before = scratch().bytesInUse;
    const r = infoE(groupsOf(new Float32Array(fx.n * G * U)), vars);
    assert.deepEqual(r.perFactor.map((v) => Math.round(v * 1e6)), [0, 0, 0]);
    assert.equal(scratch().bytesInUse, before);
  });
});

describe('few-shot transfer', () => {
  const big = factorial([3, 4, 2], 6);
  const half = big.n / 2;
  const split = (codes: Float32Array, f: number, lo: number, hi: number) => ({
    x: codes.slice(lo * 12, hi * 12), n: hi - lo, d: 12,
    y: Int32Array.from({ length: hi - lo }, (_, i) => big.z[(lo + i) * 3 + f]),
  });
  it('decodes a factor of a perfect code from 5 samples per class, and beats chance from 1', () => {
    const codes = perfectCode(big, U);
    for (const k of [5, 20]) assert.equal(fewShotAccuracy(split(codes, 1, 0, half), split(codes, 1, half, big.n), 4, k, 1), 1);
    // With one sample per class every unit a sample uses appears once with one label: the units of
    // the other groups look exactly as predictive as the right one, so 1-shot is ambiguous.
    const one = fewShotAccuracy(split(codes, 1, 0, half), split(codes, 1, half, big.n), 4, 1, 1);
    assert.ok(one > 0.5, `1-shot ${one}`);
  });
  it('stays near chance on a random code', () => {
    const rng = new Rng(2, 'random-code');
    const codes = oneHot(Int32Array.from({ length: big.n * 3 }, () => rng.int(4)), big.n, 3, 4);
    const acc = fewShotAccuracy(split(codes, 1, 0, half), split(codes, 1, half, big.n), 4, 5, 1);
    assert.ok(acc < 0.45, `accuracy ${acc}`);
  });
});

describe('linear vs MLP probe', () => {
  it('an MLP probe solves XOR-of-signs that a linear probe cannot', () => {
    const make = (n: number, seed: number) => {
      const rng = new Rng(seed, 'xor');
      const x = Float32Array.from({ length: n * 2 }, () => rng.uniform() * 2 - 1);
      const y = Int32Array.from({ length: n }, (_, i) => ((x[2 * i] > 0) !== (x[2 * i + 1] > 0) ? 1 : 0));
      return { x, n, d: 2, y };
    };
    const train = make(400, 1);
    const test = make(400, 2);
    const linear = probe(train, test, 2);
    const mlp = probe(train, test, 2, { hidden: [16], seed: 3, steps: 800, lr: 0.02 });
    assert.ok(linear.testAccuracy < 0.7, `linear ${linear.testAccuracy}`);
    assert.ok(mlp.testAccuracy > 0.9, `mlp ${mlp.testAccuracy}`);
  });
});

describe('computeAllMetrics', () => {
  it('returns a JSON round-trippable report with every number finite', () => {
    const r = computeAllMetrics({ codes: perfectCode(fx, U), n: fx.n, d: 12, groups: 3, z: fx.z, factors: fx.factors, kind: 'wta' });
    const back = JSON.parse(JSON.stringify(r));
    assert.deepEqual(back, r);
    assert.ok(r.infoE!.infoE > 0.999);
    assert.deepEqual(r.fewShot!.map((s) => s.k), [1, 5, 20]);
    assert.equal(r.fewShot![2].accuracy, 1);
    assert.ok(r.fewShot![0].accuracy > 0.5);
  });
});
