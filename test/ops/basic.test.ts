import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { add } from '../../src/ops/add.js';
import { matmul } from '../../src/ops/matmul.js';
import { sum } from '../../src/ops/reduce.js';
import { fromArray } from '../../src/tensor/tensor.js';
import { checkGradient } from '../helpers/gradcheck.js';

const values = (n: number) => fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n });
const dim = fc.integer({ min: 1, max: 13 });

function refMatmul(a: Float64Array, b: Float64Array, m: number, n: number, k: number, tA: boolean, tB: boolean): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (tA ? a[p * m + i] : a[i * k + p]) * (tB ? b[j * k + p] : b[p * n + j]);
      c[i * n + j] = s;
    }
  return c;
}

describe('matmul', () => {
  it('matches float64 values and gradients for every transpose combination', () => {
    fc.assert(
      fc.property(dim, dim, dim, fc.boolean(), fc.boolean(), fc.integer(), (m, n, k, tA, tB, seed) => {
        const aShape = tA ? [k, m] : [m, k];
        const bShape = tB ? [n, k] : [k, n];
        const r = (i: number) => Array.from({ length: i }, (_, j) => Math.sin(seed + j * 1.7 + i));
        checkGradient({
          inputs: [r(m * k), r(k * n).map((v) => v * 0.5)],
          shapes: [aShape, bShape],
          forward: ([a, b]) => matmul(a, b, { transA: tA, transB: tB }),
          reference: ([a, b]) => refMatmul(a, b, m, n, k, tA, tB),
          seed,
        });
      }),
      { numRuns: 60 },
    );
  });

  it('names the op and both shapes when inner dimensions differ', () => {
    const a = fromArray([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = fromArray([1, 2, 3, 4], [2, 2]);
    assert.throws(() => matmul(a, b), /matmul: inner dimensions 3 and 2 differ .*\[2, 3\] and \[2, 2\]/);
  });
});

describe('add', () => {
  it('adds same-shaped tensors with gradient to both', () => {
    fc.assert(
      fc.property(dim, dim, values(169), values(169), (r, c, x, y) => {
        checkGradient({
          inputs: [x.slice(0, r * c), y.slice(0, r * c)],
          shapes: [[r, c], [r, c]],
          forward: ([a, b]) => add(a, b),
          reference: ([a, b]) => a.map((v, i) => v + b[i]),
        });
      }),
      { numRuns: 40 },
    );
  });

  it('broadcasts a bias over rows and sums its gradient over rows', () => {
    fc.assert(
      fc.property(dim, dim, values(169), values(13), (r, c, x, bias) => {
        checkGradient({
          inputs: [x.slice(0, r * c), bias.slice(0, c)],
          shapes: [[r, c], [c]],
          forward: ([a, b]) => add(a, b),
          reference: ([a, b]) => a.map((v, i) => v + b[i % c]),
        });
      }),
      { numRuns: 40 },
    );
  });

  it('accumulates the gradient of a tensor used twice', () => {
    checkGradient({
      inputs: [[1, -2, 3, 0.5]],
      shapes: [[2, 2]],
      forward: ([a]) => add(a, a),
      reference: ([a]) => a.map((v) => 2 * v),
    });
  });

  it('rejects a bias of the wrong length, naming both shapes', () => {
    const a = fromArray([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = fromArray([1, 2], [2]);
    assert.throws(() => add(a, b), /add: .*\[2, 3\] and \[2\]/);
  });
});

describe('sum', () => {
  it('sums every element; gradient is all ones', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), values(100), (n, x) => {
        checkGradient({
          inputs: [x.slice(0, n)],
          shapes: [[n]],
          forward: ([a]) => sum(a),
          reference: ([a]) => Float64Array.of(a.reduce((s, v) => s + v, 0)),
        });
      }),
      { numRuns: 40 },
    );
  });
});
