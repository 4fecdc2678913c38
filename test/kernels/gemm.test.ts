import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { kernels } from '../../src/kernels/load.js';
import { sgemm as sgemmTwin } from '../../src/kernels/reference/gemm.js';
import { getHeap } from '../../src/tensor/heap.js';

interface Case {
  m: number; n: number; k: number; transA: boolean; transB: boolean;
  padA: number; padB: number; padC: number; alpha: number; beta: number; seed: number;
}

/** Deterministic values with varied magnitudes and signs (and some ±0), so rounding order matters. */
function fillValues(out: Float32Array, seed: number): void {
  let s = seed >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    const u = s / 2 ** 32;
    if (s % 29 === 0) out[i] = s % 2 ? 0 : -0;
    else out[i] = (u - 0.5) * 2 ** ((s % 7) - 3);
  }
}

/**
 * Runs one case on the wasm kernel and on the twin, on identical inputs, and returns C
 * (whole strided buffer, padding included) from both.
 */
function runBoth(t: Case): { wasm: Float32Array; twin: Float32Array } {
  const { m, n, k, transA, transB } = t;
  const [aRows, aCols] = transA ? [k, m] : [m, k];
  const [bRows, bCols] = transB ? [n, k] : [k, n];
  const lda = aCols + t.padA;
  const ldb = bCols + t.padB;
  const ldc = n + t.padC;
  const a = new Float32Array(aRows * lda);
  const b = new Float32Array(bRows * ldb);
  const c = new Float32Array(m * ldc);
  fillValues(a, t.seed);
  fillValues(b, t.seed * 7 + 3);
  fillValues(c, t.seed * 13 + 5);
  // beta = 0 must ignore C entirely, NaN included.
  if (t.beta === 0) c.fill(NaN);
  // Padding of C must never be written: mark it.
  for (let i = 0; i < m; i++) for (let j = n; j < ldc; j++) c[i * ldc + j] = 12345;

  const heap = getHeap();
  const bytes = (x: Float32Array) => x.length * 4 + 64;
  const pa = heap.allocChunk(bytes(a));
  const pb = heap.allocChunk(bytes(b));
  const pc = heap.allocChunk(bytes(c));
  try {
    heap.f32.set(a, pa >> 2);
    heap.f32.set(b, pb >> 2);
    heap.f32.set(c, pc >> 2);
    kernels().sgemm(+transA, +transB, m, n, k, t.alpha, pa, lda, pb, ldb, t.beta, pc, ldc);
    const wasm = heap.f32.slice(pc >> 2, (pc >> 2) + c.length);
    const twin = c.slice();
    sgemmTwin(+transA, +transB, m, n, k, t.alpha, a, lda, b, ldb, t.beta, twin, ldc);
    return { wasm, twin };
  } finally {
    heap.freeChunk(pc, bytes(c));
    heap.freeChunk(pb, bytes(b));
    heap.freeChunk(pa, bytes(a));
  }
}

function assertBitIdentical(t: Case): void {
  const { wasm, twin } = runBoth(t);
  const w = new Uint32Array(wasm.buffer, wasm.byteOffset, wasm.length);
  const r = new Uint32Array(twin.buffer, twin.byteOffset, twin.length);
  for (let i = 0; i < w.length; i++) {
    if (w[i] !== r[i]) {
      assert.fail(`sgemm ${JSON.stringify(t)}: C[${i}] wasm ${wasm[i]} (0x${w[i].toString(16)}) ≠ twin ${twin[i]} (0x${r[i].toString(16)})`);
    }
  }
}

const base = { padA: 0, padB: 0, padC: 0, alpha: 1, beta: 0, seed: 1 };
const transposes = [[false, false], [true, false], [false, true], [true, true]] as const;

