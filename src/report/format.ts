import type { CI } from '../metrics/stats.js';

/** `mean ± half-width` of a 95% interval, 3 decimals; a single seed shows just the value. */
export function fmtCI(ci: CI | null): string {
  if (!ci || !Number.isFinite(ci.mean)) return '—';
  if (ci.n < 2) return `${ci.mean.toFixed(3)} (1 seed)`;
  return `${ci.mean.toFixed(3)} ± ${((ci.hi - ci.lo) / 2).toFixed(3)}`;
}

/** How many seeds of a 0/1 metric are 1, e.g. `3/5`; '—' with no seeds. */
export function fmtCount(values: readonly number[]): string {
  if (values.length === 0) return '—';
  return `${values.filter((v) => v === 1).length}/${values.length}`;
}

export function fmtP(p: number | null): string {
  if (p === null) return 'n/a';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** Characters that end or break a line, or are invisible controls: C0, DEL, C1 (with U+0085), U+2028/U+2029. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Text from a file as inert Markdown: controls as \uXXXX, HTML and Markdown syntax escaped. */
export function mdText(s: string): string {
  return s
    .replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[\\`*_[\]|#!]/g, (c) => `\\${c}`)
    .replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);
}

/** A name from a file in a code span when it is plain (letters, digits, '.', '_', '-'), else as mdText. */
export function mdCode(s: string): string {
  return /^[A-Za-z0-9._-]+$/.test(s) ? `\`${s}\`` : mdText(s);
}
