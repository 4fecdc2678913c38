import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildData } from '../src/data/build.js';
import { probe, type ProbeData } from '../src/metrics/probe.js';

// The default `entangled` data must hide its factors non-linearly: a linear probe per factor,
// trained on the training split, decodes them poorly on fresh samples of the same combinations,
// while a small MLP probe decodes them almost perfectly.
describe('entangled (defaults): factors are decodable, but not linearly', () => {
  it('linear probe well below the MLP probe on IID test samples, every factor', () => {
    const data = buildData({ dataset: 'entangled', tasks: [{ family: 'factor' }], nTrain: 2048, nVal: 16, nTest: 512, nHeldout: 16 }, 1);
    const F = data.dataset.factors.length;
    const d = data.dataset.inputShape[0];
    const of = (split: { x: Float32Array; n: number; z: Int32Array }, f: number): ProbeData => ({
      x: split.x, n: split.n, d, y: Int32Array.from({ length: split.n }, (_, i) => split.z[i * F + f]),
    });
    for (let f = 0; f < F; f++) {
      const classes = data.dataset.factors[f].values.length;
      const linear = probe(of(data.train, f), of(data.test, f), classes, { steps: 300, seed: 1 });
      const mlp = probe(of(data.train, f), of(data.test, f), classes, { hidden: [64], steps: 300, seed: 1 });
      const name = data.dataset.factors[f].name;
      assert.ok(mlp.testAccuracy >= 0.95, `${name}: MLP probe test accuracy ${mlp.testAccuracy}`);
      assert.ok(linear.testAccuracy <= 0.75, `${name}: linear probe test accuracy ${linear.testAccuracy}`);
      assert.ok(mlp.testAccuracy - linear.testAccuracy >= 0.25, `${name}: linear ${linear.testAccuracy} vs MLP ${mlp.testAccuracy}`);
    }
  });
});
