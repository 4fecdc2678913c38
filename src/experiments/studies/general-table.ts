/**
 * The general study's tables (issue 17): per setting, the recipe's strict factorial count, each
 * factor's matched NMI beside its decodability ceiling, which cause keeps the code from being
 * factorial (structure or precision), and the recipe against relu/softmax/sigmoid of the same width
 * on held-out accuracy, few-shot and zero-shot formulas, with the report's comparison rule.
 */
import { compare, type Comparison } from '../../report/aggregate.js';
import { fmtP } from '../../report/format.js';
import { FACTORIAL_NMI } from '../../metrics/report.js';
import { RECIPE } from '../recipe.js';
import { BASELINE_ARMS, GENERAL_SETTINGS, generalProcedure, type GeneralArm } from './general.js';
import type { StudyMode, StudyRow, StudyRunResult } from './rows.js';
import { fmt, summarize, type RowSummary } from './summary.js';

/** A setting "reaches" the code when at least this share of its recipe seeds are strictly factorial (issue 17: 9/10). */
export const REACHED_SHARE = 0.9;

interface SettingRuns {
  setting: string;
  arms: Map<GeneralArm, RowSummary>;
}

function bySetting(rows: readonly StudyRow[], results: readonly StudyRunResult[]): SettingRuns[] {
  const out: SettingRuns[] = [];
  for (const s of summarize(rows, results)) {
    const key = s.row.setting ?? s.row.key;
    let entry = out.find((e) => e.setting === key);
    if (!entry) out.push((entry = { setting: key, arms: new Map() }));
    entry.arms.set(s.row.arm ?? 'recipe', s);
  }
  return out;
}

/** Per factor, the mean over seeds (runs that did not record the field are skipped). */
function meanPerFactor(results: readonly StudyRunResult[], pick: (r: StudyRunResult) => number[] | undefined): number[] {
  const rows = results.map(pick).filter((x): x is number[] => Array.isArray(x) && x.length > 0);
  if (rows.length === 0) return [];
  const F = Math.max(...rows.map((r) => r.length));
  return Array.from({ length: F }, (_, f) => {
    const v = rows.map((r) => r[f]).filter((x) => typeof x === 'number' && Number.isFinite(x));
    return v.length ? v.reduce((a, x) => a + x, 0) / v.length : NaN;
  });
}

const list = (v: readonly number[]) => (v.length ? v.map((x) => (Number.isFinite(x) ? x.toFixed(2) : '–')).join(', ') : '–');

export interface CauseCount {
  /** Factor-seeds whose matched NMI < 0.95 with the detectors in the wrong place (structure.ts). */
  structure: number;
  /** Factor-seeds whose matched NMI < 0.95 although the structure is right: precision only. */
  precision: number;
}

/** The failing factor-seeds of the recipe's runs, by cause. */
export function causes(recipe: readonly StudyRunResult[]): CauseCount {
  const c = { structure: 0, precision: 0 };
  for (const r of recipe) {
    if (!r.matchedNmi || !r.structureByFactor) continue;
    r.matchedNmi.forEach((nmi, f) => {
      if (nmi >= FACTORIAL_NMI) return;
      if (r.structureByFactor![f] === 1) c.precision++;
      else c.structure++;
    });
  }
  return c;
}

/**
 * What the setting's numbers say, in words: reached (≥ 90 % of seeds factorial), or which cause
 * remains. Precision where a factor's ceiling is below the criterion (no bottleneck can fix it at
 * this encoder budget); structure where factors whose ceiling allows 0.95 still fail with
 * misplaced detectors.
 */
export function generalVerdict(recipe: RowSummary | undefined, ceiling: RowSummary | undefined): string {
  if (!recipe || recipe.seeds === 0) return 'not run';
  if (recipe.factorial >= REACHED_SHARE * recipe.seeds) return `reached (${recipe.factorial}/${recipe.seeds})`;
  const ceil = ceiling ? meanPerFactor(ceiling.results, (r) => r.ceilingNmi) : [];
  if (ceil.length === 0) return 'not reached; ceiling not measured';
  const low = ceil.map((c, f) => [c, f] as const).filter(([c]) => c < FACTORIAL_NMI);
  const parts: string[] = [];
  if (low.length) parts.push(`precision: ceiling < ${FACTORIAL_NMI} for factor${low.length > 1 ? 's' : ''} ${low.map(([c, f]) => `${f + 1} (${c.toFixed(2)})`).join(', ')}`);
  // Structure failures on factors the encoder can read precisely enough.
  let structural = 0;
  for (const r of recipe.results) {
    r.matchedNmi?.forEach((nmi, f) => {
      if (nmi < FACTORIAL_NMI && r.structureByFactor?.[f] === 0 && (ceil[f] ?? 0) >= FACTORIAL_NMI) structural++;
    });
  }
  if (structural > 0) parts.push(`structure: ${structural} factor-seed${structural > 1 ? 's' : ''} with misplaced detectors where the ceiling allows ${FACTORIAL_NMI}`);
  if (parts.length === 0) parts.push('precision near the threshold: every failing factor has its structure and a ceiling ≥ 0.95 on average');
  return `not reached; ${parts.join('; ')}`;
}

