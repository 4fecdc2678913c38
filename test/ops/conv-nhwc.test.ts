import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { noGrad } from '../../src/autodiff/tape.js';
import { backward } from '../../src/autodiff/tape.js';
import { conv2d, conv2dNhwc, convOutputSize, nchwToNhwc, nhwcToNchw, relu } from '../../src/ops/index.js';
import { scratch } from '../../src/tensor/context.js';
import { fromArray, zeros } from '../../src/tensor/tensor.js';
import { checkGradient, randoms } from '../helpers/gradcheck.js';


const geometry = fc
  .record({
    n: fc.integer({ min: 1, max: 3 }), c: fc.integer({ min: 1, max: 5 }), o: fc.integer({ min: 1, max: 5 }),
    h: fc.integer({ min: 1, max: 7 }), w: fc.integer({ min: 1, max: 7 }),
    kh: fc.integer({ min: 1, max: 3 }), kw: fc.integer({ min: 1, max: 3 }),
    stride: fc.integer({ min: 1, max: 2 }), pad: fc.integer({ min: 0, max: 1 }),
    seed: fc.integer(),
  })
  .filter((g) => g.kh <= g.h + 2 * g.pad && g.kw <= g.w + 2 * g.pad)
  .map((g) => ({ ...g, ho: convOutputSize(g.h, g.kh, g.stride, g.pad), wo: convOutputSize(g.w, g.kw, g.stride, g.pad) }));
type Geometry = ReturnType<typeof geometry.generate>['value'];

/** Direct float64 convolution on channels-last tensors: x [n, H, W, C], weight [O, C, kh, kw] → [n, Ho, Wo, O]. */
function refConvNhwc(x: Float64Array, wt: Float64Array, b: Float64Array | null, g: Geometry): Float64Array {
  const { n, c, h, w, kh, kw, stride, pad, ho, wo, o } = g;
  const out = new Float64Array(n * ho * wo * o);
  for (let bi = 0; bi < n; bi++)
    for (let oy = 0; oy < ho; oy++)
      for (let ox = 0; ox < wo; ox++)
        for (let oc = 0; oc < o; oc++) {
          let s = b === null ? 0 : b[oc];
          for (let ci = 0; ci < c; ci++)
            for (let ki = 0; ki < kh; ki++)
              for (let kj = 0; kj < kw; kj++) {
                const iy = oy * stride - pad + ki;
                const ix = ox * stride - pad + kj;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                s += x[((bi * h + iy) * w + ix) * c + ci] * wt[((oc * c + ci) * kh + ki) * kw + kj];
              }
          out[((bi * ho + oy) * wo + ox) * o + oc] = s;
        }
  return out;
}

/** [n, A, B] → [n, B, A] in float64 (the layout ops' reference). */
function transposeRef(x: Float64Array, n: number, a: number, b: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let s = 0; s < n; s++) for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) out[s * a * b + j * a + i] = x[s * a * b + i * b + j];
  return out;
}

