import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../src/base/prng.js';
import { featureBins } from '../../src/metrics/gbt-bins.js';
import { fitGbt, predictGbt } from '../../src/metrics/gbt.js';

// The gbt's split search (gbt-tree.ts) two ways: through histograms (with sibling subtraction and
// one-hot features read off their mode) and by walking each feature's samples in value order.
// Both are exact over the bins, so on the same data and seed they must fit the same model; and
// quantile bins (maxBins) must approximate the exact model.

function data(n: number, seed: number) {
  const rng = new Rng(seed, 'gbt-hist-data');
  const p = 6;
  const x = new Float64Array(n * p);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.int(3);
    const signal = Math.round((y[i] + rng.normal() * 0.6) * 20) / 20; // ~100 distinct values
    x[i * p] = signal;
    x[i * p + 1] = y[i] === 0 && rng.uniform() < 0.9 ? 1 : 0; // one-hot-like: mostly 0
    x[i * p + 2] = rng.int(8); // noise, 8 values
    x[i * p + 3] = signal; // a duplicate of x0
    x[i * p + 4] = rng.uniform(); // continuous noise, all distinct
    x[i * p + 5] = 7; // constant
  }
  return { x, n, p, y };
}

describe('gbt split search', () => {
  const d = data(400, 3);

  it('histograms and the sorted walk grow the same model', () => {
    const hist = fitGbt(d, new Rng(5, 'gbt'), { stages: 20, maxBins: Infinity, walkAbove: Infinity });
    const walk = fitGbt(d, new Rng(5, 'gbt'), { stages: 20, maxBins: Infinity, walkAbove: 0 });
    // Trees may differ only where a node's gradients are all equal: every threshold then gains 0
    // up to rounding, which the two summation orders round differently (sklearn splits such a
    // node on its own rounding too); the seeded draws between the duplicated features x0 and x3
    // then fall elsewhere, and near-degenerate nodes may pick another split of (almost) no gain.
    // Importances (the pair summed) agree far within any real difference; predictions exactly.
    const merged = (imp: Float64Array) => [imp[0] + imp[3], imp[1], imp[2], imp[4], imp[5]];
    merged(hist.importance).forEach((v, j) => assert.ok(Math.abs(v - merged(walk.importance)[j]) < 1e-4, `feature ${j}: ${v} vs ${merged(walk.importance)[j]}`));
    const fresh = data(300, 4);
    for (const set of [d, fresh]) assert.deepEqual(Array.from(predictGbt(hist, set.x, set.n)), Array.from(predictGbt(walk, set.x, set.n)));
    const splits = (m: typeof hist) => m.trees.reduce((a, t) => a + t.feature.filter((f) => f >= 0).length, 0);
    assert.ok(Math.abs(splits(hist) - splits(walk)) <= 0.05 * splits(hist), `${splits(hist)} vs ${splits(walk)} splits`);
    // The duplicated pair shares the signal's importance; the constant feature gets none.
    assert.ok(hist.importance[0] > 0.1 && hist.importance[3] > 0.1, `${hist.importance[0]} ${hist.importance[3]}`);
    assert.equal(hist.importance[5], 0);
  });

  it('quantile bins approximate the exact model', () => {
    const exact = fitGbt(d, new Rng(5, 'gbt'), { stages: 20, maxBins: Infinity });
    const binned = fitGbt(d, new Rng(5, 'gbt'), { stages: 20, maxBins: 16 });
    // Informative features (the signal pair and the one-hot) keep their share; the noise's stays small.
    const share = (imp: Float64Array) => imp[0] + imp[1] + imp[3];
    assert.ok(share(exact.importance) > 0.8 && share(binned.importance) > 0.8, `${share(exact.importance)} ${share(binned.importance)}`);
    assert.ok(Math.abs(share(exact.importance) - share(binned.importance)) < 0.1);
    // Both fit the training labels about as well.
    const acc = (m: typeof exact) => predictGbt(m, d.x, d.n).reduce((a, v, i) => a + (v === d.y[i] ? 1 : 0), 0) / d.n;
    assert.ok(Math.abs(acc(exact) - acc(binned)) < 0.05, `${acc(exact)} ${acc(binned)}`);
  });

  it('a seed gives the same model, bit for bit', () => {
    const a = fitGbt(d, new Rng(9, 'gbt'), { stages: 5, maxBins: 32 });
    const b = fitGbt(d, new Rng(9, 'gbt'), { stages: 5, maxBins: 32 });
    assert.deepEqual(Array.from(a.importance), Array.from(b.importance));
    assert.deepEqual(a.trees.map((t) => Array.from(t.threshold)), b.trees.map((t) => Array.from(t.threshold)));
  });
});

describe('gbt bins', () => {
  it('few distinct values: one bin each; many: at most maxBins runs of whole values, in order', () => {
    const n = 500;
    const rng = new Rng(1, 'bins');
    const x = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      x[i * 2] = rng.int(5);
      x[i * 2 + 1] = rng.uniform();
    }
    const b = featureBins(x, n, 2, 8);
    assert.equal(b.count[0], 5);
    assert.ok(b.count[1] <= 8 && b.count[1] >= 6, `${b.count[1]} bins`);
    for (let j = 0; j < 2; j++) {
      const off = b.offset[j];
      for (let k = 0; k < b.count[j]; k++) {
        assert.ok(b.lo[off + k] <= b.hi[off + k]);
        if (k > 0) assert.ok(b.hi[off + k - 1] < b.lo[off + k]);
      }
      // Each sample's bin holds its (float32) value.
      for (let i = 0; i < n; i++) {
        const c = b.code[j * n + i];
        const v = Math.fround(x[i * 2 + j]);
        assert.ok(v >= b.lo[off + c] && v <= b.hi[off + c], `feature ${j} sample ${i}`);
      }
    }
    // Quantile bins hold about n / maxBins samples each.
    const sizes = new Array<number>(b.count[1]).fill(0);
    for (let i = 0; i < n; i++) sizes[b.code[n + i]]++;
    for (const s of sizes) assert.ok(s >= n / 8 - 1 && s <= 2 * (n / 8), `bin of ${s}`);
  });
});
