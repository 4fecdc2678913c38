import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../src/base/prng.js';
import { Model } from '../../src/nn/model.js';
import { SGD } from '../../src/optim/sgd.js';
import { validateRunConfig } from '../../src/train/config.js';

function model(): Model {
  const config = validateRunConfig({ model: { encoder: { type: 'mlp', hidden: [5] }, bottleneck: { variant: 'wta', groups: 2, units: 3 }, heads: { type: 'mlp', hidden: [4] } } });
  return Model.fromConfig(config.model, [7], [{ numClasses: 2 }, { numClasses: 3 }], new Rng(3, 'init'));
}

/** Unit u's slice of every tensor with a unit axis: projection column + bias, head row. */
function unitSlice(m: Model, u: number): number[] {
  const H = m.bottleneck.width;
  const w = m.bottleneck.projection.weight.data();
  const h = m.heads.firstWeight;
  const cols = h.shape[1];
  const out: number[] = [];
  for (let r = 0; r < w.length / H; r++) out.push(w[r * H + u]);
  out.push(m.bottleneck.projection.bias.data()[u]);
  out.push(...h.data().subarray(u * cols, (u + 1) * cols));
  return out;
}

describe('bottleneck units of a model (regrouping interface)', () => {
  it('permuteUnits moves each unit with its projection column, bias and head row, and the optimizer state along', () => {
    const m = model();
    const opt = new SGD(m.namedParameters(), { momentum: 0.9, weightDecay: 0 });
    const w = m.bottleneck.projection.weight;
    // Fake momentum equal to the weights, so it must move exactly like them.
    const slot = (opt as unknown as { slot: (p: { name: string; tensor: typeof w }, s: string) => typeof w }).slot({ name: 'bottleneck.projection.weight', tensor: w }, 'momentum');
    slot.data().set(w.data());
    assert.deepEqual(opt.slotsOf(w), [slot]);
    const before = Array.from({ length: 6 }, (_, u) => unitSlice(m, u));
    const perm = Int32Array.from([3, 4, 5, 0, 1, 2]);
    m.permuteUnits(perm, (p) => opt.slotsOf(p));
    for (let s = 0; s < 6; s++) assert.deepEqual(unitSlice(m, s), before[perm[s]], `unit ${s}`);
    assert.deepEqual(Array.from(slot.data()), Array.from(w.data()), 'the state moved with its parameter');
    opt.dispose();
    m.dispose();
  });

  it('copyUnit makes one unit a copy of another', () => {
    const m = model();
    m.copyUnit(1, 4);
    assert.deepEqual(unitSlice(m, 4), unitSlice(m, 1));
    m.dispose();
  });

  it('keeps the deprecated unitAxes(): parameter names with their unit axis', () => {
    const m = model();
    const names = new Set(m.namedParameters().map((p) => p.name));
    const axes = m.unitAxes();
    assert.deepEqual(axes.map((a) => a.name), ['bottleneck.projection.weight', 'bottleneck.projection.bias', 'heads.0.weight']);
    for (const a of axes) assert.ok(names.has(a.name), a.name);
    m.dispose();
  });
});
