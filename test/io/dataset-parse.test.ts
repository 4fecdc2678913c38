import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DataError } from '../../src/base/check.js';
import { datasetFromArrays } from '../../src/data/datasets/file.js';
import { readDatasetFile } from '../../src/io/dataset-file.js';
import { parseDatasetFile } from '../../src/io/dataset-parse.js';
import { writeNpz } from '../../src/io/npz.js';

const dir = mkdtempSync(join(tmpdir(), 'wtanet-dataset-parse-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

/** Rows of a table with a named colour, a numeric size and one input each; `order` permutes the rows. */
function table(order: number[]): string {
  const colours = ['red', 'green', 'blue', 'green', 'red', 'blue'];
  const sizes = [0, 1, 2, 2, 1, 0];
  return ['x1,x2,factor:color,factor:size', ...order.map((i) => `${i},${i * 0.5},${colours[i]},${sizes[i]}`)].join('\n') + '\n';
}

async function rejectsAsync(p: Promise<unknown>, ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DataError, `not a DataError: ${String(e)}`);
    assert.ok(!e.message.includes('\n'), 'one line');
    for (const q of patterns) assert.match(e.message, q);
    return true;
  });
}

describe('CSV factor columns may hold names', () => {
  it('numbers the names by sorted order, whatever the order of the rows; numeric columns stay as they are', () => {
    const a = readDatasetFile({ path: write('t1.csv', table([0, 1, 2, 3, 4, 5])) });
    const b = readDatasetFile({ path: write('t2.csv', table([5, 3, 1, 0, 2, 4])) });
    assert.deepEqual(a.factors.map((f) => f.name), ['color', 'size']);
    // Code-unit order: 'blue' < 'green' < 'red'; the numeric size keeps its numbers and default names.
    assert.deepEqual(a.factors[0].values, ['blue', 'green', 'red']);
    assert.deepEqual(a.factors[1].values, ['v0', 'v1', 'v2']);
    assert.deepEqual(b.factors, a.factors);
    // Every row's label names its own colour, in both files.
    for (const [src, order] of [[a, [0, 1, 2, 3, 4, 5]], [b, [5, 3, 1, 0, 2, 4]]] as const) {
      const colours = ['red', 'green', 'blue', 'green', 'red', 'blue'];
      const sizes = [0, 1, 2, 2, 1, 0];
      order.forEach((i, r) => {
        assert.equal(src.factors[0].values[src.z[r * 2]], colours[i], `row ${r}`);
        assert.equal(src.z[r * 2 + 1], sizes[i]);
        assert.equal(src.x[r * 2], i);
      });
    }
  });

  it('takes the order of the names file when it lists the values (and its factor names)', () => {
    const p = write('t3.csv', table([0, 1, 2, 3, 4, 5]));
    write('t3.json', JSON.stringify({ factors: [{ name: 'colour', values: ['red', 'green', 'blue', 'violet'] }, { name: 'size', values: ['S', 'M', 'L'] }] }));
    const src = readDatasetFile({ path: p });
    assert.deepEqual(src.factors, [
      { name: 'colour', values: ['red', 'green', 'blue', 'violet'] },
      { name: 'size', values: ['S', 'M', 'L'] },
    ]);
    assert.deepEqual(Array.from({ length: 6 }, (_, r) => src.z[r * 2]), [0, 1, 2, 1, 0, 2]);
  });

  it('bad names: one line naming the file, the column and the row', () => {
    const p = write('t4.csv', table([0, 1, 2, 3, 4, 5]));
    write('t4.json', JSON.stringify({ factors: [{ name: 'color', values: ['red', 'green'] }, { name: 'size' }] }));
    assert.throws(() => readDatasetFile({ path: p }), /t4\.csv: column 'factor:color' row 2 \(line 4\) is 'blue', not one of the values the names file lists for factor 0 \(red, green\); add it there/);
    const empty = write('t5.csv', 'x,factor:color\n1,red\n2,\n');
    assert.throws(() => readDatasetFile({ path: empty }), /t5\.csv: column 'factor:color' row 1 \(line 3\) is empty; every row needs a value of each factor/);
    const input = write('t6.csv', 'x,factor:color\n1,red\nbig,green\n');
    assert.throws(() => readDatasetFile({ path: input }), /t6\.csv line 3, column 1: 'big' is not a number/);
    const twice = write('t7.csv', 'x,factor:color\n1,red\n');
    write('t7.json', JSON.stringify({ factors: [{ name: 'color', values: ['red', 'red'] }] }));
    assert.throws(() => readDatasetFile({ path: twice }), /t7\.json: factors\[0\]\.values names a value twice/);
  });

  it('more than 256 names in a factor is refused like 256 numbers', () => {
    const rows = Array.from({ length: 300 }, (_, i) => `${i},id${String(i).padStart(3, '0')}`);
    assert.throws(() => readDatasetFile({ path: write('t8.csv', ['x,factor:id', ...rows].join('\n')) }), /t8\.csv: 'factors' row \d+, column 0 is 256: more than 256 values in one factor/);
  });
});

