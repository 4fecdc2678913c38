import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeNpy } from '../../src/io/npy.js';
import { factorial, perfectCode } from '../helpers/metric-codes.js';

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
    assert.match(r.stdout, /^color /m);
    assert.match(r.stdout, /symbolicity 1\.000/);
    assert.match(r.stdout, /factorial 1 .*best-group NMI 1\.000/);
  });

  it('leaves a constant factor out of every score and says so', () => {
    const withConst = file('factors-const.csv', 'color,shape,still\n' + Array.from({ length: fx.n }, (_, i) => `${fx.z[2 * i]},${fx.z[2 * i + 1]},0`).join('\n') + '\n');
    const r = score('--codes', csvCodes, '--factors', withConst, '--groups', '2');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 constant factor \(one value in these samples\) left out of every score: still/);
    assert.match(r.stdout, /InfoC\s+1\.000/);
    assert.match(r.stdout, /factorial 1 /);
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

  it('exits 2 on usage errors', () => {
    assert.equal(score('--factors', npyFactors).code, 2);
    assert.equal(score('--codes', npyCodes, '--factors', npyFactors, '--bogus').code, 2);
    assert.equal(score('--codes', npyCodes, '--factors', npyFactors, '--kind', 'soft').code, 2);
    assert.equal(score('--codes', npyCodes, '--factors', npyFactors, '--groups', '0').code, 2);
  });
});
