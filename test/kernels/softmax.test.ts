import { describe, it } from 'node:test';
import fc from 'fast-check';
import { kernels } from '../../src/kernels/load.js';
import * as twin from '../../src/kernels/reference/softmax.js';
import { assertClose, assertSameBits, edgeSize, f32s, inScratch, wasmEmpty, wasmF32 } from '../helpers/twin.js';

const k = kernels();

// Forward softmax/logSoftmax use exp/log: AssemblyScript's software f32 math vs the host's
// float64 functions rounded to f32, with f32 sums in the same order. Tolerance: 1e-6
// relative (≈ 8 ulp) + 1e-12 absolute for probabilities; for log-softmax 1e-6 relative
// + 2e-6 absolute (values near 0 inherit the absolute error of log Σ). Measured max
// ≈ 2–3 ulp. softmaxBackward has no transcendental function: bit-exact.
const REL = 1e-6;

const matrix = fc.tuple(edgeSize, edgeSize).chain(([rows, cols]) =>
  fc.tuple(fc.constant(rows), fc.constant(cols), f32s(rows * cols, 20), f32s(rows * cols, 2), fc.double({ min: 0.1, max: 5, noNaN: true })));

describe('softmax kernels vs twins', () => {
  it('softmax at temperature τ matches (tolerance), softmaxBackward is bit-exact', () => {
    fc.assert(
      fc.property(matrix, ([rows, cols, x, g, tau]) =>
        inScratch(() => {
          const n = rows * cols;
          const tx = wasmF32(x);
          const ty = wasmEmpty(n);
          k.softmax(tx.ptr, ty.ptr, rows, cols, tau);
          const want = new Float32Array(n);
          twin.softmax(x, want, rows, cols, tau);
          const y = ty.toArray();
          assertClose(y, want, REL, 1e-12, 'softmax');
          const tg = wasmF32(g);
          const tgx = wasmEmpty(n);
          k.softmaxBackward(ty.ptr, tg.ptr, tgx.ptr, rows, cols, tau);
          const wantGx = new Float32Array(n);
          twin.softmaxBackward(y, g, wantGx, rows, cols, tau);
          assertSameBits(tgx.toArray(), wantGx, 'softmaxBackward');
        }),
      ),
      { numRuns: 80 },
    );
  });

  it('logSoftmax and its backward match (tolerance)', () => {
    fc.assert(
      fc.property(matrix, ([rows, cols, x, g]) =>
        inScratch(() => {
          const n = rows * cols;
          const ty = wasmEmpty(n);
          k.logSoftmax(wasmF32(x).ptr, ty.ptr, rows, cols);
          const want = new Float32Array(n);
          twin.logSoftmax(x, want, rows, cols);
          const y = ty.toArray();
          assertClose(y, want, REL, 2e-6, 'logSoftmax');
          const tgx = wasmEmpty(n);
          k.logSoftmaxBackward(ty.ptr, wasmF32(g).ptr, tgx.ptr, rows, cols);
          const wantGx = new Float32Array(n);
          twin.logSoftmaxBackward(y, g, wantGx, rows, cols);
          assertClose(tgx.toArray(), wantGx, REL, 1e-6, 'logSoftmaxBackward');
        }),
      ),
      { numRuns: 80 },
    );
  });

  it('is stable for huge logits and gives NaN rows (not a crash) for NaN input', () => {
    inScratch(() => {
      const x = Float32Array.of(1e30, 1e30, -1e30, 3e38, NaN, 1, 2, 3, 88, 89, 90, 91);
      const ty = wasmEmpty(x.length);
      k.softmax(wasmF32(x).ptr, ty.ptr, 3, 4, 1);
      const want = new Float32Array(x.length);
      twin.softmax(x, want, 3, 4, 1);
      assertClose(ty.toArray(), want, REL, 1e-12, 'softmax');
      assertSameBits(ty.toArray().subarray(0, 4), Float32Array.of(0, 0, 0, 1), 'row with 3e38');
      k.logSoftmax(wasmF32(x).ptr, ty.ptr, 3, 4);
      twin.logSoftmax(x, want, 3, 4);
      assertClose(ty.toArray(), want, REL, 2e-6, 'logSoftmax');
    });
  });
});