describe('parseDatasetFile: the bytes of a dropped file (the demo page), the same arrays as the Node reader', () => {
  it('reads the example .npz (deflated, through DecompressionStream) and its names like readDatasetFile', async () => {
    const path = new URL('../../../examples/data/toy.npz', import.meta.url).pathname;
    const names = new URL('../../../examples/data/toy.json', import.meta.url).pathname;
    const page = datasetFromArrays(await parseDatasetFile(
      { name: 'toy.npz', bytes: new Uint8Array(readFileSync(path)) },
      { names: { name: 'toy.json', bytes: new Uint8Array(readFileSync(names)) } },
    ));
    const node = readDatasetFile({ path });
    assert.deepEqual(page.factors, node.factors);
    assert.equal(page.factors[0].values[0], 'red');
    assert.deepEqual(page.z, node.z);
    assert.deepEqual(page.x, node.x);
    assert.deepEqual(page.inputShape, node.inputShape);
    assert.equal(page.name, 'toy.npz');
  });

  it('reads a CSV with named values as the Node reader does', async () => {
    const text = table([2, 0, 1, 5, 4, 3]);
    const page = datasetFromArrays(await parseDatasetFile({ name: 'mine.csv', bytes: new TextEncoder().encode(text) }));
    const node = readDatasetFile({ path: write('mine.csv', text) });
    assert.deepEqual(page.factors, node.factors);
    assert.deepEqual(page.z, node.z);
    assert.deepEqual(page.x, node.x);
  });

  it('bad bytes: one line naming the file and what to do', async () => {
    await rejectsAsync(parseDatasetFile({ name: 'a.npz', bytes: new Uint8Array(100) }), /^a\.npz: not a zip archive/);
    await rejectsAsync(parseDatasetFile({ name: 'a.png', bytes: new Uint8Array(4) }), /^a\.png: unsupported file type '\.png' here; drop an \.npz .* or a \.csv/);
    await rejectsAsync(parseDatasetFile({ name: 'b.csv', bytes: new TextEncoder().encode('1,2\n3,4\n') }), /^b\.csv: no header line/);
    const npz = writeNpz({ x: { data: new Float32Array(6), shape: [3, 2] }, factors: { data: new Int32Array(3), shape: [3] } }, { compress: true });
    // Cut into the deflated data of the first entry: the inflater must fail with one line, not hang.
    const cut = npz.slice();
    cut.fill(0xff, 40, 60);
    await rejectsAsync((async () => datasetFromArrays(await parseDatasetFile({ name: 'cut.npz', bytes: cut })))(), /cut\.npz/);
    await rejectsAsync(parseDatasetFile({ name: 'c.npz', bytes: npz }, { names: { name: 'c.json', bytes: new TextEncoder().encode('{"factors": 3}') } }), /^c\.json: no "factors" list/);
  });
});
