// Your own data through the CLI (issue 21): a dataset written as NumPy-compatible files (.npz,
// x.npy + factors.npy, .csv) from the built-in `onehot` structure trains, with the regrouping
// procedure, to the same symbol table as the built-in generator.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildData } from '../../src/data/build.js';
import { writeNpy } from '../../src/io/npy.js';
import { writeNpz } from '../../src/io/npz.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const main = join(root, 'dist', 'src', 'cli', 'main.js');
const wtanet = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', cwd: root });
const dir = mkdtempSync(join(tmpdir(), 'wtanet-cli-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const builtinConfig = JSON.parse(readFileSync(join(root, 'examples', 'onehot-wta-regroup.json'), 'utf8')) as { data: Record<string, unknown> };

/** Every row of the built-in data's four splits (the seed's own factors and x). */
function builtinRows(): { x: Float32Array; z: BigInt64Array; n: number; D: number } {
  const b = buildData(builtinConfig.data as never, 1);
  const splits = [b.train, b.val, b.test, b.heldout];
  const n = splits.reduce((a, s) => a + s.n, 0);
  const D = b.dataset.inputShape[0];
  const x = new Float32Array(n * D);
  const z = new BigInt64Array(n * 4); // int64, as NumPy writes integer labels by default
  let at = 0;
  for (const s of splits) {
    x.set(s.x, at * D);
    s.z.forEach((v, i) => (z[at * 4 + i] = BigInt(v)));
    at += s.n;
  }
  return { x, z, n, D };
}

interface Table {
  groups: number;
  units: { unit: number; group: number; factor: string | null; value: string | null; purity: number; symbol: boolean }[];
  values: { factor: string; value: string; symbol: string | null; units: number[]; purity: number }[];
}

/** The table with units named by their group only: which group holds each value, as what kind of symbol, how pure. */
function canonical(t: Table) {
  const groupOf = new Map(t.units.map((u) => [u.unit, u.group]));
  return t.values.map((v) => ({ factor: v.factor, value: v.value, symbol: v.symbol, groups: v.units.map((u) => groupOf.get(u)), purity: v.purity }));
}

function trainAndSymbols(name: string, ...args: string[]): Table {
  const out = join(dir, name);
  const r = wtanet('train', ...args, '--out', out);
  assert.equal(r.status, 0, r.stderr);
  const s = wtanet('symbols', out, '--json');
  assert.equal(s.status, 0, s.stderr);
  return JSON.parse(s.stdout) as Table;
}

describe('wtanet train --data FILE (your own data)', () => {
  const { x, z, n, D } = builtinRows();
  const npz = join(dir, 'onehot.npz');
  writeFileSync(npz, writeNpz({ x: { data: x, shape: [n, D] }, factors: { data: z, shape: [n, 4] } }, { compress: true }));
  writeFileSync(join(dir, 'onehot_x.npy'), writeNpy({ data: x, shape: [n, D] }));
  writeFileSync(join(dir, 'onehot_factors.npy'), writeNpy({ data: z, shape: [n, 4] }));
  const header = [...Array.from({ length: D }, (_, j) => `x${j}`), ...[0, 1, 2, 3].map((f) => `factor:f${f}`)].join(',');
  const body = Array.from({ length: n }, (_, i) => [...x.subarray(i * D, i * D + D), ...z.subarray(i * 4, i * 4 + 4)].join(','));
  const csv = join(dir, 'onehot.csv');
  writeFileSync(csv, [header, ...body].join('\n') + '\n');
  // The example's config with the file in place of the generator; every other field as is.
  const config = join(dir, 'file-regroup.json');
  const { onehot: _drop, dataset: _d, ...data } = builtinConfig.data;
  writeFileSync(config, JSON.stringify({ ...builtinConfig, data: { ...data, dataset: 'file' } }));

  it('gets the same symbol table from .npz, x.npy + factors.npy and .csv as the built-in onehot generator', () => {
    const builtin = trainAndSymbols('builtin', '--config', join(root, 'examples', 'onehot-wta-regroup.json'));
    const fromNpz = trainAndSymbols('npz', '--data', npz, '--config', config);
    const fromNpy = trainAndSymbols('npy', '--data', join(dir, 'onehot_x.npy'), '--config', config);
    const fromCsv = trainAndSymbols('csv', '--data', csv, '--config', config);
    // The three files hold the same arrays, so the three runs are bit-identical.
    assert.deepEqual(fromNpy, fromNpz);
    assert.deepEqual(fromCsv, fromNpz);
    // The built-in run: every value a symbol (one unit, purity 1), each factor in one group.
    for (const v of builtin.values) assert.equal(v.symbol, 'unit', `${v.factor}=${v.value}`);
    // The file run splits the same rows differently (rows are partitioned, not resampled), yet
    // finds the same table: the same group for each factor, each value one pure unit in it.
    assert.deepEqual(canonical(fromNpz), canonical(builtin));
    const config2 = JSON.parse(readFileSync(join(dir, 'npz', 'config.json'), 'utf8')) as { data: { dataset: string; file: { path: string } } };
    assert.equal(config2.data.dataset, 'file');
    assert.equal(config2.data.file.path, npz);
  });

  it('trains with only --data (every other field its default; input shape from the file)', () => {
    const out = join(dir, 'defaults');
    const r = wtanet('train', '--data', npz, '--epochs', '1', '--out', out);
    assert.equal(r.status, 0, r.stderr);
    const cfg = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { data: { dataset: string; tasks: unknown[] } };
    assert.equal(cfg.data.dataset, 'file');
    assert.ok(existsSync(join(out, 'checkpoint.safetensors')));
  });

  it('data check prints shapes, dtypes, factors and warnings; data preview --data writes a PNG', () => {
    const r = wtanet('data', 'check', npz);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`onehot\\.npz: ${n} rows`));
    assert.match(r.stdout, new RegExp(`x +<f4 \\[${n}, ${D}\\] → vectors of ${D}`));
    assert.match(r.stdout, /factors +4: f0 \(4\), f1 \(4\), f2 \(4\), f3 \(4\)/);
    assert.match(r.stdout, /256 of 256 factor combinations present/);
    assert.match(r.stdout, /ok: no constant or duplicated factors/);
    // A constant factor and a duplicated one are named.
    const odd = join(dir, 'odd.npz');
    const zz = new Int32Array(12 * 3).map((_, i) => (i % 3 === 0 ? Math.floor(i / 3) % 2 : i % 3 === 1 ? 1 - (Math.floor(i / 3) % 2) : 0));
    writeFileSync(odd, writeNpz({ x: { data: new Float32Array(24), shape: [12, 2] }, factors: { data: zz, shape: [12, 3] } }));
    const w = wtanet('data', 'check', odd);
    assert.equal(w.status, 0, w.stderr);
    assert.match(w.stdout, /warning: factor 'f2' is constant/);
    assert.match(w.stdout, /warning: factors 'f0' and 'f1' are duplicates/);
    const png = join(dir, 'preview.png');
    const p = wtanet('data', 'preview', '--data', npz, '--out', png, '--n', '8');
    assert.equal(p.status, 0, p.stderr);
    assert.ok(readFileSync(png).subarray(1, 4).toString() === 'PNG');
    assert.match(p.stdout, /f0:\n +v0 +\d+ +#+/);
  });

  it('data check and train --data on a CSV whose factor columns hold names: the names, sorted, in the output and the symbol table', () => {
    const csv = join(dir, 'named.csv');
    const colours = ['red', 'green', 'blue'];
    const rows = Array.from({ length: 60 }, (_, i) => `${i % 3},${(i % 3) * 2 - 1},${colours[i % 3]},${i % 2}`);
    writeFileSync(csv, ['a,b,factor:colour,factor:side', ...rows].join('\n') + '\n');
    const r = wtanet('data', 'check', csv);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /factors +2: colour \(3\), side \(2\)/);
    assert.match(r.stdout, /colour:\n +blue +20 +#+\n +green +20 +#+\n +red +20 +#+/);
    const t = trainAndSymbols('named', '--data', csv, '--epochs', '1');
    assert.deepEqual([...new Set(t.values.filter((v) => v.factor === 'colour').map((v) => v.value))], ['blue', 'green', 'red']);
  });

  it('bad input: one line naming the file, the column and the row; exit 1; nothing written', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `${header}\n${body[0]}\n${body[1].replace(/^[^,]*/, 'inf')}\n`);
    const out = join(dir, 'runs', 'bad');
    const r = wtanet('train', '--data', bad, '--config', config, '--out', out);
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /bad\.csv: column 'x0' row 1 \(line 3\) is Infinity/);
    assert.equal(existsSync(join(dir, 'runs')), false);
    const c = wtanet('data', 'check', bad);
    assert.equal(c.status, 1);
    // data check counts every bad row of an array, then names the first.
    const nan = join(dir, 'nan.npz');
    const xs = new Float32Array(10 * 2);
    xs[2 * 3 + 1] = NaN;
    xs[2 * 7] = Infinity;
    writeFileSync(nan, writeNpz({ x: { data: xs, shape: [10, 2] }, factors: { data: new Int32Array(10), shape: [10] } }));
    const cn = wtanet('data', 'check', nan);
    assert.equal(cn.status, 1);
    assert.match(cn.stdout, /nan\.npz: 2 of 10 rows of x hold NaN or infinite values/);
    assert.match(cn.stderr.trim(), /nan\.npz: 'x' row 3 holds NaN \(value 1 of the row\)/);
    assert.match(c.stderr.trim(), /^wtanet data: .*bad\.csv: column 'x0' row 1/);
    const missing = wtanet('data', 'check', join(dir, 'nope.npz'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /nope\.npz: file not found/);
  });
});
