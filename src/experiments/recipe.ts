/**
 * The regrouping recipe: the one training procedure that reaches the strict factorial code in
 * wtanet, where it was measured to (README, "Reaching the symbolic code": 4 values per factor on
 * ring-mixed `entangled` and one-hot data, some other ring shapes and `shapes` images with its
 * selection step; docs/results-full/studies/general.md lists where it does not, and why). It is
 * defined here once; the grid's `wta+regroup` variant, every row of `wtanet reproduce --study
 * general` and `wtanet train --recipe` apply it, so a research change (another head L2,
 * regrouping period, budget) is a one-line edit of RECIPE.
 *
 * It needs a hard-WTA bottleneck (regrouping moves WTA units between groups); the rest of a run
 * (data, tasks, bottleneck shape, heads) is whatever the caller gives, or, with recipeConfig, is
 * chosen from the data as the general study chooses it. Pure and browser-safe.
 */
import { ConfigError } from '../base/check.js';

export interface RecipeBudget {
  /** Encoder hidden sizes (MLP layers; for a CNN the dense layers after its convolutions). */
  hidden: number[];
  nTrain: number;
  epochs: number;
}

export const RECIPE = {
  /**
   * The procedure (train.* fields): Adam + cosine LR, head-only L2, exclusivity regrouping (capped
   * lift: the default), and encoder pretraining: the same model with a relu bottleneck of the same
   * width trains on the same tasks for 10 epochs, and its encoder starts the WTA run (factor-blind).
   * Through hard WTA a factor no group holds early never reaches the encoder (its probe stays at
   * chance from epoch 3: "lost factors"); the relu phase lets every task's error shape the encoder
   * first. Judged before adoption on pre-registered held-out shapes nobody tuned on
   * (docs/research/sized-encoder.md, session 8: 6,6,6 on 3 × 6 and 6,5,6,5 on 4 × 6, 5/20 → 15/20
   * factorial single runs; no harm on 2,5,3,4 and 3,4,2,4: 13/20 → 18/20). Costs ≈ 10–15 % per run.
   */
  train: {
    batchSize: 64,
    optimizer: { type: 'adam', lr: 0.003 },
    schedule: { type: 'cosine', minLr: 0, warmupEpochs: 2 },
    headL2: 1e-3,
    regroup: { every: 3 },
    pretrain: { epochs: 10 },
  },
  /**
   * The cheapest encoder budget measured to decode 4-valued ring factors precisely enough for NMI
   * ≥ 0.95 (64 × 64 MLP, cosine LR, 32768 samples, 60 epochs: ≈ 10 s per seed on an idle core;
   * docs/research/README.md, session 3, section 5: 13/15 factorial on 4 × 4 with head L2 0). With
   * this RECIPE the general study measured 4/10 single runs and 10/10 best of 5 on 4 × 4; it is not
   * precise enough beyond 4 values (ceilings 0.62–0.95 for 5–8-valued factors), hence the rule below.
   */
  ringBudget: { hidden: [64, 64], nTrain: 32768, epochs: 60 } as RecipeBudget,
  /**
   * The sizing rule: a bottleneck of more than `sizedAbove` units (G · K, chosen from the data:
   * G ≥ factors, K ≥ the largest number of values) gets this larger MLP encoder instead. Judged
   * before adoption on held-out shapes nobody tuned on (docs/research/general.md, "sci3": +13 seeds
   * over the pre-registered bar of +3; 5,4,5,4 on 4 × 5 2/10 → 10/10) and then measured on the
   * general study's own settings (docs/research/sized-encoder.md), then adopted (the general study
   * reran its G·K > 16 settings with it, docs/results-full/studies/general.md). It lifts precision on
   * 5-valued and over-complete shapes; it does not make 7–8-valued factors readable to 0.95.
   */
  sizedRingBudget: { hidden: [128, 128, 128], nTrain: 32768, epochs: 60 } as RecipeBudget,
  sizedAbove: 16,
  /** Images (CNN encoder): no budget is known to work yet; this one keeps a seed within minutes. */
  imageBudget: { hidden: [64], nTrain: 8192, epochs: 40 } as RecipeBudget,
  /**
   * The selection step: train the recipe this many times from different initial weights
   * (`train.restarts`) and keep the run with the lowest penalized training objective
   * (src/train/restarts.ts; no factor labels). Structure misses are local minima with a worse
   * objective (docs/research/restarts-images.md). It costs that many trainings, so the grid's
   * `wta+regroup` variant trains the recipe once; the general study has it as its own arm.
   */
  bestOf: 5,
} as const;

