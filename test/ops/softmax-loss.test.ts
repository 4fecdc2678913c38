import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bceWithLogits, mse, softmaxCrossEntropy } from '../../src/ops/loss.js';
import { logSoftmax, softmax } from '../../src/ops/softmax.js';
import { fromArray, fromInts } from '../../src/tensor/tensor.js';
import { checkGradient } from '../helpers/gradcheck.js';

// Tolerances: checkGradient's defaults — forward 1e-4 relative to (1 + |ref|), directional
// derivative 2e-3 relative to ‖g‖·‖v‖ — against float64 references and float64 central
// differences (h = 1e-5).

const dim = fc.integer({ min: 1, max: 11 });
const vals = (n: number, lim = 4) => fc.array(fc.double({ min: -lim, max: lim, noNaN: true }), { minLength: n, maxLength: n });
const tau = fc.double({ min: 0.25, max: 4, noNaN: true });

function refSoftmax(x: Float64Array, rows: number, cols: number, t = 1): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < rows; i++) {
    const row = x.subarray(i * cols, (i + 1) * cols);
    const m = Math.max(...row);
    let s = 0;
    for (let j = 0; j < cols; j++) s += (y[i * cols + j] = Math.exp((row[j] - m) / t));
    for (let j = 0; j < cols; j++) y[i * cols + j] /= s;
  }
  return y;
}

describe('softmax', () => {
  it('matches the float64 softmax at temperature τ over the last axis, with its exact gradient', () => {
    fc.assert(
      fc.property(dim, dim, tau, fc.integer(), (rows, cols, t, seed) => {
        // |x/τ| ≤ 3: a saturated softmax (p ≈ 1 − 1e-6) leaves its f32 gradient only a few
        // correct digits (1 − p cancels), which the relative tolerance cannot express.
        const x = Array.from({ length: rows * cols }, (_, i) => 3 * Math.min(1, t) * Math.sin(seed + 1.3 * i));
        checkGradient({ inputs: [x], shapes: [[rows, cols]], seed, forward: ([a]) => softmax(a, { temperature: t }), reference: ([a]) => refSoftmax(a, rows, cols, Math.fround(t)) });
      }),
      { numRuns: 50 },
    );
  });
  it('handles rank-3 inputs (softmax over the last axis)', () => {
    checkGradient({ inputs: [[1, 2, 3, -1, 0, 5, 2, 2, 2, 0.5, -3, 1]], shapes: [[2, 2, 3]], forward: ([a]) => softmax(a), reference: ([a]) => refSoftmax(a, 4, 3) });
  });
  it('rejects a non-positive temperature', () => {
    assert.throws(() => softmax(fromArray([1, 2], [1, 2]), { temperature: 0 }), /wtanet: softmax: temperature must be a positive finite number, got 0/);
  });
});

describe('logSoftmax', () => {
  it('matches x − logsumexp(x) with its exact gradient', () => {
    fc.assert(
      fc.property(dim, dim, fc.integer(), (rows, cols, seed) => {
        const x = Array.from({ length: rows * cols }, (_, i) => 5 * Math.sin(seed + 0.7 * i));
        checkGradient({ inputs: [x], shapes: [[rows, cols]], seed, forward: ([a]) => logSoftmax(a), reference: ([a]) => refSoftmax(a, rows, cols).map(Math.log) });
      }),
      { numRuns: 50 },
    );
  });
});

