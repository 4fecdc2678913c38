import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../src/base/prng.js';
import { dciScores } from '../../src/metrics/dci.js';
import { fitForest, predictForest } from '../../src/metrics/forest.js';
import { computeInformationMetrics } from '../../src/metrics/report.js';
import { factorial, oneHot, perfectCode } from '../helpers/metric-codes.js';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe('random forest', () => {
  // y = x0 XOR x1 over 4 binary features (x2, x3 noise): needs depth 2 and both features.
  const n = 200;
  const rng = new Rng(3, 'data');
  const x = Int32Array.from({ length: n * 4 }, () => rng.int(2));
  const y = Int32Array.from({ length: n }, (_, i) => x[i * 4] ^ x[i * 4 + 1]);
  const data = { x, n, p: 4, cards: [2, 2, 2, 2], y, numClasses: 2 };

  it('fits XOR exactly and puts the importance on the two relevant features', () => {
    const forest = fitForest(data, new Rng(1, 'forest'));
    assert.deepEqual(Array.from(predictForest(forest, x, n)), Array.from(y));
    // Greedy Gini sees no gain from x0 or x1 alone on XOR, so a first split may use noise: most, not all.
    assert.ok(forest.importance[0] + forest.importance[1] > 0.9);
    assert.ok(forest.importance[0] > 0.2 && forest.importance[1] > 0.2);
  });

  it('is deterministic for a seed and splits only on tried features with featuresPerSplit', () => {
    const a = fitForest(data, new Rng(5, 'forest'), { featuresPerSplit: 2 });
    const b = fitForest(data, new Rng(5, 'forest'), { featuresPerSplit: 2 });
    assert.deepEqual(Array.from(a.importance), Array.from(b.importance));
    close(a.importance.reduce((s, v) => s + v, 0), 1);
  });

  it('makes no split on a constant feature set', () => {
    const flat = fitForest({ ...data, x: new Int32Array(n * 4) }, new Rng(1, 'forest'));
    assert.deepEqual(Array.from(flat.importance), [0, 0, 0, 0]);
  });
});

describe('DCI scores from an importance matrix', () => {
  it('match a hand computation', () => {
    // Code 0 → (0.6, 0.2), code 1 → (0, 0.2); total 1.
    // D: ρ = (0.8, 0.2); H_2(0.75, 0.25) = 0.811278; D = 0.8·(1 − 0.811278) + 0.2·1 = 0.350978.
    // C: ρ_f = (0.6, 0.4); col 0 → H = 0 → 1; col 1 → (0.5, 0.5) → 0; C = 0.6.
    const h = -(0.75 * Math.log2(0.75) + 0.25 * Math.log2(0.25));
    const r = dciScores([[0.6, 0.2], [0, 0.2]], [true, true]);
    close(r.disentanglement, 0.8 * (1 - h) + 0.2);
    close(r.completeness, 0.6);
  });

  it('give 0 for a zero matrix and 1 − H = 1 for one factor or one active code', () => {
    assert.deepEqual(dciScores([[0, 0], [0, 0]], [true, true]), { disentanglement: 0, completeness: 0 });
    close(dciScores([[0.3], [0.7]], [true, true]).disentanglement, 1);
    close(dciScores([[0.3, 0.7], [0, 0]], [true, false]).completeness, 1);
  });
});

describe('DCI on codes with known answers', () => {
  const fx = factorial([4, 4, 4], 3);
  const run = (codes: Float32Array) =>
    computeInformationMetrics({ codes, n: fx.n, d: 12, groups: 3, z: fx.z, factors: fx.factors, kind: 'wta' }, { seed: 1 }).report;

  it('is ≈ 1 on a perfect code', () => {
    const { dci } = run(perfectCode(fx, 4)).group;
    close(dci!.disentanglement, 1, 1e-6);
    close(dci!.completeness, 1, 1e-6);
    close(dci!.informativeness, 1);
  });

  it('is low on a random code, with chance informativeness', () => {
    const rng = new Rng(9, 'random-code');
    const winners = Int32Array.from({ length: fx.n * 3 }, () => rng.int(4));
    const { dci } = run(oneHot(winners, fx.n, 3, 4)).group;
    assert.ok(dci!.disentanglement < 0.1, `D ${dci!.disentanglement}`);
    assert.ok(dci!.completeness < 0.1, `C ${dci!.completeness}`);
    assert.ok(dci!.informativenessAboveChance < 0.15, `I ${dci!.informativenessAboveChance}`);
  });

  it('splits importance between duplicated groups (C ≈ 1 − log 2 / log 8, as scikit-learn forests), not by index', () => {
    // 4 factors × 4 values, perfect code, every group present twice (8 groups): each factor's
    // importance is shared by its two copies, so C = 1 − H(½, ½)/log 8 = 2/3 and D stays 1.
    const fx4 = factorial([4, 4, 4, 4], 3);
    const p = perfectCode(fx4, 4);
    const dup = new Float32Array(fx4.n * 32);
    for (let i = 0; i < fx4.n; i++) {
      dup.set(p.subarray(i * 16, i * 16 + 16), i * 32);
      dup.set(p.subarray(i * 16, i * 16 + 16), i * 32 + 16);
    }
    for (const seed of [1, 2]) {
      const { dci } = computeInformationMetrics({ codes: dup, n: fx4.n, d: 32, groups: 8, z: fx4.z, factors: fx4.factors, kind: 'wta' }, { seed }).report.group;
      assert.ok(Math.abs(dci!.completeness - 2 / 3) < 0.03, `seed ${seed}: C ${dci!.completeness}`);
      close(dci!.disentanglement, 1, 1e-6);
      for (let g = 0; g < 4; g++) {
        const [a, b] = [dci!.importance[g][g], dci!.importance[g + 4][g]];
        assert.ok(Math.min(a, b) > 0.25 * (a + b), `factor ${g}: copies get ${a} and ${b} (10 trees: a random share each, never 0)`);
      }
    }
  });

  it('is 0 on a constant code, with majority-class informativeness', () => {
    const { dci } = run(new Float32Array(fx.n * 12)).group;
    assert.equal(dci!.disentanglement, 0);
    assert.equal(dci!.completeness, 0);
    assert.equal(dci!.informativenessAboveChance, 0);
  });
});
