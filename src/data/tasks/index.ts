/** Task families and the builder that turns task configs into tasks. */
import type { Rng } from '../../base/prng.js';
import type { Factor, Task } from '../types.js';
import { booleanTask } from './boolean.js';
import { factorTask } from './factor.js';
import { formulaTask } from './formula.js';
import { indicatorTask } from './indicator.js';
import { allPartitions, partitionTask, randomPartitions } from './partition.js';

export type TaskFamilyConfig =
  /** One task per listed factor (default: every factor). */
  | { family: 'factor'; factors?: (string | number)[] }
  /** perFactor random balanced binary partitions of each listed factor's values; 'all': every split. */
  | { family: 'partition'; perFactor?: number | 'all'; factors?: (string | number)[] }
  /** One binary task "is f = v" per value of each listed factor (default: every factor). */
  | { family: 'indicator'; factors?: (string | number)[] }
  /** count random AND/OR formulas of `arity` literals over distinct factors. */
  | { family: 'boolean'; count?: number; arity?: number }
  /** A user-written formula (see parseFormula). */
  | { family: 'formula'; formula: string; name?: string };

export const TASK_FAMILIES = ['factor', 'indicator', 'partition', 'boolean', 'formula'] as const;

function resolveFactors(spec: (string | number)[] | undefined, factors: readonly Factor[], where: string): number[] {
  if (spec === undefined) return factors.map((_, i) => i);
  return spec.map((s) => {
    const i = typeof s === 'number' ? s : factors.findIndex((f) => f.name === s);
    if (!Number.isInteger(i) || i < 0 || i >= factors.length) {
      throw new Error(`${where}: unknown factor '${s}'; allowed: ${factors.map((f) => f.name).join(', ')}`);
    }
    return i;
  });
}

/**
 * Builds tasks in config order. Each config entry draws from its own fork of `rng`
 * (named by position and family), so adding or changing one entry never changes another's tasks.
 */
export function createTasks(configs: readonly TaskFamilyConfig[], factors: readonly Factor[], rng: Rng): Task[] {
  const tasks: Task[] = [];
  configs.forEach((c, k) => {
    const where = `data.tasks[${k}]`;
    const r = rng.fork(`${k}:${c.family}`);
    switch (c.family) {
      case 'factor':
        for (const f of resolveFactors(c.factors, factors, where)) tasks.push(factorTask(factors, f));
        break;
      case 'indicator':
        for (const f of resolveFactors(c.factors, factors, where)) factors[f].values.forEach((_, v) => tasks.push(indicatorTask(factors, f, v)));
        break;
      case 'partition': {
        const m = c.perFactor ?? 2;
        for (const f of resolveFactors(c.factors, factors, where)) {
          const k = factors[f].values.length;
          if (k < 2) continue; // a one-valued factor has no binary split
          (m === 'all' ? allPartitions(k) : randomPartitions(k, m, r.fork(factors[f].name))).forEach((mask, i) =>
            tasks.push(partitionTask(factors, f, mask, i)),
          );
        }
        break;
      }
      case 'boolean': {
        const count = c.count ?? 4;
        const arity = c.arity ?? 2;
        for (let i = 0; i < count; i++) tasks.push(booleanTask(factors, arity, r.fork(String(i))));
        break;
      }
      case 'formula':
        try {
          tasks.push(formulaTask(c.formula, factors, c.name));
        } catch (e) {
          // The parser's messages start with 'formula: '; the field path already says so.
          throw new Error(`${where}.formula: ${(e as Error).message.replace(/^formula: /, '')}`);
        }
        break;
    }
  });
  return tasks;
}
