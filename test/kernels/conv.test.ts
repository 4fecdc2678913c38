import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { kernels } from '../../src/kernels/load.js';
import * as twin from '../../src/kernels/reference/conv.js';
import { transposeBatch as transposeTwin } from '../../src/kernels/reference/copy2d.js';
import { convOutputSize } from '../../src/ops/conv.js';
import { fromArray } from '../../src/tensor/tensor.js';
import { lcg, randoms } from '../helpers/gradcheck.js';
import { inScratch } from '../helpers/twin.js';


/** Geometries around the kernels' special cases: 3-wide interior runs need w ≥ 4, borders, strides 1–3. */
const geometry = fc
  .record({
    n: fc.integer({ min: 1, max: 3 }), c: fc.integer({ min: 1, max: 4 }),
    h: fc.integer({ min: 1, max: 9 }), w: fc.integer({ min: 1, max: 9 }),
    kh: fc.integer({ min: 1, max: 4 }), kw: fc.integer({ min: 1, max: 4 }),
    stride: fc.integer({ min: 1, max: 3 }), pad: fc.integer({ min: 0, max: 2 }),
    seed: fc.integer(),
  })
  .filter((g) => g.kh <= g.h + 2 * g.pad && g.kw <= g.w + 2 * g.pad)
  .map((g) => ({ ...g, ho: convOutputSize(g.h, g.kh, g.stride, g.pad), wo: convOutputSize(g.w, g.kw, g.stride, g.pad) }));


const GUARD = 8;

/** Last output pixel interior with slack to its right: im2row's 4-float moves must stop exactly at the end. */
const tightEnd = { n: 1, c: 1, h: 3, w: 8, kh: 3, kw: 3, stride: 2, pad: 0, seed: 5, ho: 1, wo: 3 };
const tightEndPadded = { n: 2, c: 2, h: 6, w: 10, kh: 3, kw: 3, stride: 2, pad: 1, seed: 9, ho: 3, wo: 5 };

