import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../src/base/prng.js';
import { fitGbt, gbtScores, type GbtModel } from '../../src/metrics/gbt.js';
import { gbtWasm, useGbtWasm, wasmLayout } from '../../src/metrics/gbt-wasm.js';
import { ready } from '../../src/index.js';

// The gbt's wasm module (assembly/gbt.ts) against its TypeScript twins: the same bits, so a
// model does not depend on whether the runtime could compile wasm.

const bits = (a: Float64Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

/** n samples of p features: dense (8 values), one-hot-like (mostly 0), continuous (all distinct); classes labels. */
function data(n: number, classes: number, seed: number) {
  const rng = new Rng(seed, 'gbt-wasm-data');
  const p = 5;
  const x = new Float64Array(n * p);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.int(classes);
    x[i * p] = Math.min(7, Math.max(0, y[i] + Math.round(rng.normal()))); // dense, 8 values
    x[i * p + 1] = y[i] === 0 && rng.uniform() < 0.8 ? 1 : 0; // sparse (one-hot-like)
    x[i * p + 2] = rng.int(3) === 0 ? 1 : 0; // sparse noise
    x[i * p + 3] = y[i] + rng.normal(); // continuous: walked under exact splits
    x[i * p + 4] = rng.int(5); // dense noise
  }
  return { x, n, p, y };
}

function fit(on: boolean, d: ReturnType<typeof data>, maxBins: number): GbtModel {
  useGbtWasm(on);
  try {
    return fitGbt(d, new Rng(2, 'gbt'), { stages: 15, maxBins });
  } finally {
    useGbtWasm(true);
  }
}