describe('softmaxCrossEntropy', () => {
  const refSce = (x: Float64Array, labels: number[], rows: number, cols: number) => {
    const p = refSoftmax(x, rows, cols);
    let s = 0;
    for (let i = 0; i < rows; i++) s -= Math.log(p[i * cols + labels[i]]);
    return Float64Array.of(s / rows);
  };
  it('is the mean negative log-likelihood with gradient (p − onehot)/n', () => {
    fc.assert(
      fc.property(dim, dim, fc.integer(), (rows, cols, seed) => {
        const x = Array.from({ length: rows * cols }, (_, i) => 4 * Math.sin(seed + 2.1 * i));
        const labels = Array.from({ length: rows }, (_, i) => Math.abs(seed + 7 * i) % cols);
        checkGradient({
          inputs: [x], shapes: [[rows, cols]], seed,
          forward: ([a]) => softmaxCrossEntropy(a, fromInts(labels)),
          reference: ([a]) => refSce(a, labels, rows, cols),
        });
      }),
      { numRuns: 50 },
    );
  });
  it('stays finite for logits of magnitude 1e4', () => {
    const loss = softmaxCrossEntropy(fromArray([1e4, -1e4, 0, 1e4], [2, 2]), fromInts([1, 0])).toArray()[0];
    assert.ok(Math.abs(loss - (2e4 + 1e4) / 2) < 1, `loss ${loss}`);
  });
  it('rejects out-of-range labels, non-integer label tensors and mismatched shapes', () => {
    const x = fromArray([1, 2, 3, 4, 5, 6], [2, 3]);
    assert.throws(() => softmaxCrossEntropy(x, fromInts([0, 3])), /wtanet: softmaxCrossEntropy: label 3 at row 1 is outside \[0, 3\)/);
    assert.throws(() => softmaxCrossEntropy(x, fromInts([-1, 0])), /label -1 at row 0/);
    assert.throws(() => softmaxCrossEntropy(x, fromArray([0, 1], [2])), /softmaxCrossEntropy: labels must be an i32 tensor/);
    assert.throws(() => softmaxCrossEntropy(x, fromInts([0, 1, 2])), /wtanet: softmaxCrossEntropy: .*\(got \[2, 3\] and \[3\]\)/);
    assert.throws(() => softmaxCrossEntropy(fromArray([1, 2, 3], [3]), fromInts([0])), /softmaxCrossEntropy: .*\(got \[3\] and \[1\]\)/);
  });
});

describe('bceWithLogits', () => {
  it('matches the mean of −t·log σ(x) − (1−t)·log(1−σ(x)), gradients to logits and targets', () => {
    fc.assert(
      fc.property(dim, dim, fc.integer(), (rows, cols, seed) => {
        const n = rows * cols;
        const x = Array.from({ length: n }, (_, i) => 6 * Math.sin(seed + 1.1 * i));
        const t = Array.from({ length: n }, (_, i) => 0.5 + 0.5 * Math.cos(seed * 3 + i));
        checkGradient({
          inputs: [x, t], shapes: [[rows, cols], [rows, cols]], seed,
          forward: ([a, b]) => bceWithLogits(a, b),
          reference: ([a, b]) => {
            let s = 0;
            for (let i = 0; i < n; i++) {
              const p = 1 / (1 + Math.exp(-a[i]));
              s += -b[i] * Math.log(p) - (1 - b[i]) * Math.log(1 - p);
            }
            return Float64Array.of(s / n);
          },
        });
      }),
      { numRuns: 50 },
    );
  });
  it('stays finite for |logits| = 100 (where log σ underflows naively)', () => {
    const loss = bceWithLogits(fromArray([100, -100], [2]), fromArray([0, 1], [2])).toArray()[0];
    assert.ok(Math.abs(loss - 100) < 1e-3, `loss ${loss}`);
  });
  it('rejects different shapes, naming both', () => {
    assert.throws(() => bceWithLogits(fromArray([1, 2], [2, 1]), fromArray([1, 0], [1, 2])), /wtanet: bceWithLogits: .*\(got \[2, 1\] and \[1, 2\]\)/);
  });
});

describe('mse', () => {
  it('matches mean((a − b)²) with gradients ±2(a − b)/n', () => {
    fc.assert(
      fc.property(dim, dim, fc.integer(), (rows, cols, seed) => {
        const n = rows * cols;
        checkGradient({
          inputs: [Array.from({ length: n }, (_, i) => Math.sin(seed + i)), Array.from({ length: n }, (_, i) => Math.cos(seed - 2 * i))],
          shapes: [[rows, cols], [rows, cols]], seed,
          forward: ([a, b]) => mse(a, b),
          reference: ([a, b]) => Float64Array.of(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / n),
        });
      }),
      { numRuns: 50 },
    );
  });
  it('rejects different shapes, naming both', () => {
    assert.throws(() => mse(fromArray([1, 2, 3], [3]), fromArray([1, 2], [2])), /wtanet: mse: .*\(got \[3\] and \[2\]\)/);
  });
});
