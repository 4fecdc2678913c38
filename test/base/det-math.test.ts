import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { detExp, detLog } from '../../src/base/det-math.js';

// detExp/detLog must be accurate (what Math.exp/Math.log give, to an ulp or two: engines
// differ by that much) and handle the edge cases like Math does. That they give the same bits
// in every engine is checked where other engines run: test/runtime-*.test.ts and the browser tests.

const f = new Float64Array(2);
const bits = new BigInt64Array(f.buffer);
function ulps(a: number, b: number): number {
  f[0] = a;
  f[1] = b;
  return Math.abs(Number(bits[0] - bits[1]));
}

describe('detExp / detLog', () => {
  it('are within 2 ulps of Math.exp / Math.log over their whole range', () => {
    fc.assert(fc.property(fc.double({ min: -745, max: 709.7, noNaN: true }), (x) => ulps(detExp(x), Math.exp(x)) <= 2), { numRuns: 20_000 });
    fc.assert(fc.property(fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true, minExcluded: true }), (x) => ulps(detLog(x), Math.log(x)) <= 2), { numRuns: 20_000 });
    // The arguments softmax losses give them: exp of (logit − max) ≤ 0, log of a sum ≥ 1.
    fc.assert(fc.property(fc.double({ min: -60, max: 0, noNaN: true }), fc.double({ min: 1, max: 1000, noNaN: true }),
      (x, s) => ulps(detExp(x), Math.exp(x)) <= 1 && ulps(detLog(s), Math.log(s)) <= 1), { numRuns: 20_000 });
  });

  it('invert each other', () => {
    fc.assert(fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (x) => Math.abs(detLog(detExp(x)) - x) <= 4 * Number.EPSILON * Math.max(1, Math.abs(x))));
  });

  it('handle edge cases as Math does', () => {
    assert.equal(detExp(0), 1);
    assert.equal(detExp(-0), 1);
    assert.equal(detExp(-Infinity), 0);
    assert.equal(detExp(Infinity), Infinity);
    assert.equal(detExp(710), Infinity);
    assert.equal(detExp(-746), 0);
    assert.ok(detExp(-740) > 0 && detExp(-740) < 1e-320, 'subnormal results');
    assert.ok(Number.isNaN(detExp(NaN)));
    assert.equal(detLog(1), 0);
    assert.equal(detLog(0), -Infinity);
    assert.equal(detLog(-0), -Infinity);
    assert.ok(Number.isNaN(detLog(-1)));
    assert.ok(Number.isNaN(detLog(NaN)));
    assert.equal(detLog(Infinity), Infinity);
    assert.equal(detLog(2), Math.LN2);
    assert.equal(ulps(detLog(Number.MIN_VALUE), Math.log(Number.MIN_VALUE)) <= 1, true);
  });
});
