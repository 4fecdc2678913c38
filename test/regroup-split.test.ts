import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../src/data/prng.js';
import { validateRunConfig } from '../src/experiments/config.js';
import { residualSplits } from '../src/nn/regroup.js';

/**
 * A merged unit: unit 0 of a 1 × 3 group wins the samples of two values (clusters A and B in
 * feature space, told apart only along feature 1, while feature 0 is a larger nuisance), unit 1
 * wins a third value, unit 2 is dead. The tasks' residuals differ between A and B.
 */
function mergedCase(seed: number) {
  const rng = new Rng(seed, 'split-test');
  const n = 600, d = 3, H = 3, c = 4;
  const h = new Float32Array(n * d), pre = new Float32Array(n * H), resid = new Float64Array(n * c), value = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = i % 3; // 0 = A, 1 = B (both won by unit 0), 2 = C (won by unit 1)
    value[i] = v;
    h[i * d] = 3 * rng.normal(); // nuisance
    h[i * d + 1] = (v === 0 ? -1 : v === 1 ? 1 : 0) + 0.2 * rng.normal();
    h[i * d + 2] = (v === 2 ? 1 : 0) + 0.1 * rng.normal();
    pre[i * H] = 1 - 2 * h[i * d + 2] + 0.05 * rng.normal();
    pre[i * H + 1] = 2 * h[i * d + 2] + 0.05 * rng.normal();
    pre[i * H + 2] = -5;
    // Indicator tasks "A" and "B": a merged unit predicts 0.5 for both, so the residual is ±0.5.
    if (v === 0) { resid[i * c] = -0.5; resid[i * c + 1] = 0.5; resid[i * c + 2] = 0.5; resid[i * c + 3] = -0.5; }
    if (v === 1) { resid[i * c] = 0.5; resid[i * c + 1] = -0.5; resid[i * c + 2] = -0.5; resid[i * c + 3] = 0.5; }
  }
  return { h, pre, resid, value, n, d, H, c };
}

describe('informed split of a merged unit (residualSplits)', () => {
  it('gives the dead unit one of the two merged values and leaves the other to the donor', () => {
    for (const seed of [1, 2, 3]) {
      const { h, pre, resid, value, n, d, H, c } = mergedCase(seed);
      const splits = residualSplits(h, d, pre, resid, c, n, 1, 3);
      assert.equal(splits.length, 1);
      const { dead, donor, direction, offset } = splits[0];
      assert.equal(dead, 2);
      assert.equal(donor, 0);
      // Apply the split to a linear map that reproduces pre-activations from features: new
      // pre(dead) = pre(donor) + direction·h − offset, pre(donor) −= direction·h − offset.
      const counts = [[0, 0], [0, 0]]; // [value A/B][winner donor/dead]
      for (let i = 0; i < n; i++) {
        if (value[i] === 2 || pre[i * H] <= pre[i * H + 1]) continue; // only the donor's samples
        let s = -offset;
        for (let a = 0; a < d; a++) s += direction[a] * h[i * d + a];
        const pd = pre[i * H] - s, pn = pre[i * H] + s;
        const others = pre[i * H + 1];
        assert.ok(Math.max(pd, pn) > others, 'the split pair still wins its samples');
        counts[value[i]][pn > pd ? 1 : 0]++;
      }
      // One value goes (almost) entirely to the new unit, the other to the donor.
      const [a, b] = counts;
      const purity = Math.max(a[0] + b[1], a[1] + b[0]) / (a[0] + a[1] + b[0] + b[1]);
      assert.ok(purity >= 0.97, `seed ${seed}: split purity ${purity}`);
    }
  });

  it('splits nothing when no unit is dead', () => {
    const { h, pre, resid, n, d, c } = mergedCase(1);
    for (let i = 0; i < n; i++) if (i % 7 === 0) { pre[i * 3 + 2] = 10; }
    assert.equal(residualSplits(h, d, pre, resid, c, n, 1, 3).length, 0);
  });

  it('is configured by train.regroup.reviveBy / splitFrom, defaults unchanged, bad values named', () => {
    const base = { data: { dataset: 'onehot' }, train: { regroup: { every: 3 } } };
    const d = validateRunConfig(base).train.regroup!;
    assert.equal(d.reviveBy, 'busiest');
    assert.equal(d.splitFrom, 0.4);
    const r = validateRunConfig({ ...base, train: { regroup: { every: 3, reviveBy: 'residual', splitFrom: 0.5 } } }).train.regroup!;
    assert.equal(r.reviveBy, 'residual');
    assert.equal(r.splitFrom, 0.5);
    assert.throws(() => validateRunConfig({ ...base, train: { regroup: { reviveBy: 'random' } } }), /train\.regroup\.reviveBy/);
    assert.throws(() => validateRunConfig({ ...base, train: { regroup: { splitFrom: 2 } } }), /train\.regroup\.splitFrom/);
  });
});
