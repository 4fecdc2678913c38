import { inkOn, viridis } from './color.js';
import { line, rect, text, textWidth, type Fragment } from './doc.js';

/** A contiguous block of rows or columns under one label (e.g. the values of one factor). */
export interface Span {
  label: string;
  count: number;
}

export interface HeatMapSpec {
  title: string;
  /** values[r][c]; NaN draws a gray "no data" cell. */
  values: readonly (readonly number[])[];
  rowLabels: readonly string[];
  colLabels: readonly string[];
  rowTitle?: string;
  colTitle?: string;
  /** Column blocks drawn with a separator and a label above (e.g. factor → its values). */
  colSpans?: readonly Span[];
  rowSpans?: readonly Span[];
  min?: number;
  max?: number;
  colorBarLabel?: string;
  /** Print each cell's value (only sensible for small matrices). */
  cellText?: boolean;
  cell?: number;
}

/** Heat map with labelled rows and columns, block separators, and a color bar. */
export function heatMap(s: HeatMapSpec): Fragment {
  const rows = s.values.length;
  const cols = rows === 0 ? s.colLabels.length : s.values[0].length;
  if (s.rowLabels.length !== rows || s.colLabels.length !== cols) {
    throw new Error(`heatMap '${s.title}': ${rows}×${cols} values but ${s.rowLabels.length} row and ${s.colLabels.length} column labels`);
  }
  const min = s.min ?? 0;
  const max = s.max ?? 1;
  const cell = s.cell ?? (s.cellText ? 30 : Math.max(9, Math.min(22, Math.floor(420 / Math.max(rows, cols, 1)))));
  const labelSize = Math.min(11, Math.max(7, cell - 2));
  const rowLabelW = Math.max(...s.rowLabels.map((l) => textWidth(l, labelSize)), 10) + 6;
  const rowSpanW = s.rowSpans ? Math.max(...s.rowSpans.map((sp) => textWidth(sp.label, 11))) + 8 : 0;
  const colLabelH = Math.max(...s.colLabels.map((l) => textWidth(l, labelSize)), 10) + 6;
  const top = 18 + (s.colTitle ? 16 : 0) + (s.colSpans ? 16 : 0);
  const left = (s.rowTitle ? 18 : 0) + rowSpanW + rowLabelW;
  const gridW = cols * cell;
  const gridH = rows * cell;
  const parts: string[] = [text(left, 12, s.title, { size: 13, weight: 'bold' })];
  let y = 18;
  if (s.colTitle) {
    y += 13;
    parts.push(text(left + gridW / 2, y, s.colTitle, { size: 11, anchor: 'middle' }));
  }
  if (s.colSpans) {
    y += 14;
    let c = 0;
    for (const sp of s.colSpans) {
      parts.push(text(left + (c + sp.count / 2) * cell, y, sp.label, { size: 11, anchor: 'middle', weight: 'bold' }));
      c += sp.count;
    }
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = s.values[r][c];
      const t = (v - min) / (max - min || 1);
      parts.push(rect(left + c * cell, top + r * cell, cell, cell, viridis(t)));
      if (s.cellText && Number.isFinite(v)) {
        parts.push(text(left + (c + 0.5) * cell, top + (r + 0.5) * cell, v.toFixed(2), { size: 9, anchor: 'middle', baseline: 'middle', fill: inkOn(t) }));
      }
    }
    parts.push(text(left - 4, top + (r + 0.5) * cell, s.rowLabels[r], { size: labelSize, anchor: 'end', baseline: 'middle' }));
  }
  for (let c = 0; c < cols; c++) {
    const x = left + (c + 0.5) * cell;
    parts.push(text(x, top + gridH + 4, s.colLabels[c], { size: labelSize, anchor: 'end', baseline: 'middle', rotate: -90 }));
  }
  // Block separators: white lines between factors (columns) and groups (rows).
  const separators = (spans: readonly Span[] | undefined, vertical: boolean) => {
    let k = 0;
    for (const sp of (spans ?? []).slice(0, -1)) {
      k += sp.count;
      parts.push(vertical ? line(left + k * cell, top, left + k * cell, top + gridH, '#fff', 2) : line(left, top + k * cell, left + gridW, top + k * cell, '#fff', 2));
    }
  };
  separators(s.colSpans, true);
  separators(s.rowSpans, false);
  if (s.rowSpans) {
    let r = 0;
    for (const sp of s.rowSpans) {
      parts.push(text(left - rowLabelW - 4, top + (r + sp.count / 2) * cell, sp.label, { size: 11, anchor: 'end', baseline: 'middle', weight: 'bold' }));
      r += sp.count;
    }
  }
  if (s.rowTitle) parts.push(text(12, top + gridH / 2, s.rowTitle, { size: 11, anchor: 'middle', rotate: -90 }));
  parts.push(rect(left, top, gridW, gridH, 'none', 'stroke="#444" stroke-width="1"'));
  // Color bar to the right.
  const barX = left + gridW + 14;
  const barH = Math.max(80, Math.min(gridH, 220));
  const steps = 32;
  for (let i = 0; i < steps; i++) {
    parts.push(rect(barX, top + barH - ((i + 1) * barH) / steps, 12, barH / steps + 0.5, viridis(i / (steps - 1))));
  }
  parts.push(rect(barX, top, 12, barH, 'none', 'stroke="#444" stroke-width="1"'));
  for (const [frac, v] of [[0, min], [0.5, (min + max) / 2], [1, max]] as const) {
    parts.push(text(barX + 16, top + barH - frac * barH, String(Math.round(v * 100) / 100), { size: 10, baseline: 'middle' }));
  }
  if (s.colorBarLabel) parts.push(text(barX + 44, top + barH / 2, s.colorBarLabel, { size: 10, anchor: 'middle', rotate: -90 }));
  const width = barX + 50 + (s.colorBarLabel ? 8 : 0);
  const height = top + gridH + colLabelH + 4;
  return { width: Math.ceil(Math.max(width, left + textWidth(s.title, 13))), height: Math.ceil(Math.max(height, top + barH + 8)), body: parts.join('') };
}