describe('gbt wasm module', () => {
  it('compiles in Node, synchronously and through ready()', async () => {
    assert.ok(gbtWasm());
    await ready(); // the package root's: also compiles this module asynchronously (here: already done)
    assert.ok(gbtWasm());
  });

  it("computes exp as V8's Math.exp, bit for bit", () => {
    const ex = gbtWasm()!;
    const rng = new Rng(1, 'exp');
    const xs = [0, -0, 1, -1, 1e-300, -1e-300, 2 ** -29, -(2 ** -27), 0.34657359, -0.34657359, 1.0397, -1.0397, 709.78, 709.79, -708.39, -708.4, -745.13, -745.14, 800, -800, Infinity, -Infinity, NaN];
    for (let i = 0; i < 200_000; i++) xs.push(i % 2 ? -rng.uniform() * 40 : (rng.uniform() - 0.5) * 1500);
    for (const x of xs) assert.ok(Object.is(ex.gbtExp(x), Math.exp(x)), `exp(${x}): wasm ${ex.gbtExp(x)}, Math.exp ${Math.exp(x)}`);
    // Two lanes at once (the softmax's path): every pairing of the arguments above, and of
    // values near fdlibm's branch points (ln2/2, 1.5·ln2, 2^−28, −708), where its cases meet.
    const [at] = wasmLayout(ex, [16]);
    const out = new Float64Array(ex.memory.buffer, at, 2);
    const edges = [0.5 * Math.LN2, 1.5 * Math.LN2, 2 ** -28, 708, 709.78].flatMap((e) => {
      const near: number[] = [];
      for (let d = -40; d <= 40; d++) near.push(-e * (1 + d * 2 ** -50), -e * (1 + d * 2 ** -30));
      return near;
    });
    const all = [...xs, ...edges];
    for (let i = 0; i < all.length; i++) {
      const [x, y] = [all[i], all[(i * 7919 + 1) % all.length]];
      ex.gbtExp2(x, y, out.byteOffset);
      assert.ok(Object.is(out[0], Math.exp(x)) && Object.is(out[1], Math.exp(y)), `exp2(${x}, ${y}): wasm ${out[0]}, ${out[1]}; Math.exp ${Math.exp(x)}, ${Math.exp(y)}`);
    }
  });

  it('predicts rows of whole numbers (read as bytes) as the TypeScript twin does', () => {
    const d = data(400, 8, 21);
    const whole = (x: Float64Array) => x.map((v) => Math.max(0, Math.round(v * 3)));
    const model = fitGbt({ ...d, x: whole(d.x) }, new Rng(2, 'gbt'), { stages: 10 });
    const fresh = data(300, 8, 22);
    const rows = whole(fresh.x);
    const wasm = bits(gbtScores(model, rows, fresh.n));
    useGbtWasm(false);
    try {
      assert.equal(wasm, bits(gbtScores(model, rows, fresh.n)));
    } finally {
      useGbtWasm(true);
    }
  });

  it('predicts byte rows as the twin does for shallow trees and thresholds outside [0, 255)', () => {
    // The wasm reads byte rows sixteen at a time through trees of depth ≤ 3 (gbtPredict), and
    // leaves a tree with a threshold below 0 or from 255 up to the one-row walk.
    const d = data(400, 8, 23);
    const fresh = data(300, 8, 24);
    for (const depth of [1, 2, 3]) {
      for (const shift of [-6, 0, 250]) {
        const model = fitGbt({ ...d, x: d.x.map((v) => Math.round(v * 3) + shift) }, new Rng(2, 'gbt'), { stages: 6, depth });
        assert.ok(model.trees.some((t) => t.feature[0] >= 0), 'the trees split');
        const rows = fresh.x.map((v) => Math.min(255, Math.max(0, Math.round(v * 3) + shift)));
        const wasm = bits(gbtScores(model, rows, fresh.n));
        useGbtWasm(false);
        try {
          assert.equal(wasm, bits(gbtScores(model, rows, fresh.n)), `depth ${depth}, shift ${shift}`);
        } finally {
          useGbtWasm(true);
        }
      }
    }
  });

  it("sums a stage's trees and partitions a root unstarted as a tree's start and partition do", () => {
    const ex = gbtWasm()!;
    for (const [K, n, wide] of [[8, 101, 0], [8, 100, 1], [3, 77, 0], [1, 50, 1]]) {
      const rng = new Rng(K * n, 'gbt-wasm-root');
      const [G, sums, idx, gs, tmp, tmpG, code, out] = wasmLayout(ex, [n * K * 8, 2 * K * 8, n * 4, n * 8, n * 4, n * 8, 2 * n * 4, 4 * 8]);
      const buf = ex.memory.buffer;
      const g = new Float64Array(buf, G, n * K);
      for (let q = 0; q < n * K; q++) g[q] = rng.normal() / 3;
      const c = wide ? new Int32Array(buf, code, 2 * n) : new Uint8Array(buf, code, 2 * n);
      for (let q = 0; q < 2 * n; q++) c[q] = rng.int(6);
      ex.gbtStageSums(G, K, n, sums);
      const s = new Float64Array(buf, sums, 2 * K);
      const o = new Float64Array(buf, out, 4);
      for (let k = 0; k < K; k++) {
        ex.gbtStartTree(G, K, k, idx, gs, n, out);
        assert.equal(bits(s.subarray(k, k + 1)), bits(o.subarray(0, 1)), `K ${K} tree ${k} sum`);
        assert.equal(bits(s.subarray(K + k, K + k + 1)), bits(o.subarray(1, 2)), `K ${K} tree ${k} sum of squares`);
        const mid = ex.gbtPartition(idx, gs, tmp, tmpG, code, wide, n, 0, n, 2, out);
        const want = [bits(new Int32Array(buf, idx, n)), bits(new Float64Array(buf, gs, n)), bits(o)];
        new Int32Array(buf, idx, n).fill(-1);
        new Float64Array(buf, gs, n).fill(0);
        assert.equal(ex.gbtPartitionRoot(G, K, k, idx, gs, tmp, tmpG, code, wide, n, n, 2, out), mid);
        assert.deepEqual([bits(new Int32Array(buf, idx, n)), bits(new Float64Array(buf, gs, n)), bits(o)], want, `K ${K} tree ${k} root partition`);
      }
    }
  });

  for (const classes of [2, 3, 8]) {
    for (const maxBins of [256, Infinity]) {
      it(`fits the same model as the TypeScript twins (${classes} classes, maxBins ${maxBins})`, () => {
        const d = data(499 + classes, classes, classes); // an odd number of samples for 8 classes (the wasm takes two at a time)
        const a = fit(true, d, maxBins);
        const b = fit(false, d, maxBins);
        assert.equal(a.trees.length, b.trees.length);
        a.trees.forEach((t, i) => {
          const u = b.trees[i];
          assert.equal(bits(t.feature), bits(u.feature), `tree ${i} features`);
          assert.equal(bits(t.threshold), bits(u.threshold), `tree ${i} thresholds`);
          assert.equal(bits(t.value), bits(u.value), `tree ${i} leaf values`);
        });
        assert.equal(bits(a.importance), bits(b.importance));
        assert.ok(a.trees.some((t) => t.feature[0] >= 0), 'the trees split');
        // Predictions: the raw scores of the wasm's and the twin's, on rows it has not seen.
        const fresh = data(200, classes, 10 + classes);
        const wasm = bits(gbtScores(a, fresh.x, fresh.n));
        useGbtWasm(false);
        try {
          assert.equal(wasm, bits(gbtScores(a, fresh.x, fresh.n)));
        } finally {
          useGbtWasm(true);
        }
      });
    }
  }
});
