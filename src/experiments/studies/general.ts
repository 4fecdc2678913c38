/**
 * The general study (`wtanet reproduce --study general`, issue 17): the regrouping recipe
 * (src/experiments/recipe.ts), unchanged, on other shapes of data, judged by the strict factorial
 * criterion. Each setting has up to five arms, all with the same data, bottleneck width, encoder
 * budget and optimizer, so that what differs is only what the arm names:
 *
 * - `recipe`: hard WTA + the recipe (10 seeds in --full): the headline.
 * - `bestOf`: the same, trained RECIPE.bestOf times per seed, the lowest training objective kept
 *   (the recipe's selection step; it costs that many trainings, so it is an arm of its own).
 * - `relu`, `softmax`, `sigmoid`: the same width without WTA and without regrouping (regrouping
 *   moves WTA units), for the comparison on held-out accuracy, few-shot and zero-shot formulas.
 * - `ceiling`: a supervised readout of each factor (one n_f-way task per factor) through the same
 *   encoder budget and a relu bottleneck of the same width: how precisely this encoder can read
 *   the factor at all. A factor whose ceiling is below the criterion's 0.95 cannot pass it
 *   whatever the bottleneck does (precision); one whose ceiling is above it and still fails, fails
 *   on structure. Pure and browser-safe: rows are descriptions.
 */
import { applyRecipe, budgetText, RECIPE, recipeText, ringBudgetFor, type RecipeBudget } from '../recipe.js';
import type { StudyMode, StudyRow } from './rows.js';

export type GeneralArm = 'recipe' | 'bestOf' | 'relu' | 'softmax' | 'sigmoid' | 'ceiling';
export const BASELINE_ARMS = ['relu', 'softmax', 'sigmoid'] as const;

/**
 * One setting: data (indicator tasks over `taskFactors`, default every factor), the bottleneck
 * shape (G ≥ factors, K ≥ the largest number of values: chosen from the data only) and the encoder.
 */
export interface GeneralSetting {
  key: string;
  /** What the data is, in a few words. */
  what: string;
  /** `data.*` without tasks and sizes. */
  data: Record<string, unknown>;
  /** Values per scored factor (as the dataset builds them; constant factors left out). */
  cardinalities: number[];
  /** Factors the tasks are about (default: all); a constant factor (one bin) must be left out. */
  taskFactors?: string[];
  groups: number;
  units: number;
  encoder: 'mlp' | 'cnn';
  /** A CNN's convolutions (default the grid's [8, 16], kernel 3, stride 2). */
  cnn?: { channels: number[]; kernel?: number; stride?: number };
  /** The encoder budget, when not the recipe's own for the encoder type. */
  budget?: RecipeBudget;
}

const ring = (card: number[], groups: number, units: number, what = ''): GeneralSetting => ({
  key: `ring-${card.join(',')}/${groups}x${units}`,
  what: `ring mixing, values ${card.join(',')}, WTA ${groups} × ${units}${what}`,
  data: { dataset: 'entangled', entangled: { mixing: 'ring', cardinalities: card } },
  cardinalities: card, groups, units, encoder: 'mlp',
});

/** Issue 17's settings, in its order. */
export const GENERAL_SETTINGS: readonly GeneralSetting[] = [
  ring([4, 4, 4, 4], 4, 4, ' (the published example, control)'),
  ring([6, 6, 6, 6], 4, 6),
  ring([3, 5, 2, 4], 4, 6),
  ring([3, 6, 8, 4, 7], 5, 8),
  ring([2, 7, 5, 8, 3, 6], 6, 8),
  ring([4, 4, 4, 4], 6, 6, ' (over-complete)'),
  {
    key: 'deep-4,4,4,4/4x4', what: '`deep` mixing (the original generator, as the data has it), values 4,4,4,4, WTA 4 × 4',
    data: { dataset: 'entangled', entangled: { mixing: 'deep', cardinalities: [4, 4, 4, 4] } }, cardinalities: [4, 4, 4, 4], groups: 4, units: 4, encoder: 'mlp',
  },
  {
    // shape (4) × color (4) × position on a 2 × 2 grid (4): every factor fits a 4-unit group.
    key: 'shapes-16px-grid2/3x4', what: '`shapes` 16 × 16 px, 2 × 2 positions (shape, color, pos: 4 values each), CNN, WTA 3 × 4',
    data: { dataset: 'shapes', shapes: { size: 16, grid: 2 } }, cardinalities: [4, 4, 4], groups: 3, units: 4, encoder: 'cnn',
  },
  {
    // The published latent grid rendered in code (docs/research/data.md, section 3) at 32 px, the
    // size one seed's CNN fits in about a minute; orientation left out (one bin): with 4 bins the
    // square's and ellipse's symmetries cap its NMI at 0.5 for any code. Shape 3, scale 6, posX
    // and posY 3 bins each.
    key: 'dsprites-32px/4x6', what: 'procedural dSprites 32 × 32 px (shape 3, scale 6, posX 3, posY 3; orientation a nuisance), CNN, WTA 4 × 6',
    data: { dataset: 'dsprites', dsprites: { size: 32, bins: { orientation: 1 } } }, cardinalities: [3, 6, 3, 3],
    taskFactors: ['shape', 'scale', 'posX', 'posY'], groups: 4, units: 6, encoder: 'cnn',
    cnn: { channels: [16, 32, 32], kernel: 3, stride: 2 }, budget: { hidden: [256], nTrain: 8192, epochs: 20 },
  },
];

/**
 * The quick version (npm start): the image setting, the recipe (5 seeds), its ceiling (3 seeds) and
 * the recipe with its selection step (5 seeds × RECIPE.bestOf trainings), ≈ 6 s of CPU per
 * training: the cheapest setting where the selection step has something to select. The baselines
 * and the other settings run with --full only: with them npm start would exceed its 5 minutes on
 * 2 cores.
 */
