import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { kernels } from '../../src/kernels/load.js';
import * as twin from '../../src/kernels/reference/wta.js';
import { assertClose, assertSameBits, edgeSize, f32s, inScratch, wasmEmpty, wasmF32 } from '../helpers/twin.js';

const k = kernels();

// Selection kernels (argmax, one-hot, k-WTA) are bit-exact against twins written
// independently (k-WTA's twin sorts). Values are drawn from a small set so that ties are
// frequent: the tie rule (lowest index wins) is exercised on most runs. Softmax-based
// kernels: 1e-6 relative tolerance (see kernels-softmax.test.ts).

/** Values from a small set (many ties), with optional NaN and −0. */
const tiedValues = (n: number, withNaN: boolean) =>
  fc.array(fc.constantFrom(...(withNaN ? [-1, -0, 0, 0.5, 2, NaN] : [-1, -0, 0, 0.5, 2, 3.25])), { minLength: n, maxLength: n })
    .map((v) => Float32Array.from(v));
const anyValues = (n: number, withNaN: boolean) => fc.oneof(tiedValues(n, withNaN), f32s(n, 10));

/** groups × K blocks, K including 1 and sizes around the SIMD width. */
const grouped = (withNaN: boolean) => fc.tuple(edgeSize, fc.oneof(fc.constant(1), edgeSize)).chain(([groups, size]) =>
  fc.tuple(fc.constant(groups), fc.constant(size), anyValues(groups * size, withNaN)));

describe('wta kernels vs twins', () => {
  it('groupArgmax and wtaHard are bit-exact (ties → lowest index, NaN ranks below every number)', () => {
    fc.assert(
      fc.property(grouped(true), ([groups, size, x]) =>
        inScratch(() => {
          const n = groups * size;
          const tx = wasmF32(x);
          const tw = wasmEmpty(groups);
          k.groupArgmax(tx.ptr, tw.ptr, groups, size);
          const want = new Int32Array(groups);
          twin.groupArgmax(x, want, groups, size);
          assert.deepEqual(new Int32Array(tw.toArray().buffer).subarray(0, groups), want);
          const ty = wasmEmpty(n);
          k.wtaHard(tx.ptr, ty.ptr, groups, size);
          const wantY = new Float32Array(n);
          twin.wtaHard(x, wantY, groups, size);
          assertSameBits(ty.toArray().subarray(0, n), wantY, 'wtaHard');
        }),
      ),
      { numRuns: 120 },
    );
  });

  it('the tie rule picks the first of equal maxima', () => {
    inScratch(() => {
      const x = Float32Array.of(1, 3, 3, 2, /* group 2 */ 5, 5, 5, 5, /* group 3 */ -0, 0, -1, -2);
      const ty = wasmEmpty(12);
      k.wtaHard(wasmF32(x).ptr, ty.ptr, 3, 4);
      assertSameBits(ty.toArray(), Float32Array.of(0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0), 'wtaHard');
    });
  });

  it('wtaHardBackward and groupSoftmax match within tolerance', () => {
    fc.assert(
      fc.property(grouped(false).chain(([groups, size, x]) =>
        fc.tuple(fc.constant(groups), fc.constant(size), fc.constant(x), f32s(groups * size, 2), fc.double({ min: 0.1, max: 4, noNaN: true }))),
      ([groups, size, x, g, tau]) =>
        inScratch(() => {
          const n = groups * size;
          const tx = wasmF32(x);
          const tgx = wasmEmpty(n);
          k.wtaHardBackward(tx.ptr, wasmF32(g).ptr, tgx.ptr, groups, size, tau);
          const want = new Float32Array(n);
          twin.wtaHardBackward(x, g, want, groups, size, tau);
          // Products p·(g − ⟨g,p⟩) cancel: the absolute term scales with |g|/τ.
          assertClose(tgx.toArray().subarray(0, n), want, 1e-5, 2e-6 / tau, 'wtaHardBackward');
          k.groupSoftmax(tx.ptr, tgx.ptr, groups, size, tau);
          twin.groupSoftmax(x, want, groups, size, tau);
          assertClose(tgx.toArray().subarray(0, n), want, 1e-6, 1e-12, 'groupSoftmax');
        }),
      ),
      { numRuns: 80 },
    );
  });

  it('kWta and kWtaBackward are bit-exact against a sort-based twin for every k, with ties and NaN', () => {
    const cases = fc.tuple(fc.integer({ min: 1, max: 6 }), edgeSize).chain(([rows, cols]) =>
      fc.tuple(fc.constant(rows), fc.constant(cols), fc.integer({ min: 1, max: cols }), anyValues(rows * cols, true), f32s(rows * cols)));
    fc.assert(
      fc.property(cases, ([rows, cols, kk, x, g]) =>
        inScratch(() => {
          const n = rows * cols;
          const tx = wasmF32(x);
          const ty = wasmEmpty(n);
          k.kWta(tx.ptr, ty.ptr, rows, cols, kk);
          const want = new Float32Array(n);
          twin.kWta(x, want, rows, cols, kk);
          assertSameBits(ty.toArray().subarray(0, n), want, `kWta k=${kk}`);
          const tgx = wasmEmpty(n);
          k.kWtaBackward(tx.ptr, wasmF32(g).ptr, tgx.ptr, rows, cols, kk);
          twin.kWtaBackward(x, g, want, rows, cols, kk);
          assertSameBits(tgx.toArray().subarray(0, n), want, `kWtaBackward k=${kk}`);
        }),
      ),
      { numRuns: 200 },
    );
  });
});
