import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RECIPE, recipeConfig } from '../../src/experiments/recipe.js';
import { ConfigError } from '../../src/base/check.js';
import { validateRunConfig } from '../../src/train/config.js';

describe('recipeConfig (wtanet train --recipe)', () => {
  it('chooses G = factors with 2+ values and K = the most values, the budget by G·K, indicator tasks, the procedure', () => {
    const small = validateRunConfig(recipeConfig({ data: { dataset: 'onehot' } }, [4, 3, 1, 4]));
    assert.deepEqual([small.model.bottleneck.variant, small.model.bottleneck.groups, small.model.bottleneck.units], ['wta', 3, 4]);
    assert.deepEqual(small.model.encoder.hidden, RECIPE.ringBudget.hidden);
    assert.equal(small.data.nTrain, RECIPE.ringBudget.nTrain);
    assert.equal(small.train.epochs, RECIPE.ringBudget.epochs);
    assert.deepEqual(small.data.tasks.map((t) => t.family), ['indicator']);
    assert.equal(small.model.heads.type, 'linear');
    assert.equal(small.train.headL2, RECIPE.train.headL2);
    assert.equal(small.train.pretrain?.epochs, RECIPE.train.pretrain.epochs);
    assert.equal(small.train.regroup?.every, RECIPE.train.regroup.every);
    // 4 × 6 = 24 units > 16: the sized encoder.
    const big = validateRunConfig(recipeConfig({}, [6, 5, 6, 2]));
    assert.deepEqual([big.model.bottleneck.groups, big.model.bottleneck.units], [4, 6]);
    assert.deepEqual(big.model.encoder.hidden, RECIPE.sizedRingBudget.hidden);
  });

  it('keeps a config\'s own tasks, an over-complete shape and a CNN (with the image budget)', () => {
    const c = validateRunConfig(recipeConfig({
      data: { dataset: 'shapes', tasks: [{ family: 'factor' }] },
      model: { encoder: { type: 'cnn', channels: [8, 16] }, bottleneck: { groups: 5, units: 6 } },
    }, [4, 4, 4]));
    assert.deepEqual(c.data.tasks.map((t) => t.family), ['factor']);
    assert.deepEqual([c.model.bottleneck.groups, c.model.bottleneck.units], [5, 6]);
    assert.equal(c.model.encoder.type, 'cnn');
    assert.deepEqual(c.model.encoder.hidden, RECIPE.imageBudget.hidden);
    assert.equal(c.data.nTrain, RECIPE.imageBudget.nTrain);
  });

  it('refuses, naming the field, a bottleneck too small for the data, another variant, or data without a factor', () => {
    assert.throws(() => recipeConfig({ model: { bottleneck: { units: 4 } } }, [4, 6]), (e: Error) => e instanceof ConfigError && /^model\.bottleneck\.units: 4 is below the data's 6 values of the largest factor; remove it to have it chosen$/.test(e.message));
    assert.throws(() => recipeConfig({ model: { bottleneck: { groups: 1 } } }, [4, 6]), /model\.bottleneck\.groups: 1 is below the data's 2 factors with 2\+ values/);
    assert.throws(() => recipeConfig({ model: { bottleneck: { variant: 'relu' } } }, [4]), /model\.bottleneck\.variant: the recipe trains a hard-WTA bottleneck, not "relu"/);
    assert.throws(() => recipeConfig({}, [1, 1]), /at least one factor of 2 or more values/);
  });
});
