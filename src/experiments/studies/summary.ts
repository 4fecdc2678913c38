/** Per-row summaries of a study's results and the number format its tables share. */
import { meanCI } from '../../metrics/stats.js';
import type { StudyRow, StudyRunResult } from './rows.js';

/** `mean ± half-width` of the 95% t-interval over the finite values; one value alone; '–' for none. */
export function fmt(values: readonly number[]): string {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length === 0) return '–';
  if (v.length === 1) return v[0].toFixed(3);
  const { mean, lo, hi } = meanCI(v);
  return `${mean.toFixed(3)} ± ${((hi - lo) / 2).toFixed(3)}`;
}

export interface RowSummary {
  row: StudyRow;
  seeds: number;
  /** Strictly factorial seeds (NaN-valued rows, e.g. the general study's ceilings, count none). */
  factorial: number;
  results: StudyRunResult[];
}

export function summarize(rows: readonly StudyRow[], results: readonly StudyRunResult[]): RowSummary[] {
  return rows.map((row) => {
    const r = results.filter((x) => x.key === row.key).sort((a, b) => a.seed - b.seed);
    return { row, seeds: r.length, factorial: r.reduce((a, x) => a + (x.factorial === 1 ? 1 : 0), 0), results: r };
  });
}
