import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { backward } from '../../src/autodiff/tape.js';
import { add, linear, matmul, relu } from '../../src/ops/index.js';
import { scratch } from '../../src/tensor/context.js';
import { fromArray, zeros } from '../../src/tensor/tensor.js';
import { randoms } from '../helpers/gradcheck.js';

describe('linear', () => {
  it('gives the bits of add(matmul(x, W), b) and of relu of it, forward and gradients', () => {
    const dims = fc.record({
      m: fc.integer({ min: 1, max: 13 }), k: fc.integer({ min: 1, max: 40 }), n: fc.integer({ min: 1, max: 19 }),
      seed: fc.integer(), withRelu: fc.boolean(), gradX: fc.boolean(), gradB: fc.boolean(),
    });
    fc.assert(
      fc.property(dims, ({ m, k, n, seed, withRelu, gradX, gradB }) => {
        const mark = scratch().mark();
        try {
          const run = (fused: boolean) => {
            const x = fromArray(randoms(m * k, seed), [m, k]);
            const w = fromArray(randoms(k * n, seed + 1), [k, n]);
            // Some exact zeros in the product's inputs, so the ReLU's mask meets ±0 too.
            const b = fromArray(randoms(n, seed + 2).map((v, i) => (i % 3 === 0 ? 0 : v)), [n]);
            x.requiresGrad = gradX;
            w.requiresGrad = true;
            b.requiresGrad = gradB;
            const y = fused ? linear(x, w, b, { relu: withRelu }) : withRelu ? relu(add(matmul(x, w), b)) : add(matmul(x, w), b);
            backward(y, fromArray(randoms(y.size, seed + 3), y.shape));
            return [y, w.grad!, ...(gradX ? [x.grad!] : []), ...(gradB ? [b.grad!] : [])].map((t) => Array.from(new Uint32Array(t.toArray().buffer)));
          };
          assert.deepEqual(run(true), run(false));
        } finally {
          scratch().release(mark);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('rejects bad shapes with one line naming the op and the shapes', () => {
    const mark = scratch().mark();
    try {
      assert.throws(() => linear(zeros([2, 3]), zeros([4, 5]), zeros([5])), /linear: expects x \[m, in\] and weight \[in, out\] \(got \[2, 3\] and \[4, 5\]\)/);
      assert.throws(() => linear(zeros([2, 4]), zeros([4, 5]), zeros([4])), /linear: bias must have shape \[5\] \(got \[4, 5\] and \[4\]\)/);
    } finally {
      scratch().release(mark);
    }
  });
});
