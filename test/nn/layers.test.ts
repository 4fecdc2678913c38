import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { backward } from '../../src/autodiff/tape.js';
import { Rng } from '../../src/base/prng.js';
import { blockLinear } from '../../src/ops/block-linear.js';
import { Model } from '../../src/nn/model.js';
import type { ModelConfig } from '../../src/nn/model-config.js';
import { multiTaskCrossEntropy } from '../../src/ops/multitask-loss.js';
import { scratch } from '../../src/tensor/context.js';
import { fromArray, fromInts } from '../../src/tensor/tensor.js';
import { checkGradient } from '../helpers/gradcheck.js';

const wave = (n: number, seed: number, scale = 1) => Array.from({ length: n }, (_, j) => scale * Math.sin(seed + 1.3 * j + 0.7 * n));

describe('blockLinear (batched MLP heads)', () => {
  it('equals each block applied separately, with exact gradients', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 7 }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), fc.integer(), (n, inEach, outs, seed) => {
        const T = outs.length;
        const wSize = outs.reduce((s, o) => s + inEach * o, 0);
        const oTotal = outs.reduce((s, o) => s + o, 0);
        checkGradient({
          inputs: [wave(n * T * inEach, seed), wave(wSize, seed + 1, 0.5), wave(oTotal, seed + 2)],
          shapes: [[n, T * inEach], [wSize], [oTotal]],
          forward: ([x, w, b]) => blockLinear(x, w, b, inEach, outs),
          reference: ([x, w, b]) => {
            const y = new Float64Array(n * oTotal);
            let wo = 0;
            let oo = 0;
            for (let t = 0; t < T; t++) {
              for (let r = 0; r < n; r++)
                for (let j = 0; j < outs[t]; j++) {
                  let s = b[oo + j];
                  for (let i = 0; i < inEach; i++) s += x[r * T * inEach + t * inEach + i] * w[wo + i * outs[t] + j];
                  y[r * oTotal + oo + j] = s;
                }
              wo += inEach * outs[t];
              oo += outs[t];
            }
            return y;
          },
          seed,
        });
      }),
      { numRuns: 40 },
    );
  });
});

describe('multiTaskCrossEntropy', () => {
  it('is the weighted sum of each task slice’s mean cross-entropy, with exact gradients', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.integer({ min: 2, max: 5 }), { minLength: 1, maxLength: 4 }), fc.integer(), (n, classes, seed) => {
        const T = classes.length;
        const offsets: number[] = [];
        let total = 0;
        for (const c of classes) { offsets.push(total); total += c; }
        const rng = new Rng(seed >>> 0, 'labels');
        const labels = Array.from({ length: T * n }, (_, i) => rng.int(classes[Math.floor(i / n)]));
        const weights = classes.map((_, t) => 0.5 + t);
        checkGradient({
          inputs: [wave(n * total, seed, 2)],
          shapes: [[n, total]],
          forward: ([logits]) => multiTaskCrossEntropy(logits, fromInts(labels, [T, n]), offsets, classes, weights).loss,
          reference: ([z]) => {
            let loss = 0;
            for (let t = 0; t < T; t++) {
              let s = 0;
              for (let r = 0; r < n; r++) {
                const row = Array.from({ length: classes[t] }, (_, j) => z[r * total + offsets[t] + j]);
                const m = Math.max(...row);
                const lse = m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0));
                s += lse - row[labels[t * n + r]];
              }
              loss += (weights[t] * s) / n;
            }
            return Float64Array.of(loss);
          },
          seed,
        });
      }),
      { numRuns: 40 },
    );
  });
});

