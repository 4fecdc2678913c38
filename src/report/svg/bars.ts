import { niceTicks, scale, tickLabel } from './axis.js';
import { seriesColor } from './color.js';
import { circle, line, rect, text, textWidth, type Fragment } from './doc.js';

/** One bar: a mean with its 95% interval, and optionally the per-seed values drawn as dots. */
export interface BarValue {
  mean: number;
  lo: number;
  hi: number;
  points?: readonly number[];
}

export interface BarChartSpec {
  title: string;
  /** Groups along the x axis (e.g. metrics). */
  categories: readonly string[];
  /** Bars within each group (e.g. bottleneck variants). values[category][series]; null = missing. */
  series: readonly string[];
  values: readonly (readonly (BarValue | null)[])[];
  yLabel: string;
  yMin?: number;
  yMax?: number;
  height?: number;
  /** One color per series (default: the categorical palette in series order). */
  colors?: readonly string[];
}

/** Grouped bar chart with 95% CI error bars, per-seed dots and a legend. */
export function barChart(s: BarChartSpec): Fragment {
  const all = s.values.flat().filter((v): v is BarValue => v !== null);
  const dataMin = Math.min(0, ...all.map((v) => Math.min(v.lo, ...(v.points ?? []))));
  const dataMax = Math.max(...all.map((v) => Math.max(v.hi, ...(v.points ?? []))), 1e-9);
  const ticks = niceTicks(s.yMin ?? dataMin, s.yMax ?? dataMax, 5);
  const yLo = Math.min(s.yMin ?? dataMin, ticks[0]);
  const yHi = Math.max(s.yMax ?? dataMax, ticks[ticks.length - 1]);
  const barW = 14;
  const groupW = s.series.length * barW + 16;
  const left = 56;
  const top = 24;
  const plotH = s.height ?? 200;
  const plotW = s.categories.length * groupW;
  const y = scale(yLo, yHi, top + plotH, top);
  // Intervals can reach past a fixed axis range (wide CIs from few seeds): draw them up to the
  // plot's edge, without the end cap, instead of over the labels.
  const inside = (t: number) => Math.min(yHi, Math.max(yLo, t));
  const color = (si: number) => s.colors?.[si] ?? seriesColor(si);
  const parts: string[] = [text(left, 12, s.title, { size: 13, weight: 'bold' })];
  for (const t of ticks) {
    parts.push(line(left, y(t), left + plotW, y(t), '#ddd', 1));
    parts.push(text(left - 5, y(t), tickLabel(t), { size: 10, anchor: 'end', baseline: 'middle' }));
  }
  parts.push(text(14, top + plotH / 2, s.yLabel, { size: 11, anchor: 'middle', rotate: -90 }));
  const labelSize = 10;
  let maxLabel = 0;
  s.categories.forEach((cat, ci) => {
    const gx = left + ci * groupW + 8;
    s.series.forEach((_, si) => {
      const v = s.values[ci][si];
      if (v === null) return;
      const x = gx + si * barW;
      const base = y(Math.max(yLo, 0));
      const yv = y(v.mean);
      parts.push(rect(x + 1, Math.min(base, yv), barW - 2, Math.abs(base - yv), color(si)));
      const cx = x + barW / 2;
      parts.push(line(cx, y(inside(v.lo)), cx, y(inside(v.hi)), '#000', 1.2));
      if (v.lo >= yLo) parts.push(line(cx - 4, y(v.lo), cx + 4, y(v.lo), '#000', 1.2));
      if (v.hi <= yHi) parts.push(line(cx - 4, y(v.hi), cx + 4, y(v.hi), '#000', 1.2));
      for (const p of v.points ?? []) parts.push(circle(cx, y(inside(p)), 1.8, '#fff', 'stroke="#000" stroke-width="0.7"'));
    });
    const lx = gx + (s.series.length * barW) / 2;
    parts.push(text(lx, top + plotH + 6, cat, { size: labelSize, anchor: 'end', baseline: 'middle', rotate: -35 }));
    maxLabel = Math.max(maxLabel, textWidth(cat, labelSize));
  });
  parts.push(line(left, y(Math.max(yLo, 0)), left + plotW, y(Math.max(yLo, 0)), '#444', 1));
  parts.push(line(left, top, left, top + plotH, '#444', 1));
  // Legend to the right of the plot.
  const legendX = left + plotW + 16;
  s.series.forEach((name, si) => {
    parts.push(rect(legendX, top + si * 16, 10, 10, color(si)));
    parts.push(text(legendX + 14, top + si * 16 + 5, name, { size: 11, baseline: 'middle' }));
  });
  parts.push(text(legendX, top + s.series.length * 16 + 10, 'bars: mean; whiskers: 95% CI;', { size: 9, fill: '#555' }));
  parts.push(text(legendX, top + s.series.length * 16 + 22, 'dots: individual seeds', { size: 9, fill: '#555' }));
  const legendW = Math.max(...s.series.map((n) => textWidth(n, 11) + 14), 150);
  const width = Math.max(legendX + legendW + 8, left + textWidth(s.title, 13));
  const height = top + plotH + maxLabel * 0.6 + 14;
  return { width: Math.ceil(width), height: Math.ceil(Math.max(height, top + s.series.length * 16 + 30)), body: parts.join('') };
}
