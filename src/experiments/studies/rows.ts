/**
 * The studies of "what training finds" (`wtanet reproduce --study theorem|basin|search`): each row
 * is one training setting, run for several seeds. Pure and browser-safe: rows are descriptions.
 *
 * - theorem: the theorem's setting — factors given directly (one-hot), a linear encoder (the
 *   bottleneck's own projection), exactly F groups × n units, linear heads — across bottleneck
 *   variants, task sets, optimizers and a head-only L2 penalty.
 * - basin: start at the factorial code, perturbed more and more (or with its units shuffled across
 *   groups), train plainly, and count how often training returns to a factorial code.
 * - search: training procedures that try to reach the factorial code from a random start, on
 *   several factor shapes, and on `entangled` with the MLP encoder.
 * - general (general.ts): the regrouping recipe (src/experiments/recipe.ts), unchanged, on the
 *   shapes of data of issue 17, beside same-width baselines and each factor's decodability ceiling.
 */
import { generalRows, type GeneralArm } from './general.js';

export type StudyName = 'theorem' | 'basin' | 'search' | 'general';
export const STUDIES: readonly StudyName[] = ['theorem', 'basin', 'search', 'general'];
export type StudyMode = 'quick' | 'full';

/** How the run starts: random weights, or the factorial code perturbed (basin study). */
export type StartSpec =
  | { kind: 'random' }
  /** Projection := scale·(identity) + noise·N(0,1)·scale; 'shuffle' also permutes units across groups. */
  | { kind: 'factorial'; noise: number; shuffle: boolean };

export interface StudyRow {
  study: StudyName;
  /** Stable key (also the row's label in tables). */
  key: string;
  /** What the row tests, in a few words. */
  label: string;
  /** Values per factor. */
  cardinalities: number[];
  /** The run config without its seed (validateRunConfig fills the rest). */
  config: Record<string, unknown>;
  start: StartSpec;
  seeds: number;
  /** Also measure few-shot transfer (k = 1, 5, 20 per class, each factor as a new task). */
  transfer?: boolean;
  /** General study: the setting (data and bottleneck shape) this row belongs to, and its arm (general.ts). */
  setting?: string;
  arm?: GeneralArm;
}

/** Task sets of the theorem study. */
const TASK_SETS: Record<string, Record<string, unknown>[]> = {
  grid: [{ family: 'partition', perFactor: 2 }, { family: 'boolean', count: 4 }],
  indicator: [{ family: 'indicator' }],
  partitions: [{ family: 'partition', perFactor: 'all' }],
};

const SGD = { type: 'sgd', lr: 1, momentum: 0 };
const ADAM = { type: 'adam', lr: 0.003 };
/** Head-only L2 that makes the factorial code the unique optimum (README, Results). */
const HEAD_L2 = 1e-2;
const REGROUP = { every: 3 };

interface Sizes { seeds: number; epochs: number; nTrain: number }
const SIZES: Record<StudyMode, Sizes> = {
  quick: { seeds: 5, epochs: 30, nTrain: 2048 },
  full: { seeds: 10, epochs: 40, nTrain: 4096 },
};

function onehotConfig(card: number[], tasks: Record<string, unknown>[], variant: string, optimizer: Record<string, unknown>, sizes: Sizes, train: Record<string, unknown> = {}): Record<string, unknown> {
  const units = Math.max(...card);
  const bottleneck: Record<string, unknown> = { variant, groups: card.length, units };
  if (variant === 'topk') bottleneck.k = card.length;
  return {
    data: { dataset: 'onehot', onehot: { cardinalities: card }, tasks, nTrain: sizes.nTrain, nVal: 256, nTest: 1024, nHeldout: 1024, heldoutFraction: 0.2 },
    model: { encoder: { type: 'mlp', hidden: [] }, bottleneck, heads: { type: 'linear' } },
    train: { epochs: sizes.epochs, batchSize: 32, optimizer, ...train },
  };
}

function theoremRows(mode: StudyMode): StudyRow[] {
  const sizes = SIZES[mode];
  const card = [4, 4, 4, 4];
  const rows: StudyRow[] = [];
  const variants = ['wta', 'softmax', 'relu', 'linear'];
  for (const tasks of Object.keys(TASK_SETS)) {
    for (const variant of variants) {
      // SGD at lr 1 suits the one-hot WTA codes; the unbounded relu/linear codes diverge there.
      const sgd = variant === 'wta' || variant === 'softmax' ? SGD : { ...SGD, lr: 0.1 };
      for (const [opt, optimizer] of [['sgd', sgd], ['adam', ADAM]] as const) {
        for (const l2 of [0, HEAD_L2]) {
          // Adam rows only for wta (the grid's optimizer, to show the gap); other variants with SGD.
          if (opt === 'adam' && variant !== 'wta') continue;
          const key = `${tasks}/${variant}/${opt}${l2 > 0 ? '+L2' : ''}`;
          const lr = (optimizer as { lr: number }).lr;
          rows.push({
            study: 'theorem', key, label: `${variant}, ${tasks} tasks, ${opt} ${lr}${l2 > 0 ? `, head L2 ${l2}` : ''}`, cardinalities: card,
            config: onehotConfig(card, TASK_SETS[tasks], variant, optimizer, sizes, { headL2: l2 }), start: { kind: 'random' }, seeds: sizes.seeds,
          });
        }
      }
    }
  }
  return rows;
}