/** Directional derivative of the model's loss along a random direction: tape vs central difference. */
function checkModelGradient(config: ModelConfig, inputShape: number[], classes: number[], seed: number): void {
  const model = Model.fromConfig(config, inputShape, classes.map((c) => ({ numClasses: c })), new Rng(seed, 'init'));
  const arena = scratch();
  const mark = arena.mark();
  try {
    const n = 3;
    const d = model.inputSize;
    const rng = new Rng(seed, 'grad');
    // Biases start at exactly 0, so a dead row could put a ReLU exactly on its kink, where
    // a finite difference sees half a slope: jitter every parameter off the kinks first.
    for (const p of model.parameters()) { const v = p.data(); for (let j = 0; j < v.length; j++) v[j] += 0.1 * rng.normal(); }
    const x = Float32Array.from({ length: n * d }, () => rng.normal());
    const labels = classes.flatMap((c) => Array.from({ length: n }, () => rng.int(c)));
    const offsets = model.heads.offsets;
    const lossAt = (): number => {
      const m = arena.mark();
      const { logits } = model.forward(fromArray(x, [n, d]));
      const v = multiTaskCrossEntropy(logits, fromInts(labels, [classes.length, n]), offsets, classes, classes.map(() => 1)).loss.data()[0];
      arena.release(m);
      return v;
    };
    const { logits } = model.forward(fromArray(x, [n, d]));
    backward(multiTaskCrossEntropy(logits, fromInts(labels, [classes.length, n]), offsets, classes, classes.map(() => 1)).loss);
    const params = model.parameters();
    const dirs = params.map((p) => Float32Array.from({ length: p.size }, () => rng.normal()));
    let analytic = 0;
    for (let i = 0; i < params.length; i++) {
      const g = params[i].grad!.data();
      for (let j = 0; j < g.length; j++) analytic += g[j] * dirs[i][j];
    }
    const h = 1e-4;
    const shift = (s: number) => params.forEach((p, i) => { const v = p.data(); for (let j = 0; j < v.length; j++) v[j] += s * dirs[i][j]; });
    const saved = params.map((p) => p.toArray());
    shift(h);
    const up = lossAt();
    params.forEach((p, i) => p.data().set(saved[i]));
    shift(-h);
    const down = lossAt();
    params.forEach((p, i) => { p.data().set(saved[i]); p.grad = null; });
    const numeric = (up - down) / (2 * h);
    assert.ok(Math.abs(analytic - numeric) <= 0.02 * Math.max(1, Math.abs(analytic)), `analytic ${analytic} vs numeric ${numeric}`);
  } finally {
    arena.release(mark);
    model.dispose();
  }
}

