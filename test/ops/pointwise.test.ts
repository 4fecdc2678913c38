import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { relu, sigmoid, tanh } from '../../src/ops/activation.js';
import { mul, scale, sub } from '../../src/ops/elementwise.js';
import { mean } from '../../src/ops/reduce.js';
import { fromArray } from '../../src/tensor/tensor.js';
import { checkGradient } from '../helpers/gradcheck.js';

// Gradient tolerances: checkGradient's defaults (forward 1e-4 relative, directional
// derivative 2e-3 relative to ‖g‖·‖v‖), float64 central differences with h = 1e-5.

const dim = fc.integer({ min: 1, max: 11 });
const shape2 = fc.tuple(dim, dim);
const vals = (n: number, lim = 3) => fc.array(fc.double({ min: -lim, max: lim, noNaN: true }), { minLength: n, maxLength: n });
/** Values at least `gap` away from 0 (relu's kink), either sign. */
const awayFromZero = (n: number, gap = 0.05) =>
  fc.array(fc.tuple(fc.boolean(), fc.double({ min: gap, max: 3, noNaN: true })).map(([s, v]) => (s ? v : -v)), { minLength: n, maxLength: n });

const withShape = <T>(arb: (n: number) => fc.Arbitrary<T>) =>
  shape2.chain(([r, c]) => arb(r * c).map((v) => ({ shape: [r, c], v })));

describe('sub', () => {
  it('matches a − b with gradients g and −g', () => {
    fc.assert(
      fc.property(shape2.chain(([r, c]) => fc.tuple(fc.constant([r, c] as number[]), vals(r * c), vals(r * c))), ([shape, a, b]) => {
        checkGradient({
          inputs: [a, b], shapes: [shape, shape],
          forward: ([x, y]) => sub(x, y),
          reference: ([x, y]) => x.map((v, i) => v - y[i]),
        });
      }),
      { numRuns: 40 },
    );
  });
  it('rejects different shapes, naming both', () => {
    assert.throws(() => sub(fromArray([1, 2, 3, 4, 5, 6], [2, 3]), fromArray([1, 2, 3, 4, 5, 6], [3, 2])),
      /^Error: wtanet: sub: .*\(got \[2, 3\] and \[3, 2\]\)$/);
  });
});

describe('mul', () => {
  it('matches a ⊙ b with gradients g ⊙ b and g ⊙ a', () => {
    fc.assert(
      fc.property(shape2.chain(([r, c]) => fc.tuple(fc.constant([r, c] as number[]), vals(r * c), vals(r * c))), ([shape, a, b]) => {
        checkGradient({
          inputs: [a, b], shapes: [shape, shape],
          forward: ([x, y]) => mul(x, y),
          reference: ([x, y]) => x.map((v, i) => v * y[i]),
        });
      }),
      { numRuns: 40 },
    );
  });
  it('accumulates the gradient of x·x (used twice): 2x', () => {
    checkGradient({ inputs: [[1.5, -2, 0.25]], shapes: [[3]], forward: ([x]) => mul(x, x), reference: ([x]) => x.map((v) => v * v) });
  });
  it('rejects different shapes, naming both', () => {
    assert.throws(() => mul(fromArray([1, 2], [2]), fromArray([1, 2, 3], [3])), /wtanet: mul: .*\(got \[2\] and \[3\]\)/);
  });
});

describe('scale', () => {
  it('matches s·x with gradient s·g', () => {
    fc.assert(
      fc.property(withShape((n) => vals(n)), fc.double({ min: -4, max: 4, noNaN: true }), ({ shape, v }, s) => {
        const sf = Math.fround(s);
        checkGradient({ inputs: [v], shapes: [shape], forward: ([x]) => scale(x, s), reference: ([x]) => x.map((e) => sf * e) });
      }),
      { numRuns: 40 },
    );
  });
});

describe('relu', () => {
  it('matches max(x, 0) with gradient routed where x > 0 (inputs ≥ 0.05 from the kink)', () => {
    fc.assert(
      fc.property(withShape((n) => awayFromZero(n)), fc.integer(), ({ shape, v }, seed) => {
        checkGradient({ inputs: [v], shapes: [shape], seed, forward: ([x]) => relu(x), reference: ([x]) => x.map((e) => Math.max(e, 0)) });
      }),
      { numRuns: 40 },
    );
  });
});

describe('sigmoid', () => {
  it('matches 1/(1+e^−x) and its derivative', () => {
    fc.assert(
      fc.property(withShape((n) => vals(n, 8)), fc.integer(), ({ shape, v }, seed) => {
        checkGradient({ inputs: [v], shapes: [shape], seed, forward: ([x]) => sigmoid(x), reference: ([x]) => x.map((e) => 1 / (1 + Math.exp(-e))) });
      }),
      { numRuns: 40 },
    );
  });
});

describe('tanh', () => {
  it('matches tanh and its derivative', () => {
    fc.assert(
      fc.property(withShape((n) => vals(n, 4)), fc.integer(), ({ shape, v }, seed) => {
        checkGradient({ inputs: [v], shapes: [shape], seed, forward: ([x]) => tanh(x), reference: ([x]) => x.map(Math.tanh) });
      }),
      { numRuns: 40 },
    );
  });
});

describe('mean', () => {
  it('matches the float64 mean; gradient 1/n everywhere', () => {
    fc.assert(
      fc.property(withShape((n) => vals(n)), fc.integer(), ({ shape, v }, seed) => {
        checkGradient({
          inputs: [v], shapes: [shape], seed, forward: ([x]) => mean(x),
          reference: ([x]) => Float64Array.of(x.reduce((s, e) => s + e, 0) / x.length),
        });
      }),
      { numRuns: 40 },
    );
  });
});