function basinRows(mode: StudyMode): StudyRow[] {
  const sizes = SIZES[mode];
  const card = [4, 4, 4, 4];
  const rows: StudyRow[] = [];
  const noises = mode === 'quick' ? [0, 0.5, 1, 2] : [0, 0.25, 0.5, 1, 2, 4];
  for (const noise of noises) {
    rows.push({
      study: 'basin', key: `noise${noise}`, label: `factorial start, noise ${noise}× its scale`, cardinalities: card,
      config: onehotConfig(card, TASK_SETS.indicator, 'wta', SGD, sizes, { headL2: HEAD_L2 }), start: { kind: 'factorial', noise, shuffle: false }, seeds: sizes.seeds,
    });
  }
  rows.push({
    study: 'basin', key: 'shuffled', label: 'factorial units shuffled across groups', cardinalities: card,
    config: onehotConfig(card, TASK_SETS.indicator, 'wta', SGD, sizes, { headL2: HEAD_L2 }), start: { kind: 'factorial', noise: 0, shuffle: true }, seeds: sizes.seeds,
  });
  rows.push({
    study: 'basin', key: 'shuffled+regroup', label: 'factorial units shuffled, with regrouping', cardinalities: card,
    config: onehotConfig(card, TASK_SETS.indicator, 'wta', SGD, sizes, { headL2: HEAD_L2, regroup: REGROUP }), start: { kind: 'factorial', noise: 0, shuffle: true }, seeds: sizes.seeds,
  });
  return rows;
}

/** Factor shapes of the search: F factors × n values, and unequal cardinalities. */
const SHAPES: Record<StudyMode, number[][]> = {
  quick: [[4, 4, 4, 4], [5, 5, 5], [3, 3, 3, 3, 3], [3, 4, 5]],
  full: [[4, 4, 4, 4], [5, 5, 5], [3, 3, 3, 3, 3], [3, 4, 5], [2, 3, 4, 5], [6, 6, 6]],
};

