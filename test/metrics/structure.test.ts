// Structure versus precision per factor (src/metrics/structure.ts, `factorMatching` of the
// metrics report), on codes whose structure is known by construction.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeInformationMetrics, type MetricsReport } from '../../src/metrics/report.js';
import { factorial, oneHot, type Fixture } from '../helpers/metric-codes.js';

/** A WTA code whose group winners are given per sample by `winner(z, i)` (one array per group). */
function code(fx: Fixture, groups: number, size: number, winner: (z: number[], i: number) => number[]): Float32Array {
  const F = fx.factors.length;
  const w = new Int32Array(fx.n * groups);
  for (let i = 0; i < fx.n; i++) {
    const z = Array.from(fx.z.subarray(i * F, (i + 1) * F));
    w.set(winner(z, i), i * groups);
  }
  return oneHot(w, fx.n, groups, size);
}

function metrics(fx: Fixture, groups: number, size: number, winner: (z: number[], i: number) => number[]): MetricsReport {
  const codes = code(fx, groups, size, winner);
  return computeInformationMetrics({ codes, n: fx.n, d: groups * size, groups, z: fx.z, factors: fx.factors, kind: 'wta' }, { dci: false }).report;
}

const entry = (r: MetricsReport, name: string) => r.factorMatching.factors.find((e) => e.name === name)!;

describe('structure and precision per factor', () => {
  it('a perfect code: every factor has structure and precision 1', () => {
    const fx = factorial([4, 3], 6);
    const r = metrics(fx, 2, 4, (z) => [z[0], z[1]]);
    assert.equal(r.factorMatching.structure, 1);
    assert.equal(r.factorial, 1);
    for (const e of r.factorMatching.factors) {
      assert.equal(e.structure, true);
      assert.equal(e.valuesDetected, e.values);
      assert.deepEqual([e.missingValues, e.mixedUnits, e.sharedWith], [[], [], []]);
      assert.equal(e.nmi, 1);
    }
  });

  it('clean but imprecise detectors: structure right, precision below 0.95 (not factorial)', () => {
    const fx = factorial([4, 4], 8); // n = 128
    // Group 0 reads f0 but one sample in 16 goes to the next value's unit.
    const r = metrics(fx, 2, 4, (z, i) => [i % 16 === 5 ? (z[0] + 1) % 4 : z[0], z[1]]);
    const f0 = entry(r, 'f0');
    assert.equal(f0.group, 0);
    assert.ok(f0.nmi < 0.95 && f0.nmi > 0.5, `NMI ${f0.nmi}`);
    assert.equal(f0.holds, false);
    assert.equal(f0.structure, true);
    assert.equal(f0.valuesDetected, 4);
    assert.equal(r.factorial, 0);
    assert.equal(r.factorMatching.structure, 1);
  });

  it('two values merged into one unit: no structure, the unit and the values named', () => {
    const fx = factorial([4, 4], 4);
    const r = metrics(fx, 2, 4, (z) => [Math.min(z[0], 2), z[1]]); // values 2 and 3 both win unit 2
    const f0 = entry(r, 'f0');
    assert.equal(f0.group, 0);
    assert.equal(f0.structure, false);
    assert.deepEqual(f0.mixedUnits.map((u) => ({ unit: u.unit, values: [...u.values].sort() })), [{ unit: 2, values: ['v2', 'v3'] }]);
    assert.deepEqual(f0.missingValues, ['v2', 'v3']);
    assert.equal(f0.valuesDetected, 2);
    assert.equal(entry(r, 'f1').structure, true);
    assert.equal(r.factorMatching.structure, 0);
  });

  it('a joint group (one 6-unit group holding a 3- and a 2-valued factor): neither factor has a group of its own', () => {
    const fx = factorial([3, 2, 4], 4);
    // g0 = the (f0, f1) pair, g1 = f2, g2 idle.
    const r = metrics(fx, 3, 6, (z) => [2 * z[0] + z[1], z[2], 0]);
    assert.equal(r.factorial, 0);
    assert.deepEqual(r.factorMatching.jointGroups, [{ group: 0, factors: ['f0', 'f1'] }]);
    const [a, b] = [entry(r, 'f0'), entry(r, 'f1')];
    const inJoint = a.group === 0 ? a : b;
    const other = a.group === 0 ? b : a;
    assert.equal(inJoint.group, 0);
    assert.equal(inJoint.holds, true);
    assert.equal(inJoint.structure, false, 'its group also reads the other factor');
    assert.deepEqual(inJoint.sharedWith, [other.name]);
    assert.equal(other.holds, false);
    assert.equal(other.structure, false);
    assert.equal(entry(r, 'f2').structure, true);
  });

  it('a factor spread over groups shared with another factor: its missing values are found elsewhere', () => {
    const fx = factorial([4, 4], 4);
    // g0: f0's values 0, 1 on units 0, 1; values 2, 3 lumped by f1's parity. g1: f0's values 2, 3
    // on units 2, 3, and f1's parity on units 0, 1 otherwise. g2: f1.
    const r = metrics(fx, 3, 4, (z) => [z[0] < 2 ? z[0] : 2 + (z[1] % 2), z[0] >= 2 ? z[0] : z[1] % 2, z[1]]);
    const f0 = entry(r, 'f0');
    assert.equal(f0.structure, false);
    assert.ok(f0.group === 0 || f0.group === 1);
    const other = 1 - f0.group;
    assert.deepEqual(f0.elsewhere, [other]);
    assert.equal(f0.missingValues.length, 2);
    assert.equal(entry(r, 'f1').group, 2);
    assert.equal(entry(r, 'f1').structure, true);
  });

  it('permuting the groups and units of a code permutes the matching, not the structure verdicts', () => {
    const fx = factorial([4, 4], 4);
    const a = metrics(fx, 3, 4, (z) => [Math.min(z[0], 2), z[1], 0]);
    const b = metrics(fx, 3, 4, (z) => [0, 3 - z[1], 3 - Math.min(z[0], 2)]);
    for (const name of ['f0', 'f1']) {
      const [x, y] = [entry(a, name), entry(b, name)];
      assert.deepEqual([x.structure, x.valuesDetected, x.nmi.toFixed(12), x.missingValues.length], [y.structure, y.valuesDetected, y.nmi.toFixed(12), y.missingValues.length]);
    }
  });
});
