import { niceTicks, scale, tickLabel } from './axis.js';
import { seriesColor } from './color.js';
import { circle, line, polygon, polyline, text, textWidth, type Fragment } from './doc.js';

export interface LinePoint {
  x: number;
  mean: number;
  lo: number;
  hi: number;
}

export interface LineSeries {
  name: string;
  /** Default: the categorical palette in series order. */
  color?: string;
  points: readonly LinePoint[];
}

export interface LinePlotSpec {
  title: string;
  series: readonly LineSeries[];
  xLabel: string;
  yLabel: string;
  /** Log-2 x axis (e.g. number of tasks 1, 2, 4, ...); ticks at the data's x values. */
  log2x?: boolean;
  yMin?: number;
  yMax?: number;
  width?: number;
  height?: number;
}

/** Line plot of means with shaded 95% CI bands and a legend. */
export function linePlot(s: LinePlotSpec): Fragment {
  const pts = s.series.flatMap((se) => se.points);
  const tx = (x: number) => (s.log2x ? Math.log2(x) : x);
  const xs = [...new Set(pts.map((p) => p.x))].sort((a, b) => a - b);
  const xLo = xs.length ? tx(xs[0]) : 0;
  const xHi = xs.length > 1 ? tx(xs[xs.length - 1]) : xLo + 1;
  const yTicks = niceTicks(s.yMin ?? Math.min(...pts.map((p) => p.lo), 0), s.yMax ?? Math.max(...pts.map((p) => p.hi), 1e-9), 5);
  const yLo = Math.min(s.yMin ?? Infinity, yTicks[0]);
  const yHi = Math.max(s.yMax ?? -Infinity, yTicks[yTicks.length - 1]);
  const left = 56;
  const top = 24;
  const plotW = s.width ?? 320;
  const plotH = s.height ?? 200;
  const X = scale(xLo, xHi, left, left + plotW);
  // CI bands are clipped to the axis range rather than drawn over the title and labels.
  const Y = (v: number) => scale(yLo, yHi, top + plotH, top)(Math.min(yHi, Math.max(yLo, v)));
  const parts: string[] = [text(left, 12, s.title, { size: 13, weight: 'bold' })];
  for (const t of yTicks) {
    parts.push(line(left, Y(t), left + plotW, Y(t), '#ddd', 1));
    parts.push(text(left - 5, Y(t), tickLabel(t), { size: 10, anchor: 'end', baseline: 'middle' }));
  }
  const xTicks = s.log2x || xs.length <= 12 ? xs : niceTicks(xs[0], xs[xs.length - 1], 6);
  for (const t of xTicks) {
    parts.push(line(X(tx(t)), top + plotH, X(tx(t)), top + plotH + 4, '#444', 1));
    parts.push(text(X(tx(t)), top + plotH + 16, tickLabel(t), { size: 10, anchor: 'middle' }));
  }
  s.series.forEach((se, si) => {
    const color = se.color ?? seriesColor(si);
    const p = [...se.points].sort((a, b) => a.x - b.x);
    if (p.length > 1) {
      const band: [number, number][] = [...p.map((q) => [X(tx(q.x)), Y(q.hi)] as [number, number]), ...p.reverse().map((q) => [X(tx(q.x)), Y(q.lo)] as [number, number])];
      parts.push(polygon(band, color, 'fill-opacity="0.18"'));
      p.reverse();
      parts.push(polyline(p.map((q) => [X(tx(q.x)), Y(q.mean)]), color, 2));
    }
    if (p.length <= 12) for (const q of p) parts.push(circle(X(tx(q.x)), Y(q.mean), 2.5, color));
  });
  parts.push(line(left, top + plotH, left + plotW, top + plotH, '#444', 1));
  parts.push(line(left, top, left, top + plotH, '#444', 1));
  parts.push(text(left + plotW / 2, top + plotH + 32, s.xLabel + (s.log2x ? ' (log scale)' : ''), { size: 11, anchor: 'middle' }));
  parts.push(text(14, top + plotH / 2, s.yLabel, { size: 11, anchor: 'middle', rotate: -90 }));
  const legendX = left + plotW + 16;
  s.series.forEach((se, si) => {
    parts.push(line(legendX, top + si * 16 + 5, legendX + 14, top + si * 16 + 5, se.color ?? seriesColor(si), 3));
    parts.push(text(legendX + 18, top + si * 16 + 5, se.name, { size: 11, baseline: 'middle' }));
  });
  parts.push(text(legendX, top + s.series.length * 16 + 10, 'line: mean; band: 95% CI', { size: 9, fill: '#555' }));
  const legendW = Math.max(...s.series.map((se) => textWidth(se.name, 11) + 18), 120);
  return { width: Math.ceil(Math.max(legendX + legendW + 8, left + textWidth(s.title, 13))), height: top + plotH + 40, body: parts.join('') };
}