function searchRows(mode: StudyMode): StudyRow[] {
  const sizes = SIZES[mode];
  const rows: StudyRow[] = [];
  const procedures: { key: string; label: string; optimizer: Record<string, unknown>; train: Record<string, unknown> }[] = [
    { key: 'adam', label: 'plain straight-through, Adam (the grid)', optimizer: ADAM, train: {} },
    { key: 'sgd', label: 'plain straight-through, SGD', optimizer: SGD, train: {} },
    { key: 'sgd+L2', label: `SGD + head L2 ${HEAD_L2}`, optimizer: SGD, train: { headL2: HEAD_L2 } },
    { key: 'sgd+anneal', label: 'SGD + head L2 + τ annealed 1 → 0.05', optimizer: SGD, train: { headL2: HEAD_L2 } },
    { key: 'sgd+L2+restarts5', label: `SGD + head L2, best of 5 by training objective`, optimizer: SGD, train: { headL2: HEAD_L2, restarts: 5 } },
    { key: 'sgd+regroup', label: 'SGD + regrouping', optimizer: SGD, train: { regroup: REGROUP } },
    { key: 'sgd+L2+regroup', label: `SGD + head L2 + regrouping`, optimizer: SGD, train: { headL2: HEAD_L2, regroup: REGROUP } },
    { key: 'adam+L2+regroup', label: `Adam + head L2 + regrouping`, optimizer: ADAM, train: { headL2: HEAD_L2, regroup: REGROUP } },
    { key: 'sgd+L2+regroup+restarts3', label: `SGD + head L2 + regrouping, best of 3 by training objective`, optimizer: SGD, train: { headL2: HEAD_L2, regroup: REGROUP, restarts: 3 } },
  ];
  for (const card of SHAPES[mode]) {
    for (const p of procedures) {
      const config = onehotConfig(card, TASK_SETS.indicator, 'wta', p.optimizer, sizes, p.train);
      if (p.key === 'sgd+anneal') (config.model as { bottleneck: Record<string, unknown> }).bottleneck.finalTemperature = 0.05;
      rows.push({ study: 'search', key: `${card.join('x')}/indicator/${p.key}`, label: p.label, cardinalities: card, config, start: { kind: 'random' }, seeds: sizes.seeds });
    }
  }
  // The grid's task set (partitions + boolean tasks) and all partitions, with the procedure.
  for (const tasks of ['grid', 'partitions']) {
    const procedures = [
      ['sgd+L2', { headL2: HEAD_L2 }, `SGD + head L2, ${tasks} tasks`],
      ['sgd+L2+regroup', { headL2: HEAD_L2, regroup: REGROUP }, `SGD + head L2 + regrouping, ${tasks} tasks`],
      ['sgd+L2+regroup+restarts3', { headL2: HEAD_L2, regroup: REGROUP, restarts: 3 }, `SGD + head L2 + regrouping, best of 3, ${tasks} tasks`],
    ] as const;
    for (const [key, train, label] of procedures) {
      rows.push({
        study: 'search', key: `4x4x4x4/${tasks}/${key}`, label,
        cardinalities: [4, 4, 4, 4], config: onehotConfig([4, 4, 4, 4], TASK_SETS[tasks], 'wta', SGD, sizes, train), start: { kind: 'random' }, seeds: sizes.seeds,
      });
    }
  }
  // Does the symbolic code transfer better? The procedure's rows against the non-WTA bottlenecks
  // of the same width, with few-shot readouts (each factor as a new task) and held-out accuracy.
  for (const r of rows) if (r.key === '4x4x4x4/indicator/sgd+L2+regroup' || r.key === '4x4x4x4/indicator/adam') r.transfer = true;
  for (const variant of ['softmax', 'relu', 'sigmoid', 'linear']) {
    const optimizer = variant === 'softmax' || variant === 'sigmoid' ? SGD : { ...SGD, lr: 0.1 };
    rows.push({
      study: 'search', key: `4x4x4x4/indicator/${variant}`, label: `${variant} bottleneck, SGD ${optimizer.lr} (baseline for transfer)`, cardinalities: [4, 4, 4, 4],
      config: onehotConfig([4, 4, 4, 4], TASK_SETS.indicator, variant, optimizer, sizes, { headL2: HEAD_L2 }), start: { kind: 'random' }, seeds: sizes.seeds, transfer: true,
    });
  }
  // entangled ('ring', non-linear mixing) with the grid's MLP encoder and tasks.
  const ent = (variant: string, train: Record<string, unknown>) => ({
    data: { dataset: 'entangled', entangled: { mixing: 'ring' }, nTrain: 4096, nVal: 512, nTest: 1024, nHeldout: 1024, heldoutFraction: 0.2 },
    model: { encoder: { type: 'mlp', hidden: mode === 'quick' ? [64, 64] : [256, 256] }, bottleneck: { variant, groups: 4, units: 4 }, heads: { type: 'linear' } },
    train: { epochs: mode === 'quick' ? 24 : 60, batchSize: 64, optimizer: ADAM, ...train },
  });
  for (const [key, label, variant, train] of [
    ['adam', 'plain straight-through, Adam (the grid)', 'wta', {}],
    ['adam+L2+regroup', 'Adam + head L2 + regrouping', 'wta', { headL2: HEAD_L2, regroup: REGROUP }],
    ['relu', 'relu bottleneck, Adam (baseline)', 'relu', {}],
    ['sigmoid', 'sigmoid bottleneck, Adam (baseline)', 'sigmoid', {}],
    ['linear', 'linear bottleneck, Adam (baseline)', 'linear', {}],
  ] as const) {
    rows.push({ study: 'search', key: `entangled-mlp/grid/${key}`, label, cardinalities: [4, 4, 4, 4], config: ent(variant, train), start: { kind: 'random' }, seeds: 5, transfer: true });
  }
  return rows;
}

export function studyRows(study: StudyName, mode: StudyMode): StudyRow[] {
  switch (study) {
    case 'theorem': return theoremRows(mode);
    case 'basin': return basinRows(mode);
    case 'search': return searchRows(mode);
    case 'general': return generalRows(mode);
  }
}

/** One trained and scored row × seed of a study (what STUDY.json collects). */
export interface StudyRunResult {
  key: string;
  seed: number;
  /** 1 when every factor has a group of its own with NMI ≥ 0.95 (test split; metrics/factor-matching.ts). */
  factorial: number;
  bestGroupNmi: number;
  symbolicity: number;
  accIid: number;
  accHeldout: number;
  /** The selection objective of the kept run, and which restart it was. */
  objective: number;
  restart: number;
  /** 1 when training stopped on a non-finite loss or gradient (the metrics are then NaN). */
  diverged: number;
  /** Few-shot accuracy per k (rows with `transfer`), else null. */
  fewShot?: { k: number; accuracy: number }[] | null;
  /** Each scored factor's NMI with the group matched to it (distinct groups; the strict `factorial`'s matching). */
  matchedNmi?: number[];
  /** Groups holding two or more factors at once (NMI ≥ 0.95 each): joint codes. */
  jointGroups?: number;
  /**
   * Structure apart from precision (issue 17): 1 when every factor's matched group is its own and
   * its winning units are pure detectors of the factor's values (metrics/structure.ts); per factor
   * the same as 0/1. Precision is `matchedNmi`, read against the setting's `ceilingNmi`.
   */
  structure?: number;
  structureByFactor?: number[];
  /** Mean accuracy of the zero-shot formula tasks answered through the symbol table (no training). */
  zeroShot?: number;
  /** Ceiling arm: per scored factor, NMI(factor; supervised readout) on the test split and on held-out combinations. */
  ceilingNmi?: number[];
  ceilingNmiHeldout?: number[];
}
