import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from '../../src/cli/demo-server.js';
import type { FileSource } from '../../src/data/datasets/file.js';
import * as lib from '../../src/index.js';
import { readDatasetFile } from '../../src/io/dataset-file.js';
import { launchChromium } from '../helpers/browser.js';
import { findChromium, pathOf, skipUnless } from '../helpers/external.js';

// The demo's "your data" path, as a user takes it: a bad file gets one line in the page; the
// example file (examples/data/toy.npz with its toy.json of names) chosen in the file input sets up
// WTA with regrouping beside a relu bottleneck, trains in the Workers to the factorial code, and
// the symbol table names every value of the file (colour red, shape star, …); a CSV with named
// factor values dropped on the page (a DataTransfer drop) trains too. Every run's losses equal
// the same config trained in Node on the same file read by `wtanet train --data`'s reader.

const chromium = await findChromium();
const root = new URL('../../../', import.meta.url).pathname;
const toyNpz = join(root, 'examples/data/toy.npz');
const toyNames = JSON.parse(readFileSync(join(root, 'examples/data/toy.json'), 'utf8')) as { factors: { name: string; values: string[] }[] };
const dir = mkdtempSync(join(tmpdir(), 'wtanet-demo-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  name: string; variant: string; state: string; error: string | null; epoch: number; factorial: boolean;
  config: { seed: number; data: { dataset: string; file?: { path: string } }; train: { regroup?: unknown } };
  losses: [number, number][] | null;
}
interface Demo { state: string; preset: string; runs: Run[]; file: { name?: string; error?: string; rows?: number; factors?: { name: string; values: string[] }[] } | null }

const demoOf = (page: Page) => page.evaluate(() => (window as unknown as { __demo: unknown }).__demo) as Promise<Demo>;
const waitState = (page: Page, states: string[], timeout: number) =>
  page.waitForFunction((s) => s.includes((window as unknown as { __demo: { state: string } }).__demo.state), states, { timeout, polling: 100 });

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${String(e)}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  return problems;
}

async function nodeLosses(config: unknown, file: FileSource): Promise<[number, number][]> {
  const cfg = lib.validateRunConfig(config);
  const trainer = new lib.Trainer(cfg, lib.buildData(cfg.data, cfg.seed, { file }));
  try {
    return (await trainer.run()).history.map((m) => [m.train.loss, m.val.loss]);
  } finally {
    trainer.dispose();
  }
}

/** The labels of the units of panel `n` as shown: 'factor=value' per firing unit. */
const unitLabels = (page: Page, n: number) => page.$$eval(`#panels .panel:nth-child(${n}) table.symbols td`, (tds) =>
  tds.filter((td) => !td.classList.contains('dead')).map((td) => (td.childNodes[0]?.textContent ?? '').trim()));

/** The toy rows as a CSV with named values (the names of toy.json), inputs first. */
function toyCsv(): string {
  const src = readDatasetFile({ path: toyNpz });
  const D = src.inputShape[0];
  const F = src.factors.length;
  const row = new Float32Array(D);
  const read = lib.rowReader(src);
  const lines = [[...Array.from({ length: D }, (_, j) => `x${j}`), ...toyNames.factors.map((f) => `factor:${f.name}`)].join(',')];
  for (let i = 0; i < src.n; i++) {
    read(i, row, 0);
    lines.push([...row, ...toyNames.factors.map((f, k) => f.values[src.z[i * F + k]])].join(','));
  }
  return lines.join('\n') + '\n';
}

