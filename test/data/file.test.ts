import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DataError } from '../../src/base/check.js';
import { buildData } from '../../src/data/build.js';
import { validateDataConfig } from '../../src/data/config.js';
import { datasetFromArrays, rowReader, type FileArrays } from '../../src/data/datasets/file.js';
import { readDatasetFile } from '../../src/io/dataset-file.js';
import { writeNpy } from '../../src/io/npy.js';
import { writeNpz } from '../../src/io/npz.js';

const dir = mkdtempSync(join(tmpdir(), 'wtanet-file-data-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** n rows of two factors (3 and 4 values, every combination) with x = [a, b, a·b]. */
function arrays(n = 120): FileArrays {
  const x = new Float32Array(n * 3);
  const z = new Int32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const a = i % 3, b = Math.floor(i / 3) % 4;
    z.set([a, b], i * 2);
    x.set([a, b, a * b], i * 3);
  }
  return { x, xShape: [n, 3], factors: z, factorsShape: [n, 2] };
}

/** Asserts a one-line DataError whose message matches every pattern. */
function rejects(fn: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataError, `not a DataError: ${String(e)}`);
    assert.ok(!e.message.includes('\n'), 'one line');
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

describe("dataset 'file': datasetFromArrays (library, browser-safe)", () => {
  it('reads vectors and factors, with default names', () => {
    const src = datasetFromArrays(arrays());
    assert.equal(src.n, 120);
    assert.deepEqual(src.inputShape, [3]);
    assert.deepEqual(src.factors.map((f) => f.name), ['f0', 'f1']);
    assert.deepEqual(src.factors[1].values, ['v0', 'v1', 'v2', 'v3']);
  });

  it('takes images N × H × W × C as channels first, scaling uint8 to [0, 1]', () => {
    const n = 2, H = 2, W = 3, C = 2;
    const x = new Uint8Array(n * H * W * C);
    for (let i = 0; i < x.length; i++) x[i] = i % 256;
    const src = datasetFromArrays({ x, xShape: [n, H, W, C], factors: new Int32Array([0, 1]), factorsShape: [n] });
    assert.deepEqual(src.inputShape, [C, H, W]);
    // sample 1, channel 1, pixel (1, 2) = x[1, 1, 2, 1]
    const expected = x[1 * H * W * C + (1 * W + 2) * C + 1] / 255;
    const row = new Float32Array(C * H * W);
    rowReader(src)(1, row, 0);
    assert.equal(row[1 * H * W + 1 * W + 2], Math.fround(expected));
    const gray = datasetFromArrays({ x: new Float32Array(2 * 4), xShape: [2, 2, 2], factors: new Int32Array([0, 1]), factorsShape: [2] });
    assert.deepEqual(gray.inputShape, [1, 2, 2]);
  });

  it('keeps uint8 images as bytes; the rows taken are the bits of converting to float32, then scaling by 1/255', () => {
    // Every byte value, in 2 images of 16 × 16 (the old path: Float32Array.set, then x[i] *= 1 / 255).
    const x = Uint8Array.from({ length: 512 }, (_, i) => (i * 37) % 256);
    const src = datasetFromArrays({ x, xShape: [2, 16, 16], factors: new Int32Array([0, 1]), factorsShape: [2] });
    assert.ok(src.x instanceof Uint8Array && src.x.byteLength === x.byteLength, 'bytes, not float32');
    const reference = new Float32Array(x.length);
    reference.set(x);
    for (let i = 0; i < reference.length; i++) reference[i] *= 1 / 255;
    const rows = new Float32Array(x.length);
    const read = rowReader(src);
    read(1, rows, 256);
    read(0, rows, 0);
    assert.deepEqual(new Uint32Array(rows.buffer), new Uint32Array(reference.buffer));
    // uint8 vectors are not scaled; splits hold float32 either way.
    const vec = datasetFromArrays({ x: new Uint8Array([0, 1, 255, 7]), xShape: [2, 2], factors: new Int32Array([0, 1]), factorsShape: [2] });
    const v = new Float32Array(4);
    rowReader(vec)(0, v, 0);
    rowReader(vec)(1, v, 2);
    assert.deepEqual([...v], [0, 1, 255, 7]);
  });

  it('splits the rows by the seed: held-out combinations apart, no row used twice, deterministic', () => {
    const src = datasetFromArrays(arrays(240));
    const cfg = { dataset: 'file' as const, file: { path: 'mem' }, tasks: [{ family: 'factor' as const }], nTrain: 1000, nVal: 20, nTest: 20, nHeldout: 1000, heldoutFraction: 0.25 };
    const a = buildData(cfg as never, 7, { file: src });
    const b = buildData(cfg as never, 7, { file: src });
    assert.deepEqual(a.train.z, b.train.z);
    assert.deepEqual(a.heldOutCombinations, b.heldOutCombinations);
    assert.equal(a.heldOutCombinations.length, 3); // 25% of 12 combinations
    const held = new Set(a.heldOutCombinations.map((c) => c.join(',')));
    const keys = (s: { n: number; z: Int32Array }) => Array.from({ length: s.n }, (_, i) => `${s.z[2 * i]},${s.z[2 * i + 1]}`);
    for (const k of [...keys(a.train), ...keys(a.val), ...keys(a.test)]) assert.ok(!held.has(k));
    for (const k of keys(a.heldout)) assert.ok(held.has(k));
    // every row exactly once: 240 rows = 60 held out + 180 others (fewer than asked, so shared out)
    assert.equal(a.heldout.n, 60);
    assert.equal(a.train.n + a.val.n + a.test.n, 180);
    // every value keeps a training combination
    for (let f = 0; f < 2; f++) for (let v = 0; v < [3, 4][f]; v++) assert.ok(keys(a.train).some((k) => Number(k.split(',')[f]) === v));
    const other = buildData(cfg as never, 8, { file: src });
    assert.notDeepEqual(other.train.z, a.train.z);
  });

  it("uses the file's own tasks when given (a function of the factors)", () => {
    const a = arrays();
    const t = new Int32Array(120).map((_, i) => ((i % 3) + (Math.floor(i / 3) % 4)) % 2);
    const src = datasetFromArrays({ ...a, tasks: t, tasksShape: [120], taskNames: ['parity'] });
    const b = buildData({ dataset: 'file', file: { path: 'mem' } as never, nTrain: 50, nVal: 10, nTest: 10, nHeldout: 10, heldoutFraction: 0 }, 1, { file: src });
    assert.deepEqual(b.tasks.map((x) => x.name), ['parity']);
    const labels = b.tasks[0].labels(b.train.z, b.train.n);
    for (let i = 0; i < b.train.n; i++) assert.equal(labels[i], (b.train.z[2 * i] + b.train.z[2 * i + 1]) % 2);
  });

  it('bad input: one line naming the array and the row', () => {
    const a = arrays(10);
    rejects(() => datasetFromArrays({ ...a, factors: new Int32Array(18), factorsShape: [9, 2] }), /'factors' has 9 rows but x has 10/);
    const nan = Float32Array.from(a.x as Float32Array);
    nan[3 * 4 + 1] = NaN;
    rejects(() => datasetFromArrays({ ...a, x: nan }), /'x' row 4 holds NaN/);
    const inf = Float32Array.from(a.x as Float32Array);
    inf[3 * 6] = -Infinity;
    rejects(() => datasetFromArrays({ ...a, x: inf }), /'x' row 6 holds -Infinity/);
    const frac = Float64Array.from(a.factors as Int32Array);
    frac[2 * 5 + 1] = 1.5;
    rejects(() => datasetFromArrays({ ...a, factors: frac }), /'factors' row 5, column 1 is 1.5, not an integer/);
    const neg = Int32Array.from(a.factors as Int32Array);
    neg[2 * 7] = -1;
    rejects(() => datasetFromArrays({ ...a, factors: neg }), /'factors' row 7, column 0 is -1, negative/);
    const many = Int32Array.from(a.factors as Int32Array);
    many[2 * 2 + 1] = 300;
    rejects(() => datasetFromArrays({ ...a, factors: many }), /'factors' row 2, column 1 is 300: more than 256 values/);
    rejects(() => datasetFromArrays({ ...a, x: new Float32Array(10 * 2 * 2 * 2 * 2), xShape: [10, 2, 2, 2, 2] }), /'x' has shape \[10, 2, 2, 2, 2\]; expected vectors \[N, D\] or images/);
    rejects(() => datasetFromArrays({ ...a, x: new Float32Array(10), xShape: [10] }), /expected vectors/);
    const b = arrays(24); // rows i and i + 12 have the same factors
    const t = new Int32Array(24).map((_, i) => (i >= 12 ? 1 : 0));
    rejects(() => datasetFromArrays({ ...b, tasks: t, tasksShape: [24] }), /'tasks' row \d+, column 0 is \d but row \d+ with the same factors .* tasks must be functions of the factors/);
  });
});

describe("dataset 'file': readDatasetFile (.npz, .npy pair, .csv)", () => {
  const a = arrays(24);
  const npz = join(dir, 'd.npz');
  writeFileSync(npz, writeNpz({ x: { data: a.x as Float32Array, shape: a.xShape }, factors: { data: a.factors as Int32Array, shape: a.factorsShape } }));
  writeFileSync(join(dir, 'd_x.npy'), writeNpy({ data: a.x as Float32Array, shape: a.xShape }));
  writeFileSync(join(dir, 'd_factors.npy'), writeNpy({ data: a.factors as Int32Array, shape: a.factorsShape }));
  const csv = (rows: string[]) => {
    const p = join(dir, `c${rows.length}-${Math.abs(rows.join().length)}.csv`);
    writeFileSync(p, rows.join('\n') + '\n');
    return p;
  };
  const lines = ['a,b,ab,factor:color,factor:shape'];
  for (let i = 0; i < 24; i++) lines.push(`${a.x[i * 3]},${a.x[i * 3 + 1]},${a.x[i * 3 + 2]},${a.factors[2 * i]},${a.factors[2 * i + 1]}`);

  it('reads the same arrays from each format; names from the sidecar or the CSV header', () => {
    writeFileSync(join(dir, 'd.json'), JSON.stringify({ factors: [{ name: 'color', values: ['red', 'green', 'blue'] }, { name: 'shape' }] }));
    const fromNpz = readDatasetFile({ path: npz });
    const fromNpy = readDatasetFile({ path: join(dir, 'd_x.npy'), names: join(dir, 'd.json') });
    const fromCsv = readDatasetFile({ path: csv(lines) });
    for (const s of [fromNpy, fromCsv]) {
      assert.deepEqual(s.x, fromNpz.x);
      assert.deepEqual(s.z, fromNpz.z);
    }
    assert.deepEqual(fromNpz.factors[0], { name: 'color', values: ['red', 'green', 'blue'] });
    assert.deepEqual(fromNpz.factors[1].name, 'shape');
    assert.deepEqual(fromCsv.factors.map((f) => f.name), ['color', 'shape']);
  });

  it('bad files: one line naming the file, the array or column, and the row', () => {
    rejects(() => readDatasetFile({ path: csv(['1,2,3', '4,5,6']) }), /c2-.*\.csv: no header line/);
    rejects(() => readDatasetFile({ path: csv([lines[0], lines[1], '1,2,3,0']) }), /\.csv line 3: expected 5 values, got 4/);
    rejects(() => readDatasetFile({ path: csv([lines[0], lines[1], 'nan,1,1,0,0']) }), /\.csv: column 'a' row 1 \(line 3\) is NaN/);
    rejects(() => readDatasetFile({ path: csv(['a,b,c', '1,2,3']) }), /no factor columns; name them 'factor:NAME'/);
    rejects(() => readDatasetFile({ path: csv([lines[0], '1,2,3,0,-2']) }), /\.csv: 'factors' row 0, column 1 is -2, negative/);
    const short = join(dir, 'short.npz');
    writeFileSync(short, writeNpz({ x: { data: new Float32Array(6), shape: [3, 2] }, factors: { data: new Int32Array(2), shape: [2] } }));
    rejects(() => readDatasetFile({ path: short }), /short\.npz: 'factors' has 2 rows but x has 3/);
    const nox = join(dir, 'nox.npz');
    writeFileSync(nox, writeNpz({ inputs: { data: new Float32Array(6), shape: [3, 2] } }));
    rejects(() => readDatasetFile({ path: nox }), /nox\.npz: no array 'x' \(found: inputs\)/);
    const img = join(dir, 'img.npz');
    writeFileSync(img, writeNpz({ x: { data: new Uint8Array(2 * 2 * 2 * 2 * 5), shape: [2, 2, 2, 2, 5] }, factors: { data: new Int32Array(2), shape: [2] } }));
    rejects(() => readDatasetFile({ path: img }), /img\.npz: 'x' has shape \[2, 2, 2, 2, 5\]; expected vectors/);
    rejects(() => readDatasetFile({ path: join(dir, 'lonely.npy') }), /lonely\.npy: file not found/);
    writeFileSync(join(dir, 'lonely.npy'), writeNpy({ data: new Float32Array(4), shape: [2, 2] }));
    rejects(() => readDatasetFile({ path: join(dir, 'lonely.npy') }), /lonely\.npy: where are the factor labels\?/);
  });

  it('refuses, before reading it, a file bigger than the wasm memory can hold, saying how big it may be', () => {
    // Only the header claims 600 million rows × 8: the size is checked before any data is read.
    const header = writeNpy({ data: new Float32Array(0), shape: [0, 8] });
    const text = new TextDecoder('latin1').decode(header).replace('(0, 8), }        ', '(600000000, 8), }');
    const big = join(dir, 'big_x.npy');
    writeFileSync(big, new Uint8Array([...text].map((c) => c.charCodeAt(0))));
    rejects(() => readDatasetFile({ path: big }), /big_x\.npy: 'x' \[600000000, 8\] takes 17\.9 GiB as float32; the wasm memory \(4 GiB\) holds at most 2 GiB of inputs, i\.e\. 67108864 rows of this size/);
  });

  it("config: data.file.path is required with dataset 'file', one line", () => {
    assert.throws(() => validateDataConfig({ dataset: 'file' }), /data\.file\.path: is required with dataset 'file'/);
    assert.equal(validateDataConfig({}).file, undefined); // built-in data: no file section, so their configs keep their bytes
    assert.equal(validateDataConfig({ dataset: 'file', file: { path: 'a.npz' } }).file?.factorsPath, '');
  });
});
