import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { backward } from '../../src/autodiff/tape.js';
import { relu, sigmoid, tanh } from '../../src/ops/activation.js';
import { add } from '../../src/ops/add.js';
import { mse, softmaxCrossEntropy } from '../../src/ops/loss.js';
import { groupWinners, kWta, wtaHard, wtaSoft } from '../../src/ops/wta.js';
import { fromArray, fromInts, type Tensor } from '../../src/tensor/tensor.js';
import { checkGradient, lcg } from '../helpers/gradcheck.js';
import { inScratch } from '../helpers/twin.js';

// Layout: x is n × (G·K); group g of row i is the K units at i·G·K + g·K.

const small = fc.integer({ min: 1, max: 6 });
const groupSize = fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 9 }));
/** Tied values are frequent, so the "first maximal index" rule is exercised. */
const tiedOrRandom = (n: number) =>
  fc.oneof(
    fc.array(fc.constantFrom(-1, 0, 0.5, 2), { minLength: n, maxLength: n }),
    fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n, maxLength: n }),
  );


/** Backpropagates seed g through out and returns x's gradient as float32. */
function gradOf(x: Tensor, out: Tensor, g: Float64Array): Float32Array {
  backward(out, fromArray(g, out.shape));
  return x.grad === null ? new Float32Array(x.size) : x.grad.toArray();
}

describe('wtaHard', () => {
  it('forward is exactly one-hot per group, at the first maximal index', () => {
    fc.assert(
      fc.property(small, small, groupSize, (n, groups, size) => fc.assert(fc.property(tiedOrRandom(n * groups * size), (v) => inScratch(() => {
        const x32 = Float32Array.from(v);
        const y = wtaHard(fromArray(x32, [n, groups * size]), groups).toArray();
        for (let q = 0; q < n * groups; q++) {
          const block = x32.subarray(q * size, (q + 1) * size);
          const max = Math.max(...block);
          const first = block.indexOf(max);
          for (let j = 0; j < size; j++) {
            assert.ok(Object.is(y[q * size + j], j === first ? 1 : 0), `group ${q} unit ${j}: ${y[q * size + j]} (winner ${first})`);
          }
        }
      })), { numRuns: 3 })),
      { numRuns: 40 },
    );
  });

  it('backward is the documented straight-through surrogate J_softmax(x/τ)ᵀ·g (float64 reference)', () => {
    fc.assert(
      fc.property(small, small, groupSize, fc.double({ min: 0.2, max: 4, noNaN: true }), fc.integer(), (n, groups, size, tau, seed) =>
        inScratch(() => {
          const rand = lcg(seed);
          const d = n * groups * size;
          const x32 = Float32Array.from({ length: d }, () => 6 * rand());
          const g = Float64Array.from(Float32Array.from({ length: d }, () => 2 * rand()));
          const x = fromArray(x32, [n, groups * size]);
          x.requiresGrad = true;
          const got = gradOf(x, wtaHard(x, groups, tau), g);
          const t = Math.fround(tau);
          let gmax = 0;
          for (const e of g) gmax = Math.max(gmax, Math.abs(e));
          for (let q = 0; q < n * groups; q++) {
            const o = q * size;
            const m = Math.max(...x32.subarray(o, o + size));
            const p = Array.from({ length: size }, (_, j) => Math.exp((x32[o + j] - m) / t));
            const s = p.reduce((a, b) => a + b, 0);
            let dot = 0;
            for (let j = 0; j < size; j++) dot += g[o + j] * (p[j] /= s);
            for (let j = 0; j < size; j++) {
              const want = (p[j] * (g[o + j] - dot)) / t;
              // f32 arithmetic vs float64: 1e-5 of the gradient's scale |g|/τ.
              const tol = 1e-5 * (gmax / t) + 1e-5 * Math.abs(want);
              assert.ok(Math.abs(got[o + j] - want) <= tol, `unit ${o + j}: ${got[o + j]} vs ${want}`);
            }
          }
        }),
      ),
      { numRuns: 60 },
    );
  });

  it('records winners consistent with groupWinners', () => {
    inScratch(() => {
      const x = fromArray([0, 2, 2, 1, /* */ 3, -1, 3, 0], [2, 4]);
      assert.deepEqual(Array.from(groupWinners(x, 2).ints()), [1, 0, 0, 0]);
      assert.deepEqual(groupWinners(x, 2).shape, [2, 2]);
      assert.deepEqual(Array.from(wtaHard(x, 2).toArray()), [0, 1, 1, 0, 1, 0, 1, 0]);
    });
  });

  it('rejects groups that do not divide the last dimension and bad temperatures', () => {
    const x = fromArray(new Float32Array(20), [2, 10]);
    assert.throws(() => wtaHard(x, 3), /^Error: wtanet: wtaHard: last dimension 10 is not divisible into 3 groups \(got \[2, 10\]\)$/);
    assert.throws(() => wtaHard(x, 0), /wtanet: wtaHard: groups must be a positive integer, got 0 \(got \[2, 10\]\)/);
    assert.throws(() => wtaHard(x, 2, -1), /wtanet: wtaHard: temperature must be a positive finite number/);
  });
});

