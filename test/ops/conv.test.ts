import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { kernels } from '../../src/kernels/load.js';
import * as twin from '../../src/kernels/reference/conv.js';
import { conv2d, convOutputSize } from '../../src/ops/conv.js';
import { fromArray, zeros } from '../../src/tensor/tensor.js';
import { checkGradient, randoms } from '../helpers/gradcheck.js';
import { inScratch } from '../helpers/twin.js';


/** A random valid conv geometry in the brief's ranges (n 1–3, C 1–3, H/W 1–7, k 1–3, stride 1–2, pad 0–1). */
const geometry = fc
  .record({
    n: fc.integer({ min: 1, max: 3 }), c: fc.integer({ min: 1, max: 3 }), o: fc.integer({ min: 1, max: 3 }),
    h: fc.integer({ min: 1, max: 7 }), w: fc.integer({ min: 1, max: 7 }),
    kh: fc.integer({ min: 1, max: 3 }), kw: fc.integer({ min: 1, max: 3 }),
    stride: fc.integer({ min: 1, max: 2 }), pad: fc.integer({ min: 0, max: 1 }),
    seed: fc.integer(),
  })
  .filter((g) => g.kh <= g.h + 2 * g.pad && g.kw <= g.w + 2 * g.pad)
  .map((g) => ({ ...g, ho: convOutputSize(g.h, g.kh, g.stride, g.pad), wo: convOutputSize(g.w, g.kw, g.stride, g.pad) }));

type Geometry = twin.ConvGeometry & { o: number; seed: number };

/** Direct float64 convolution: the reference for values and finite differences. */
function refConv(x: Float64Array, wt: Float64Array, b: Float64Array | null, g: Geometry): Float64Array {
  const { n, c, h, w, kh, kw, stride, pad, ho, wo, o } = g;
  const out = new Float64Array(n * o * ho * wo);
  for (let bi = 0; bi < n; bi++)
    for (let oc = 0; oc < o; oc++)
      for (let oy = 0; oy < ho; oy++)
        for (let ox = 0; ox < wo; ox++) {
          let s = b === null ? 0 : b[oc];
          for (let ci = 0; ci < c; ci++)
            for (let ki = 0; ki < kh; ki++)
              for (let kj = 0; kj < kw; kj++) {
                const iy = oy * stride - pad + ki;
                const ix = ox * stride - pad + kj;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                s += x[((bi * c + ci) * h + iy) * w + ix] * wt[((oc * c + ci) * kh + ki) * kw + kj];
              }
          out[((bi * o + oc) * ho + oy) * wo + ox] = s;
        }
  return out;
}


describe('conv kernels', () => {
  it('addChannelBias equals its twin bit for bit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 40 }), fc.integer(), (n, c, hw, seed) => {
        inScratch(() => {
          const y = fromArray(randoms(n * c * hw, seed), [n * c * hw]);
          const bias = fromArray(randoms(c, seed + 1), [c]);
          const expected = y.toArray();
          twin.addChannelBias(expected, bias.toArray(), n, c, hw);
          kernels().addChannelBias(y.ptr, bias.ptr, n, c, hw);
          assert.deepEqual(y.toArray(), expected);
        });
      }),
      { numRuns: 40 },
    );
  });
});

describe('conv2d', () => {
  it('matches a direct float64 convolution, with gradients for input, weight and bias', () => {
    fc.assert(
      fc.property(geometry, fc.boolean(), (g, withBias) => {
        const xSize = g.n * g.c * g.h * g.w;
        const wSize = g.o * g.c * g.kh * g.kw;
        const inputs = [randoms(xSize, g.seed), randoms(wSize, g.seed + 1, 1)];
        const shapes = [[g.n, g.c, g.h, g.w], [g.o, g.c, g.kh, g.kw]];
        if (withBias) {
          inputs.push(randoms(g.o, g.seed + 2));
          shapes.push([g.o]);
        }
        checkGradient({
          inputs,
          shapes,
          forward: ([x, w, b]) => conv2d(x, w, b ?? null, { stride: g.stride, padding: g.pad }),
          reference: ([x, w, b]) => refConv(x, w, b ?? null, g),
          seed: g.seed,
        });
      }),
      { numRuns: 80 },
    );
  });

  it('computes the weight gradient when the input needs none (first layer)', () => {
    const g = { n: 2, c: 2, h: 5, w: 4, kh: 3, kw: 2, stride: 2, pad: 1, o: 3, seed: 7, ho: 3, wo: 3 };
    checkGradient({
      inputs: [randoms(80, 1), randoms(36, 2), randoms(3, 3)],
      shapes: [[2, 2, 5, 4], [3, 2, 3, 2], [3]],
      differentiable: [false, true, true],
      forward: ([x, w, b]) => conv2d(x, w, b, { stride: 2, padding: 1 }),
      reference: ([x, w, b]) => refConv(x, w, b, g),
    });
  });

  it('rejects bad shapes and options with one line naming the op and the shapes', () => {
    inScratch(() => {
      const x = zeros([2, 3, 4, 4]);
      assert.throws(() => conv2d(x, zeros([5, 2, 3, 3])), /conv2d: input has 3 channels but the weight expects 2 \(got \[2, 3, 4, 4\] and \[5, 2, 3, 3\]\)/);
      assert.throws(() => conv2d(x, zeros([5, 3, 5, 3])), /conv2d: kernel 5×3 is larger than the padded input 4×4 \(got \[2, 3, 4, 4\] and \[5, 3, 5, 3\]\)/);
      assert.doesNotThrow(() => conv2d(x, zeros([5, 3, 5, 3]), null, { padding: 1 }));
      assert.throws(() => conv2d(zeros([3, 4, 4]), zeros([5, 3, 3, 3])), /conv2d: expects input \[n, C, H, W\] .*\(got \[3, 4, 4\] and \[5, 3, 3, 3\]\)/);
      assert.throws(() => conv2d(x, zeros([5, 3, 3, 3]), zeros([4])), /conv2d: bias must have shape \[5\] .*\(got \[5, 3, 3, 3\] and \[4\]\)/);
      assert.throws(() => conv2d(x, zeros([5, 3, 3, 3]), null, { stride: 0 }), /conv2d: stride must be an integer ≥ 1, got 0/);
      assert.throws(() => conv2d(x, zeros([5, 3, 3, 3]), null, { padding: -1 }), /conv2d: padding must be an integer ≥ 0, got -1/);
    });
  });
});
