import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildData } from '../../src/data/build.js';
import { validateDataConfig } from '../../src/data/config.js';
import { ENTANGLED_DEEP_DEFAULTS } from '../../src/data/datasets/entangled.js';
import type { Split } from '../../src/data/types.js';
import { probe, type ProbeData } from '../../src/metrics/probe.js';

// Per-factor probes on the raw observations of `entangled`, trained on the training split.
// The default ('ring') generator must hide each factor non-linearly (a linear probe is poor even
// on seen combinations) yet compositionally (a small MLP probe decodes held-out combinations);
// the original 'deep' generator hides the factors non-linearly but admits no compositional
// generalization (its MLP probe is near chance on held-out combinations).
function probes(entangled: Record<string, unknown>) {
  const data = buildData({ dataset: 'entangled', entangled, tasks: [{ family: 'factor' }], nTrain: 2048, nVal: 16, nTest: 512, nHeldout: 512 } as never, 1);
  const F = data.dataset.factors.length;
  const d = data.dataset.inputShape[0];
  const of = (split: Split, f: number): ProbeData => ({
    x: split.x, n: split.n, d, y: Int32Array.from({ length: split.n }, (_, i) => split.z[i * F + f]),
  });
  return data.dataset.factors.map((factor, f) => {
    const classes = factor.values.length;
    const linear = probe(of(data.train, f), of(data.test, f), classes, { steps: 300, seed: 1 });
    const mlpIid = probe(of(data.train, f), of(data.test, f), classes, { hidden: [64], steps: 300, seed: 1 });
    const mlpHeldout = probe(of(data.train, f), of(data.heldout, f), classes, { hidden: [64], steps: 300, seed: 1 });
    return { name: factor.name, linear: linear.testAccuracy, mlpIid: mlpIid.testAccuracy, mlpHeldout: mlpHeldout.testAccuracy };
  });
}

describe('entangled: factors are decodable, but not linearly', () => {
  it("default ('ring'): linear probe poor, MLP probe good on held-out combinations, every factor", () => {
    for (const p of probes({})) {
      assert.ok(p.linear <= 0.75, `${p.name}: linear probe test accuracy ${p.linear}`);
      assert.ok(p.mlpHeldout >= 0.85, `${p.name}: MLP probe held-out accuracy ${p.mlpHeldout}`);
      assert.ok(p.mlpHeldout - p.linear >= 0.25, `${p.name}: linear ${p.linear} vs MLP held-out ${p.mlpHeldout}`);
    }
  });

  it("'deep': linear probe poor, MLP probe near-perfect on seen combinations but near chance on held-out ones", () => {
    for (const p of probes({ mixing: 'deep' })) {
      assert.ok(p.mlpIid >= 0.95, `${p.name}: MLP probe test accuracy ${p.mlpIid}`);
      assert.ok(p.linear <= 0.75, `${p.name}: linear probe test accuracy ${p.linear}`);
      assert.ok(p.mlpHeldout <= 0.5, `${p.name}: MLP probe held-out accuracy ${p.mlpHeldout}`);
    }
  });
});

describe('entangled: mixing option', () => {
  it("'deep' keeps the original generator's settings unless given", () => {
    assert.deepEqual(validateDataConfig({ entangled: { mixing: 'deep' } }).entangled, ENTANGLED_DEEP_DEFAULTS);
    assert.equal(validateDataConfig({ entangled: { mixing: 'deep', gain: 1.25 } }).entangled.gain, 1.25);
    assert.equal(validateDataConfig({}).entangled.mixing, 'ring');
  });
  it('rejects an unknown mixing with one line naming the allowed values', () => {
    assert.throws(() => validateDataConfig({ entangled: { mixing: 'wide' } }), /^Error: data\.entangled\.mixing: 'wide' is not one of ring, deep, additive$/);
  });
});
