// Issue 11, item 3: bounded inputs. Every bad input is one line (≤ 200 characters, exit 1 for
// data, 2 for config), found quickly, with nothing written; nothing recurses or spreads
// arguments as deep or as wide as the input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe as describeValue, preview } from '../../src/base/check.js';
import { MAX_NESTING, parseFormula } from '../../src/data/formula.js';
import { shrinkImages, renderSampleGrid, MAX_TILE } from '../../src/io/sample-grid.js';
import { unitMedians } from '../../src/metrics/discretize.js';
import { readNpy } from '../../src/io/npy.js';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');
const wtanet = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 60_000 });

const root = mkdtempSync(join(tmpdir(), 'wtanet-inputs-'));
after(() => rmSync(root, { recursive: true, force: true }));
function file(name: string, content: string | Uint8Array): string {
  const path = join(root, name);
  writeFileSync(path, content);
  return path;
}

/** Exactly one line on stderr, at most 200 characters, no stack trace. */
function oneLine(r: ReturnType<typeof wtanet>, status: number, pattern: RegExp): void {
  assert.equal(r.status, status, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.ok(lines[0].length <= 200, `${lines[0].length} characters`);
  assert.match(lines[0], pattern);
}

describe('configs: deep, long, commented', () => {
  const out = join(root, 'never');
  it('a value nested 10000 deep is exit 2 naming the field', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    oneLine(wtanet('train', '--config', file('deep-seed.json', `{"seed": ${deep}}`), '--out', out), 2, /invalid config .*: seed: \[\[\[\[.*… is not an integer/);
    oneLine(wtanet('train', '--config', file('deep-tasks.json', `{"data": {"tasks": ${deep}}}`), '--out', out), 2, /data\.tasks\[0\]: .*\[\[\[…/);
    oneLine(wtanet('train', '--config', file('deep-object.json', '{"model": ' + '{"a": '.repeat(10_000) + '1' + '}'.repeat(10_000) + '}'), '--out', out), 2, /model\.a: unknown field/);
    assert.equal(existsSync(out), false);
  });

  it('a 1 MB string value is quoted as a short preview; the line stays ≤ 200 characters', () => {
    oneLine(wtanet('train', '--config', file('long.json', JSON.stringify({ seed: 'x'.repeat(1 << 20) })), '--out', out), 2, /seed: 'x+…' is not an integer/);
    oneLine(wtanet('train', '--config', file('long-key.json', JSON.stringify({ ['k'.repeat(1 << 20)]: 1 })), '--out', out), 2, /config\.k+…: unknown field; allowed fields of config: seed, data, model, train$/);
  });

  it('a config starting with a // comment is one line saying so (train and data preview)', () => {
    const path = file('comment.json', '// c\n{"seed": 1}\n');
    oneLine(wtanet('train', '--config', path, '--out', out), 2, /comment\.json is not valid JSON: it has a comment at line 1; JSON allows no comments, remove it$/);
    oneLine(wtanet('data', 'preview', '--config', path, '--out', join(root, 'p.png')), 2, /comment\.json is not valid JSON: it has a comment at line 1/);
  });

  it('preview/describe are bounded and exact for small values (property)', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const p = preview(v);
      assert.ok(p.length <= 60);
      const json = JSON.stringify(v);
      if (json.length <= 58 && !/-0\b/.test(json)) assert.equal(p, json);
    }), { numRuns: 300 });
    assert.equal(describeValue('wtx'), "'wtx'");
    assert.equal(describeValue(Infinity), 'Infinity');
    let deep: unknown = [];
    for (let i = 0; i < 1e6; i++) deep = [deep];
    assert.equal(preview(deep).length, 60);
  });
});

describe('formulas: nesting bounded, long chains flat', () => {
  const factors = [{ name: 'a', values: ['x', 'y'] }, { name: 'b', values: ['p', 'q'] }];
  it(`refuses nesting deeper than ${MAX_NESTING} with one line; accepts ${MAX_NESTING}`, () => {
    const nested = (k: number) => '('.repeat(k) + 'a = x' + ')'.repeat(k);
    assert.equal(parseFormula(nested(MAX_NESTING), factors).evaluate([0, 0]), true);
    assert.throws(() => parseFormula(nested(10_000), factors), new RegExp(`^Error: formula: at column ${MAX_NESTING + 1}: nested deeper than ${MAX_NESTING} levels of '\\(' and 'not'$`));
    assert.throws(() => parseFormula('not '.repeat(10_000) + 'a = x', factors), /nested deeper than/);
  });
  it('a chain of 100000 terms parses and evaluates (no deep tree)', () => {
    const f = parseFormula(Array.from({ length: 100_000 }, (_, i) => (i % 2 ? 'a = x' : 'b = q')).join(' or '), factors);
    assert.equal(f.evaluate([0, 0]), true);
    assert.equal(f.evaluate([1, 0]), false);
    assert.deepEqual(f.dependsOn, [0, 1]);
    const g = parseFormula(Array.from({ length: 100_000 }, () => 'a = x').join(' and '), factors);
    assert.equal(g.evaluate([0, 1]), true);
  });
});

describe('score: sane cardinalities, both outputs or neither', () => {
  const codes = file('codes.csv', Array.from({ length: 400 }, (_, i) => (i % 2 ? '1,0' : '0,1')).join('\n'));
  it('a factor label of 1000000 in a 400-row file is one line, at once, writing nothing', () => {
    const labels = Array.from({ length: 400 }, (_, i) => String(i % 2));
    labels[123] = '1000000';
    labels[7] = '255'; // the largest allowed value is fine
    const t0 = performance.now();
    const r = wtanet('score', '--codes', codes, '--factors', file('big-label.csv', labels.join('\n')), '--out', join(root, 'w.json'));
    assert.ok(performance.now() - t0 < 20_000);
    oneLine(r, 1, /big-label\.csv: row 124, column 1 is 1000000; a factor may have at most 256 values \(0 to 255\): label-encode it/);
    assert.equal(existsSync(join(root, 'w.json')), false);
  });
  it('--out is not written when --symbols cannot be (and the other way round)', () => {
    const factors = file('f.csv', Array.from({ length: 400 }, (_, i) => String(i % 2)).join('\n'));
    const blocker = file('a-file', 'x');
    const w = join(root, 'w2.json');
    oneLine(wtanet('score', '--codes', codes, '--factors', factors, '--out', w, '--symbols', join(blocker, 'x.json')), 1, /a-file \(or a folder above it\) is a file, not a folder$/);
    assert.equal(existsSync(w), false);
    oneLine(wtanet('score', '--codes', codes, '--factors', factors, '--out', join(blocker, 'w.json'), '--symbols', join(root, 's.json')), 1, /is a file, not a folder$/);
    assert.equal(existsSync(join(root, 's.json')), false);
    assert.deepEqual(readdirSync(root).filter((f) => f.endsWith('.tmp')), []);
    const ok = wtanet('score', '--codes', codes, '--factors', factors, '--out', w, '--symbols', join(root, 'sub', 's.json'));
    assert.equal(ok.status, 0, ok.stderr);
    assert.ok(existsSync(w) && existsSync(join(root, 'sub', 's.json')));
  });
  it('reads a version-2 .npy with a 1 MB header (no argument spreading of its bytes)', () => {
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";
    const header = new TextEncoder().encode(dict + ' '.repeat((1 << 20) - dict.length - 1) + '\n');
    const bytes = new Uint8Array(12 + header.length + 16);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0]);
    new DataView(bytes.buffer).setUint32(8, header.length, true);
    bytes.set(header, 12);
    bytes.set(new Uint8Array(new Float32Array([1, 0, 0, 1]).buffer), 12 + header.length);
    assert.deepEqual(readNpy(bytes).shape, [2, 2]);
  });
});

describe('medians by selection equal medians by sorting (property)', () => {
  it('unitMedians', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 20 }), fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -4, max: 4 }), { minLength: 800, maxLength: 800 }), fc.boolean(), (n, d, pool, ties) => {
      const codes = Float64Array.from({ length: n * d }, (_, i) => (ties ? Math.round(pool[i % pool.length]) : pool[i % pool.length]));
      const m = unitMedians({ codes, n, d, groups: 1, kind: 'continuous' });
      for (let j = 0; j < d; j++) {
        const col = Array.from({ length: n }, (_, i) => codes[i * d + j]).sort((a, b) => a - b);
        const want = n % 2 ? col[(n - 1) / 2] : (col[n / 2 - 1] + col[n / 2]) / 2;
        assert.ok(want === m[j], `unit ${j}: ${m[j]} vs ${want}`);
      }
    }), { numRuns: 200 });
  });
});

