import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { groupWinners, unitVariables, activeUnits, NUM_BINS } from '../../src/metrics/discretize.js';
import { entropy, mutualInformation, nmiMatrix } from '../../src/metrics/info.js';
import { infoC, infoM, normalizedConcentration } from '../../src/metrics/infomec.js';
import { mig } from '../../src/metrics/mig.js';
import { modularity } from '../../src/metrics/modularity.js';
import { groupWinners as kernelGroupWinners } from '../../src/ops/wta.js';
import { fromArray } from '../../src/tensor/tensor.js';
import { inScratch } from '../helpers/twin.js';

const v = (values: number[], cardinality = Math.max(...values) + 1) => ({ values: Int32Array.from(values), cardinality });
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe('entropy and mutual information', () => {
  it('matches hand-computed values on tiny tables', () => {
    close(entropy(v([0, 1, 0, 1])), Math.log(2));
    close(entropy(v([0, 0, 0, 1])), -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)));
    close(entropy(v([2, 2, 2])), 0);
    // x = (0,0,1,1), y = (0,1,1,1): p(0,0)=1/4, p(0,1)=1/4, p(1,1)=1/2; p_x=(1/2,1/2), p_y=(1/4,3/4).
    const hand = 0.25 * Math.log(0.25 / (0.5 * 0.25)) + 0.25 * Math.log(0.25 / (0.5 * 0.75)) + 0.5 * Math.log(0.5 / (0.5 * 0.75));
    close(mutualInformation(v([0, 0, 1, 1]), v([0, 1, 1, 1])), hand);
    close(hand, 0.21576155433883565, 1e-15);
    // Identical variables: I = H. Independent (product design): I = 0.
    close(mutualInformation(v([0, 1, 2, 0, 1, 2]), v([2, 0, 1, 2, 0, 1])), Math.log(3));
    close(mutualInformation(v([0, 0, 1, 1]), v([0, 1, 0, 1])), 0);
  });

  it('is symmetric, within [0, min(H(x), H(y))] and invariant to relabeling', () => {
    const arb = fc.integer({ min: 1, max: 40 }).chain((n) =>
      fc.tuple(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n })),
    );
    fc.assert(
      fc.property(arb, ([a, b]) => {
        const x = v(a, 5);
        const y = v(b, 4);
        const i = mutualInformation(x, y);
        close(i, mutualInformation(y, x), 1e-12);
        assert.ok(i >= 0 && i <= Math.min(entropy(x), entropy(y)) + 1e-12);
        close(i, mutualInformation(v(a.map((q) => 4 - q), 5), y), 1e-12);
      }),
      { numRuns: 100 },
    );
  });

  it('NMI of a constant factor is 0, not NaN', () => {
    assert.deepEqual(nmiMatrix([v([1, 1, 1], 2)], [v([0, 1, 0])]), [[0]]);
  });
});

describe('discretization', () => {
  it('puts continuous units in 20 equal-width bins over [min, max], the max in the last bin', () => {
    const codes = Float32Array.from([0, 5, 1, 5, 0.5, 5, 0.049, 5]);
    const [u0, u1] = unitVariables({ codes, n: 4, d: 2, groups: 1, kind: 'continuous' });
    assert.equal(u0.cardinality, NUM_BINS);
    assert.deepEqual(Array.from(u0.values), [0, 19, 10, 0]);
    assert.deepEqual(Array.from(u1.values), [0, 0, 0, 0]);
    assert.deepEqual(activeUnits({ codes, n: 4, d: 2, groups: 1, kind: 'continuous' }), [true, false]);
  });

  it('group winners break ties toward the first unit; WTA active units are units that win', () => {
    const codes = Float32Array.from([1, 1, 0, 0, 2, 2, 0, 0]);
    const code = { codes, n: 2, d: 4, groups: 2, kind: 'wta' as const };
    assert.deepEqual(groupWinners(code).map((g) => Array.from(g.values)), [[0, 0], [0, 0]]);
    assert.deepEqual(activeUnits(code), [true, false, true, false]);
  });

  it("group winners equal the WTA kernel's on any finite code, ties included (one rule)", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (n, groups, size, seed) => {
      let x = seed >>> 0;
      // Values from {0, 1, 2}: many ties.
      const codes = Float32Array.from({ length: n * groups * size }, () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) >>> 30) % 3);
      const ours = groupWinners({ codes, n, d: groups * size, groups, kind: 'wta' });
      const kernel = inScratch(() => Array.from(kernelGroupWinners(fromArray(codes, [n, groups * size]), groups).ints()));
      for (let i = 0; i < n; i++) for (let g = 0; g < groups; g++) assert.equal(ours[g].values[i], kernel[i * groups + g]);
    }), { numRuns: 100 });
  });
});