const GENERAL_QUICK = ['shapes-16px-grid2/3x4'];
const QUICK_ARMS: readonly GeneralArm[] = ['recipe', 'ceiling'];

/**
 * The settings the best-of arm runs on: those where the recipe's remaining cause is structure,
 * every factor's ceiling ≥ 0.95 at the recipe's budget (docs/results-full/studies/general.md),
 * and single runs reach the factorial code often enough for a choice among 5 to matter. Where a
 * factor's ceiling is below 0.95 (3,6,8,4,7; 2,7,5,8,3,6; dSprites) the encoder cannot read it
 * precisely enough, and choosing among runs of that encoder cannot lift it. 6,6,6,6 joined when
 * encoder pretraining entered the recipe: without it its runs lost a whole factor in most seeds;
 * with it none did (research, seeds 1–10: one run 4/10, best of 5 6/10; docs/research/sized-encoder.md).
 * 4,4,4,4 on the over-complete 6 × 6 left when pretraining entered: its single runs are factorial in
 * 10/10 seeds with and without pretraining (its best of 5 was 10/10 too), so a choice adds nothing
 * there and would cost 5 × its training.
 */
const BEST_OF_SETTINGS = ['ring-4,4,4,4/4x4', 'ring-6,6,6,6/4x6', 'ring-3,5,2,4/4x6', 'deep-4,4,4,4/4x4', 'shapes-16px-grid2/3x4'];

/** Seeds per arm: 10 for the recipe (the headline), 5 for each baseline, 3 for the ceiling. */
function seedsOf(arm: GeneralArm, mode: StudyMode): number {
  if (arm === 'recipe' || arm === 'bestOf') return mode === 'quick' ? 5 : 10;
  return arm === 'ceiling' ? 3 : 5;
}

export function armKey(setting: string, arm: GeneralArm): string {
  return arm === 'recipe' ? setting : arm === 'bestOf' ? `${setting}/best-of-${RECIPE.bestOf}` : `${setting}/${arm}`;
}

export function generalRows(mode: StudyMode): StudyRow[] {
  const settings = mode === 'quick' ? GENERAL_SETTINGS.filter((s) => GENERAL_QUICK.includes(s.key)) : GENERAL_SETTINGS;
  const arms: readonly GeneralArm[] = mode === 'quick' ? QUICK_ARMS : ['recipe', ...BASELINE_ARMS, 'ceiling'];
  // The best-of arm's rows come after every other row: it costs RECIPE.bestOf trainings per seed,
  // and the other arms' runs (and the order of the committed file) stay as they were.
  const rows = settings.flatMap((s) => arms.map((arm) => row(s, arm)));
  return [...rows, ...settings.filter((s) => BEST_OF_SETTINGS.includes(s.key)).map((s) => row(s, 'bestOf'))];

  function row(s: GeneralSetting, arm: GeneralArm): StudyRow {
    const budget = s.budget ?? (s.encoder === 'mlp' ? ringBudgetFor(s.groups, s.units) : RECIPE.imageBudget);
    return {
      study: 'general', key: armKey(s.key, arm), setting: s.key, arm,
      label: `${armText(arm)}: ${s.what}; ${budgetText(budget, s.encoder)}`,
      cardinalities: s.cardinalities, config: armConfig(s, arm, budget), start: { kind: 'random' },
      seeds: seedsOf(arm, mode), transfer: arm !== 'ceiling',
    };
  }
}

function armText(arm: GeneralArm): string {
  switch (arm) {
    case 'recipe': return 'WTA + recipe';
    case 'bestOf': return `WTA + recipe, best of ${RECIPE.bestOf} by training objective`;
    case 'ceiling': return 'ceiling (supervised factor readout, relu of the same width)';
    default: return `${arm} of the same width (no regrouping)`;
  }
}

function armConfig(s: GeneralSetting, arm: GeneralArm, budget: RecipeBudget): Record<string, unknown> {
  const encoder = s.encoder === 'mlp' ? { type: 'mlp', hidden: [] } : { type: 'cnn', channels: [8, 16], hidden: [], ...s.cnn };
  const factors = s.taskFactors ? { factors: [...s.taskFactors] } : {};
  const base = {
    data: { ...s.data, tasks: [{ family: arm === 'ceiling' ? 'factor' : 'indicator', ...factors }], nVal: 512, nTest: 1024, nHeldout: 1024, heldoutFraction: 0.2 },
    model: { encoder, bottleneck: { variant: 'wta', groups: s.groups, units: s.units }, heads: { type: 'linear' } },
  };
  const c = applyRecipe(base, budget) as { model: { bottleneck: Record<string, unknown> }; train: Record<string, unknown> };
  if (arm === 'recipe') return c;
  if (arm === 'bestOf') return { ...c, train: { ...c.train, restarts: RECIPE.bestOf } };
  // Same data, width, encoder budget, optimizer, schedule and encoder pretraining; no WTA, so no
  // regrouping. (The ceiling, a relu run, then simply trains its encoder pretrain.epochs longer.)
  const variant = arm === 'ceiling' ? 'relu' : arm;
  c.model.bottleneck = { variant, groups: s.groups, units: s.units, ...(variant === 'softmax' ? { temperature: 1 } : {}) };
  c.train.regroup = null;
  // The ceiling asks what the encoder can read, not what a penalized head prefers.
  if (arm === 'ceiling') c.train.headL2 = 0;
  return c;
}

/** The general study's procedure, for its table's title. */
export function generalProcedure(): string {
  return recipeText();
}