describe('data preview: memory bounded by tile size', () => {
  it('shrinks large images to at most MAX_TILE per side (box average) before laying out the grid', () => {
    const h = 1024;
    const x = new Float32Array(2 * 3 * h * h);
    for (let i = 0; i < x.length; i++) x[i] = (i % h) < h / 2 ? 1 : 0; // left half white
    const small = shrinkImages(x, 2, [3, h, h]);
    assert.deepEqual(small.shape, [3, MAX_TILE, MAX_TILE]);
    assert.equal(small.x[0], 1);
    assert.equal(small.x[MAX_TILE - 1], 0);
    const grid = renderSampleGrid({ x, n: 2, inputShape: [3, h, h], labels: [['a=1'], ['a=2']] });
    assert.ok(grid.width <= 2 * (MAX_TILE + 40) && grid.height <= MAX_TILE + 60, `${grid.width}×${grid.height}`);
  });
  it('a 1024-pixel shapes config previews in bounded memory (tiles ≤ MAX_TILE)', () => {
    const cfg = file('big-shapes.json', JSON.stringify({ dataset: 'shapes', shapes: { size: 1024, supersample: 1 } }));
    const r = wtanet('data', 'preview', '--config', cfg, '--n', '9', '--out', join(root, 'big.png'));
    assert.equal(r.status, 0, r.stderr);
    const [w, h] = /(\d+)×(\d+)\)/.exec(r.stdout)!.slice(1).map(Number);
    assert.ok(w <= 3 * (MAX_TILE + 40) && h <= 3 * (MAX_TILE + 60), `${w}×${h}`);
  });
});
