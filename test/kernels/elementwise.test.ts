import { describe, it } from 'node:test';
import fc from 'fast-check';
import { kernels } from '../../src/kernels/load.js';
import * as twin from '../../src/kernels/reference/elementwise.js';
import { assertSameBits, edgeSize, f32s, inScratch, wasmEmpty, wasmF32 } from '../helpers/twin.js';

// Elementwise kernels have no transcendental functions: the wasm kernel (SIMD body +
// scalar tail) must equal its TypeScript twin bit for bit.
const k = kernels();

type Binary = 'add' | 'sub' | 'mul';

describe('elementwise kernels vs twins (bit-exact)', () => {
  for (const name of ['add', 'sub', 'mul'] as Binary[]) {
    it(`${name} matches its twin at sizes around the SIMD width`, () => {
      fc.assert(
        fc.property(edgeSize.chain((n) => fc.tuple(f32s(n, 1e4), f32s(n, 1e4))), ([a, b]) =>
          inScratch(() => {
            const n = a.length;
            const ta = wasmF32(a);
            const tb = wasmF32(b);
            const ty = wasmEmpty(n);
            k[name](ta.ptr, tb.ptr, ty.ptr, n);
            const want = new Float32Array(n);
            twin[name](a, b, want, n);
            assertSameBits(ty.toArray().subarray(0, n), want, name);
          }),
        ),
        { numRuns: 80 },
      );
    });
  }

  it('scale and axpy match their twins (scalar rounded to f32)', () => {
    fc.assert(
      fc.property(edgeSize.chain((n) => fc.tuple(f32s(n, 1e3), f32s(n, 1e3))), fc.double({ min: -5, max: 5, noNaN: true }), ([x, y], s) =>
        inScratch(() => {
          const n = x.length;
          const tx = wasmF32(x);
          const ty = wasmEmpty(n);
          k.scale(tx.ptr, s, ty.ptr, n);
          const want = new Float32Array(n);
          twin.scale(x, s, want, n);
          assertSameBits(ty.toArray().subarray(0, n), want, 'scale');

          const tacc = wasmF32(y);
          k.axpy(s, tx.ptr, tacc.ptr, n);
          const wantAcc = Float32Array.from(y);
          twin.axpy(s, x, wantAcc, n);
          assertSameBits(tacc.toArray().subarray(0, n), wantAcc, 'axpy');
        }),
      ),
      { numRuns: 80 },
    );
  });

  it('fill, copy and accumulate match their twins', () => {
    fc.assert(
      fc.property(edgeSize.chain((n) => fc.tuple(f32s(n, 1e4), f32s(n, 1e4))), fc.float({ noNaN: true }), ([x, y], v) =>
        inScratch(() => {
          const n = x.length;
          const ty = wasmEmpty(n);
          k.fill(ty.ptr, n, v);
          const want = new Float32Array(n);
          twin.fill(want, n, v);
          assertSameBits(ty.toArray().subarray(0, n), want, 'fill');
          k.copy(wasmF32(x).ptr, ty.ptr, n);
          twin.copy(x, want, n);
          assertSameBits(ty.toArray().subarray(0, n), want, 'copy');
          const tacc = wasmF32(y);
          k.accumulate(wasmF32(x).ptr, tacc.ptr, n);
          const wantAcc = Float32Array.from(y);
          twin.accumulate(x, wantAcc, n);
          assertSameBits(tacc.toArray().subarray(0, n), wantAcc, 'accumulate');
        }),
      ),
      { numRuns: 60 },
    );
  });

  it('addBias matches its twin for every rows × cols edge shape', () => {
    fc.assert(
      fc.property(edgeSize, edgeSize, fc.integer(), (rows, cols, seed) =>
        inScratch(() => {
          const x = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(seed + i));
          const bias = Float32Array.from({ length: cols }, (_, i) => Math.cos(seed * 3 + i));
          const tx = wasmF32(x);
          const tb = wasmF32(bias);
          const ty = wasmEmpty(rows * cols);
          k.addBias(tx.ptr, tb.ptr, ty.ptr, rows, cols);
          const want = new Float32Array(rows * cols);
          twin.addBias(x, bias, want, rows, cols);
          assertSameBits(ty.toArray().subarray(0, rows * cols), want, 'addBias');
        }),
      ),
      { numRuns: 60 },
    );
  });

  it('NaN and infinities pass through lane by lane as in the twin', () => {
    inScratch(() => {
      const a = Float32Array.of(NaN, 1, Infinity, -0, 2, NaN, -Infinity, 3, 4);
      const b = Float32Array.of(1, NaN, Infinity, 0, -2, 5, Infinity, 0, -0);
      for (const name of ['add', 'sub', 'mul'] as Binary[]) {
        const ty = wasmEmpty(a.length);
        k[name](wasmF32(a).ptr, wasmF32(b).ptr, ty.ptr, a.length);
        const want = new Float32Array(a.length);
        twin[name](a, b, want, a.length);
        // NaN payloads may differ; Object.is treats every NaN as equal.
        assertSameBits(ty.toArray(), want, name);
      }
    });
  });
});
