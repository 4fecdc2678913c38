import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildReport } from '../../src/report/index.js';
import { barChart, figure, heatMap, linePlot } from '../../src/report/svg/index.js';
import { syntheticEvals } from '../helpers/synthetic-evals.js';

/** A strict little XML well-formedness check: balanced tags, quoted attributes, escaped text. */
function assertWellFormed(svg: string): void {
  const body = svg.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<&]*(?:&(?:lt|gt|amp|quot|apos);[^"<&]*)*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const textPart = body.slice(i, lt === -1 ? body.length : lt);
    assert.doesNotMatch(textPart, /&(?!(lt|gt|amp|quot|apos);)|>/, `unescaped text near: ${textPart.slice(0, 40)}`);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    assert.ok(m, `malformed tag at ${lt}: ${body.slice(lt, lt + 60)}`);
    const [whole, close, name, , selfClose] = m;
    if (close) assert.equal(stack.pop(), name, `mismatched </${name}>`);
    else if (!selfClose) stack.push(name);
    i = lt + whole.length;
  }
  assert.deepEqual(stack, [], 'unclosed tags');
  assert.match(body, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+"/);
  assert.doesNotMatch(svg, /NaN|Infinity|undefined/);
}

describe('svg toolkit', () => {
  it('writes well-formed heat maps, bar charts and line plots, escaping labels', () => {
    const hm = heatMap({ title: 'a <b> & "c"', values: [[0, 0.5], [1, NaN]], rowLabels: ['r<1', 'r2'], colLabels: ["c'1", 'c&2'], colSpans: [{ label: 'f', count: 2 }], cellText: true, colorBarLabel: 'P' });
    const bc = barChart({ title: 't', categories: ['x', 'y'], series: ['wta', 'relu'], values: [[{ mean: 0.5, lo: 0.4, hi: 0.6, points: [0.45, 0.55] }, null], [{ mean: 0.1, lo: -0.1, hi: 0.3 }, { mean: 1, lo: 1, hi: 1 }]], yLabel: 'v' });
    const lp = linePlot({ title: 't', series: [{ name: 's', points: [{ x: 1, mean: 0.2, lo: 0.1, hi: 0.3 }, { x: 4, mean: 0.6, lo: 0.5, hi: 0.7 }] }], xLabel: 'tasks', yLabel: 'v', log2x: true });
    const svg = figure([hm, bc, lp], { title: 'T & U', subtitle: 'line 1\nline <2>' });
    assertWellFormed(svg);
    assert.match(svg, /a &lt;b&gt; &amp; &quot;c&quot;/);
  });
  it('rejects a heat map whose labels do not match its values', () => {
    assert.throws(() => heatMap({ title: 'm', values: [[1, 2]], rowLabels: ['a'], colLabels: ['x'] }), /1×2 values but 1 row and 1 column labels/);
  });
  it('writes every report figure well-formed and byte-stable', () => {
    const evals = syntheticEvals({ mode: 'quick', seeds: 3 }, (v) => (v === 'wta' ? 0.8 : 0.5), 0.1);
    const a = buildReport(evals);
    assert.ok(a.figures.size >= 7, `figures: ${[...a.figures.keys()].join(', ')}`);
    for (const [name, svg] of a.figures) {
      assert.doesNotThrow(() => assertWellFormed(svg), name);
    }
    assert.deepEqual([...buildReport(evals).figures], [...a.figures]);
  });
});