describe('InfoM and InfoC', () => {
  it('are 1 for a permutation NMI matrix and 0 for a uniform one', () => {
    const perm = [[0, 1, 0], [1, 0, 0], [0, 0, 1]];
    const all = [true, true, true];
    close(infoM(perm, all), 1);
    close(infoC(perm, all), 1);
    const flat = [[0.4, 0.4, 0.4], [0.4, 0.4, 0.4], [0.4, 0.4, 0.4]];
    close(infoM(flat, all), 0, 1e-12);
    close(infoC(flat, all), 0, 1e-12);
  });

  it('match a hand computation on a 2 × 2 matrix', () => {
    // Columns: (0.8, 0.2) → r = 0.8 → (0.8 − 0.5)/0.5 = 0.6; (0, 0.6) → 1. InfoM = 0.8.
    // Rows: (0.8, 0) → 1; (0.2, 0.6) → r = 0.75 → 0.5. InfoC = 0.75.
    const m = [[0.8, 0], [0.2, 0.6]];
    close(infoM(m, [true, true]), 0.8);
    close(infoC(m, [true, true]), 0.75);
  });

  it('skip inactive latents and give documented values for F = 1, L = 1 and uninformative latents', () => {
    close(infoM([[0.9, 0.5]], [true, true]), 1); // F = 1: every informative latent scores 1
    close(infoC([[0.9], [0.3]], [true]), 1); // L = 1
    close(infoM([[0.9, 0], [0, 0]], [true, true]), 0.5); // a zero-NMI latent counts at chance
    close(infoC([[0.9, 0.4], [0, 0.2]], [true, false]), 0.5); // latent 1 inactive; factor 1 uninformed
    assert.equal(infoM([[0.1]], [false]), 0);
    assert.equal(normalizedConcentration([0, 0]), 0);
  });
});

describe('MIG', () => {
  it('matches a hand computation', () => {
    // Factor 0: H = ln 2, MI over latents (0.6, 0.2, 0.1) → (0.6 − 0.2)/ln 2.
    // Factor 1: H = ln 4, MI (0.1, 0.1, 1.0) → 0.9/ln 4.
    const factors = [v([0, 1, 0, 1]), v([0, 1, 2, 3])];
    const mi = [[0.6, 0.2, 0.1], [0.1, 0.1, 1.0]];
    close(mig(factors, mi), (0.4 / Math.log(2) + 0.9 / Math.log(4)) / 2);
  });

  it('uses 0 as the runner-up with one latent, and 0 for a constant factor', () => {
    close(mig([v([0, 1])], [[Math.log(2)]]), 1);
    assert.equal(mig([v([1, 1], 2)], [[0]]), 0);
  });
});

describe('modularity', () => {
  it('matches a hand computation', () => {
    // Code 0: m = (0.6, 0.3, 0): θ = 0.6, δ = 0.09/(0.36·2) = 0.125 → 0.875.
    // Code 1: m = (0, 0, 0.5) → 1. Code 2 dead → 0. Mean = 1.875/3.
    const mi = [[0.6, 0, 0], [0.3, 0, 0], [0, 0.5, 0]];
    close(modularity(mi), 1.875 / 3);
  });

  it('scores an informative code 1 when F = 1 and never returns NaN', () => {
    close(modularity([[0.4, 0]]), 0.5);
    assert.equal(modularity([[0, 0], [0, 0]]), 0);
  });
});
