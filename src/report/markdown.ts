/** report.md: setup, claim-by-claim summary, headline tables, sweeps and figure links. */
import { groupCells, type Cell } from './aggregate.js';
import { ACCURACY, DISENTANGLEMENT, HEADLINE, metricDef } from './catalog.js';
import { evaluateClaims, summaryMarkdown } from './claims.js';
import { buildFigures } from './figures.js';
import { fmtCI, fmtCount, mdCode, mdTable } from './format.js';
import { reportProblem, VARIANTS, type RunEval } from './results.js';
import { dciLabel } from '../metrics/report.js';

const ORDER: readonly string[] = VARIANTS;
const byVariant = (a: Cell, b: Cell) => ORDER.indexOf(a.key.variant) - ORDER.indexOf(b.key.variant);

export interface Report {
  markdown: string;
  /** figure file name (relative to the report folder's `figures/`) → SVG text */
  figures: Map<string, string>;
}

function uniq<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** Which DCI preset the runs were scored with (eval.json's `dci`; older files: 'wtanet'). */
function dciNote(evals: readonly RunEval[]): string[] {
  const labels = uniq(evals.map((e) => (e.dci ? dciLabel(e.dci) : 'wtanet (random forest; eval.json written before DCI presets)')));
  if (labels.length === 0) return [];
  if (labels.length === 1) return [`DCI computed with preset ${labels[0]}.`, ''];
  return [`DCI computed with different presets across runs (not comparable with each other): ${labels.join('; ')}.`, ''];
}

function setupSection(evals: readonly RunEval[], cells: readonly Cell[]): string {
  const main = evals.filter((e) => e.settings.study === 'main');
  const example = [...main].sort((a, b) => (a.id < b.id ? -1 : 1))[0] ?? evals[0];
  const seedsPerCell = uniq(cells.map((c) => c.runs.length)).sort((a, b) => a - b);
  const studies = ['main', 'tasks', 'shape'].filter((s) => evals.some((e) => e.settings.study === s));
  const lines = [
    '## Setup',
    '',
    `- Runs: ${evals.length} (${cells.length} settings × seeds; ${seedsPerCell.join(' or ')} seeds per setting).`,
    `- Datasets: ${uniq(main.map((e) => e.settings.dataset)).join(', ') || '—'}; bottleneck variants: ${uniq(main.map((e) => e.settings.variant)).sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)).join(', ') || '—'} (all the same width); heads: ${uniq(main.map((e) => e.settings.head)).join(', ') || '—'}.`,
    `- Studies: ${studies.join(', ')} (main = the headline comparison; tasks = sweep over the number of training tasks; shape = bottleneck groups × units below/at/above the true factor structure).`,
    '- Every run trains on the training split with the held-out factor combinations withheld, then is evaluated on the IID test split and on the held-out combinations; few-shot transfer fits a softmax readout on the frozen code with k = 1, 5, 20 labelled samples per class of new tasks (one per factor); zero-shot formula tasks are answered through the symbol table with no training.',
    '',
  ];
  lines.push(...recipeNotes(main));
  if (example) {
    lines.push(`The configuration of one main-study run (${mdCode(example.id)}); the others differ only in variant, head, seed and the sweep setting:`, '', '```json', JSON.stringify(example.config, null, 2).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`), '```', '');
  }
  return lines.join('\n');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- run configs are plain JSON read loosely here
type Json = Record<string, any>;

/** "MLP 64 × 64, 32768 training samples, 60 epochs, adam 0.003, cosine LR, head L2 0.001, regrouping every 3 epochs" from a run config. */
function budgetOf(config: Json): string {
  const enc = config.model?.encoder ?? {};
  const t = config.train ?? {};
  const parts = [
    enc.type === 'cnn' ? `CNN (channels ${(enc.channels ?? []).join(', ')}; hidden ${(enc.hidden ?? []).join(' × ')})` : `MLP ${(enc.hidden ?? []).join(' × ') || '(none)'}`,
    `${config.data?.nTrain} training samples`,
    `${t.epochs} epochs`,
    `${t.optimizer?.type ?? 'adam'} ${t.optimizer?.lr ?? ''}`.trim(),
    `${t.schedule?.type ?? 'constant'} LR`,
  ];
  if (t.headL2) parts.push(`head L2 ${t.headL2}`);
  if (t.regroup) parts.push(`exclusivity regrouping every ${t.regroup.every} epochs`);
  if (t.pretrain) parts.push(`encoder pretrained ${t.pretrain.epochs} epochs through a relu bottleneck`);
  return parts.join(', ');
}

/**
 * What the recipe row (`wta+regroup`) trained with, per dataset, beside what the other variants
 * trained with: read from the runs' own configs, so the report cannot misstate it.
 */
function recipeNotes(main: readonly RunEval[]): string[] {
  const recipe = main.filter((e) => e.settings.variant === 'wta+regroup');
  if (recipe.length === 0) return [];
  const lines = [
    '`wta+regroup` is a hard-WTA bottleneck of the same width trained with the regrouping recipe (one definition: `RECIPE` in src/experiments/recipe.ts). It trains on the same data generator, tasks, bottleneck shape and heads as every other variant; its procedure, and on `entangled` its encoder budget, differ:',
    '',
  ];
  for (const ds of uniq(recipe.map((e) => e.settings.dataset)).sort()) {
    const r = recipe.find((e) => e.settings.dataset === ds)!;
    const other = main.find((e) => e.settings.dataset === ds && e.settings.variant === 'wta' && e.settings.head === r.settings.head);
    const tasks = JSON.stringify((r.config as Json).data?.tasks);
    lines.push(`  - ${ds}: tasks ${tasks}; recipe: ${budgetOf(r.config as Json)}${other ? `; the other variants: ${budgetOf(other.config as Json)}` : ''}.`);
  }
  lines.push(
    '',
    '  The grid trains the recipe once per seed, without its selection step (the best of several trainings by the training objective; the general study measures it as an arm of its own, studies/general.md). The recipe was measured to reach the strict factorial code with one indicator task per factor value and 4 values per factor on ring data (README, "Reaching the symbolic code"); the grid\'s tasks (2 random binary partitions per factor plus boolean tasks over several factors) admit non-factorial optima, and the recipe\'s larger training budget on `entangled` also helps its accuracy, so accuracy differences to the other variants there are not the bottleneck\'s alone.',
    '',
  );
  return lines;
}

function settingTable(here: readonly Cell[], metrics: readonly { key: string; short: string; count?: boolean }[]): string {
  const present = metrics.filter((m) => here.some((c) => c.seedValues(m.key).size > 0));
  const cellText = (c: Cell, m: { key: string; count?: boolean }) => (m.count ? fmtCount([...c.seedValues(m.key).values()]) : fmtCI(c.ci(m.key)));
  const rows = [...here].sort(byVariant).map((c) => [`${c.key.variant} (${c.runs.length})`, ...present.map((m) => cellText(c, m))]);
  return mdTable(['variant (seeds)', ...present.map((m) => m.short)], rows);
}

function sweepTable(cells: readonly Cell[], rowOf: (c: Cell) => string, rowOrder: readonly string[], metric: string): string {
  const variants = uniq([...cells].sort(byVariant).map((c) => c.key.variant));
  const rows = rowOrder.map((r) => [r, ...variants.map((v) => fmtCI(cells.find((c) => rowOf(c) === r && c.key.variant === v)?.ci(metric) ?? null))]);
  return mdTable(['', ...variants], rows);
}

export function buildReport(unordered: readonly RunEval[], title = 'wtanet reproduction report'): Report {
  // Sort first: the report must not depend on the order run folders were found or finished in.
  for (const e of unordered) {
    const problem = reportProblem(e);
    if (problem !== null) throw new Error(`wtanet: run ${JSON.stringify(String((e as { id?: unknown })?.id).slice(0, 80))} cannot be reported: ${problem}`);
  }
  const evals = [...unordered].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const cells = groupCells(evals);
  const main = cells.filter((c) => c.key.study === 'main');
  const figures = buildFigures(cells);
  const fig = (name: string, alt: string) => (figures.has(name) ? `![${alt}](figures/${name})\n` : '');
  const out: string[] = [
    `# ${title}`,
    '',
    'Reproduction of *Winner-Take-All bottlenecks enforce disentangled symbolic representations in multi-task learning* (arXiv:2605.22472) with wtanet. Every number below is computed from the run folders next to this file; `results.json` holds every per-seed value. Intervals are 95% t-intervals over seeds.',
    '',
    setupSection(evals, cells),
    '## Summary: what the numbers say about the paper\'s claims',
    '',
    summaryMarkdown(evaluateClaims(main), Math.min(...main.map((c) => c.runs.length), Infinity)),
    '## Headline tables',
    '',
  ];
  const datasets = uniq(main.map((c) => c.key.dataset)).sort();
  const heads = uniq(main.map((c) => c.key.head)).sort();
  for (const ds of datasets)
    for (const head of heads) {
      const here = main.filter((c) => c.key.dataset === ds && c.key.head === head);
      if (!here.length) continue;
      out.push(`### ${ds}, ${head} heads`, '', 'Task performance:', '', settingTable(here, ACCURACY), '', 'Disentanglement and symbolicity (group level):', '', settingTable(here, DISENTANGLEMENT), '');
      const unitKeys = uniq(here.flatMap((c) => c.runs.flatMap((r) => Object.keys(r.scalars)))).filter((k) => k.startsWith('unit.')).sort();
      if (unitKeys.length) out.push('Unit level (each bottleneck unit one variable; unit-level MIG is ~0 for a perfect one-hot code, since all units of a factor tie):', '', settingTable(here, unitKeys.map((k) => ({ key: k, short: k.slice(5) }))), '');
      out.push(fig(`headline-${ds}-${head}.svg`, `headline metrics, ${ds}, ${head} heads`));
    }
  out.push('## Figures', '');
  for (const ds of datasets) {
    out.push(fig(`units-${ds}.svg`, `unit × factor-value map, wta vs relu, ${ds}`));
    out.push(fig(`nmi-${ds}.svg`, `group × factor NMI, ${ds}`));
    out.push(fig(`curves-${ds}.svg`, `training curves, ${ds}`));
  }
  out.push(fig('heldout.svg', 'accuracy on IID test and held-out combinations'));
  const tasks = cells.filter((c) => c.key.study === 'tasks');
  if (tasks.length) {
    const counts = uniq(tasks.map((c) => c.key.numTasks)).sort((a, b) => a - b).map(String);
    out.push('## Sweep: number of training tasks', '', `Dataset ${tasks[0].key.dataset}, linear heads. Rows: number of tasks; columns: variant.`, '');
    for (const m of ['group.infoM', 'symbols.symbolicity', 'acc.heldout'])
      if (tasks.some((c) => c.seedValues(m).size)) out.push(`${metricDef(m).label}:`, '', sweepTable(tasks, (c) => String(c.key.numTasks), counts, m), '');
    out.push(fig('sweep-tasks.svg', 'metrics vs number of tasks'));
  }
  const shapes = cells.filter((c) => c.key.study === 'shape');
  if (shapes.length) {
    const ds = shapes[0].key.dataset;
    const at = main.filter((c) => c.key.dataset === ds && c.key.head === 'linear');
    const all = [...shapes, ...at.filter((c) => shapes.some((s) => s.key.variant === c.key.variant))];
    const label = (c: Cell) => `${c.key.shape} (${c.key.groups} groups × ${c.key.unitsPerGroup} units)`;
    const order = ['below', 'at', 'above'].map((s) => all.find((c) => c.key.shape === s)).filter((c): c is Cell => !!c).map(label);
    out.push('## Sweep: bottleneck shape', '', `Dataset ${ds}, linear heads. "at" is the main study's run.`, '');
    for (const m of ['group.infoM', 'symbols.symbolicity', 'acc.heldout'])
      if (all.some((c) => c.seedValues(m).size)) out.push(`${metricDef(m).label}:`, '', sweepTable(all, label, order, m), '');
    out.push(fig('sweep-shape.svg', 'metrics vs bottleneck shape'));
  }
  out.push('## Metric definitions', '', ...[...ACCURACY, ...DISENTANGLEMENT].map((m) => `- **${m.short}**: ${m.label}.`), '', ...dciNote(evals), 'Full definitions: METRICS.md in the wtanet repository.', '');
  void HEADLINE;
  return { markdown: out.join('\n').replace(/\n{3,}/g, '\n\n'), figures };
}