const METRICS: readonly { label: string; pick: (r: StudyRunResult) => number }[] = [
  { label: 'acc held-out', pick: (r) => r.accHeldout },
  { label: 'few-shot k=5', pick: (r) => r.fewShot?.find((f) => f.k === 5)?.accuracy ?? NaN },
  { label: 'zero-shot formulas', pick: (r) => r.zeroShot ?? NaN },
];

function seedMap(s: RowSummary | undefined, pick: (r: StudyRunResult) => number): Map<number, number> {
  const m = new Map<number, number>();
  for (const r of s?.results ?? []) {
    const v = pick(r);
    if (typeof v === 'number' && Number.isFinite(v)) m.set(r.seed, v);
  }
  return m;
}

function verdictText(c: Comparison | null): string {
  if (!c) return '–';
  const word = c.verdict === 'better' ? 'recipe better' : c.verdict === 'worse' ? 'recipe worse' : c.verdict;
  return `${word}${c.how ? ` (${c.how})` : c.p !== null ? ` (p = ${fmtP(c.p)})` : ''}`;
}

const TABLE_HEAD = '| setting | factorial seeds (strict) | verdict | matched NMI per factor (mean) | ceiling per factor (test / held-out) | failing factor-seeds: structure / precision only | joint groups | symbolicity | acc IID | acc held-out |';
const TABLE_RULE = '| --- | ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |';

/** One setting's line of an arm's table (none when the arm has no runs). */
function armLine(setting: string, arm: RowSummary | undefined, ceiling: RowSummary | undefined): string[] {
  if (!arm || arm.seeds === 0) return [];
  const r = arm.results;
  const diverged = r.filter((x) => x.diverged === 1).length;
  const c = causes(r);
  const ceilText = ceiling && ceiling.seeds > 0
    ? `${list(meanPerFactor(ceiling.results, (x) => x.ceilingNmi))} / ${list(meanPerFactor(ceiling.results, (x) => x.ceilingNmiHeldout))} (${ceiling.seeds} seeds)`
    : '–';
  return [`| \`${setting}\` | **${arm.factorial}/${arm.seeds}**${diverged ? ` (${diverged} diverged)` : ''} | ${generalVerdict(arm, ceiling)} | ${list(meanPerFactor(r, (x) => x.matchedNmi))} | ${ceilText} | ${c.structure} / ${c.precision} | ${r.reduce((a, x) => a + (x.jointGroups ?? 0), 0)} | ${fmt(r.map((x) => x.symbolicity))} | ${fmt(r.map((x) => x.accIid))} | ${fmt(r.map((x) => x.accHeldout))} |`];
}