describe('sgemm kernel', () => {
  it('matches its TypeScript twin bit for bit on random shapes, transposes, strides, alpha and beta', () => {
    fc.assert(
      fc.property(
        fc.record({
          m: fc.integer({ min: 1, max: 70 }),
          n: fc.integer({ min: 1, max: 70 }),
          k: fc.integer({ min: 1, max: 70 }),
          transA: fc.boolean(),
          transB: fc.boolean(),
          padA: fc.integer({ min: 0, max: 5 }),
          padB: fc.integer({ min: 0, max: 5 }),
          padC: fc.integer({ min: 0, max: 5 }),
          alpha: fc.constantFrom(1, -1, 0.5, 1.3, -2.7, 0),
          beta: fc.constantFrom(0, 1, -1, 0.25, 1.7),
          seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        }),
        (t) => assertBitIdentical(t),
      ),
      { numRuns: 300 },
    );
  });

  it('is bit-identical on edge shapes around tile and SIMD widths, for every transpose combination', () => {
    // Covers any tile up to 8×16 (sizes just below, at and above each width).
    const ms = [1, 2, 3, 4, 5, 6, 7, 8, 9, 13];
    const ns = [1, 3, 4, 5, 7, 8, 9, 12, 13, 16, 17];
    const ks = [1, 2, 7];
    let seed = 1;
    for (const [transA, transB] of transposes)
      for (const m of ms) for (const n of ns) for (const k of ks)
        assertBitIdentical({ ...base, m, n, k, transA, transB, beta: seed % 3 === 0 ? 1 : 0, seed: seed++ });
  });

  it('keeps the k order across k-blocks (k just below, at and above the block depth, and several blocks)', () => {
    for (const [transA, transB] of transposes)
      for (const k of [255, 256, 257, 511, 512, 513, 1000])
        for (const beta of [0, 1, 0.5])
          for (const alpha of [1, 0.75]) // alpha = 1 with Aᵀ reads A in place, else A is packed
            assertBitIdentical({ ...base, m: 7, n: 11, k, transA, transB, beta, padA: 1, padB: 2, padC: 3, alpha, seed: k });
  });

  it('handles blocks of many rows and columns (m and n beyond the packing blocks)', () => {
    for (const [transA, transB] of transposes) {
      assertBitIdentical({ ...base, m: 251, n: 9, k: 5, transA, transB, beta: 1, seed: 3 });
      assertBitIdentical({ ...base, m: 3, n: 1100, k: 4, transA, transB, beta: 0, seed: 4 });
      assertBitIdentical({ ...base, m: 131, n: 1030, k: 3, transA, transB, beta: 1, padC: 2, seed: 5 });
    }
  });

  it('never reads past the end of A or B (operands placed at the very end of memory)', () => {
    const heap = getHeap();
    // Two fresh pages above everything the heap has handed out: ours until the test ends.
    heap.memory.grow(2);
    const f32 = heap.f32;
    for (const [transA, transB] of transposes)
      for (const [m, n, k] of [[7, 13, 5], [5, 8, 4], [1, 1, 1], [9, 3, 258]]) {
        const aLen = m * k;
        const bLen = k * n;
        const end = heap.memory.buffer.byteLength;
        const pb = end - bLen * 4;
        const pa = pb - aLen * 4;
        const pc = pa - m * n * 4 - 64;
        assert.ok(pc >= heap.bytesReserved, 'test needs free memory above the heap');
        const a = new Float32Array(aLen);
        const b = new Float32Array(bLen);
        fillValues(a, m + 1);
        fillValues(b, n + 2);
        heap.f32.set(a, pa >> 2);
        heap.f32.set(b, pb >> 2);
        kernels().sgemm(+transA, +transB, m, n, k, 1, pa, transA ? m : k, pb, transB ? k : n, 0, pc, n);
        const twin = new Float32Array(m * n);
        sgemmTwin(+transA, +transB, m, n, k, 1, a, transA ? m : k, b, transB ? k : n, 0, twin, n);
        assert.deepEqual(heap.f32.slice(pc >> 2, (pc >> 2) + m * n), twin);
        assert.equal(f32, heap.f32, 'memory did not grow');
      }
  });

  it('computes C = alpha·op(A)·op(B) + beta·C (twin within f32 rounding of a float64 product)', () => {
    const t: Case = { ...base, m: 9, n: 13, k: 37, transA: true, transB: false, alpha: 1.5, beta: 0.5, padC: 2 };
    const [m, n, k, ldc] = [t.m, t.n, t.k, t.n + t.padC];
    const a = new Float32Array(k * m); // stored k × m (transA)
    const b = new Float32Array(k * n);
    const c = new Float32Array(m * ldc);
    fillValues(a, 11); fillValues(b, 12); fillValues(c, 13);
    const out = c.slice();
    sgemmTwin(1, 0, m, n, k, t.alpha, a, m, b, n, t.beta, out, ldc);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        let mag = 0;
        for (let p = 0; p < k; p++) { s += a[p * m + i] * b[p * n + j]; mag += Math.abs(a[p * m + i] * b[p * n + j]); }
        const want = t.alpha * s + t.beta * c[i * ldc + j];
        const tol = (k + 2) * 2 ** -24 * (Math.abs(t.alpha) * mag + Math.abs(t.beta * c[i * ldc + j])) + 1e-30;
        assert.ok(Math.abs(out[i * ldc + j] - want) <= tol, `C[${i}][${j}] = ${out[i * ldc + j]}, want ${want}`);
      }
  });
});
