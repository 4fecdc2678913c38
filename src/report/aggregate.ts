/** Groups per-seed runs into cells (same settings but the seed) and summarizes them. */
import type { HeadType, RunSettings, ShapeLabel, Study, Variant, DatasetName } from './results.js';
import type { RunEval } from './results.js';
import { meanCI, pairedTest, type CI } from '../metrics/stats.js';

export interface CellKey {
  study: Study;
  dataset: DatasetName;
  head: HeadType;
  variant: Variant;
  numTasks: number;
  shape: ShapeLabel;
  groups: number;
  unitsPerGroup: number;
}

export function cellKey(s: RunSettings): string {
  return [s.study, s.dataset, s.head, s.variant, s.numTasks, s.shape, s.groups, s.unitsPerGroup].join('|');
}

export class Cell {
  readonly runs: RunEval[] = [];
  constructor(readonly key: CellKey) {}
  /** Per-seed values of one scalar, keyed by seed (missing or non-finite values left out). */
  seedValues(metric: string): Map<number, number> {
    const m = new Map<number, number>();
    for (const r of [...this.runs].sort((a, b) => a.settings.seed - b.settings.seed)) {
      const v = r.scalars[metric];
      if (typeof v === 'number' && Number.isFinite(v)) m.set(r.settings.seed, v);
    }
    return m;
  }
  ci(metric: string): CI | null {
    const v = [...this.seedValues(metric).values()];
    return v.length ? meanCI(v) : null;
  }
  get seeds(): number[] {
    return this.runs.map((r) => r.settings.seed).sort((a, b) => a - b);
  }
}

export function groupCells(evals: readonly RunEval[]): Cell[] {
  const map = new Map<string, Cell>();
  for (const e of [...evals].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const k = cellKey(e.settings);
    let c = map.get(k);
    if (!c) {
      const { study, dataset, head, variant, numTasks, shape, groups, unitsPerGroup } = e.settings;
      c = new Cell({ study, dataset, head, variant, numTasks, shape, groups, unitsPerGroup });
      map.set(k, c);
    }
    c.runs.push(e);
  }
  return [...map.values()];
}

export type Verdict = 'better' | 'worse' | 'no clear difference' | 'too few seeds';

export interface Comparison {
  verdict: Verdict;
  a: CI;
  b: CI;
  /** Paired t-test over the seeds both cells share (null when fewer than 2). */
  p: number | null;
  how: 'intervals do not overlap' | 'paired test p < 0.05' | '';
}

/**
 * The rule of METRICS.md "Statistics": a is better (worse) than b only if the 95% intervals do
 * not overlap or a paired test over common seeds gives p < 0.05; otherwise "no clear difference".
 */
export function compare(a: Map<number, number>, b: Map<number, number>): Comparison | null {
  if (a.size === 0 || b.size === 0) return null;
  const ca = meanCI([...a.values()]);
  const cb = meanCI([...b.values()]);
  const common = [...a.keys()].filter((s) => b.has(s));
  const p = common.length >= 2 ? pairedTest(common.map((s) => a.get(s)!), common.map((s) => b.get(s)!)).p : null;
  if (a.size < 2 || b.size < 2) return { verdict: 'too few seeds', a: ca, b: cb, p, how: '' };
  const disjoint = ca.lo > cb.hi || cb.lo > ca.hi;
  const significant = disjoint || (p !== null && p < 0.05);
  if (!significant || ca.mean === cb.mean) return { verdict: 'no clear difference', a: ca, b: cb, p, how: '' };
  return { verdict: ca.mean > cb.mean ? 'better' : 'worse', a: ca, b: cb, p, how: disjoint ? 'intervals do not overlap' : 'paired test p < 0.05' };
}