describe('conv kernels (patch-row layout)', () => {
  // The channels-first and channels-last kernels take the same geometry, only the image's (C, H, W) order differs.
  type Geometry = typeof tightEnd;
  const layouts = [
    {
      names: 'im2row and row2im',
      im2row: (x: number, g: Geometry, rows: number) => kernels().im2row(x, g.n, g.c, g.h, g.w, g.kh, g.kw, g.stride, g.pad, g.ho, g.wo, rows),
      row2im: (rows: number, g: Geometry, x: number) => kernels().row2im(rows, g.n, g.c, g.h, g.w, g.kh, g.kw, g.stride, g.pad, g.ho, g.wo, x),
      im2rowTwin: twin.im2row,
      row2imTwin: twin.row2im,
    },
    {
      names: 'im2rowNhwc and row2imNhwc',
      im2row: (x: number, g: Geometry, rows: number) => kernels().im2rowNhwc(x, g.n, g.h, g.w, g.c, g.kh, g.kw, g.stride, g.pad, g.ho, g.wo, rows),
      row2im: (rows: number, g: Geometry, x: number) => kernels().row2imNhwc(rows, g.n, g.h, g.w, g.c, g.kh, g.kw, g.stride, g.pad, g.ho, g.wo, x),
      im2rowTwin: twin.im2rowNhwc,
      row2imTwin: twin.row2imNhwc,
    },
  ];

  for (const layout of layouts) {
    it(`${layout.names} equal their TypeScript twins bit for bit and write nothing past their output`, () => {
      fc.assert(
        fc.property(geometry, (g) => {
          inScratch(() => {
            const xSize = g.n * g.c * g.h * g.w;
            const rowsSize = g.n * g.ho * g.wo * g.c * g.kh * g.kw;
            const x = fromArray(randoms(xSize, g.seed), [xSize]);
            // Garbage the kernel must overwrite, then a guard band it must not touch.
            const rows = fromArray([...randoms(rowsSize, g.seed + 1), ...new Array(GUARD).fill(7)], [rowsSize + GUARD]);
            layout.im2row(x.ptr, g, rows.ptr);
            const expected = new Float32Array(rowsSize + GUARD).fill(7);
            layout.im2rowTwin(x.toArray(), g, expected);
            assert.deepEqual(rows.toArray(), expected);

            const src = fromArray(randoms(rowsSize, g.seed + 2), [rowsSize]);
            const back = fromArray([...randoms(xSize, g.seed + 3), ...new Array(GUARD).fill(7)], [xSize + GUARD]);
            layout.row2im(src.ptr, g, back.ptr);
            const expectedBack = new Float32Array(xSize + GUARD).fill(7);
            layout.row2imTwin(src.toArray(), g, expectedBack);
            assert.deepEqual(back.toArray(), expectedBack);
          });
        }),
        { numRuns: 120, examples: [[tightEnd], [tightEndPadded]] },
      );
    });
  }

  it('im2rowNhwc holds the same patches as im2row, channels last; row2imNhwc is its adjoint', () => {
    fc.assert(
      fc.property(geometry, (g) => {
        const { n, c, h, w, kh, kw } = g;
        const xSize = n * c * h * w;
        const q = n * g.ho * g.wo;
        const ckk = c * kh * kw;
        const x = Float32Array.from(randoms(xSize, g.seed)); // NCHW
        const xl = new Float32Array(xSize); // the same image, NHWC
        for (let b = 0; b < n; b++) for (let ci = 0; ci < c; ci++) for (let p = 0; p < h * w; p++) xl[(b * h * w + p) * c + ci] = x[(b * c + ci) * h * w + p];
        const rows = new Float32Array(q * ckk);
        const rowsL = new Float32Array(q * ckk);
        twin.im2row(x, g, rows);
        twin.im2rowNhwc(xl, g, rowsL);
        for (let i = 0; i < q; i++)
          for (let ci = 0; ci < c; ci++)
            for (let t = 0; t < kh * kw; t++) assert.equal(rowsL[i * ckk + t * c + ci], rows[i * ckk + ci * kh * kw + t]);

        const y = Float32Array.from(randoms(q * ckk, g.seed + 1));
        const back = new Float32Array(xSize);
        twin.row2imNhwc(y, g, back);
        let lhs = 0;
        let rhs = 0;
        for (let i = 0; i < q * ckk; i++) lhs += rowsL[i] * y[i];
        for (let i = 0; i < xSize; i++) rhs += xl[i] * back[i];
        assert.ok(Math.abs(lhs - rhs) <= 1e-4 * (1 + Math.abs(lhs)), `${lhs} vs ${rhs}`);
      }),
      { numRuns: 40 },
    );
  });

  it('row2im is the adjoint of im2row: ⟨im2row(x), y⟩ = ⟨x, row2im(y)⟩', () => {
    fc.assert(
      fc.property(geometry, (g) => {
        const xSize = g.n * g.c * g.h * g.w;
        const q = g.n * g.ho * g.wo;
        const ckk = g.c * g.kh * g.kw;
        const x = Float32Array.from(randoms(xSize, g.seed));
        const rows = new Float32Array(q * ckk);
        twin.im2row(x, g, rows);
        const y = Float32Array.from(randoms(q * ckk, g.seed + 1));
        const back = new Float32Array(xSize);
        twin.row2im(y, g, back);
        let lhs = 0;
        let rhs = 0;
        for (let i = 0; i < q * ckk; i++) lhs += rows[i] * y[i];
        for (let i = 0; i < xSize; i++) rhs += x[i] * back[i];
        assert.ok(Math.abs(lhs - rhs) <= 1e-4 * (1 + Math.abs(lhs)), `${lhs} vs ${rhs}`);
      }),
      { numRuns: 40 },
    );
  });

  it('transposeBatch equals its twin (sizes around the 4×4 block) and writes nothing past its output', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 11 }), fc.integer({ min: 1, max: 11 }), fc.integer(), (batch, rows, cols, seed) => {
        inScratch(() => {
          const size = batch * rows * cols;
          const x = fromArray(randoms(size, seed), [size]);
          const y = fromArray([...randoms(size, seed + 1), ...new Array(GUARD).fill(7)], [size + GUARD]);
          kernels().transposeBatch(x.ptr, y.ptr, batch, rows, cols);
          const expected = new Float32Array(size + GUARD).fill(7);
          transposeTwin(x.toArray(), expected, batch, rows, cols);
          assert.deepEqual(y.toArray(), expected);
          // And it is a transpose: y[b, j, i] = x[b, i, j].
          const xs = x.toArray();
          const ys = y.toArray();
          for (let b = 0; b < batch; b++)
            for (let i = 0; i < rows; i++)
              for (let j = 0; j < cols; j++) assert.equal(ys[b * rows * cols + j * rows + i], xs[b * rows * cols + i * cols + j]);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('addBiasRelu equals its twin bit for bit, NaN, ±0 and infinities included', () => {
    const specials = [NaN, 0, -0, Infinity, -Infinity, 1e-45, -1e-45];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 11 }), fc.integer(), (rows, cols, seed) => {
        inScratch(() => {
          const r = lcg(seed);
          const values = Array.from({ length: rows * cols }, (_, i) => (i % 5 === 0 ? specials[Math.floor((r() + 0.5) * specials.length)] : 2 * r()));
          const bias = Array.from({ length: cols }, (_, j) => (j % 3 === 0 ? specials[Math.floor((r() + 0.5) * specials.length)] : r()));
          const y = fromArray([...values, ...new Array(GUARD).fill(7)], [rows * cols + GUARD]);
          const b = fromArray(bias, [cols]);
          kernels().addBiasRelu(y.ptr, b.ptr, rows, cols);
          const expected = Float32Array.from([...values, ...new Array(GUARD).fill(7)]);
          twin.addBiasRelu(expected, b.toArray(), rows, cols);
          // Object.is tells −0 from +0 (deepEqual would not); any NaN matches any NaN (the
          // sign bit of a generated NaN differs between wasm and JS and means nothing).
          const got = y.toArray();
          for (let i = 0; i < got.length; i++) assert.ok(Object.is(got[i], expected[i]), `${i}: ${got[i]} vs ${expected[i]}`);
        });
      }),
      { numRuns: 60 },
    );
  });
});
