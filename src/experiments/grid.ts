/**
 * The experiment grid of `wtanet reproduce`: datasets × bottleneck variants × head types × seeds,
 * plus two sweeps (number of tasks; bottleneck shape below/at/above the true factor structure).
 * Pure and browser-safe: it only builds descriptions of runs (RunSpec) with their configs.
 */

import type { DatasetName, HeadType, RunSettings, ShapeLabel, Study, Variant } from '../report/results.js';
import { bottleneckVariant, DATASETS, HEADS, VARIANTS } from '../report/results.js';
import { applyRecipe, ringBudgetFor, type RecipeBudget } from './recipe.js';

export interface RunSpec extends RunSettings {
  /** Stable id, built from the settings only: the run's folder name. */
  id: string;
  /** The trainer's RunConfig (JSON; fields not given take the trainer's defaults). */
  config: Record<string, unknown>;
}

export type Mode = 'quick' | 'full';

export interface GridOptions {
  mode: Mode;
  seeds?: number;
  datasets?: readonly string[];
  variants?: readonly string[];
  /** Changes to the mode's sizes (tests use tiny models and few epochs). */
  overrides?: Partial<ModePlan>;
}

/** Sizes of one grid mode. `quick` must finish (with evaluation and report) in ≤ 5 min on 2 cores. */
export interface ModePlan {
  seeds: number;
  datasets: DatasetName[];
  variants: Variant[];
  heads: HeadType[];
  /** Variants trained with the non-linear (mlp) heads; default all. */
  mlpHeadVariants?: Variant[];
  sweepDataset: DatasetName;
  sweepVariants: Variant[];
  sweepSeeds: number;
  taskCounts: number[];
  shapes: ShapeLabel[];
  epochs: number;
  nTrain: number;
  hidden: number[];
  /** shapes: image side in pixels and positions per side (pos has grid² values). */
  imageSize: number;
  shapesGrid: number;
}

const PLANS: Record<Mode, ModePlan> = {
  quick: {
    // ≥ 5 seeds for every compared setting (METRICS.md); sizes shrunk instead so that npm start
    // (this grid plus the theorem and basin studies) stays within 5 minutes on 2 cores.
    seeds: 5,
    datasets: ['entangled', 'shapes'],
    variants: [...VARIANTS],
    heads: ['linear', 'mlp'],
    // The recipe (wta+regroup) is a theorem-setting procedure (linear heads): linear heads only here.
    mlpHeadVariants: ['wta', 'relu'],
    sweepDataset: 'entangled',
    sweepVariants: ['wta', 'relu'],
    sweepSeeds: 5,
    taskCounts: [1, 4, 16],
    shapes: ['below', 'at', 'above'],
    epochs: 20,
    nTrain: 3072,
    hidden: [64, 64],
    imageSize: 16,
    shapesGrid: 2,
  },
  full: {
    seeds: 5,
    datasets: ['entangled', 'shapes'],
    variants: [...VARIANTS],
    heads: [...HEADS],
    sweepDataset: 'entangled',
    sweepVariants: ['wta', 'softmax', 'relu', 'linear'],
    sweepSeeds: 5,
    taskCounts: [1, 2, 4, 8, 16],
    shapes: ['below', 'at', 'above'],
    epochs: 40,
    nTrain: 8192,
    hidden: [128, 128],
    imageSize: 32,
    shapesGrid: 2,
  },
};

/**
 * The true factor structure of each dataset at the grid's settings: F factors × n values.
 * entangled: the data layer's default 4 factors × 4 values. shapes: shape (4), color (4) and
 * position on a 2 × 2 grid (4), so that "at" is 3 groups × 4 units for every factor.
 */
export const FACTOR_STRUCTURE: Record<DatasetName, { factors: number; values: number }> = {
  entangled: { factors: 4, values: 4 },
  shapes: { factors: 3, values: 4 },
};

const SHAPES: Record<ShapeLabel, (f: number, v: number) => [number, number]> = {
  below: (f, v) => [Math.max(1, f / 2), Math.max(2, v / 2)],
  at: (f, v) => [f, v],
  above: (f, v) => [2 * f, 2 * v],
};

/** Training tasks: the main study mixes single-factor partitions with multi-factor boolean tasks. */
function taskFamilies(study: Study, numTasks: number, factors: number): Record<string, unknown>[] {
  if (study === 'tasks') return [{ family: 'boolean', count: numTasks }];
  // 2 random binary partitions per factor, plus as many boolean tasks over several factors.
  return [
    { family: 'partition', perFactor: 2 },
    { family: 'boolean', count: factors },
  ];
}

/**
 * The training budget of the recipe's runs (`wta+regroup`) on a dataset: on entangled (MLP
 * encoder) the recipe's own ring budget, sized by the bottleneck (ringBudgetFor), which it needs
 * to decode the factors precisely enough; on images the grid's budget (no image budget is known
 * to work yet, and the CNN's cost at the ring budget would not fit the quick grid). The report's
 * setup states it (recipeSetupNote).
 */
export function recipeBudget(dataset: DatasetName, groups: number, units: number): RecipeBudget | undefined {
  return dataset === 'entangled' ? ringBudgetFor(groups, units) : undefined;
}