export function generalMarkdown(mode: StudyMode, rows: readonly StudyRow[], results: readonly StudyRunResult[]): string {
  const settings = bySetting(rows, results);
  const lines = [
    `### The regrouping recipe on other shapes of data (issue 17) (${mode})`,
    '',
    `One procedure, unchanged on every setting: ${generalProcedure()} (src/experiments/recipe.ts), hard-WTA bottleneck of G groups × K units chosen from the data only (G ≥ factors, K ≥ the largest number of values), an MLP encoder sized by it (${RECIPE.ringBudget.hidden.join(' × ')} up to G·K = ${RECIPE.sizedAbove} units, ${RECIPE.sizedRingBudget.hidden.join(' × ')} above; the settings' budgets are listed below the tables), one indicator task per factor value, linear heads. Rerun with \`wtanet reproduce --study general${mode === 'full' ? ' --full' : ''}\` (${mode === 'quick' ? `this quick version runs ${settings.length} of the ${GENERAL_SETTINGS.length} settings, without the baselines; --full runs all of them` : 'every setting'}).`,
    '',
    TABLE_HEAD,
    TABLE_RULE,
  ];
  for (const { setting, arms } of settings) lines.push(...armLine(setting, arms.get('recipe'), arms.get('ceiling')));
  const bestOf = settings.filter(({ arms }) => (arms.get('bestOf')?.seeds ?? 0) > 0);
  if (bestOf.length > 0) {
    lines.push(
      '',
      `**With the recipe's selection step** (${bestOf[0].arms.get('bestOf')!.row.label.replace(/:.*/, '')}: each seed trains the recipe ${RECIPE.bestOf} times from different initial weights and keeps the run with the lowest penalized training objective, src/train/restarts.ts; no factor labels; ${RECIPE.bestOf} × the training cost). Ceilings as above.`,
      '',
      TABLE_HEAD,
      TABLE_RULE,
    );
    for (const { setting, arms } of bestOf) lines.push(...armLine(setting, arms.get('bestOf'), arms.get('ceiling')));
  }
  lines.push(
    '',
    `Settings: ${settings.map(({ setting, arms }) => `\`${setting}\`: ${arms.get('recipe')?.row.label.replace(/^WTA \+ recipe: /, '') ?? ''}`).join('; ')}.`,
    '',
    `Factorial (strict): the factors are matched to *distinct* groups, each with group-level NMI ≥ ${FACTORIAL_NMI} (src/metrics/factor-matching.ts), on the test split; "reached" needs ≥ ${REACHED_SHARE * 100} % of the seeds. Matched NMI (precision): each factor's NMI with its matched group, mean over seeds, in factor order. Ceiling: NMI of each factor with a supervised readout of it (one task per factor) through the same encoder budget and a relu bottleneck of the same width, on the test split and on held-out combinations: a factor whose ceiling is below ${FACTORIAL_NMI} cannot pass the criterion at this budget, whatever the bottleneck. Structure: the matched group is the factor's own and its winning units are pure detectors (≥ 80 % of their wins on one value) of every value (src/metrics/structure.ts); a failing factor-seed with the right structure fails on precision only. Joint groups: groups holding two or more factors at once, summed over seeds. Means ± half-width of the 95% t-interval over seeds.`,
    '',
  );
  const compared = settings.filter(({ arms }) => BASELINE_ARMS.some((a) => (arms.get(a)?.seeds ?? 0) > 0));
  if (compared.length > 0) {
    lines.push(
      '**The recipe against bottlenecks of the same width** (same data, encoder budget, optimizer and schedule; no WTA, so no regrouping): "recipe better/worse" only where the 95% intervals do not overlap or a paired t-test over common seeds gives p < 0.05 (the report\'s rule); otherwise "no clear difference".',
      '',
      `| setting | metric | WTA + recipe | ${BASELINE_ARMS.join(' | ')} |`,
      `| --- | --- | ---: | ${BASELINE_ARMS.map(() => '---').join(' | ')} |`,
    );
    const tally = new Map<string, { better: number; worse: number; unclear: number }>();
    for (const { setting, arms } of compared) {
      for (const m of METRICS) {
        const recipe = seedMap(arms.get('recipe'), m.pick);
        const cells = BASELINE_ARMS.map((arm) => {
          const base = seedMap(arms.get(arm), m.pick);
          const c = compare(recipe, base);
          const t = tally.get(m.label) ?? { better: 0, worse: 0, unclear: 0 };
          if (c) c.verdict === 'better' ? t.better++ : c.verdict === 'worse' ? t.worse++ : t.unclear++;
          tally.set(m.label, t);
          return `${fmt([...base.values()])}: ${verdictText(c)}`;
        });
        lines.push(`| \`${setting}\` | ${m.label} | ${fmt([...recipe.values()])} | ${cells.join(' | ')} |`);
      }
    }
    lines.push('', ...[...tally].map(([label, t]) => `- ${label}: recipe better in ${t.better}, worse in ${t.worse}, no clear difference in ${t.unclear} of ${t.better + t.worse + t.unclear} comparisons.`), '');
    lines.push(...factorialWithoutWta(compared));
  }
  return lines.join('\n');
}

/**
 * Is the symbolic code the WTA bottleneck's doing? The strict criterion applied to the baselines'
 * codes as to the recipe's: every arm's groups are read by their most active unit (the group
 * variable of src/metrics/discretize.ts, groupWinners), so a baseline passes where its units
 * happen to act as one-value detectors grouped by factor without a WTA constraint in training.
 */
function factorialWithoutWta(compared: readonly SettingRuns[]): string[] {
  const count = (s: RowSummary | undefined) => (s && s.seeds > 0 ? `${s.factorial}/${s.seeds}` : '–');
  return [
    "**The strict factorial code without WTA**: seeds whose code passes the same criterion, per arm (every arm's groups read by their most active unit, as for the recipe's code; the baselines train without WTA and without regrouping).",
    '',
    `| setting | WTA + recipe | ${BASELINE_ARMS.join(' | ')} |`,
    `| --- | ---: | ${BASELINE_ARMS.map(() => '---:').join(' | ')} |`,
    ...compared.map(({ setting, arms }) => `| \`${setting}\` | ${count(arms.get('recipe'))} | ${BASELINE_ARMS.map((a) => count(arms.get(a))).join(' | ')} |`),
    '',
  ];
}
