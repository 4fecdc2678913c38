import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { meanCI, pairedTest, studentTCdf, studentTQuantile } from '../../src/metrics/stats.js';

const close = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe('Student t distribution', () => {
  it('quantiles match published table values', () => {
    // Standard two-sided 95% / 99% critical values (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
    const table: [number, number, number][] = [
      [0.975, 1, 12.706], [0.975, 2, 4.303], [0.975, 4, 2.776], [0.975, 9, 2.262],
      [0.975, 30, 2.042], [0.995, 10, 3.169], [0.95, 2, 2.92], [0.975, 100, 1.984],
    ];
    for (const [p, nu, t] of table) close(studentTQuantile(p, nu), t, 0.0006);
    close(studentTQuantile(0.975, 1e6), 1.959964, 1e-4);
    close(studentTQuantile(0.025, 4), -2.776, 0.0006);
  });

  it('CDF matches the closed forms for 1 and 2 degrees of freedom', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (t) => {
        close(studentTCdf(t, 1), 0.5 + Math.atan(t) / Math.PI, 1e-12);
        close(studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(2 + t * t)), 1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('quantile inverts the CDF', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.integer({ min: 1, max: 60 }), (p, nu) => {
        close(studentTCdf(studentTQuantile(p, nu), nu), p, 1e-9);
      }),
      { numRuns: 100 },
    );
  });
});

describe('meanCI', () => {
  it('is mean ± t(0.975, n−1)·s/√n', () => {
    // Values 1..5: mean 3, s = √2.5, half-width 2.776445·√2.5/√5 = 1.963243.
    const ci = meanCI([1, 2, 3, 4, 5]);
    close(ci.mean, 3, 1e-12);
    close(ci.hi - ci.mean, 2.7764451 * Math.sqrt(2.5) / Math.sqrt(5), 1e-6);
    close(ci.mean - ci.lo, ci.hi - ci.mean, 1e-12);
    assert.equal(ci.n, 5);
  });

  it('gives a zero-width interval for one value and rejects empty or non-finite input', () => {
    assert.deepEqual(meanCI([0.7]), { mean: 0.7, lo: 0.7, hi: 0.7, n: 1 });
    assert.throws(() => meanCI([]), /at least one/);
    assert.throws(() => meanCI([1, NaN]), /value 1 is NaN/);
  });
});

describe('pairedTest', () => {
  it('matches a hand computation', () => {
    // d = (0.5, −0.5, 1, 1, 1): mean 0.6, s² = 1.7/4, t = 0.6/(√0.425/√5) = 2.05798.
    const r = pairedTest([1, 2, 3, 4, 5], [0.5, 2.5, 2, 3, 4]);
    close(r.meanDiff, 0.6, 1e-12);
    close(r.t, 0.6 / (Math.sqrt(0.425) / Math.sqrt(5)), 1e-12);
    close(r.p, 2 * (1 - studentTCdf(r.t, 4)), 1e-12);
    assert.ok(r.p > 0.05 && r.p < 0.15);
  });

  it('agrees with the df = 2 closed form for the p-value', () => {
    const r = pairedTest([3, 5, 4], [1, 2, 2.5]);
    close(r.p, 1 - Math.abs(r.t) / Math.sqrt(2 + r.t * r.t), 1e-12);
  });

  it('handles identical and constant differences without NaN', () => {
    assert.deepEqual(pairedTest([1, 2], [1, 2]), { meanDiff: 0, t: 0, p: 1, n: 2 });
    const r = pairedTest([2, 3, 4], [1, 2, 3]);
    assert.equal(r.p, 0);
    assert.equal(r.t, Infinity);
    assert.throws(() => pairedTest([1], [2]), /two pairs/);
    assert.throws(() => pairedTest([1, 2], [2]), /equally many/);
  });
});