describe('Model', () => {
  const bottleneck = { variant: 'softmax' as const, groups: 2, units: 3, temperature: 1, finalTemperature: null, k: 2 };
  it('has exact gradients end to end (mlp encoder, softmax bottleneck, mlp heads)', () => {
    for (const seed of [1, 2, 3]) {
      for (const variant of ['softmax', 'linear', 'sigmoid'] as const) {
        checkModelGradient({ encoder: { type: 'mlp', hidden: [7, 5] }, bottleneck: { ...bottleneck, variant }, heads: { type: 'mlp', hidden: [4, 3] } }, [6], [2, 3, 4], seed);
      }
    }
  });
  it('has exact gradients end to end (cnn encoder, sigmoid bottleneck, linear heads)', () => {
    checkModelGradient(
      { encoder: { type: 'cnn', channels: [3, 4], kernel: 3, stride: 2, hidden: [6] }, bottleneck: { ...bottleneck, variant: 'sigmoid' }, heads: { type: 'linear', hidden: [32] } },
      [2, 7, 6], [3, 2], 4,
    );
  });

  it('encodes a wta bottleneck as one-hot groups whose winners are the argmax', () => {
    const model = Model.fromConfig(
      { encoder: { type: 'mlp', hidden: [8] }, bottleneck: { ...bottleneck, variant: 'wta', groups: 3, units: 4 }, heads: { type: 'linear', hidden: [32] } },
      [5], [{ numClasses: 2 }], new Rng(9, 'init'),
    );
    const rng = new Rng(1, 'x');
    const n = 17;
    const x = Float32Array.from({ length: n * 5 }, () => rng.normal());
    const { codes, winners } = model.encode(x, n, 4);
    assert.equal(codes.length, n * 12);
    for (let r = 0; r < n; r++)
      for (let g = 0; g < 3; g++) {
        const block = [...codes.subarray(r * 12 + g * 4, r * 12 + g * 4 + 4)];
        assert.deepEqual(block.filter((v) => v === 1).length, 1);
        assert.equal(block.indexOf(1), winners[r * 3 + g]);
      }
    const preds = model.predict(x, n, 5);
    assert.equal(preds.length, 1);
    assert.ok(preds[0].every((p) => p === 0 || p === 1));
    model.dispose();
  });

  it("encode's winners follow the WTA kernel's rule: NaN ranks lowest, ties go to the first index", () => {
    // A linear bottleneck passes its pre-activations through, so the projection's bias picks
    // the code: unit 0 of group 0 is NaN (bias NaN), group 1 ties units 1 and 3, group 2 is all NaN.
    const model = Model.fromConfig(
      { encoder: { type: 'mlp', hidden: [] }, bottleneck: { ...bottleneck, variant: 'linear', groups: 3, units: 4 }, heads: { type: 'linear', hidden: [] } },
      [2], [{ numClasses: 2 }], new Rng(3, 'init'),
    );
    const named = model.namedParameters();
    named.find((p) => p.name === 'bottleneck.projection.weight')!.tensor.data().fill(0);
    named.find((p) => p.name === 'bottleneck.projection.bias')!.tensor.data().set([NaN, 1, 2, 0, -1, 5, 0, 5, NaN, NaN, NaN, NaN]);
    const { winners } = model.encode(new Float32Array([0.5, -0.5]), 1);
    assert.deepEqual(Array.from(winners), [2, 1, 0]);
    model.dispose();
  });

  it('draws identical initial weights from the same seed', () => {
    const cfg: ModelConfig = { encoder: { type: 'mlp', hidden: [6] }, bottleneck, heads: { type: 'mlp', hidden: [4] } };
    const a = Model.fromConfig(cfg, [3], [{ numClasses: 2 }, { numClasses: 3 }], new Rng(5, 'init'));
    const b = Model.fromConfig(cfg, [3], [{ numClasses: 2 }, { numClasses: 3 }], new Rng(5, 'init'));
    assert.deepEqual(a.namedParameters().map((p) => p.name), ['encoder.0.weight', 'encoder.0.bias', 'bottleneck.projection.weight', 'bottleneck.projection.bias', 'heads.0.weight', 'heads.0.bias', 'heads.1.weight', 'heads.1.bias']);
    a.parameters().forEach((p, i) => assert.deepEqual(p.toArray(), b.parameters()[i].toArray()));
    a.dispose();
    b.dispose();
  });

  it('gives every bottleneck variant the same G·K width, with each variant’s code', () => {
    const rng = new Rng(2, 'x');
    const n = 9;
    const x = Float32Array.from({ length: n * 5 }, () => rng.normal());
    const codeOf = (variant: ModelConfig['bottleneck']['variant']) => {
      const m = Model.fromConfig(
        { encoder: { type: 'mlp', hidden: [8] }, bottleneck: { variant, groups: 3, units: 4, temperature: 0.5, finalTemperature: null, k: 5 }, heads: { type: 'linear', hidden: [32] } },
        [5], [{ numClasses: 3 }], new Rng(4, 'init'),
      );
      const { codes } = m.encode(x, n);
      m.dispose();
      assert.equal(codes.length, n * 12);
      return codes;
    };
    const rows = (c: Float32Array) => Array.from({ length: n }, (_, r) => [...c.subarray(r * 12, r * 12 + 12)]);
    for (const row of rows(codeOf('topk'))) assert.equal(row.filter((v) => v !== 0).length, 5);
    for (const row of rows(codeOf('softmax')))
      for (let g = 0; g < 3; g++) assert.ok(Math.abs(row.slice(4 * g, 4 * g + 4).reduce((a, b) => a + b, 0) - 1) < 1e-5);
    assert.ok(codeOf('relu').every((v) => v >= 0));
    assert.ok(codeOf('sigmoid').every((v) => v > 0 && v < 1));
    const linear = codeOf('linear');
    assert.ok(linear.some((v) => v < 0) && linear.some((v) => v > 0));
  });
});
