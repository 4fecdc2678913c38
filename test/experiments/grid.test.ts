import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildGrid, parseShard, runId, shardRuns } from '../../src/experiments/grid.js';
import { applyRecipe, RECIPE, ringBudgetFor } from '../../src/experiments/recipe.js';
import { validateRunConfig } from '../../src/train/config.js';

describe('experiment grid', () => {
  it('gives every run a unique id built from its settings', () => {
    for (const mode of ['quick', 'full'] as const) {
      const grid = buildGrid({ mode });
      assert.equal(new Set(grid.map((r) => r.id)).size, grid.length);
      for (const r of grid) assert.equal(r.id, runId(r));
    }
  });
  it('has ≥ 5 seeds for every setting in quick mode and ≥ 5 with every variant and head in full mode', () => {
    const quickAll = buildGrid({ mode: 'quick' });
    for (const study of ['main', 'tasks', 'shape']) assert.ok(new Set(quickAll.filter((r) => r.study === study).map((r) => r.seed)).size >= 5, study);
    const quick = quickAll.filter((r) => r.study === 'main');
    assert.ok(quick.some((r) => r.variant === 'wta') && quick.some((r) => r.variant === 'relu'));
    const full = buildGrid({ mode: 'full' });
    const main = full.filter((r) => r.study === 'main');
    assert.equal(new Set(main.map((r) => r.seed)).size, 5);
    assert.equal(new Set(main.map((r) => r.variant)).size, 7);
    assert.deepEqual([...new Set(main.map((r) => r.head))].sort(), ['linear', 'mlp']);
    assert.deepEqual([...new Set(full.filter((r) => r.study === 'tasks').map((r) => r.numTasks))], [1, 2, 4, 8, 16]);
    assert.deepEqual([...new Set(full.filter((r) => r.study === 'shape').map((r) => r.shape))].sort(), ['above', 'below']);
  });
  it('gives every variant the same bottleneck width within a setting', () => {
    const grid = buildGrid({ mode: 'full' }).filter((r) => r.study === 'main');
    for (const ds of ['entangled', 'shapes']) {
      const widths = new Set(grid.filter((r) => r.dataset === ds).map((r) => r.groups * r.unitsPerGroup));
      assert.equal(widths.size, 1);
    }
  });
  it('has the recipe (wta+regroup) on every dataset in both modes, ≥ 5 seeds, as the wta run plus RECIPE', () => {
    for (const mode of ['quick', 'full'] as const) {
      const main = buildGrid({ mode }).filter((r) => r.study === 'main' && r.head === 'linear');
      for (const ds of ['entangled', 'shapes']) {
        const recipe = main.filter((r) => r.dataset === ds && r.variant === 'wta+regroup');
        assert.ok(new Set(recipe.map((r) => r.seed)).size >= 5, `${mode}/${ds}`);
        for (const r of recipe) {
          const wta = main.find((w) => w.dataset === ds && w.variant === 'wta' && w.seed === r.seed)!;
          const budget = ds === 'entangled' ? ringBudgetFor(r.groups, r.unitsPerGroup) : undefined;
          assert.deepEqual(r.config, applyRecipe(wta.config, budget), `${r.id}: the wta run's config with the recipe applied`);
          const c = validateRunConfig(r.config);
          assert.equal(c.model.bottleneck.variant, 'wta');
          assert.equal(c.train.headL2, RECIPE.train.headL2);
          assert.equal(c.train.regroup?.every, RECIPE.train.regroup.every);
          assert.equal(c.train.schedule.type, 'cosine');
        }
      }
    }
  });
  it('narrows with --seeds, --datasets and --variants, and rejects unknown names', () => {
    const g = buildGrid({ mode: 'full', seeds: 2, datasets: ['entangled'], variants: ['relu', 'wta'] });
    assert.deepEqual([...new Set(g.map((r) => r.variant))].sort(), ['relu', 'wta']);
    assert.deepEqual([...new Set(g.map((r) => r.seed))], [1, 2]);
    assert.ok(g.every((r) => r.dataset === 'entangled'));
    assert.throws(() => buildGrid({ mode: 'quick', variants: ['wta', 'maxout'] }), /unknown variant 'maxout'; allowed: wta, wta\+regroup, softmax/);
    assert.throws(() => buildGrid({ mode: 'quick', datasets: ['mnist'] }), /unknown dataset 'mnist'/);
  });
  it('does not depend on the order names were given in', () => {
    const a = buildGrid({ mode: 'quick', variants: ['wta', 'relu'] }).map((r) => r.id);
    const b = buildGrid({ mode: 'quick', variants: ['relu', 'wta'] }).map((r) => r.id);
    assert.deepEqual(a, b);
  });
});

describe('sharding', () => {
  it('covers the grid exactly once for any shard count', () => {
    const grid = buildGrid({ mode: 'full' });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), (n) => {
        const seen = new Map<string, number>();
        for (let i = 0; i < n; i++) for (const r of shardRuns(grid, parseShard(`${i}/${n}`))) seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
        assert.equal(seen.size, grid.length);
        assert.ok([...seen.values()].every((c) => c === 1));
      }),
      { numRuns: 30 },
    );
  });
  it('rejects malformed shard specs with a message saying the form', () => {
    for (const bad of ['3', '1/0', '4/4', '-1/3', 'a/b', '1/2/3']) assert.throws(() => parseShard(bad), /shard/);
    assert.deepEqual(parseShard('2/5'), { index: 2, count: 5 });
  });
});
