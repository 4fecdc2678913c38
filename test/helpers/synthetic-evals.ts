/** Synthetic run evaluations with chosen effects, for testing the report without training. */
import { buildGrid, type GridOptions } from '../../src/experiments/grid.js';
import type { RunEval } from '../../src/report/results.js';

/** Deterministic pseudo-noise in [-1, 1) from an integer. */
function noise(i: number): number {
  let x = (i * 2654435761) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 2246822507) >>> 0;
  x ^= x >>> 13;
  return (x / 4294967296) * 2 - 1;
}

/**
 * One RunEval per grid run; every scalar is `level(variant, metric) + spread × noise`.
 * `level` decides which variant wins what.
 */
export function syntheticEvals(grid: GridOptions, level: (variant: string, metric: string) => number, spread = 0.02): RunEval[] {
  const metrics = ['acc.train', 'acc.test', 'acc.heldout', 'fewshot.k1', 'fewshot.k5', 'fewshot.k20', 'zeroshot.accuracy', 'group.infoM', 'group.infoC', 'group.infoE', 'group.mig', 'group.dci.disentanglement', 'group.modularity', 'symbols.symbolicity', 'unit.infoM'];
  const factors = [0, 1, 2, 3].map((f) => ({ name: `f${f}`, values: [0, 1, 2, 3].map((v) => `v${v}`) }));
  return buildGrid(grid).map((spec, r) => {
    const scalars: Record<string, number> = {};
    metrics.forEach((m, k) => (scalars[m] = level(spec.variant, m) + spread * noise(r * 131 + k)));
    const units = spec.groups * spec.unitsPerGroup;
    const perfect = spec.variant === 'wta';
    const unitProfile = Array.from({ length: units }, (_, u) =>
      factors.flatMap((f, fi) => f.values.map((_, v) => (perfect ? (fi === u % 4 && v === Math.floor(u / 4) % 4 ? 0.97 : 0.01) : 0.25 + 0.2 * noise(u * 17 + fi * 4 + v)))),
    );
    return {
      id: spec.id,
      settings: { study: spec.study, dataset: spec.dataset, variant: spec.variant, head: spec.head, seed: spec.seed, numTasks: spec.numTasks, groups: spec.groups, unitsPerGroup: spec.unitsPerGroup, shape: spec.shape },
      config: spec.config,
      scalars,
      factors,
      unitProfile,
      activeUnits: unitProfile.map((_, u) => u !== 3),
      groups: spec.groups,
      factorGroupNMI: factors.map((_, f) => Array.from({ length: spec.groups }, (_, g) => (perfect ? (g === f ? 0.95 : 0.02) : 0.3 + 0.1 * noise(g * 7 + f)))),
      curve: Array.from({ length: 8 }, (_, e) => ({ epoch: e + 1, trainLoss: 3 / (e + 1) + 0.05 * noise(r + e), valAccuracy: 1 - 0.5 / (e + 1) + 0.02 * noise(r * 3 + e) })),
      zeroShot: [{ formula: 'f0 = v1', accuracy: scalars['zeroshot.accuracy'] }],
    };
  });
}