describe('conv2dNhwc', () => {
  it('matches a direct float64 channels-last convolution, with gradients for input, weight and bias', () => {
    fc.assert(
      fc.property(geometry, fc.boolean(), (g, withBias) => {
        const inputs = [randoms(g.n * g.h * g.w * g.c, g.seed), randoms(g.o * g.c * g.kh * g.kw, g.seed + 1, 1)];
        const shapes = [[g.n, g.h, g.w, g.c], [g.o, g.c, g.kh, g.kw]];
        if (withBias) {
          inputs.push(randoms(g.o, g.seed + 2));
          shapes.push([g.o]);
        }
        checkGradient({
          inputs,
          shapes,
          forward: ([x, w, b]) => conv2dNhwc(x, w, b ?? null, { stride: g.stride, padding: g.pad }),
          reference: ([x, w, b]) => refConvNhwc(x, w, b ?? null, g),
          seed: g.seed,
        });
      }),
      { numRuns: 60 },
    );
  });

  it('computes the weight gradient when the input needs none (first layer)', () => {
    const g = { n: 2, c: 2, h: 5, w: 4, kh: 3, kw: 2, stride: 2, pad: 1, o: 3, seed: 7, ho: 3, wo: 3 };
    checkGradient({
      inputs: [randoms(80, 1), randoms(36, 2), randoms(3, 3)],
      shapes: [[2, 5, 4, 2], [3, 2, 3, 2], [3]],
      differentiable: [false, true, true],
      forward: ([x, w, b]) => conv2dNhwc(x, w, b, { stride: 2, padding: 1 }),
      reference: ([x, w, b]) => refConvNhwc(x, w, b, g),
    });
  });

  it('is conv2d with channels last: the same numbers up to summation order', () => {
    const mark = scratch().mark();
    try {
      noGrad(() => {
        const x = fromArray(randoms(2 * 3 * 9 * 8, 11), [2, 3, 9, 8]);
        const w = fromArray(randoms(4 * 3 * 3 * 3, 12), [4, 3, 3, 3]);
        const b = fromArray(randoms(4, 13), [4]);
        const expected = conv2d(x, w, b, { stride: 2, padding: 1 }).toArray();
        const got = nhwcToNchw(conv2dNhwc(nchwToNhwc(x), w, b, { stride: 2, padding: 1 })).toArray();
        assert.equal(got.length, expected.length);
        for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i] - expected[i]) <= 1e-5 * (1 + Math.abs(expected[i])), `${i}: ${got[i]} vs ${expected[i]}`);
      });
    } finally {
      scratch().release(mark);
    }
  });

  it('with relu: true gives the bits of relu(conv2dNhwc(...)), forward and gradients', () => {
    fc.assert(
      fc.property(geometry, fc.boolean(), (g, withBias) => {
        const mark = scratch().mark();
        try {
          const run = (fused: boolean) => {
            const x = fromArray(randoms(g.n * g.h * g.w * g.c, g.seed), [g.n, g.h, g.w, g.c]);
            const w = fromArray(randoms(g.o * g.c * g.kh * g.kw, g.seed + 1), [g.o, g.c, g.kh, g.kw]);
            const b = withBias ? fromArray(randoms(g.o, g.seed + 2), [g.o]) : null;
            for (const t of [x, w, b]) if (t !== null) t.requiresGrad = true;
            const opts = { stride: g.stride, padding: g.pad };
            const y = fused ? conv2dNhwc(x, w, b, { ...opts, relu: true }) : relu(conv2dNhwc(x, w, b, opts));
            backward(y, fromArray(randoms(y.size, g.seed + 3), y.shape));
            return [y, x.grad!, w.grad!, ...(b === null ? [] : [b.grad!])].map((t) => Array.from(new Uint32Array(t.toArray().buffer)));
          };
          assert.deepEqual(run(true), run(false));
        } finally {
          scratch().release(mark);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('rejects bad shapes with one line naming the op and the shapes', () => {
    const mark = scratch().mark();
    try {
      assert.throws(() => conv2dNhwc(zeros([2, 4, 4, 3]), zeros([5, 2, 3, 3])), /conv2dNhwc: input has 3 channels but the weight expects 2 \(got \[2, 4, 4, 3\] and \[5, 2, 3, 3\]\)/);
      assert.throws(() => conv2dNhwc(zeros([4, 4, 3]), zeros([5, 3, 3, 3])), /conv2dNhwc: expects input \[n, H, W, C\] .*\(got \[4, 4, 3\] and \[5, 3, 3, 3\]\)/);
      assert.throws(() => nchwToNhwc(zeros([4, 4, 3])), /nchwToNhwc/);
    } finally {
      scratch().release(mark);
    }
  });
});

describe('layout ops', () => {
  it('nchwToNhwc and nhwcToNchw permute values and gradients exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }), fc.integer(), (n, c, h, w, seed) => {
        checkGradient({
          inputs: [randoms(n * c * h * w, seed)],
          shapes: [[n, c, h, w]],
          forward: ([x]) => nchwToNhwc(x),
          reference: ([x]) => transposeRef(x, n, c, h * w),
          seed,
        });
        checkGradient({
          inputs: [randoms(n * c * h * w, seed + 1)],
          shapes: [[n, h, w, c]],
          forward: ([x]) => nhwcToNchw(x),
          reference: ([x]) => transposeRef(x, n, h * w, c),
          seed,
        });
      }),
      { numRuns: 30 },
    );
  });
});
