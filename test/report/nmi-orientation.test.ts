// eval.json's group-level NMI is factors × groups (`factorGroupNMI`); eval.json files written
// before it hold `groupNMI`, groups × factors. The report reads both the same way.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildReport } from '../../src/report/index.js';
import { factorGroupNMI, type RunEval } from '../../src/report/results.js';
import { syntheticEvals } from '../helpers/synthetic-evals.js';

/** The same evaluation as an eval.json of the older layout would hold it. */
function oldLayout(e: RunEval): RunEval {
  const { factorGroupNMI: nmi, ...rest } = e;
  return { ...rest, groupNMI: nmi![0].map((_, g) => nmi!.map((row) => row[g])) };
}

describe('factor × group NMI in eval.json', () => {
  it('factorGroupNMI is read as is; an older groupNMI (groups × factors) is turned around', () => {
    // 2 factors, 3 groups: factor 0 held by group 2, factor 1 by group 0.
    const nmi = [[0.1, 0.0, 0.97], [0.96, 0.2, 0.0]];
    assert.deepEqual(factorGroupNMI({ factorGroupNMI: nmi }), nmi);
    assert.deepEqual(factorGroupNMI({ groupNMI: [[0.1, 0.96], [0.0, 0.2], [0.97, 0.0]] }), nmi);
    // A square matrix is not ambiguous: the field name says the orientation.
    assert.deepEqual(factorGroupNMI({ groupNMI: [[1, 0], [0.3, 0.9]] }), [[1, 0.3], [0, 0.9]]);
    assert.deepEqual(factorGroupNMI({ factorGroupNMI: [[1, 0], [0.3, 0.9]] }), [[1, 0], [0.3, 0.9]]);
    assert.deepEqual(factorGroupNMI({}), []);
  });

  it('the report and its figures are the same from new and old eval.json files', () => {
    const evals = syntheticEvals({ mode: 'quick', seeds: 2 }, (v) => (v === 'wta' ? 0.9 : 0.4), 0.05)
      .map((e) => ({ ...e, factorGroupNMI: e.factorGroupNMI!.map((row, f) => row.map((v, g) => v + 0.001 * (f * 7 + g))) }));
    const a = buildReport(evals);
    const b = buildReport(evals.map(oldLayout));
    assert.equal(a.markdown, b.markdown);
    assert.deepEqual([...a.figures], [...b.figures]);
    const nmiFigures = [...a.figures.keys()].filter((k) => /nmi/.test(k));
    assert.ok(nmiFigures.length > 0);
    // Rows are the factors, columns the groups (the orientation of eval and score).
    for (const k of nmiFigures) {
      const svg = a.figures.get(k)!;
      assert.match(svg, />f0</);
      assert.match(svg, />group 0</);
    }
  });
});
