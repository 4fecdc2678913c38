import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeNpy } from '../../src/io/npy.js';
import { factorial, oneHot, perfectCode } from '../helpers/metric-codes.js';

const cli = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'wtanet-score-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const fx = factorial([3, 4], 4); // n = 48, 2 factors
const codes = perfectCode(fx, 4); // 2 groups × 4 units
const file = (name: string, data: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};
const npyCodes = file('codes.npy', writeNpy({ data: codes, shape: [fx.n, 8] }));
const npyCodes64 = file('codes64.npy', writeNpy({ data: Float64Array.from(codes), shape: [fx.n, 8] }));
const npyFactors = file('factors.npy', writeNpy({ data: BigInt64Array.from(fx.z, (v) => BigInt(v)), shape: [fx.n, 2] }));
const csvFactors = file('factors.csv', 'color,shape\n' + Array.from({ length: fx.n }, (_, i) => `${fx.z[2 * i]},${fx.z[2 * i + 1]}`).join('\n') + '\n');
const csvCodes = file('codes.csv', Array.from({ length: fx.n }, (_, i) => Array.from(codes.subarray(8 * i, 8 * i + 8)).join(',')).join('\n'));

function score(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'score', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.trim() };
}

describe('wtanet score', () => {
  it('scores .npy codes (float32 and float64) against int64 factors and writes the JSON', () => {
    for (const c of [npyCodes, npyCodes64]) {
      const out = join(dir, 'out.json');
      rmSync(out, { force: true });
      const r = score('--codes', c, '--factors', npyFactors, '--groups', '2', '--json', '--out', out);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout);
      assert.equal(report.kind, 'wta');
      assert.equal(report.group.infoM, 1);
      assert.equal(report.factorial, 1);
      assert.equal(report.bestGroupNmi, 1);
      assert.equal(report.constantFactors, 0);
      assert.ok(existsSync(out));
    }
  });

  it('reads CSV with and without a header, names factors from it, and prints a table', () => {
    const r = score('--codes', csvCodes, '--factors', csvFactors, '--groups', '2');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /InfoM\s+1\.000/);
    assert.match(r.stdout, /^  color /m);
    assert.match(r.stdout, /symbolicity 1\.000/);
    assert.match(r.stdout, /^factorial 1: every factor has a group of its own/m);
    assert.match(r.stdout, /best-group NMI 1\.000/);
  });

  it('computes DCI under the preset --dci names, says which, and refuses an unknown one in one line', () => {
    const lib = score('--codes', npyCodes, '--factors', npyFactors, '--groups', '2', '--dci', 'disentanglement_lib');
    assert.equal(lib.code, 0, lib.stderr);
    assert.match(lib.stdout, /DCI, preset disentanglement_lib \(gradient-boosted trees; groups as their winner's index/);
    assert.match(lib.stdout, /DCI disentanglement\s+1\.000/);
    const own = score('--codes', npyCodes, '--factors', npyFactors, '--groups', '2', '--json');
    assert.equal(JSON.parse(own.stdout).group.dci.preset, 'wtanet');
    assert.equal(JSON.parse(own.stdout).group.dci.estimator, 'forest');
    const bad = score('--codes', npyCodes, '--factors', npyFactors, '--dci', 'sklearn');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr.split('\n')[0], /^wtanet score: --dci must be one of wtanet, disentanglement_lib, got 'sklearn'$/);
  });

  it('leaves a constant factor out of every score and says so', () => {
    const withConst = file('factors-const.csv', 'color,shape,still\n' + Array.from({ length: fx.n }, (_, i) => `${fx.z[2 * i]},${fx.z[2 * i + 1]},0`).join('\n') + '\n');
    const r = score('--codes', csvCodes, '--factors', withConst, '--groups', '2');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 constant factor \(one value in these samples\) left out of every score: still/);
    assert.match(r.stdout, /InfoC\s+1\.000/);
    assert.match(r.stdout, /^factorial 1:/m);
    assert.match(r.stdout, /^  still .*\(constant: left out\)$/m);
  });

  const bad: [string, string[], RegExp][] = [
    ['a row-count mismatch', ['--codes', file('short.csv', '1,0\n0,1\n'), '--factors', csvFactors], /short\.csv has 2 rows but .*factors\.csv has 48/],
    ['non-integer factors', ['--codes', file('c2.csv', '1,0\n0,1\n'), '--factors', file('f2.csv', 'a\n0\n1.5\n')], /f2\.csv: row 2, column 1 is 1\.5; factor values must be integers/],
    ['NaN in codes', ['--codes', file('nan.npy', writeNpy({ data: Float32Array.from([1, NaN]), shape: [2, 1] })), '--factors', file('f3.csv', '0\n1\n')], /nan\.npy: row 2, column 1 is NaN/],
    ['D not divisible by G', ['--codes', npyCodes, '--factors', npyFactors, '--groups', '3'], /codes\.npy: 8 units cannot be split into --groups 3/],
    ['a ragged CSV', ['--codes', file('ragged.csv', '1,0\n0,1,1\n'), '--factors', file('f4.csv', '0\n1\n')], /ragged\.csv line 2: expected 2 values, got 3/],
    ['a non-numeric CSV field', ['--codes', file('word.csv', 'x,y\n1,0\n0,oops\n'), '--factors', file('f5.csv', '0\n1\n')], /word\.csv line 3, column 2: 'oops' is not a number/],
    ['a corrupt .npy', ['--codes', file('junk.npy', 'not numpy'), '--factors', npyFactors], /junk\.npy: /],
    ['an unknown extension', ['--codes', file('codes.bin', '1'), '--factors', npyFactors], /unsupported file type '\.bin'/],
  ];
  for (const [what, args, message] of bad) {
    it(`rejects ${what} with one line naming the file, exit 1, nothing written`, () => {
      const out = join(dir, 'never.json');
      const r = score(...args, '--out', out);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.split('\n').length, 1, r.stderr);
      assert.ok(!existsSync(out));
    });
  }

  it('prints the factor × group table first: rows factors, the matched group marked, and why each failing factor fails', () => {
    // f0 (3 values) and f1 (2 values) held jointly by g0 (one unit per pair); g1 reads f2 with one
    // sample in 16 on the next value's unit (clean detectors, imprecise); g2 is idle.
    const jx = factorial([3, 2, 4], 8);
    const w = new Int32Array(jx.n * 3);
    for (let i = 0; i < jx.n; i++) {
      const [a, b, c] = jx.z.subarray(3 * i, 3 * i + 3);
      w.set([2 * a + b, i % 16 === 3 ? (c + 1) % 4 : c, 0], 3 * i);
    }
    const codesPath = file('joint.npy', writeNpy({ data: oneHot(w, jx.n, 3, 6), shape: [jx.n, 18] }));
    const factorsPath = file('joint-factors.npy', writeNpy({ data: jx.z, shape: [jx.n, 3] }));
    const r = score('--codes', codesPath, '--factors', factorsPath, '--groups', '3');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    const header = lines.findIndex((l) => /^ +g0 +g1 +g2 +structure +values +precision$/.test(l));
    assert.ok(header > 0, r.stdout);
    // The table comes before the other scores.
    assert.ok(header < lines.findIndex((l) => /^ +InfoM /.test(l)));
    const rows = lines.slice(header + 1, header + 4);
    assert.deepEqual(rows.map((l) => l.trim().split(/ +/)[0]), ['factor0', 'factor1', 'factor2']); // .npy factors are unnamed
    /** The NMI cells of a row, and which one is marked as the factor's matched group. */
    const cells = (l: string) => l.match(/\[?\d\.\d\d\]?/g)!.slice(0, 3);
    const marked = (l: string) => cells(l).findIndex((c) => c.startsWith('['));
    // f2 is matched to g1, with clean detectors (structure ok, 4/4 values) but NMI below 0.95.
    assert.equal(marked(rows[2]), 1);
    assert.match(rows[2], / ok +4\/4 +0\.\d\d +fails$/);
    // One of f0, f1 gets the joint group g0 (NMI 1.00, holds, but the group also reads the other).
    const inJoint = [0, 1].find((f) => marked(rows[f]) === 0)!;
    const other = 1 - inJoint;
    assert.equal(cells(rows[inJoint])[0], '[1.00]');
    assert.match(rows[inJoint], / joint +\d\/\d +1\.00 +holds$/);
    assert.equal(cells(rows[other])[0], '1.00', 'the other factor is read by g0 too, but g0 is not its own');
    assert.match(rows[other], / fails$/);
    assert.match(r.stdout, /^factorial 0: 1 of 3 factors have a group of their own with NMI ≥ 0\.95$/m);
    assert.match(r.stdout, new RegExp(`^  factor${other}: joint group: g0 holds it together with factor${inJoint}; its own group g2 has NMI 0\\.00`, 'm'));
    assert.match(r.stdout, /^  factor2: NMI 0\.\d\d with its group g1, below 0\.95; structure right \(a clean detector for each of its 4 values in g1\): imprecise$/m);
    assert.match(r.stdout, /^  joint group g0: holds factor0, factor1 at once/m);
  });

  it('exits 2 on usage errors', () => {
    assert.equal(score('--factors', npyFactors).code, 2);
    assert.equal(score('--codes', npyCodes, '--factors', npyFactors, '--bogus').code, 2);
    assert.equal(score('--codes', npyCodes, '--factors', npyFactors, '--kind', 'soft').code, 2);
    assert.equal(score('--codes', npyCodes, '--factors', npyFactors, '--groups', '0').code, 2);
  });
});