describe("the demo page trains on a user's own file", () => {
  let server: DemoServer | null = null;
  let browser: Browser | null = null;
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses bad files with one line, then trains the example .npz to the factorial code with its names, bit for bit as Node',
    { timeout: 240_000, skip: skipUnless(chromium, 'demo file browser test skipped') }, async (t) => {
      server = await startDemoServer({ port: 0 });
      browser = await launchChromium(pathOf(chromium));
      const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
      const problems = watch(page);
      await page.goto(server.url);
      await waitState(page, ['ready'], 60_000);
      await page.click('.preset[data-preset=file]');
      assert.equal(await page.isVisible('#own-data'), true, 'the drop zone shows');
      assert.equal((await demoOf(page)).runs.length, 0, 'no runs before a file');

      // Bad files: one line in the page naming the file and what is wrong; nothing set up.
      const status = () => page.$eval('#file-status', (e) => ({ text: e.textContent ?? '', error: e.classList.contains('error') }));
      for (const [name, bytes, pattern] of [
        ['broken.npz', Buffer.from('this is no zip archive'), /^broken\.npz: not a zip archive/],
        ['plain.csv', Buffer.from('1,2,3\n4,5,6\n'), /^plain\.csv: no header line/],
        ['ragged.csv', Buffer.from('a,factor:c\n1,red\n2\n'), /^ragged\.csv line 3: expected 2 values, got 1/],
        ['picture.png', Buffer.from([137, 80, 78, 71]), /one \.npz or \.csv file .*got: picture\.png/],
      ] as const) {
        await page.setInputFiles('#data-file', { name, mimeType: 'application/octet-stream', buffer: bytes });
        await page.waitForFunction(() => (window as unknown as { __demo: Demo }).__demo.file?.error !== undefined, null, { timeout: 10_000 });
        const s = await status();
        assert.ok(s.error, `${name}: shown as an error`);
        assert.match(s.text, pattern);
        assert.ok(!s.text.includes('\n'), `${name}: one line`);
        assert.equal((await demoOf(page)).runs.length, 0, `${name}: nothing set up`);
        await page.evaluate(() => { (window as unknown as { __demo: Demo }).__demo.file = null; });
      }

      // The example file with its names, chosen in the file input.
      await page.setInputFiles('#data-file', [toyNpz, join(root, 'examples/data/toy.json')]);
      await waitState(page, ['ready'], 60_000);
      let demo = await demoOf(page);
      assert.equal(demo.preset, 'file');
      assert.equal((await status()).text, '');
      assert.deepEqual(demo.file?.factors, toyNames.factors, 'factors and value names as read');
      const summary = await page.$eval('#file-summary', (e) => e.textContent ?? '');
      for (const f of toyNames.factors) assert.ok(summary.includes(f.name) && f.values.every((v) => summary.includes(v)), `summary names ${f.name}: ${summary}`);
      assert.match(summary, /toy\.npz: \d+ rows of vectors of 16 numbers \(\|u1 \[\d+, 16\]\)/);
      assert.deepEqual(demo.runs.map((r) => r.variant), ['wta', 'relu']);
      assert.ok(demo.runs[0].config.train.regroup, 'WTA with regrouping is offered and set');
      assert.deepEqual(demo.runs.map((r) => r.config.data.file?.path), ['toy.npz', 'toy.npz']);
      assert.match(await page.$eval('#samples .sample .z', (e) => e.textContent ?? ''), /^color=\w+ · shape=\w+ · size=\w+ · place=\w+$/);

      await page.click('#play');
      await waitState(page, ['done', 'error'], 180_000);
      demo = await demoOf(page);
      assert.equal(demo.state, 'done', JSON.stringify(demo.runs.map((r) => r.error)));
      const [wta, relu] = demo.runs;
      assert.ok(wta.factorial, 'WTA with regrouping reaches the factorial code on the example file');
      // A factorial code of 4 groups × 4 units: every value of the file has its unit, by name.
      const labels = await unitLabels(page, 1);
      const all = toyNames.factors.flatMap((f) => f.values.map((v) => `${f.name}=${v}`));
      assert.deepEqual(new Set(labels), new Set(all), `the symbol table: ${labels.join(' ')}`);
      const file = readDatasetFile({ path: toyNpz });
      assert.deepEqual(wta.losses, await nodeLosses(wta.config, file), 'WTA: the page and Node differ');
      assert.deepEqual(relu.losses, await nodeLosses(relu.config, file), 'relu: the page and Node differ');
      t.diagnostic(`toy.npz in the page: factorial; relu beside it ${relu.factorial ? 'also factorial' : 'not factorial'}`);
      assert.deepEqual(problems, [], 'the page logged problems');
    });

  it('trains a CSV with named factor values dropped on the page (names sorted), bit for bit as Node',
    { timeout: 240_000, skip: skipUnless(chromium, 'demo file browser test skipped') }, async () => {
      server ??= await startDemoServer({ port: 0 });
      browser ??= await launchChromium(pathOf(chromium));
      const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
      const problems = watch(page);
      await page.goto(server.url);
      await waitState(page, ['ready'], 60_000);
      const text = toyCsv();
      const csvPath = join(dir, 'toy.csv');
      writeFileSync(csvPath, text);
      // A real drop: a DataTransfer holding the file, dropped on the drop zone (any preset).
      await page.evaluate(({ name, body }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([body], name, { type: 'text/csv' }));
        document.getElementById('drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, { name: 'toy.csv', body: text });
      await page.waitForFunction(() => {
        const d = (window as unknown as { __demo: Demo }).__demo;
        return d.preset === 'file' && d.state === 'ready';
      }, null, { timeout: 60_000 });
      let demo = await demoOf(page);
      // No names file: each factor's names numbered in sorted order.
      assert.deepEqual(demo.file?.factors, toyNames.factors.map((f) => ({ name: f.name, values: [...f.values].sort() })));
      await page.click('#play');
      await waitState(page, ['done', 'error'], 180_000);
      demo = await demoOf(page);
      assert.equal(demo.state, 'done', JSON.stringify(demo.runs.map((r) => r.error)));
      assert.deepEqual(demo.runs.map((r) => r.config.data.file?.path), ['toy.csv', 'toy.csv']);
      const labels = await unitLabels(page, 1);
      assert.ok(labels.length > 0 && labels.every((l) => /^(color|shape|size|place)=[a-z]+$/.test(l)), `named units: ${labels.join(' ')}`);
      const file = readDatasetFile({ path: csvPath });
      for (const r of demo.runs) assert.deepEqual(r.losses, await nodeLosses(r.config, file), `${r.name}: the page and Node differ`);
      assert.ok(demo.runs[0].factorial, 'the CSV (the same rows) also reaches the factorial code');
      assert.deepEqual(problems, [], 'the page logged problems');
    });
});