/** The recipe's MLP budget for a G × K bottleneck on ring-mixed data: the sizing rule above. */
export function ringBudgetFor(groups: number, units: number): RecipeBudget {
  return groups * units > RECIPE.sizedAbove ? RECIPE.sizedRingBudget : RECIPE.ringBudget;
}

/** A short text of the recipe for labels and reports ("Adam 0.003, cosine, head L2 0.001, regroup every 3"). */
export function recipeText(): string {
  const t = RECIPE.train;
  return `Adam ${t.optimizer.lr} + cosine LR, head L2 ${t.headL2}, exclusivity regrouping every ${t.regroup.every} epochs (capped lift), encoder pretrained ${t.pretrain.epochs} epochs through a relu bottleneck of the same width`;
}

/** "64 × 64 MLP, 32768 samples, 60 epochs". */
export function budgetText(b: RecipeBudget, encoder: 'mlp' | 'cnn'): string {
  return `${encoder === 'mlp' ? `${b.hidden.join(' × ')} MLP` : 'CNN'}, ${b.nTrain} samples, ${b.epochs} epochs`;
}

/**
 * Applies the recipe to a run config (JSON, as validateRunConfig takes it): the bottleneck becomes
 * hard WTA, `train` gets the procedure; with a budget, also the encoder width (MLP only), the
 * number of training samples and the epochs. Everything else is kept. Returns a new object.
 */
export function applyRecipe(config: Record<string, unknown>, budget?: RecipeBudget): Record<string, unknown> {
  const c = structuredClone(config) as { data?: Record<string, unknown>; model?: Record<string, Record<string, unknown>>; train?: Record<string, unknown> };
  const model = (c.model ??= {});
  const bottleneck: Record<string, unknown> = { ...(model.bottleneck ?? {}), variant: 'wta' };
  delete bottleneck.k;
  delete bottleneck.temperature;
  model.bottleneck = bottleneck;
  c.train = { ...(c.train ?? {}), ...structuredClone(RECIPE.train) };
  if (budget) {
    model.encoder = { type: 'mlp', ...(model.encoder ?? {}), hidden: [...budget.hidden] };
    c.data = { ...(c.data ?? {}), nTrain: budget.nTrain };
    c.train.epochs = budget.epochs;
  }
  return c;
}

/**
 * The recipe for data with these factors (`wtanet train --recipe`; values per factor, as the
 * dataset has them): applyRecipe with the bottleneck shape and the budget chosen from the data
 * only, as the general study chooses them. G = the factors with ≥ 2 values, K = the most values;
 * a config that sets groups or units keeps them if G ≥ factors and K ≥ values (over-complete is
 * allowed), else a ConfigError names the shape needed. Budget: the sizing rule for an MLP encoder
 * (the default), RECIPE.imageBudget for a CNN; a file's rows cap nTrain (datasets/file.ts).
 * Tasks: one indicator per factor value (the study's tasks) unless the config sets its own.
 */
export function recipeConfig(config: Record<string, unknown>, cardinalities: readonly number[]): Record<string, unknown> {
  const scored = cardinalities.filter((v) => v >= 2);
  if (scored.length === 0) throw new ConfigError('the recipe needs data with at least one factor of 2 or more values');
  const need = { groups: scored.length, units: Math.max(...scored) };
  const c = config as { data?: Record<string, unknown>; model?: { bottleneck?: Record<string, unknown>; encoder?: Record<string, unknown> } };
  const given = c.model?.bottleneck ?? {};
  if (given.variant !== undefined && given.variant !== 'wta') {
    throw new ConfigError(`model.bottleneck.variant: the recipe trains a hard-WTA bottleneck, not ${JSON.stringify(given.variant)}; remove the field to use the recipe`);
  }
  const shape = { ...need };
  for (const k of ['groups', 'units'] as const) {
    if (given[k] === undefined) continue;
    if (typeof given[k] !== 'number' || given[k] < need[k]) {
      const why = k === 'groups' ? 'factors with 2+ values' : 'values of the largest factor';
      throw new ConfigError(`model.bottleneck.${k}: ${JSON.stringify(given[k])} is below the data's ${need[k]} ${why}; remove it to have it chosen`);
    }
    shape[k] = given[k];
  }
  const cnn = c.model?.encoder?.type === 'cnn';
  const budget = cnn ? RECIPE.imageBudget : ringBudgetFor(shape.groups, shape.units);
  const data = { ...(c.data ?? {}) };
  data.tasks ??= [{ family: 'indicator' }];
  // Linear heads, as the recipe was measured with.
  const model = { heads: { type: 'linear' }, ...(c.model ?? {}), bottleneck: { ...given, ...shape } };
  return applyRecipe({ ...config, data, model }, budget);
}
