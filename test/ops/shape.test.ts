import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { backward } from '../../src/autodiff/tape.js';
import { kernels } from '../../src/kernels/load.js';
import * as twin from '../../src/kernels/reference/copy2d.js';
import { add } from '../../src/ops/add.js';
import { matmul } from '../../src/ops/matmul.js';
import { sum } from '../../src/ops/reduce.js';
import { concat, flatten, reshape, slice } from '../../src/ops/shape.js';
import { scratch } from '../../src/tensor/context.js';
import { fromArray } from '../../src/tensor/tensor.js';
import { checkGradient, lcg } from '../helpers/gradcheck.js';

const dim = fc.integer({ min: 1, max: 9 });
const randoms = (n: number, seed: number): number[] => {
  const r = lcg(seed);
  return Array.from({ length: n }, () => 4 * r());
};

describe('copy2d kernels', () => {
  it('copy2d equals its TypeScript twin on random strided blocks', () => {
    fc.assert(
      fc.property(dim, dim, fc.nat(5), fc.nat(5), fc.nat(3), fc.nat(3), fc.integer(), (rows, cols, padX, padY, offX, offY, seed) => {
        const mark = scratch().mark();
        try {
          const ldx = cols + padX + offX;
          const ldy = cols + padY + offY;
          const x = fromArray(randoms(rows * ldx, seed), [rows * ldx]);
          const y = fromArray(randoms(rows * ldy, seed + 1), [rows * ldy]);
          const expected = y.toArray();
          twin.copy2d(x.toArray(), offX, ldx, expected, offY, ldy, rows, cols);
          kernels().copy2d(x.ptr + 4 * offX, ldx, y.ptr + 4 * offY, ldy, rows, cols);
          assert.deepEqual(y.toArray(), expected);
        } finally {
          scratch().release(mark);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('swapLeadingAxes equals its TypeScript twin', () => {
    fc.assert(
      fc.property(dim, dim, dim, fc.integer(), (na, nb, inner, seed) => {
        const mark = scratch().mark();
        try {
          const x = fromArray(randoms(na * nb * inner, seed), [na * nb * inner]);
          const y = fromArray(new Float32Array(na * nb * inner), [na * nb * inner]);
          const expected = new Float32Array(x.size);
          twin.swapLeadingAxes(x.toArray(), expected, na, nb, inner);
          kernels().swapLeadingAxes(x.ptr, y.ptr, na, nb, inner);
          assert.deepEqual(y.toArray(), expected);
        } finally {
          scratch().release(mark);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('reshape and flatten', () => {
  it('reshape is a zero-copy view with the input gradient reshaped back', () => {
    fc.assert(
      fc.property(dim, dim, dim, fc.integer(), (a, b, c, seed) => {
        checkGradient({
          inputs: [randoms(a * b * c, seed)],
          shapes: [[a, b, c]],
          forward: ([x]) => {
            const y = reshape(x, [a * b, -1]);
            assert.equal(y.ptr, x.ptr);
            assert.deepEqual(y.shape, [a * b, c]);
            return y;
          },
          reference: ([x]) => x,
          seed,
        });
      }),
      { numRuns: 20 },
    );
  });

  it('flatten gives [n, rest] over the same memory', () => {
    const mark = scratch().mark();
    try {
      const x = fromArray(randoms(2 * 3 * 4 * 5, 3), [2, 3, 4, 5]);
      const y = flatten(x);
      assert.deepEqual(y.shape, [2, 60]);
      assert.equal(y.ptr, x.ptr);
    } finally {
      scratch().release(mark);
    }
    checkGradient({
      inputs: [randoms(2 * 3 * 4, 5)],
      shapes: [[2, 3, 4]],
      forward: ([x]) => flatten(x),
      reference: ([x]) => x,
    });
  });

  it('a tensor used both through a reshape and directly gets its full gradient (either order)', () => {
    // reshape(reshape(x))·w + x·w, recorded in both orders: when the reshape's backward
    // runs first, x.grad is a view of the reshape output's gradient and the direct use
    // then accumulates into it.
    for (const reshapeFirst of [true, false]) {
      checkGradient({
        inputs: [randoms(6, 11), randoms(3, 12)],
        shapes: [[2, 3], [3, 1]],
        forward: ([x, w]) => {
          const viaReshape = () => matmul(reshape(reshape(x, [3, 2]), [2, 3]), w);
          const direct = () => matmul(x, w);
          if (reshapeFirst) {
            const p = viaReshape();
            return add(p, direct());
          }
          const q = direct();
          return add(viaReshape(), q);
        },
        reference: ([x, w]) => {
          const out = new Float64Array(2);
          for (let i = 0; i < 2; i++) for (let k = 0; k < 3; k++) out[i] += 2 * x[i * 3 + k] * w[k];
          return out;
        },
      });
    }
  });

  it('rejects sizes that do not match, naming both shapes', () => {
    const x = fromArray(randoms(6, 1), [2, 3]);
    assert.throws(() => reshape(x, [4, 2]), /reshape: cannot view 6 elements as \[4, 2\] \(got \[2, 3\] and \[4, 2\]\)/);
    assert.throws(() => reshape(x, [-1, -1]), /reshape: .*at most one -1/);
    assert.throws(() => reshape(x, [4, -1]), /reshape: cannot view/);
  });
});

describe('concat', () => {
  it('joins along the feature axis with gradient split back to each part', () => {
    fc.assert(
      fc.property(dim, fc.array(dim, { minLength: 1, maxLength: 4 }), fc.integer(), (rows, widths, seed) => {
        const total = widths.reduce((s, w) => s + w, 0);
        checkGradient({
          inputs: widths.map((w, i) => randoms(rows * w, seed + i)),
          shapes: widths.map((w) => [rows, w]),
          forward: (xs) => concat(xs),
          reference: (xs) => {
            const out = new Float64Array(rows * total);
            let off = 0;
            xs.forEach((x, i) => {
              for (let r = 0; r < rows; r++) for (let c = 0; c < widths[i]; c++) out[r * total + off + c] = x[r * widths[i] + c];
              off += widths[i];
            });
            return out;
          },
          seed,
        });
      }),
      { numRuns: 30 },
    );
  });

  it('gives gradient only to inputs that require it, and accepts the same tensor twice', () => {
    checkGradient({
      inputs: [randoms(6, 1), randoms(4, 2)],
      shapes: [[2, 3], [2, 2]],
      differentiable: [true, false],
      forward: ([a, b]) => concat([a, b, a]),
      reference: ([a, b]) => {
        const out = new Float64Array(16);
        for (let r = 0; r < 2; r++) {
          for (let c = 0; c < 3; c++) { out[r * 8 + c] = a[r * 3 + c]; out[r * 8 + 5 + c] = a[r * 3 + c]; }
          for (let c = 0; c < 2; c++) out[r * 8 + 3 + c] = b[r * 2 + c];
        }
        return out;
      },
    });
  });

  it('rejects mismatched rows and non-feature axes, naming the op and shapes', () => {
    const a = fromArray(randoms(6, 1), [2, 3]);
    const b = fromArray(randoms(6, 1), [3, 2]);
    assert.throws(() => concat([a, b]), /concat: .*leading dimensions \(got \[2, 3\] and \[3, 2\]\)/);
    assert.throws(() => concat([a, a], 0), /concat: only the last \(feature\) axis/);
    assert.throws(() => concat([]), /concat: needs at least one tensor/);
  });
});

describe('slice', () => {
  it('takes features [start, end) with the gradient scattered back (zeros elsewhere)', () => {
    fc.assert(
      fc.property(dim, dim, fc.nat(8), fc.nat(8), fc.integer(), (rows, cols, s0, e0, seed) => {
        const start = s0 % cols;
        const end = start + 1 + (e0 % (cols - start));
        checkGradient({
          inputs: [randoms(rows * cols, seed)],
          shapes: [[rows, cols]],
          forward: ([x]) => slice(x, start, end),
          reference: ([x]) => {
            const w = end - start;
            const out = new Float64Array(rows * w);
            for (let r = 0; r < rows; r++) for (let c = 0; c < w; c++) out[r * w + c] = x[r * cols + start + c];
            return out;
          },
          seed,
        });
      }),
      { numRuns: 40 },
    );
  });

  it('accepts negative indices and slices the last axis of higher-rank tensors', () => {
    checkGradient({
      inputs: [randoms(12, 4)],
      shapes: [[2, 2, 3]],
      forward: ([x]) => slice(x, -2),
      reference: ([x]) => Float64Array.from([1, 2, 4, 5, 7, 8, 10, 11], (i) => x[i]),
    });
  });

  it('rejects empty or out-of-range slices, naming the op and shape', () => {
    const x = fromArray(randoms(6, 1), [2, 3]);
    assert.throws(() => slice(x, 2, 2), /slice: range \[2, 2\) is empty or outside the last axis of length 3 \(got \[2, 3\]\)/);
    assert.throws(() => slice(x, 0, 4), /slice: .*\[2, 3\]/);
  });
});

describe('shape ops in a loss', () => {
  it('backpropagates through flatten, slice and concat into a scalar', () => {
    const mark = scratch().mark();
    try {
      const x = fromArray([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
      x.requiresGrad = true;
      const f = flatten(x); // [2, 4]
      const y = concat([slice(f, 0, 1), slice(f, 3)]); // [2, 2]
      backward(sum(y));
      assert.deepEqual(Array.from(x.grad!.toArray()), [1, 0, 0, 1, 1, 0, 0, 1]);
    } finally {
      scratch().release(mark);
    }
  });
});
