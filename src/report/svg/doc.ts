/**
 * The smallest SVG writer that does the job: figures are plain strings built from a few
 * primitives. Every number is rounded to 2 decimals so output is byte-stable across runs and
 * platforms (reports must be byte-identical after an interrupted-and-resumed reproduction).
 */

/** A piece of a figure: SVG content drawn in a box from (0,0) to (width,height). */
export interface Fragment {
  width: number;
  height: number;
  body: string;
}

export const FONT = 'font-family="Helvetica, Arial, sans-serif"';

/** Fixed-precision number formatting: no exponent notation, no '-0'. */
export function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`svg: non-finite coordinate ${x}`);
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export interface TextOptions {
  size?: number;
  anchor?: 'start' | 'middle' | 'end';
  weight?: 'normal' | 'bold';
  rotate?: number;
  fill?: string;
  /** Vertical alignment around y: 'middle' centers the glyphs on y. */
  baseline?: 'auto' | 'middle' | 'hanging';
}

export function text(x: number, y: number, content: string, o: TextOptions = {}): string {
  const attrs = [`x="${num(x)}"`, `y="${num(y)}"`, `font-size="${o.size ?? 11}"`];
  if (o.anchor && o.anchor !== 'start') attrs.push(`text-anchor="${o.anchor}"`);
  if (o.weight === 'bold') attrs.push('font-weight="bold"');
  if (o.fill) attrs.push(`fill="${o.fill}"`);
  if (o.baseline && o.baseline !== 'auto') attrs.push(`dominant-baseline="${o.baseline === 'middle' ? 'central' : 'hanging'}"`);
  if (o.rotate) attrs.push(`transform="rotate(${num(o.rotate)} ${num(x)} ${num(y)})"`);
  return `<text ${attrs.join(' ')}>${escapeXml(content)}</text>`;
}

export function rect(x: number, y: number, w: number, h: number, fill: string, extra = ''): string {
  return `<rect x="${num(x)}" y="${num(y)}" width="${num(Math.max(0, w))}" height="${num(Math.max(0, h))}" fill="${fill}"${extra ? ' ' + extra : ''}/>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke = '#000', width = 1, extra = ''): string {
  return `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${stroke}" stroke-width="${num(width)}"${extra ? ' ' + extra : ''}/>`;
}

export function polyline(points: readonly [number, number][], stroke: string, width = 1.5, extra = ''): string {
  const d = points.map(([x, y]) => `${num(x)},${num(y)}`).join(' ');
  return `<polyline points="${d}" fill="none" stroke="${stroke}" stroke-width="${num(width)}"${extra ? ' ' + extra : ''}/>`;
}

export function polygon(points: readonly [number, number][], fill: string, extra = ''): string {
  const d = points.map(([x, y]) => `${num(x)},${num(y)}`).join(' ');
  return `<polygon points="${d}" fill="${fill}"${extra ? ' ' + extra : ''}/>`;
}

export function circle(cx: number, cy: number, r: number, fill: string, extra = ''): string {
  return `<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(r)}" fill="${fill}"${extra ? ' ' + extra : ''}/>`;
}

export function translate(x: number, y: number, body: string): string {
  return `<g transform="translate(${num(x)} ${num(y)})">${body}</g>`;
}

/** Rough text width for layout (no font metrics available): ~0.6 em per character. */
export function textWidth(content: string, size = 11): number {
  return content.length * size * 0.6;
}

export interface FigureOptions {
  title?: string;
  /** Lines under the title (what is plotted, units), so the figure reads without the report. */
  subtitle?: string;
  gap?: number;
  /** Panels per row; default: all in one row. */
  columns?: number;
}

/** Lays fragments out in rows (left to right) under a title and returns a full SVG document. */
export function figure(panels: readonly Fragment[], o: FigureOptions = {}): string {
  const gap = o.gap ?? 24;
  const margin = 12;
  const columns = Math.max(1, o.columns ?? panels.length);
  let y = margin;
  const parts: string[] = [];
  if (o.title) {
    y += 16;
    parts.push(text(margin, y, o.title, { size: 16, weight: 'bold' }));
    y += 6;
  }
  if (o.subtitle) {
    for (const l of o.subtitle.split('\n')) {
      y += 15;
      parts.push(text(margin, y, l, { size: 12, fill: '#333' }));
    }
  }
  y += o.title || o.subtitle ? 10 : 0;
  let width = 0;
  for (let start = 0; start < panels.length; start += columns) {
    const row = panels.slice(start, start + columns);
    let x = margin;
    let rowHeight = 0;
    for (const p of row) {
      parts.push(translate(x, y, p.body));
      x += p.width + gap;
      rowHeight = Math.max(rowHeight, p.height);
    }
    width = Math.max(width, x - gap + margin);
    y += rowHeight + gap;
  }
  const titleWidth = Math.max(textWidth(o.title ?? '', 16), ...(o.subtitle ?? '').split('\n').map((l) => textWidth(l, 12))) + 2 * margin;
  width = Math.ceil(Math.max(width, titleWidth));
  const height = Math.ceil(y - gap + margin);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>\n` +
    `${rect(0, 0, width, height, '#fff')}\n${parts.join('\n')}\n</svg>\n`
  );
}
