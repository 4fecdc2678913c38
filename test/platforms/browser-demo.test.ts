import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from '../../src/cli/demo-server.js';
import * as lib from '../../src/index.js';
import { launchChromium } from '../helpers/browser.js';
import { findChromium, pathOf, skipUnless } from '../helpers/external.js';

// The live demo in headless Chromium: pick a small setup, train wta and relu side by side in
// Web Workers, and check what a user sees (heatmap, symbol table) and what they download
// (checkpoint, codes) against Node and the CLI, bit for bit.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const main = join(root, 'dist', 'src', 'cli', 'main.js');
const chromium = await findChromium();

interface DemoRun { variant: string; config: { seed: number; data: unknown }; state: string; error: string | null; losses: [number, number][] }
interface DemoState { state: string; runs: DemoRun[]; error: string | null }

async function nodeLosses(config: unknown): Promise<[number, number][]> {
  const cfg = lib.validateRunConfig(config);
  const trainer = new lib.Trainer(cfg, lib.buildData(cfg.data, cfg.seed));
  try {
    return (await trainer.run()).history.map((m) => [m.train.loss, m.val.loss]);
  } finally {
    trainer.dispose();
  }
}

async function download(page: Page, selector: string): Promise<Uint8Array> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return new Uint8Array(readFileSync((await file.path())!));
}

