import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { buildData } from '../../src/data/build.js';
import { validateDataConfig } from '../../src/data/config.js';
import { detCosSinTurn, detTanh } from '../../src/base/det-math.js';
import { ENTANGLED_ADDITIVE_DEFAULTS } from '../../src/data/datasets/entangled.js';
import type { Split } from '../../src/data/types.js';
import { probe, type ProbeData } from '../../src/metrics/probe.js';

// `mixing: 'additive'`: per-factor odd deep maps of the ring points, summed, then tanh. It must hide
// each factor from a linear readout (near chance: E[x | z_f] = 0 by symmetry) and yet be decodable
// compositionally: an MLP probe trained on the seen combinations is as good on the held-out ones as on
// seen ones, and clearly above chance.
describe("entangled, mixing 'additive'", () => {
  it('linear probe near chance; MLP probe well above it, on held-out combinations as on seen ones', () => {
    const data = buildData({ dataset: 'entangled', entangled: { mixing: 'additive' }, tasks: [{ family: 'factor' }], nTrain: 2048, nVal: 16, nTest: 512, nHeldout: 512 } as never, 1);
    const F = data.dataset.factors.length;
    const d = data.dataset.inputShape[0];
    const of = (split: Split, f: number): ProbeData => ({ x: split.x, n: split.n, d, y: Int32Array.from({ length: split.n }, (_, i) => split.z[i * F + f]) });
    for (let f = 0; f < F; f++) {
      const linear = probe(of(data.train, f), of(data.test, f), 4, { steps: 300, seed: 1 }).testAccuracy;
      const iid = probe(of(data.train, f), of(data.test, f), 4, { hidden: [64], steps: 300, seed: 1 }).testAccuracy;
      const held = probe(of(data.train, f), of(data.heldout, f), 4, { hidden: [64], steps: 300, seed: 1 }).testAccuracy;
      assert.ok(linear <= 0.36, `factor ${f}: linear probe ${linear}`);
      assert.ok(held >= 0.6, `factor ${f}: MLP probe held-out ${held}`);
      assert.ok(held >= iid - 0.08, `factor ${f}: MLP probe held-out ${held} vs IID ${iid}`);
    }
  });

  it('has its own defaults, and pinned bits (Node; its weights come from Rng.normal)', () => {
    assert.deepEqual(validateDataConfig({ entangled: { mixing: 'additive' } }).entangled, ENTANGLED_ADDITIVE_DEFAULTS);
    const b = buildData({ dataset: 'entangled', entangled: { mixing: 'additive' }, nTrain: 64, nVal: 4, nTest: 4, nHeldout: 4 } as never, 2);
    const h = createHash('sha256').update(new Uint8Array(b.train.x.buffer)).digest('hex').slice(0, 16);
    assert.equal(h, PINNED);
  });

  it('deterministic trig and tanh agree with Math to ~1e-15', () => {
    for (let k = -50; k <= 250; k++) {
      const u = k / 97 + 1e-3 * k;
      const [c, s] = detCosSinTurn(u);
      assert.ok(Math.abs(c - Math.cos(2 * Math.PI * u)) < 1e-13 && Math.abs(s - Math.sin(2 * Math.PI * u)) < 1e-13, `u = ${u}`);
      const v = k / 13;
      assert.ok(Math.abs(detTanh(v) - Math.tanh(v)) < 1e-15, `tanh ${v}`);
    }
  });
});

const PINNED = '66486c7fac4006ac';
