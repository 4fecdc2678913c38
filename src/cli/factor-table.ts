// The factor × group NMI table that `wtanet eval` and `wtanet score` print first: rows factors,
// columns groups, each factor's matched group marked, then per factor its structure (own group,
// clean detectors) and precision (NMI), and one line per failing factor saying why.
import type { FactorMatchEntry, FactorMatchingReport } from '../metrics/report.js';
import { FACTORIAL_NMI } from '../metrics/report.js';

/** 0.5 → "0.50"; the NMI cells. */
const nmi2 = (x: number) => x.toFixed(2);

/** A unit of the matched group whose wins are mostly two values of the factor: two values merged. */
const isMerged = (u: FactorMatchEntry['mixedUnits'][number]) => u.values.length === 2;

/** The structural problems of a factor, in a fixed order (empty when its structure is right). */
export function structureProblems(e: FactorMatchEntry): string[] {
  if (e.group < 0) return ['no group'];
  const kinds: string[] = [];
  if (e.sharedWith.length > 0) kinds.push('joint');
  if (e.mixedUnits.some(isMerged)) kinds.push('merged');
  if (e.elsewhere.length > 0) kinds.push('spread');
  if (e.mixedUnits.some((u) => !isMerged(u))) kinds.push('mixed');
  if (kinds.length === 0 && !e.structure) kinds.push('missing');
  return kinds;
}

/** What a factor's structure column says: "ok", or its structural problems ("merged+spread"). */
export function structureLabel(e: FactorMatchEntry): string {
  return e.structure ? 'ok' : structureProblems(e).join('+');
}

const MAX_LISTED = 4;
const list = (xs: readonly (string | number)[]) => (xs.length > MAX_LISTED ? `${xs.slice(0, MAX_LISTED).join(', ')}, … (${xs.length} in all)` : xs.join(', '));
const groupList = (gs: readonly number[]) => list(gs.map((g) => `g${g}`));

/** One line: why this factor is not held by a group of its own, and what its structure lacks. */
export function whyLine(e: FactorMatchEntry, m: FactorMatchingReport): string {
  if (e.group < 0) return 'no group of its own: every group is matched to another factor';
  const parts: string[] = [];
  const joint = m.jointGroups.find((j) => j.group !== e.group && j.factors.includes(e.name));
  if (!e.holds && joint) {
    parts.push(`joint group: g${joint.group} holds it together with ${list(joint.factors.filter((f) => f !== e.name))}; its own group g${e.group} has NMI ${nmi2(e.nmi)}`);
  } else if (!e.holds) {
    parts.push(`NMI ${nmi2(e.nmi)} with its group g${e.group}, below ${FACTORIAL_NMI}`);
  } else {
    parts.push(`holds (NMI ${nmi2(e.nmi)} with g${e.group})`);
  }
  if (e.structure) {
    parts.push(`structure right (a clean detector for each of its ${e.values} values in g${e.group}): imprecise`);
    return parts.join('; ');
  }
  const details: string[] = [];
  if (e.sharedWith.length > 0) details.push(`g${e.group} also reads ${list(e.sharedWith)} cleanly (a joint group)`);
  const merged = e.mixedUnits.filter(isMerged);
  if (merged.length > 0) details.push(`merged values ${list(merged.map((u) => `${u.values.join('+')} in unit ${u.unit}`))}`);
  const mixed = e.mixedUnits.filter((u) => !isMerged(u));
  if (mixed.length > 0) details.push(`unit${mixed.length === 1 ? '' : 's'} ${list(mixed.map((u) => u.unit))} detect${mixed.length === 1 ? 's' : ''} no value of it`);
  if (e.missingValues.length > 0) {
    details.push(`no detector in g${e.group} for ${list(e.missingValues)}` + (e.elsewhere.length > 0 ? ` (detected in ${groupList(e.elsewhere)})` : ''));
  }
  parts.push(`structure: ${details.join(', ') || 'no clean detectors'}`);
  return parts.join('; ');
}

/**
 * The table. `nmi` is factors × groups over every factor (`factors`); `matching` covers the
 * scored (non-constant) factors; a factor missing from it is shown as constant.
 */
export function factorTable(factors: readonly string[], nmi: readonly (readonly number[])[], matching: FactorMatchingReport | undefined): string[] {
  const groups = nmi[0]?.length ?? 0;
  const byName = new Map((matching?.factors ?? []).map((e) => [e.name, e]));
  const nameW = Math.max(6, ...factors.map((f) => f.length)) + 2;
  const cellW = 8;
  const lines: string[] = [];
  lines.push(`Factor × group NMI = I(factor; group winner) / H(factor); [ ] marks the group each factor is matched to (distinct groups)`);
  const head = ''.padEnd(nameW) + Array.from({ length: groups }, (_, g) => `g${g} `.padStart(cellW)).join('');
  lines.push(matching ? `${head}   structure      values  precision` : head);
  factors.forEach((name, f) => {
    const e = byName.get(name);
    const cells = (nmi[f] ?? []).map((v, g) => (e && e.group === g ? `[${nmi2(v)}]` : ` ${nmi2(v)} `).padStart(cellW)).join('');
    let tail = '';
    if (matching) {
      tail = e
        ? `   ${structureLabel(e).padEnd(13)}  ${`${e.valuesDetected}/${e.values}`.padStart(6)}  ${nmi2(e.nmi).padStart(9)}  ${e.holds ? 'holds' : 'fails'}`
        : '   (constant: left out)';
    }
    lines.push(`  ${name.padEnd(nameW - 2)}${cells}${tail}`);
  });
  if (!matching) return lines;
  const entries = matching.factors;
  const failing = entries.filter((e) => !e.holds);
  const held = entries.length - failing.length;
  lines.push('');
  lines.push(
    failing.length === 0 && entries.length > 0
      ? `factorial 1: every factor has a group of its own with NMI ≥ ${FACTORIAL_NMI}`
      : `factorial 0: ${held} of ${entries.length} factors have a group of their own with NMI ≥ ${FACTORIAL_NMI}`,
  );
  lines.push(`structure ${matching.structure}: ${entries.filter((e) => e.structure).length} of ${entries.length} factors have their own group whose winning units detect their values (precision aside)`);
  // Failing factors first, then factors that hold but whose structure is not clean.
  for (const e of [...failing, ...entries.filter((x) => x.holds && !x.structure)]) lines.push(`  ${e.name}: ${whyLine(e, matching)}`);
  for (const j of matching.jointGroups) lines.push(`  joint group g${j.group}: holds ${list(j.factors)} at once (NMI ≥ ${FACTORIAL_NMI} with each)`);
  return lines;
}