/** Waits until the page's training has ended (done or error). */
async function demoFinished(page: Page, timeout: number): Promise<void> {
  await page.waitForFunction(() => {
    const d = (window as unknown as { __demo?: { state: string } }).__demo;
    return d !== undefined && (d.state === 'done' || d.state === 'error');
  }, null, { timeout, polling: 250 });
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

describe('the demo page (wtanet demo)', () => {
  let server: DemoServer | null = null;
  let browser: Browser | null = null;
  const dir = mkdtempSync(join(tmpdir(), 'wtanet-demo-'));
  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('trains wta and relu side by side, renders heatmap and symbol table, and matches Node and the CLI bit for bit',
    { timeout: 240_000, skip: skipUnless(chromium, 'demo browser test skipped') }, async () => {
      const exe = pathOf(chromium);
      server = await startDemoServer({ port: 0 });
      browser = await launchChromium(exe);
      const page = await browser.newPage({ acceptDownloads: true });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(server.url);
      await page.click('.preset[data-preset=custom]');
      await page.selectOption('select[name=dataset]', 'entangled');
      await page.selectOption('select[name=variant]', 'wta');
      await page.fill('input[name=groups]', '3');
      await page.fill('input[name=units]', '4');
      await page.fill('input[name=epochs]', '3');
      await page.fill('input[name=nTrain]', '512');
      await page.fill('input[name=seed]', '5');
      await page.uncheck('input[name=task-boolean]');
      await page.check('input[name=compare]');
      await page.selectOption('select[name=compareVariant]', 'relu');
      await page.click('#train');
      await demoFinished(page, 200_000);
      const demo = (await page.evaluate(() => (window as unknown as { __demo: unknown }).__demo)) as DemoState;
      assert.deepEqual(errors, []);
      assert.equal(demo.state, 'done', JSON.stringify(demo.runs.map((r) => r.error)));
      assert.deepEqual(demo.runs.map((r) => r.variant), ['wta', 'relu']);

      // What the user sees, per panel: a factors × groups heatmap (4 factors by default, 3 groups)
      // with a colour per cell, and a symbol table with a row per unit that is ever on.
      for (const panel of [1, 2]) {
        const cells = await page.$$eval(`#panels .panel:nth-child(${panel}) table.nmi td`, (tds) => tds.map((td) => [(td as HTMLElement).style.background, td.textContent]));
        assert.equal(cells.length, 4 * 3, `panel ${panel}: heatmap cells`);
        for (const [bg, text] of cells) {
          assert.match(bg!, /rgb/);
          assert.ok(Number(text) >= 0 && Number(text) <= 1, `NMI ${text}`);
        }
        const rows = await page.$$eval(`#panels .panel:nth-child(${panel}) table.symbols tr`, (trs) => trs.length);
        assert.ok(rows >= 2, `panel ${panel}: the symbol table has no units`);
        const progress = await page.$eval(`#panels .panel:nth-child(${panel}) progress`, (p) => (p as HTMLProgressElement).value);
        assert.equal(progress, 1);
      }
      await page.screenshot({ path: join(dir, 'demo.png'), fullPage: true });
      if (process.env.WTANET_DEMO_SCREENSHOT) writeFileSync(process.env.WTANET_DEMO_SCREENSHOT, new Uint8Array(readFileSync(join(dir, 'demo.png'))));

      // Same seed and config: the same losses as Node, for both variants (and they differ from each other).
      for (const run of demo.runs) {
        assert.equal(run.losses.length, 3);
        assert.deepEqual(run.losses, await nodeLosses(run.config), `${run.variant}: losses differ from Node's`);
      }
      assert.notDeepEqual(demo.runs[0].losses, demo.runs[1].losses);

      // The config the page shows, given to the CLI, writes the checkpoint the page offers, byte
      // for byte; `wtanet eval` of that run writes the codes the page offers.
      const shown = await page.$eval('#panels .panel:nth-child(1) pre.config', (pre) => pre.textContent!);
      writeFileSync(join(dir, 'wta.json'), shown);
      const out = join(dir, 'cli-wta');
      const trained = spawnSync(process.execPath, [main, 'train', '--config', join(dir, 'wta.json'), '--out', out], { encoding: 'utf8' });
      assert.equal(trained.status, 0, trained.stderr);
      const pageCheckpoint = await download(page, '#panels .panel:nth-child(1) a.dl-checkpoint');
      assert.ok(sameBytes(pageCheckpoint, new Uint8Array(readFileSync(join(out, 'checkpoint.safetensors')))), 'the page checkpoint differs from the CLI one');
      const evaluated = spawnSync(process.execPath, [main, 'eval', out], { encoding: 'utf8' });
      assert.equal(evaluated.status, 0, evaluated.stderr);
      const pageCodes = await download(page, '#panels .panel:nth-child(1) a.dl-codes');
      assert.ok(sameBytes(pageCodes, new Uint8Array(readFileSync(join(out, 'codes.npy')))), 'the page codes differ from wtanet eval\'s codes.npy');
    });

  it('a single run gets the machine\'s cores as threads (the server makes the page cross-origin isolated) and still matches Node bit for bit',
    { timeout: 120_000, skip: skipUnless(chromium, 'demo threads browser test skipped') }, async () => {
      server ??= await startDemoServer({ port: 0 });
      browser ??= await launchChromium(pathOf(chromium));
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(server.url);
      assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'the demo page is cross-origin isolated');
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      await page.click('.preset[data-preset=custom]');
      await page.selectOption('select[name=dataset]', 'shapes');
      await page.selectOption('select[name=variant]', 'wta');
      await page.fill('input[name=epochs]', '2');
      await page.fill('input[name=nTrain]', '512');
      await page.fill('input[name=seed]', '7');
      await page.uncheck('input[name=compare]');
      await page.click('#train');
      await demoFinished(page, 100_000);
      const demo = (await page.evaluate(() => (window as unknown as { __demo: unknown }).__demo)) as DemoState & { runs: (DemoRun & { threads: number })[] };
      assert.deepEqual(errors, []);
      assert.equal(demo.state, 'done', JSON.stringify(demo.runs.map((r) => r.error)));
      assert.equal(demo.runs.length, 1);
      assert.equal(demo.runs[0].threads, Math.max(1, Math.min(4, cores)), `threads for one run on ${cores} cores`);
      assert.match(await page.$eval('#panels .panel .status', (s) => s.textContent ?? ''), /done/);
      assert.deepEqual(demo.runs[0].losses, await nodeLosses(demo.runs[0].config), 'losses differ from Node\'s single-thread run');
    });
});
