// Shared output helpers for bench modules: a readable table on stdout and JSON under
// bench/results/ (written to a temp file, then renamed, so a crash leaves no half file).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';

/** bench/results/ of the repository (this file runs from dist/bench/). */
const resultsDir = new URL('../../bench/results/', import.meta.url);

export function writeResult(file: string, data: unknown): string {
  mkdirSync(resultsDir, { recursive: true });
  const target = new URL(file, resultsDir).pathname;
  writeFileSync(target + '.tmp', JSON.stringify(data, null, 2) + '\n');
  renameSync(target + '.tmp', target);
  return target;
}

export type Cell = string | number | null;

/** Prints rows as an aligned table; numbers get `digits` decimals, null prints as '—'. */
export function printTable(header: string[], rows: Cell[][], digits = 1): void {
  const text = rows.map((r) => r.map((c) => (c === null ? '—' : typeof c === 'number' ? c.toFixed(digits) : c)));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of text) console.log(line(r));
}
