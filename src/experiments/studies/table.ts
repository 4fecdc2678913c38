/** The Markdown table of a study: one line per row, with per-seed counts and means ± 95% intervals. */
import { meanCI } from '../../metrics/stats.js';
import { GENERAL_SETTINGS, generalProcedure, type StudyMode, type StudyName, type StudyRow, type StudyRunResult } from './rows.js';

const TITLES: Record<StudyName, string> = {
  theorem: "The theorem's setting: one-hot factors, linear encoder, F groups × n units, linear heads",
  basin: 'Basin of the factorial code: starts at it, perturbed, trained with SGD + head L2 (indicator tasks, 4 × 4)',
  search: 'Search for a procedure that reaches the factorial code from a random start (wta)',
  general: 'The regrouping recipe on other shapes of data (issue 17)',
};

/** Per factor, the mean over seeds of its matched-group NMI: "0.98, 0.97, 0.62". */
function perFactor(results: readonly StudyRunResult[], pick: (r: StudyRunResult) => number[] | undefined): string {
  const rows = results.map(pick).filter((x): x is number[] => Array.isArray(x) && x.length > 0);
  if (rows.length === 0) return '–';
  const F = Math.max(...rows.map((r) => r.length));
  return Array.from({ length: F }, (_, f) => {
    const v = rows.map((r) => r[f]).filter((x) => Number.isFinite(x));
    return v.length ? (v.reduce((a, x) => a + x, 0) / v.length).toFixed(2) : '–';
  }).join(', ');
}

/** The general study's table: strict factorial, per-factor matched NMI, joint groups, structure/precision. */
function generalMarkdown(mode: StudyMode, rows: readonly StudyRow[], results: readonly StudyRunResult[]): string {
  const lines = [
    `### ${TITLES.general} (${mode})`,
    '',
    `One procedure, unchanged on every row: ${generalProcedure()} (src/experiments/recipe.ts), hard-WTA bottleneck of G groups × K units chosen from the data only (G ≥ factors, K ≥ the largest number of values), one indicator task per factor value, linear heads. Rerun with \`wtanet reproduce --study general\` (${mode === 'quick' ? `this quick version runs ${rows.length} of the ${GENERAL_SETTINGS.length} settings; --full runs all of them, 10 seeds each` : 'every setting'}).`,
    '',
    '| row | setting | factorial seeds (strict) | matched NMI per factor (mean) | best-group NMI | joint groups | structure | precision per factor | symbolicity | acc IID | acc held-out | few-shot k=5 |',
    '| --- | --- | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const s of summarize(rows, results)) {
    if (s.seeds === 0) continue;
    const col = (f: (x: StudyRunResult) => number) => fmt(s.results.map(f));
    const diverged = s.results.filter((x) => x.diverged === 1).length;
    const joint = s.results.reduce((a, x) => a + (x.jointGroups ?? 0), 0);
    const structure = s.results.filter((x) => x.structure !== undefined);
    lines.push([
      `\`${s.row.key}\``, s.row.label,
      `**${s.factorial}/${s.seeds}**${diverged ? ` (${diverged} diverged)` : ''}`,
      perFactor(s.results, (x) => x.matchedNmi),
      col((x) => x.bestGroupNmi),
      String(joint),
      structure.length ? `${structure.reduce((a, x) => a + (x.structure ?? 0), 0)}/${structure.length}` : '–',
      perFactor(s.results, (x) => x.precision),
      col((x) => x.symbolicity), col((x) => x.accIid), col((x) => x.accHeldout),
      col((x) => x.fewShot?.find((f) => f.k === 5)?.accuracy ?? NaN),
    ].join(' | ').replace(/^/, '| ').concat(' |'));
  }
  lines.push(
    '',
    'Factorial (strict): the factors are matched to *distinct* groups, each with group-level NMI ≥ 0.95 (src/metrics/factor-matching.ts), on the test split. Matched NMI: each factor\'s NMI with its matched group, mean over seeds, in factor order. Joint groups: groups holding two or more factors at once, summed over seeds. Structure and precision (issue 17): "–" until the metrics report them. Few-shot: a converged linear readout from the frozen code, each factor as a new task, 5 samples per class. Means ± half-width of the 95% t-interval over seeds.',
    '',
  );
  return lines.join('\n');
}

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
