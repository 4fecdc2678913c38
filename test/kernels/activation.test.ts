import { describe, it } from 'node:test';
import fc from 'fast-check';
import { kernels } from '../../src/kernels/load.js';
import * as twin from '../../src/kernels/reference/activation.js';
import { assertClose, assertSameBits, edgeSize, f32s, inScratch, wasmEmpty, wasmF32 } from '../helpers/twin.js';

const k = kernels();

// relu and every backward rule: bit-exact. sigmoid and tanh: AssemblyScript's software
// f32 exp/tanh vs the host's float64 functions rounded once; tolerance 4e-7 relative
// (≈ 3–4 ulp) plus 1e-9 absolute, measured max ≈ 1–2 ulp.
const REL = 4e-7;
const ABS = 1e-9;

describe('activation kernels vs twins', () => {
  it('relu and reluBackward are bit-exact, including −0, zeros and NaN', () => {
    const special = fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e-45);
    const vals = (n: number) => fc.array(fc.oneof(fc.float({ min: -4, max: 4 }), special), { minLength: n, maxLength: n }).map((v) => Float32Array.from(v));
    fc.assert(
      fc.property(edgeSize.chain((n) => fc.tuple(vals(n), f32s(n))), ([x, g]) =>
        inScratch(() => {
          const n = x.length;
          const tx = wasmF32(x);
          const ty = wasmEmpty(n);
          k.relu(tx.ptr, ty.ptr, n);
          const want = new Float32Array(n);
          twin.relu(x, want, n);
          assertSameBits(ty.toArray().subarray(0, n), want, 'relu');
          const tg = wasmF32(g);
          k.reluBackward(tx.ptr, tg.ptr, ty.ptr, n);
          twin.reluBackward(x, g, want, n);
          assertSameBits(ty.toArray().subarray(0, n), want, 'reluBackward');
        }),
      ),
      { numRuns: 80 },
    );
  });

  it('reluBackwardColSum equals its twin and reluBackward then colSum, bit for bit', () => {
    const special = fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e-45);
    const vals = (n: number) => fc.array(fc.oneof(fc.float({ min: -4, max: 4 }), special), { minLength: n, maxLength: n }).map((v) => Float32Array.from(v));
    const dims = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 19 }));
    fc.assert(
      fc.property(dims.chain(([rows, cols]) => fc.tuple(fc.constant(rows), fc.constant(cols), vals(rows * cols), f32s(rows * cols))), ([rows, cols, y, g]) =>
        inScratch(() => {
          const n = rows * cols;
          const [ty, tg, tgx, tgb, two, twoB] = [wasmF32(y), wasmF32(g), wasmEmpty(n), wasmEmpty(cols), wasmEmpty(n), wasmEmpty(cols)];
          k.reluBackwardColSum(ty.ptr, tg.ptr, tgx.ptr, tgb.ptr, rows, cols);
          const wantGx = new Float32Array(n);
          const wantGb = new Float32Array(cols);
          twin.reluBackwardColSum(y, g, wantGx, wantGb, rows, cols);
          assertSameBits(tgx.toArray(), wantGx, 'reluBackwardColSum gx');
          assertSameBits(tgb.toArray(), wantGb, 'reluBackwardColSum gb');
          k.reluBackward(ty.ptr, tg.ptr, two.ptr, n);
          k.colSum(two.ptr, twoB.ptr, rows, cols);
          assertSameBits(two.toArray(), wantGx, 'reluBackward');
          assertSameBits(twoB.toArray(), wantGb, 'colSum');
        }),
      ),
      { numRuns: 80 },
    );
  });

  for (const name of ['sigmoid', 'tanh'] as const) {
    it(`${name} is within ${REL} relative of its twin; ${name}Backward is bit-exact`, () => {
      fc.assert(
        fc.property(edgeSize.chain((n) => fc.tuple(f32s(n, 30), f32s(n))), ([x, g]) =>
          inScratch(() => {
            const n = x.length;
            const tx = wasmF32(x);
            const ty = wasmEmpty(n);
            k[name](tx.ptr, ty.ptr, n);
            const want = new Float32Array(n);
            twin[name](x, want, n);
            const y = ty.toArray().subarray(0, n);
            assertClose(y, want, REL, ABS, name);
            // The backward reads the forward output: feed both the same y.
            const tg = wasmF32(g);
            const tgx = wasmEmpty(n);
            const backward = name === 'sigmoid' ? 'sigmoidBackward' : 'tanhBackward';
            k[backward](ty.ptr, tg.ptr, tgx.ptr, n);
            const wantGx = new Float32Array(n);
            twin[backward](y, g, wantGx, n);
            assertSameBits(tgx.toArray().subarray(0, n), wantGx, backward);
          }),
        ),
        { numRuns: 80 },
      );
    });
  }

  it('sigmoid and tanh saturate without overflow and keep NaN as NaN', () => {
    inScratch(() => {
      const x = Float32Array.of(-1e30, -100, 100, 1e30, NaN, -Infinity, Infinity);
      const ty = wasmEmpty(x.length);
      k.sigmoid(wasmF32(x).ptr, ty.ptr, x.length);
      assertSameBits(ty.toArray(), Float32Array.of(0, Math.fround(1 / (1 + Math.exp(100))), 1, 1, NaN, 0, 1), 'sigmoid');
      k.tanh(wasmF32(x).ptr, ty.ptr, x.length);
      assertSameBits(ty.toArray(), Float32Array.of(-1, -1, 1, 1, NaN, -1, 1), 'tanh');
    });
  });
});
