/** The Markdown table of a study: one line per row, with per-seed counts and means ± 95% intervals. */
import { meanCI } from '../../metrics/stats.js';
import type { StudyRunResult } from './run-study.js';
import type { StudyMode, StudyName, StudyRow } from './rows.js';

const TITLES: Record<StudyName, string> = {
  theorem: "The theorem's setting: one-hot factors, linear encoder, F groups × n units, linear heads",
  basin: 'Basin of the factorial code: starts at it, perturbed, trained with SGD + head L2 (indicator tasks, 4 × 4)',
  search: 'Search for a procedure that reaches the factorial code from a random start (wta)',
};

function fmt(values: number[]): string {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length === 0) return '–';
  if (v.length === 1) return v[0].toFixed(3);
  const { mean, lo, hi } = meanCI(v);
  return `${mean.toFixed(3)} ± ${((hi - lo) / 2).toFixed(3)}`;
}

export interface RowSummary {
  row: StudyRow;
  seeds: number;
  factorial: number;
  results: StudyRunResult[];
}

export function summarize(rows: readonly StudyRow[], results: readonly StudyRunResult[]): RowSummary[] {
  return rows.map((row) => {
    const r = results.filter((x) => x.key === row.key).sort((a, b) => a.seed - b.seed);
    return { row, seeds: r.length, factorial: r.reduce((a, x) => a + x.factorial, 0), results: r };
  });
}

export function studyMarkdown(study: StudyName, mode: StudyMode, rows: readonly StudyRow[], results: readonly StudyRunResult[]): string {
  const lines = [
    `### ${TITLES[study]} (${mode})`,
    '',
    '| row | setting | factorial seeds | best-group NMI | symbolicity | acc IID | acc held-out |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const s of summarize(rows, results)) {
    if (s.seeds === 0) continue;
    const col = (f: (x: StudyRunResult) => number) => fmt(s.results.map(f));
    const diverged = s.results.filter((x) => x.diverged === 1).length;
    lines.push(`| \`${s.row.key}\` | ${s.row.label} | **${s.factorial}/${s.seeds}**${diverged ? ` (${diverged} diverged)` : ''} | ${col((x) => x.bestGroupNmi)} | ${col((x) => x.symbolicity)} | ${col((x) => x.accIid)} | ${col((x) => x.accHeldout)} |`);
  }
  lines.push('', 'Factorial: every factor has a group whose winner determines it (group-level NMI ≥ 0.95), on the test split. Means ± half-width of the 95% t-interval over seeds.', '');
  return lines.join('\n');
}