function runConfig(s: RunSettings, plan: ModePlan): Record<string, unknown> {
  const { factors } = FACTOR_STRUCTURE[s.dataset];
  const data: Record<string, unknown> = {
    dataset: s.dataset,
    tasks: taskFamilies(s.study, s.numTasks, factors),
    nTrain: plan.nTrain,
    nVal: 512,
    nTest: 1024,
    nHeldout: 1024,
    heldoutFraction: 0.2,
  };
  if (s.dataset === 'shapes') data.shapes = { size: plan.imageSize, grid: plan.shapesGrid };
  // Named explicitly so the report's setup shows which generator: 'ring' admits compositional
  // generalization, the original 'deep' one does not (src/data/datasets/entangled.ts).
  if (s.dataset === 'entangled') data.entangled = { mixing: 'ring' };
  const encoder =
    s.dataset === 'shapes' ? { type: 'cnn', channels: [8, 16], hidden: plan.hidden.slice(0, 1) } : { type: 'mlp', hidden: plan.hidden };
  const bottleneck: Record<string, unknown> = { variant: bottleneckVariant(s.variant), groups: s.groups, units: s.unitsPerGroup };
  if (s.variant === 'topk') bottleneck.k = s.groups; // as many winners as WTA has (one per group)
  if (s.variant === 'softmax') bottleneck.temperature = 1;
  const config = {
    seed: s.seed,
    data,
    model: { encoder, bottleneck, heads: s.head === 'linear' ? { type: 'linear' } : { type: 'mlp', hidden: [32] } },
    train: { epochs: plan.epochs, batchSize: 64, optimizer: { type: 'adam', lr: 0.003 } },
  };
  // Same data, tasks, bottleneck shape and heads as every other variant; the recipe's procedure
  // (and, on entangled, its encoder budget) on top.
  return s.variant === 'wta+regroup' ? applyRecipe(config, recipeBudget(s.dataset, s.groups, s.unitsPerGroup)) : config;
}

/** Stable run id: the settings that vary, in a fixed order. Doubles as the run folder name. */
export function runId(s: RunSettings): string {
  const parts: string[] = [s.study, s.dataset, s.variant, `${s.head}-head`];
  if (s.study === 'tasks') parts.push(`t${s.numTasks}`);
  if (s.study === 'shape') parts.push(`${s.shape}-g${s.groups}x${s.unitsPerGroup}`);
  parts.push(`s${s.seed}`);
  return parts.join('_');
}

function pick<T extends string>(kind: string, allowed: readonly T[], requested: readonly string[] | undefined, fallback: readonly T[]): T[] {
  if (requested === undefined) return [...fallback];
  for (const r of requested) {
    if (!(allowed as readonly string[]).includes(r)) throw new Error(`unknown ${kind} '${r}'; allowed: ${allowed.join(', ')}`);
  }
  // Keep the canonical order whatever order the user typed, so ids and sharding do not depend on it.
  return allowed.filter((a) => requested.includes(a));
}

/** Builds the grid in a fixed order: the main study first (headline numbers early), then the sweeps. */
export function buildGrid(o: GridOptions): RunSpec[] {
  const plan: ModePlan = { ...PLANS[o.mode], ...o.overrides };
  if (o.seeds !== undefined && (!Number.isInteger(o.seeds) || o.seeds < 1)) throw new Error(`seeds must be a positive integer, got ${o.seeds}`);
  const datasets = pick('dataset', DATASETS, o.datasets, plan.datasets);
  const variants = pick('variant', VARIANTS, o.variants, plan.variants);
  const seeds = o.seeds ?? plan.seeds;
  const sweepSeeds = o.seeds ?? plan.sweepSeeds;
  const runs: RunSpec[] = [];
  const add = (s: RunSettings) => runs.push({ ...s, id: runId(s), config: runConfig(s, plan) });
  for (let seed = 1; seed <= seeds; seed++)
    for (const dataset of datasets)
      for (const head of plan.heads)
        for (const variant of variants) {
          if (head === 'mlp' && plan.mlpHeadVariants && !plan.mlpHeadVariants.includes(variant)) continue;
          const { factors, values } = FACTOR_STRUCTURE[dataset];
          add({ study: 'main', dataset, variant, head, seed, numTasks: 3 * factors, groups: factors, unitsPerGroup: values, shape: 'at' });
        }
  const sweepVariants = plan.sweepVariants.filter((v) => variants.includes(v));
  const ds = plan.sweepDataset;
  if (datasets.includes(ds)) {
    const { factors, values } = FACTOR_STRUCTURE[ds];
    for (let seed = 1; seed <= sweepSeeds; seed++) {
      for (const numTasks of plan.taskCounts)
        for (const variant of sweepVariants)
          add({ study: 'tasks', dataset: ds, variant, head: 'linear', seed, numTasks, groups: factors, unitsPerGroup: values, shape: 'at' });
      for (const shape of plan.shapes)
        for (const variant of sweepVariants) {
          if (shape === 'at') continue; // "at" is the main study's run; the report reuses it
          const [groups, unitsPerGroup] = SHAPES[shape](factors, values);
          add({ study: 'shape', dataset: ds, variant, head: 'linear', seed, numTasks: 3 * factors, groups, unitsPerGroup, shape });
        }
    }
  }
  const ids = new Set(runs.map((r) => r.id));
  if (ids.size !== runs.length) throw new Error('grid: duplicate run ids (a bug in grid.ts)');
  return runs;
}

export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/n` (0 ≤ i < n): the shard runs every n-th run of the grid starting at run i. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`shard must look like i/n (e.g. 0/4), got '${text}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new Error(`shard ${text}: need 0 ≤ i < n and n ≥ 1`);
  return { index, count };
}

export function shardRuns(runs: readonly RunSpec[], s: Shard): RunSpec[] {
  return runs.filter((_, i) => i % s.count === s.index);
}
