/**
 * The plain-language summary: for each of the paper's claims and each setting (dataset × head),
 * compares wta against every other variant on the claim's metrics with the rule in
 * aggregate.compare(), and words the outcome from the counts. Nothing here is hard-coded to a result.
 */
import { WTA_VARIANTS, type DatasetName, type HeadType, type Variant } from './results.js';
import { compare, type Cell, type Comparison } from './aggregate.js';
import { CLAIMS, metricDef, type ClaimDef } from './catalog.js';
import { fmtCI, fmtP } from './format.js';

export interface ClaimOutcome {
  claim: ClaimDef;
  /** The WTA variant judged (plain `wta`, or `wta+regroup`: WTA trained with the regrouping recipe). */
  subject: Variant;
  dataset: DatasetName;
  head: HeadType;
  status: 'supported' | 'partly supported' | 'not supported' | 'partly contradicted' | 'contradicted' | 'mixed' | 'not testable';
  better: string[];
  worse: string[];
  unclear: string[];
}

function describe(metric: string, subject: string, baseline: string, c: Comparison): string {
  const m = metricDef(metric).short;
  const why = c.how ? `; ${c.how}` : c.p !== null ? `; paired p = ${fmtP(c.p)}` : '';
  return `${m} vs ${baseline}: ${subject} ${fmtCI(c.a)} vs ${fmtCI(c.b)}${why}`;
}

/**
 * Status from counts. Each claim is tested by many uncorrected comparisons (metrics ×
 * baselines, p < 0.05 each), so one stray significant result out of fifteen is expected by
 * chance: a one-sided status needs all comparisons (supported / contradicted) or at least
 * half of them with none the other way (partly supported / partly contradicted). Anything
 * less is "not supported"; wins and losses together are "mixed". The counts are printed next
 * to the status, so nothing is hidden by the wording.
 */
export function claimStatus(better: number, worse: number, unclear: number): ClaimOutcome['status'] {
  const total = better + worse + unclear;
  if (total === 0) return 'not testable';
  if (better === total) return 'supported';
  if (worse === total) return 'contradicted';
  if (better > 0 && worse > 0) return 'mixed';
  if (better * 2 >= total) return 'partly supported';
  if (worse * 2 >= total) return 'partly contradicted';
  return 'not supported';
}

/**
 * Each WTA variant of a setting (plain `wta`, and `wta+regroup` when the grid has it) is judged
 * against every non-WTA-family variant of the same width (not against the other WTA variant).
 */
export function evaluateClaims(mainCells: readonly Cell[]): ClaimOutcome[] {
  const out: ClaimOutcome[] = [];
  const settings = [...new Set(mainCells.map((c) => `${c.key.dataset}|${c.key.head}`))].sort();
  for (const setting of settings) {
    const [dataset, head] = setting.split('|') as [DatasetName, HeadType];
    const here = mainCells.filter((c) => c.key.dataset === dataset && c.key.head === head);
    const baselines = here.filter((c) => !WTA_VARIANTS.includes(c.key.variant));
    // Plain wta is always judged (not testable when absent); the recipe only where it ran.
    const subjects = WTA_VARIANTS.filter((v) => v === 'wta' || here.some((c) => c.key.variant === v));
    for (const claim of CLAIMS)
      for (const subject of subjects) {
        const wta = here.find((c) => c.key.variant === subject);
        const o: ClaimOutcome = { claim, subject, dataset, head, status: 'not testable', better: [], worse: [], unclear: [] };
        if (wta) {
          for (const metric of claim.metrics)
            for (const b of baselines) {
              const c = compare(wta.seedValues(metric), b.seedValues(metric));
              if (!c) continue;
              const line = describe(metric, subject, b.key.variant, c);
              if (c.verdict === 'better') o.better.push(line);
              else if (c.verdict === 'worse') o.worse.push(line);
              else o.unclear.push(`${line} (${c.verdict})`);
            }
        }
        o.status = claimStatus(o.better.length, o.worse.length, o.unclear.length);
        out.push(o);
      }
  }
  return out;
}

function settingName(dataset: string, head: string): string {
  const theorem = head === 'linear' ? "linear heads, the theorem's setting" : "MLP heads, outside the theorem's assumptions";
  // shapes are images: its encoder is a CNN (entangled uses an MLP encoder).
  return `${dataset} (${dataset === 'shapes' ? 'CNN encoder, ' : ''}${theorem})`;
}

export function summaryMarkdown(outcomes: readonly ClaimOutcome[], minSeeds: number): string {
  const lines: string[] = [];
  if (minSeeds < 5) {
    lines.push(
      `> Fewer than 5 seeds per cell (${minSeeds}): METRICS.md asks for ≥ 5, so the intervals are wide and these verdicts are indicative only.`,
      '',
    );
  }
  lines.push(
    'Each verdict compares a WTA variant — plain `wta`, and `wta+regroup` (WTA trained with the regrouping recipe, where the grid has it) — with every non-WTA bottleneck variant of the same width, per metric. "Better" or "worse" needs non-overlapping 95% intervals or a paired t-test over seeds with p < 0.05; anything else is reported as "no clear difference". A claim\'s status needs all comparisons (supported, contradicted) or at least half of them with none the other way (partly supported, partly contradicted): with this many uncorrected tests, a single significant one is expected by chance.',
    '',
  );
  for (const claim of CLAIMS) {
    lines.push(`### ${claim.title}`, '', `Decided by: ${claim.metrics.map((m) => metricDef(m).short).join(', ')}.`, '');
    for (const o of outcomes.filter((x) => x.claim.id === claim.id)) {
      const n = o.better.length + o.worse.length + o.unclear.length;
      lines.push(
        `- **${o.subject === 'wta' ? '' : `\`${o.subject}\`, `}${settingName(o.dataset, o.head)}: ${o.status}** — ${o.subject} better in ${o.better.length} of ${n} comparisons, worse in ${o.worse.length}, no clear difference in ${o.unclear.length}.`,
      );
      for (const l of o.worse) lines.push(`  - worse: ${l}`);
      for (const l of o.unclear) lines.push(`  - no clear difference: ${l}`);
      for (const l of o.better) lines.push(`  - better: ${l}`);
    }
    lines.push('');
  }
  // Claim 3 of the abstract also says the effect holds beyond the theorem's assumptions.
  const beyond = outcomes.filter((o) => o.head === 'mlp' || o.dataset === 'shapes');
  lines.push("### The effect also holds on the second dataset and for architectures that break the theorem's assumptions", '');
  if (beyond.length === 0) {
    lines.push('Not tested in this run: no MLP-head or image (CNN encoder) runs in the grid. Run `wtanet reproduce --full` to test it.', '');
  } else {
    for (const o of beyond) lines.push(`- ${o.claim.title} — ${o.subject === 'wta' ? '' : `\`${o.subject}\`, `}${settingName(o.dataset, o.head)}: **${o.status}**.`);
    lines.push('');
  }
  return lines.join('\n');
}
