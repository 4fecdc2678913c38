import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { kernels } from '../../src/kernels/load.js';
import * as twin from '../../src/kernels/reference/loss.js';
import { assertClose, assertSameBits, edgeSize, f32s, inScratch, wasmEmpty, wasmF32, wasmI32 } from '../helpers/twin.js';

const k = kernels();

// Tolerances for exp/log-based values (see kernels-softmax.test.ts): 1e-6 relative +
// small absolute. mse, mseBackward and softmaxCrossEntropyBackward (given the same
// probabilities) have no transcendental function: bit-exact.

describe('loss kernels vs twins', () => {
  it('softmaxCrossEntropy: probabilities and mean loss within tolerance; backward bit-exact', () => {
    const cases = fc.tuple(edgeSize, edgeSize).chain(([rows, cols]) =>
      fc.tuple(fc.constant(rows), fc.constant(cols), f32s(rows * cols, 20),
        fc.array(fc.integer({ min: 0, max: cols - 1 }), { minLength: rows, maxLength: rows }), fc.double({ min: -3, max: 3, noNaN: true })));
    fc.assert(
      fc.property(cases, ([rows, cols, x, labels, scale]) =>
        inScratch(() => {
          const n = rows * cols;
          const tl = wasmI32(labels);
          const tp = wasmEmpty(n);
          const out = wasmEmpty(1);
          k.softmaxCrossEntropy(wasmF32(x).ptr, tl.ptr, tp.ptr, out.ptr, rows, cols);
          const wantP = new Float32Array(n);
          const wantOut = new Float32Array(1);
          twin.softmaxCrossEntropy(x, Int32Array.from(labels), wantP, wantOut, rows, cols);
          const p = tp.toArray();
          assertClose(p, wantP, 1e-6, 1e-12, 'probs');
          assertClose(out.toArray(), wantOut, 1e-6, 2e-6, 'loss');
          const tgx = wasmEmpty(n);
          k.softmaxCrossEntropyBackward(tp.ptr, tl.ptr, tgx.ptr, rows, cols, scale);
          const wantGx = new Float32Array(n);
          twin.softmaxCrossEntropyBackward(p, Int32Array.from(labels), wantGx, rows, cols, scale);
          assertSameBits(tgx.toArray(), wantGx, 'softmaxCrossEntropyBackward');
        }),
      ),
      { numRuns: 80 },
    );
  });

  it('softmaxCrossEntropy gives a NaN loss, without reading out of bounds, for a bad label', () => {
    inScratch(() => {
      const out = wasmEmpty(1);
      k.softmaxCrossEntropy(wasmF32([1, 2, 3, 4]).ptr, wasmI32([0, 1e9]).ptr, wasmEmpty(4).ptr, out.ptr, 2, 2);
      assert.ok(Number.isNaN(out.toArray()[0]));
    });
  });

  it('bceWithLogits and its backward match within tolerance, also for large |x|', () => {
    const cases = edgeSize.chain((n) => fc.tuple(f32s(n, 60), fc.float32Array({ minLength: n, maxLength: n, min: 0, max: 1, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })));
    fc.assert(
      fc.property(cases, ([x, t, scale]) =>
        inScratch(() => {
          const n = x.length;
          const out = wasmEmpty(1);
          k.bceWithLogits(wasmF32(x).ptr, wasmF32(t).ptr, out.ptr, n);
          const wantOut = new Float32Array(1);
          twin.bceWithLogits(x, t, wantOut, n);
          assertClose(out.toArray(), wantOut, 1e-6, 1e-7, 'bce');
          const tgx = wasmEmpty(n);
          k.bceWithLogitsBackward(wasmF32(x).ptr, wasmF32(t).ptr, tgx.ptr, n, scale);
          const wantGx = new Float32Array(n);
          twin.bceWithLogitsBackward(x, t, wantGx, n, scale);
          // σ(x) − t cancels when σ(x) ≈ t, so the error is absolute (σ is within 4e-7
          // relative); 1e-40 covers subnormal results when |scale| is tiny.
          assertClose(tgx.toArray().subarray(0, n), wantGx, 1e-6, 5e-7 * Math.abs(scale) + 1e-40, 'bceBackward');
        }),
      ),
      { numRuns: 80 },
    );
  });

  it('mse and mseBackward are bit-exact', () => {
    const cases = edgeSize.chain((n) => fc.tuple(f32s(n, 100), f32s(n, 100), fc.double({ min: -3, max: 3, noNaN: true })));
    fc.assert(
      fc.property(cases, ([a, b, scale]) =>
        inScratch(() => {
          const n = a.length;
          const out = wasmEmpty(1);
          k.mse(wasmF32(a).ptr, wasmF32(b).ptr, out.ptr, n);
          const wantOut = new Float32Array(1);
          twin.mse(a, b, wantOut, n);
          assertSameBits(out.toArray(), wantOut, 'mse');
          const tga = wasmEmpty(n);
          k.mseBackward(wasmF32(a).ptr, wasmF32(b).ptr, tga.ptr, n, scale);
          const wantGa = new Float32Array(n);
          twin.mseBackward(a, b, wantGa, n, scale);
          assertSameBits(tga.toArray().subarray(0, n), wantGa, 'mseBackward');
        }),
      ),
      { numRuns: 80 },
    );
  });
});
