import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildReport } from '../../src/report/index.js';
import { compare } from '../../src/report/aggregate.js';
import { claimStatus } from '../../src/report/claims.js';
import { syntheticEvals } from '../helpers/synthetic-evals.js';

const seeds = (xs: number[]) => new Map(xs.map((v, i) => [i + 1, v]));

describe('report comparison rule (METRICS.md "Statistics")', () => {
  it('calls a clear winner better when the intervals do not overlap', () => {
    const c = compare(seeds([0.9, 0.91, 0.92, 0.9, 0.91]), seeds([0.5, 0.52, 0.49, 0.51, 0.5]))!;
    assert.equal(c.verdict, 'better');
    assert.equal(c.how, 'intervals do not overlap');
    assert.equal(compare(seeds([0.5, 0.52, 0.49, 0.51, 0.5]), seeds([0.9, 0.91, 0.92, 0.9, 0.91]))!.verdict, 'worse');
  });
  it('says "no clear difference" when intervals overlap and the paired test is not significant', () => {
    const c = compare(seeds([0.6, 0.8, 0.7, 0.65, 0.75]), seeds([0.7, 0.6, 0.8, 0.72, 0.66]))!;
    assert.equal(c.verdict, 'no clear difference');
    assert.ok(c.a.hi > c.b.lo && c.b.hi > c.a.lo, 'the synthetic intervals do overlap');
  });
  it('accepts a consistent paired improvement even when the intervals overlap', () => {
    // Large seed-to-seed spread, but wta is ahead by ~0.02 on every seed.
    const base = [0.5, 0.7, 0.6, 0.8, 0.55];
    const c = compare(seeds(base.map((v, i) => v + 0.02 + 0.001 * i)), seeds(base))!;
    assert.ok(c.a.lo < c.b.hi, 'intervals overlap');
    assert.equal(c.verdict, 'better');
    assert.equal(c.how, 'paired test p < 0.05');
  });
  it('refuses to judge with a single seed', () => {
    assert.equal(compare(seeds([0.9]), seeds([0.1]))!.verdict, 'too few seeds');
  });
  it('words claim status from counts', () => {
    assert.equal(claimStatus(3, 0, 0), 'supported');
    assert.equal(claimStatus(2, 0, 1), 'partly supported');
    assert.equal(claimStatus(0, 0, 3), 'not supported');
    assert.equal(claimStatus(0, 2, 1), 'partly contradicted');
    assert.equal(claimStatus(0, 3, 0), 'contradicted');
    assert.equal(claimStatus(1, 1, 0), 'mixed');
    // One stray significant comparison out of fifteen is what chance gives at p < 0.05.
    assert.equal(claimStatus(0, 1, 14), 'not supported');
    assert.equal(claimStatus(1, 0, 14), 'not supported');
  });
});

describe('report summary on synthetic numbers', () => {
  it('reports a clear WTA win as supported', () => {
    const evals = syntheticEvals({ mode: 'quick', seeds: 5 }, (v) => (v === 'wta' || v === 'wta+regroup' ? 0.9 : 0.4));
    const md = buildReport(evals).markdown;
    assert.match(md, /linear heads, the theorem's setting\): supported\*\* — wta better in \d+ of \d+ comparisons, worse in 0/);
    assert.doesNotMatch(md, /no clear difference:/);
  });
  it('judges the recipe (wta+regroup) on its own, against the non-WTA variants only', () => {
    // The recipe wins everywhere, plain wta nowhere: two verdicts per claim and setting.
    const evals = syntheticEvals({ mode: 'quick', seeds: 5 }, (v) => (v === 'wta+regroup' ? 0.9 : 0.4));
    const md = buildReport(evals).markdown;
    assert.match(md, /\*\*`wta\+regroup`, entangled \(linear heads, the theorem's setting\): supported\*\* — wta\+regroup better in (\d+) of \1 comparisons/);
    assert.match(md, /\*\*entangled \(linear heads, the theorem's setting\): not supported\*\* — wta better in 0 of/);
    assert.doesNotMatch(md, /vs wta\+regroup|vs wta:/, 'the WTA variants are not each other\'s baseline');
    // The setup says what the recipe row trained with, from its own config.
    assert.match(md, /`wta\+regroup` is a hard-WTA bottleneck of the same width/);
    assert.match(md, /- entangled: tasks \[.*partition.*\]; recipe: MLP 64 × 64, 32768 training samples, 60 epochs, adam 0\.003, cosine LR, head L2 0\.001, exclusivity regrouping every 3 epochs, encoder pretrained 10 epochs through a relu bottleneck; the other variants: MLP 64 × 64, 3072 training samples, 20 epochs/);
  });
  it('reports overlapping intervals as "no clear difference", not as a win', () => {
    const evals = syntheticEvals({ mode: 'quick', seeds: 5 }, () => 0.6, 0.2);
    const md = buildReport(evals).markdown;
    assert.doesNotMatch(md, /: supported\*\*/);
    assert.match(md, /no clear difference: InfoM vs relu/);
  });
  it('reports where WTA loses', () => {
    const evals = syntheticEvals({ mode: 'quick', seeds: 5 }, (v, m) => (m === 'acc.heldout' ? (v === 'wta' ? 0.3 : 0.9) : 0.5));
    const md = buildReport(evals).markdown;
    assert.match(md, /worse: acc held-out vs relu: wta 0\.[23]\d\d ± 0\.0\d\d vs 0\.[89]/);
  });
  it('warns when fewer than 5 seeds were run', () => {
    const md = buildReport(syntheticEvals({ mode: 'quick', seeds: 3 }, () => 0.5)).markdown;
    assert.match(md, /Fewer than 5 seeds per cell \(3\)/);
  });
  it('counts factorial seeds per setting ("k/n") in the disentanglement table', () => {
    const evals = syntheticEvals({ mode: 'quick', seeds: 5 }, () => 0.5);
    // wta: factorial in seeds 1 and 2 of each setting; every other variant in none.
    for (const e of evals) {
      e.scalars.factorial = e.settings.variant === 'wta' && e.settings.seed < 3 ? 1 : 0;
      e.scalars.bestGroupNmi = 0.7;
    }
    const lines = buildReport(evals).markdown.split('\n');
    const at = lines.findIndex((l) => l.includes('| factorial seeds |'));
    assert.ok(at >= 0, 'a disentanglement table has the factorial column');
    const cells = (l: string) => l.split('|').map((c) => c.trim());
    const col = cells(lines[at]).indexOf('factorial seeds');
    const rows = lines.slice(at + 2, lines.indexOf('', at));
    const cell = (variant: string) => cells(rows.find((l) => l.startsWith(`| ${variant} (5)`))!)[col];
    assert.equal(cell('wta'), '2/5'); // seeds 1 and 2 of 1–5
    assert.equal(cell('relu'), '0/5');
  });
  it('does not depend on the order of the runs', () => {
    const evals = syntheticEvals({ mode: 'quick', seeds: 3 }, (v) => (v === 'wta' ? 0.8 : 0.5), 0.1);
    const a = buildReport(evals);
    const b = buildReport([...evals].reverse());
    assert.equal(a.markdown, b.markdown);
    assert.deepEqual([...a.figures], [...b.figures]);
  });
});
