/** The Markdown table of a study: one line per row, with per-seed counts and means ± 95% intervals. */
import { generalMarkdown } from './general-table.js';
import type { StudyMode, StudyName, StudyRow, StudyRunResult } from './rows.js';
import { fmt, summarize } from './summary.js';

const TITLES: Record<StudyName, string> = {
  theorem: "The theorem's setting: one-hot factors, linear encoder, F groups × n units, linear heads",
  basin: 'Basin of the factorial code: starts at it, perturbed, trained with SGD + head L2 (indicator tasks, 4 × 4)',
  search: 'Search for a procedure that reaches the factorial code from a random start (wta)',
  general: 'The regrouping recipe on other shapes of data (issue 17)', // its table: general-table.ts
};

/**
 * One plain line per setting: factorial seeds summed over the rows that differ only in the first
 * part of their key (e.g. every factor shape trained with 'indicator/sgd+L2+regroup'), so the
 * headline needs no table.
 */
export function studyHeadline(rows: readonly StudyRow[], results: readonly StudyRunResult[]): string[] {
  const byProcedure = new Map<string, { factorial: number; seeds: number; rows: number }>();
  for (const s of summarize(rows, results)) {
    if (s.seeds === 0) continue;
    // Keys are '<shape or task set>/<...>/<procedure>': drop the first part (shapes pool together),
    // except for entangled rows, which are another dataset.
    const parts = s.row.key.split('/');
    const name = parts[0].startsWith('entangled') ? s.row.key : parts.slice(1).join('/');
    const a = byProcedure.get(name) ?? { factorial: 0, seeds: 0, rows: 0 };
    a.factorial += s.factorial;
    a.seeds += s.seeds;
    a.rows++;
    byProcedure.set(name, a);
  }
  return [...byProcedure].map(([name, a]) => `- \`${name}\`: factorial in **${a.factorial} of ${a.seeds}** runs (${a.rows} row${a.rows === 1 ? '' : 's'})`);
}

export function studyMarkdown(study: StudyName, mode: StudyMode, rows: readonly StudyRow[], results: readonly StudyRunResult[]): string {
  if (study === 'general') return generalMarkdown(mode, rows, results);
  const lines = [
    `### ${TITLES[study]} (${mode})`,
    '',
    ...(study === 'basin' ? [] : ['Factorial runs per setting, summed over the rows that share it:', '', ...studyHeadline(rows, results), '']),
    '| row | setting | factorial seeds | best-group NMI | symbolicity | acc IID | acc held-out |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  const summaries = summarize(rows, results);
  for (const s of summaries) {
    if (s.seeds === 0) continue;
    const col = (f: (x: StudyRunResult) => number) => fmt(s.results.map(f));
    const diverged = s.results.filter((x) => x.diverged === 1).length;
    lines.push(`| \`${s.row.key}\` | ${s.row.label} | **${s.factorial}/${s.seeds}**${diverged ? ` (${diverged} diverged)` : ''} | ${col((x) => x.bestGroupNmi)} | ${col((x) => x.symbolicity)} | ${col((x) => x.accIid)} | ${col((x) => x.accHeldout)} |`);
  }
  lines.push('', 'Factorial: every factor has a group whose winner determines it (group-level NMI ≥ 0.95), on the test split. Means ± half-width of the 95% t-interval over seeds.', '');
  const transfer = summaries.filter((s) => s.row.transfer && s.seeds > 0);
  if (transfer.length > 0) {
    lines.push('Transfer: few-shot accuracy of a converged linear readout from the frozen code, each factor as a new task, k samples per class; and accuracy on held-out factor combinations.', '');
    lines.push('| row | setting | few-shot k=1 | k=5 | k=20 | acc held-out |', '| --- | --- | ---: | ---: | ---: | ---: |');
    for (const s of transfer) {
      const shot = (k: number) => fmt(s.results.map((x) => x.fewShot?.find((f) => f.k === k)?.accuracy ?? NaN));
      lines.push(`| \`${s.row.key}\` | ${s.row.label} | ${shot(1)} | ${shot(5)} | ${shot(20)} | ${fmt(s.results.map((x) => x.accHeldout))} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