describe('wtaSoft', () => {
  it('is the per-group softmax at τ with its exact gradient', () => {
    fc.assert(
      fc.property(small, small, groupSize, fc.double({ min: 0.25, max: 4, noNaN: true }), fc.integer(), (n, groups, size, tau, seed) => {
        const d = n * groups * size;
        const t = Math.fround(tau);
        checkGradient({
          // |x/τ| ≤ 3 keeps the softmax unsaturated (see ops-softmax-loss.test.ts).
          inputs: [Array.from({ length: d }, (_, i) => 3 * Math.min(1, tau) * Math.sin(seed + 1.9 * i))],
          shapes: [[n, groups * size]], seed,
          forward: ([x]) => wtaSoft(x, groups, tau),
          reference: ([x]) => {
            const y = new Float64Array(d);
            for (let q = 0; q < n * groups; q++) {
              const o = q * size;
              const m = Math.max(...x.subarray(o, o + size));
              let s = 0;
              for (let j = 0; j < size; j++) s += (y[o + j] = Math.exp((x[o + j] - m) / t));
              for (let j = 0; j < size; j++) y[o + j] /= s;
            }
            return y;
          },
        });
      }),
      { numRuns: 50 },
    );
  });

  it('rejects groups that do not divide the last dimension', () => {
    assert.throws(() => wtaSoft(fromArray([1, 2, 3], [1, 3]), 2, 1), /wtanet: wtaSoft: last dimension 3 is not divisible into 2 groups \(got \[1, 3\]\)/);
  });
});

describe('kWta', () => {
  /** Rows of distinct values at least 0.1 apart (no ties, no kinks for finite differences). */
  const distinctRows = (rows: number, cols: number) =>
    fc.array(fc.shuffledSubarray(Array.from({ length: cols }, (_, j) => j), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows })
      .map((perms) => perms.flatMap((p) => p.map((r, j) => 0.3 * r - 1 + 0.01 * Math.sin(j))));

  it('keeps exactly the k largest values per row; gradient flows to the winners only', () => {
    fc.assert(
      fc.property(small, fc.integer({ min: 1, max: 12 }).chain((cols) => fc.tuple(fc.constant(cols), fc.integer({ min: 1, max: cols }))), fc.integer(), (rows, [cols, k], seed) =>
        fc.assert(fc.property(distinctRows(rows, cols), (x) => {
          checkGradient({
            inputs: [x], shapes: [[rows, cols]], seed,
            forward: ([t]) => kWta(t, k),
            reference: ([t]) => {
              const y = new Float64Array(t.length);
              for (let i = 0; i < rows; i++) {
                const row = Array.from(t.subarray(i * cols, (i + 1) * cols));
                const kth = [...row].sort((a, b) => b - a)[k - 1];
                row.forEach((v, j) => { y[i * cols + j] = v >= kth ? v : 0; });
              }
              return y;
            },
          });
        }), { numRuns: 2 }),
      ),
      { numRuns: 40 },
    );
  });

  it('has exactly k nonzeros per row, ties going to the lowest index', () => {
    fc.assert(
      fc.property(small, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), (rows, cols, kk) => {
        const k = Math.min(kk, cols);
        fc.assert(fc.property(fc.array(fc.constantFrom(-2, -1, 1, 3), { minLength: rows * cols, maxLength: rows * cols }), (v) => inScratch(() => {
          const y = kWta(fromArray(v, [rows, cols]), k).toArray();
          for (let i = 0; i < rows; i++) {
            const row = v.slice(i * cols, (i + 1) * cols);
            // Independent rule: stable sort by value descending keeps the lowest indices of ties.
            const winners = new Set(row.map((val, j) => ({ val, j })).sort((a, b) => b.val - a.val).slice(0, k).map((e) => e.j));
            let nonzero = 0;
            for (let j = 0; j < cols; j++) {
              const got = y[i * cols + j];
              if (got !== 0) nonzero++;
              assert.equal(got, winners.has(j) ? row[j] : 0, `row ${i} unit ${j}`);
            }
            assert.equal(nonzero, k, `row ${i}`);
          }
        })), { numRuns: 3 });
      }),
      { numRuns: 40 },
    );
  });

  it('rejects k outside [1, last dimension]', () => {
    const x = fromArray([1, 2, 3, 4, 5, 6], [2, 3]);
    assert.throws(() => kWta(x, 4), /^Error: wtanet: kWta: k must be an integer in \[1, 3\] \(the last dimension\), got 4 \(got \[2, 3\]\)$/);
    assert.throws(() => kWta(x, 0), /kWta: k must be/);
    assert.throws(() => kWta(x, 1.5), /kWta: k must be/);
  });

  it('does not crash on NaN input', () => {
    inScratch(() => {
      const y = kWta(fromArray([NaN, 1, 2, NaN], [1, 4]), 3).toArray();
      assert.deepEqual(Array.from(y), [NaN, 1, 2, 0]);
      // NaN ranks below every number; an all-NaN group falls back to unit 0.
      const h = wtaHard(fromArray([NaN, 1, 5, NaN, NaN, NaN], [1, 6]), 3).toArray();
      assert.deepEqual(Array.from(h), [0, 1, 1, 0, 1, 0]);
    });
  });
});

describe('determinism', () => {
  it('the same forward + backward twice gives bit-identical gradients', () => {
    const run = (): Float32Array => inScratch(() => {
      const rand = lcg(42);
      const x = fromArray(Float32Array.from({ length: 6 * 12 }, () => 4 * rand()), [6, 12]);
      x.requiresGrad = true;
      const h = tanh(x);
      const code = add(wtaHard(h, 3, 0.5), add(wtaSoft(h, 4, 0.7), kWta(h, 5)));
      const loss = add(softmaxCrossEntropy(code, fromInts([0, 3, 11, 5, 7, 2])), mse(sigmoid(code), relu(h)));
      backward(loss);
      return x.grad!.toArray();
    });
    const a = run();
    const b = run();
    assert.ok(a.some((v) => v !== 0));
    assert.deepEqual(new Uint32Array(a.buffer), new Uint32Array(b.buffer));
  });
});
