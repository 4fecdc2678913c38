// Issue 11, item 4: a damaged symbols.json is one line naming the file and the field, never an
// internal message such as "table.units is not iterable".
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { symbolTable } from '../../src/metrics/symbols.js';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');
const root = mkdtempSync(join(tmpdir(), 'wtanet-symbols-'));
after(() => rmSync(root, { recursive: true, force: true }));
const wtanet = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', cwd: root });

// A real table: 2 samples, one group of 2 units, one factor.
const good = symbolTable({ codes: new Float32Array([1, 0, 0, 1]), n: 2, d: 2, groups: 1, kind: 'wta', z: new Int32Array([0, 1]), factors: [{ name: 'f', values: ['a', 'b'] }] });

function runWith(name: string, table: unknown): ReturnType<typeof wtanet> {
  mkdirSync(join(root, name));
  writeFileSync(join(root, name, 'symbols.json'), typeof table === 'string' ? table : JSON.stringify(table));
  return wtanet('symbols', name);
}

describe('wtanet symbols with a damaged symbols.json', () => {
  it('reads the real table', () => {
    const r = runWith('good', good);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /f = a/);
  });
  const cases: [string, unknown, RegExp][] = [
    ['units-not-list', { ...good, units: 3 }, /units: 3 is not a list/],
    ['purity-string', { ...good, units: [{ ...good.units[0], purity: 'high' }] }, /units\[0\]\.purity: 'high' is not a number ≥ 0 and ≤ 1/],
    ['value-units', { ...good, values: [{ ...good.values[0], units: null }] }, /values\[0\]\.units: null is not a list/],
    ['not-object', [1, 2], /symbols\.json: \[1,2\] is not an object/],
    ['missing-field', { ...good, kind: undefined }, /kind: is missing/],
    ['unit-not-object', { ...good, units: [null] }, /units\[0\]: null is not an object/],
  ];
  for (const [name, table, field] of cases) {
    it(`${name}: exit 1, one line naming the file and the field`, () => {
      const r = runWith(name, table);
      assert.equal(r.status, 1, r.stderr);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], new RegExp(`^wtanet: ${name}/symbols\\.json is not a valid symbol table: `));
      assert.match(lines[0], field);
      assert.match(lines[0], new RegExp(`; recompute it with 'wtanet eval ${name}'$`));
    });
  }
  it('not JSON at all: one line', () => {
    const r = runWith('garbage', '{"units": [');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^wtanet: garbage\/symbols\.json is not valid JSON \(.*\); delete the file to recompute it\n$/);
  });
  it('`wtanet eval` with a damaged run.json: one line naming it', () => {
    mkdirSync(join(root, 'bad-run'));
    writeFileSync(join(root, 'bad-run', 'run.json'), JSON.stringify({ id: 3 }));
    const r = wtanet('eval', 'bad-run');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^wtanet: bad-run\/run\.json is damaged \(it needs an 'id' and a 'config'\); run 'wtanet reproduce' with the same --out to rewrite it\n$/);
  });
});
