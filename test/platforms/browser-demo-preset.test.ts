import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from '../../src/cli/demo-server.js';
import * as lib from '../../src/index.js';
import { launchChromium } from '../helpers/browser.js';
import { findChromium, pathOf, skipUnless } from '../helpers/external.js';

// The demo's story, played through the page as a user would: the first preset (one-hot factors;
// WTA with exclusivity regrouping beside plain WTA and a relu bottleneck of the same width) is
// set up at epoch 0 when the page opens, stepped two epochs, then played to the end. The
// regrouping run must end factorial (every factor held by its own group, NMI ≥ 0.95) with the
// heatmap a permutation matrix, pausing must not change a bit, and the page must log no error
// and request nothing that is missing (favicon). WTANET_DEMO_SCREENSHOTS=DIR writes the
// screenshots at start, mid-run and end there (docs/demo-*.png come from this test).

const chromium = await findChromium();

interface Run {
  name: string; variant: string; state: string; error: string | null; epoch: number;
  config: { train: { epochs: number; regroup?: unknown }; model: { bottleneck: { variant: string; groups: number; units: number } } };
  nmi: number[][] | null; factorial: boolean; permutation: boolean; held: number;
  factorialAt: { epoch: number; seconds: number } | null; losses: [number, number][] | null;
}
interface Demo { state: string; preset: string; runs: Run[]; trainingSeconds: number }

const demoOf = (page: Page) => page.evaluate(() => (window as unknown as { __demo: unknown }).__demo) as Promise<Demo>;
const waitState = (page: Page, states: string[], timeout: number) =>
  page.waitForFunction((s) => s.includes((window as unknown as { __demo: { state: string } }).__demo.state), states, { timeout, polling: 100 });

async function nodeLosses(config: unknown): Promise<[number, number][]> {
  const cfg = lib.validateRunConfig(config);
  const trainer = new lib.Trainer(cfg, lib.buildData(cfg.data, cfg.seed));
  try {
    return (await trainer.run()).history.map((m) => [m.train.loss, m.val.loss]);
  } finally {
    trainer.dispose();
  }
}

/** Every problem a user's console would show: page errors, console errors, failed requests. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${String(e)}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.${m.type()}: ${m.text()}`); });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  return problems;
}

/** A screenshot from the top of the page to just below the first heatmap (the story in one picture, a small PNG). */
async function shoot(page: Page, dir: string | undefined, name: string): Promise<void> {
  if (!dir) return;
  const bottom = await page.$eval('#panels .panel:nth-child(1) table.nmi', (e) => e.getBoundingClientRect().bottom + window.scrollY);
  await page.screenshot({ path: join(dir, name), fullPage: true, clip: { x: 0, y: 0, width: 1200, height: Math.ceil(bottom) + 40 } });
}

/** The heatmap of panel `n` as the user sees it: the numbers in its cells. */
const heatmap = (page: Page, n: number) => page.$$eval(`#panels .panel:nth-child(${n}) table.nmi tr`, (trs) =>
  trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => Number(td.textContent))).filter((r) => r.length > 0));

/** Checks a factors × groups matrix is a permutation matrix: one cell ≥ 0.95 per row, in distinct columns, all others < 0.05. */
function assertPermutation(m: number[][], what: string): void {
  const cols = m.map((row, f) => {
    const high = row.flatMap((v, g) => (v >= 0.95 ? [g] : []));
    assert.equal(high.length, 1, `${what}: factor ${f} has ${high.length} groups with NMI ≥ 0.95 (${row.join(' ')})`);
    row.forEach((v, g) => { if (g !== high[0]) assert.ok(v < 0.05, `${what}: factor ${f}, group ${g}: NMI ${v} off the permutation`); });
    return high[0];
  });
  assert.equal(new Set(cols).size, m.length, `${what}: two factors share a group (${cols.join(', ')})`);
}

describe('the demo page tells its story (preset 1: the factorial code in seconds)', () => {
  let server: DemoServer | null = null;
  let browser: Browser | null = null;
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('plays preset 1 through the page: regrouping ends factorial, the heatmap a permutation matrix, no console error',
    { timeout: 240_000, skip: skipUnless(chromium, 'demo preset browser test skipped') }, async (t) => {
      server = await startDemoServer({ port: 0 });
      browser = await launchChromium(pathOf(chromium));
      const shots = process.env.WTANET_DEMO_SCREENSHOTS;
      if (shots) mkdirSync(shots, { recursive: true });
      const page = await browser.newPage({ viewport: { width: 1200, height: 1120 }, deviceScaleFactor: 1 });
      const problems = watch(page);
      await page.goto(server.url);

      // At start: the preset is set up at epoch 0 — three runs of the same width, every panel
      // drawn (heatmap, units, samples of the data), nothing blank.
      await waitState(page, ['ready'], 60_000);
      let demo = await demoOf(page);
      assert.equal(demo.preset, 'onehot');
      assert.deepEqual(demo.runs.map((r) => r.name), ['wta + regrouping', 'plain wta', 'relu (same width)']);
      assert.deepEqual(demo.runs.map((r) => r.config.model.bottleneck.variant), ['wta', 'wta', 'relu']);
      assert.deepEqual(new Set(demo.runs.map((r) => r.config.model.bottleneck.groups * r.config.model.bottleneck.units)).size, 1, 'same width');
      assert.ok(demo.runs[0].config.train.regroup, 'the first run regroups');
      assert.ok(demo.runs.slice(1).every((r) => r.config.train.regroup === null), 'the others do not');
      for (const n of [1, 2, 3]) {
        const m = await heatmap(page, n);
        assert.equal(m.length, 4, `panel ${n}: 4 factor rows at epoch 0`);
        assert.ok(m.every((r) => r.length === 4 && r.every((v) => v >= 0 && v <= 1)), `panel ${n}: heatmap ${JSON.stringify(m)}`);
        assert.equal(await page.$$eval(`#panels .panel:nth-child(${n}) table.symbols td`, (tds) => tds.length), 16, `panel ${n}: a cell per unit`);
      }
      assert.equal(await page.$$eval('#samples .sample canvas', (c) => c.length), 8, 'samples of the data');
      assert.match(await page.$eval('#samples .sample .z', (e) => e.textContent ?? ''), /f0=v\d · f1=v\d · f2=v\d · f3=v\d/);
      assert.match(await page.$eval('#panels .panel:nth-child(1)', (e) => e.textContent ?? ''), /sum over the tasks/);
      await shoot(page, shots, 'demo-start.png');

      // Mid-run: two single steps, each ending paused.
      const started = Date.now();
      for (let e = 1; e <= 2; e++) {
        await page.click('#step');
        await waitState(page, ['paused'], 60_000);
        demo = await demoOf(page);
        assert.deepEqual(demo.runs.map((r) => r.epoch), [e, e, e], `after step ${e}`);
      }
      await shoot(page, shots, 'demo-mid.png');

      // To the end.
      await page.click('#play');
      await waitState(page, ['done', 'error'], 200_000);
      const wall = (Date.now() - started) / 1000;
      demo = await demoOf(page);
      assert.equal(demo.state, 'done', JSON.stringify(demo.runs.map((r) => r.error)));
      await shoot(page, shots, 'demo-end.png');

      const [regroup, plain, relu] = demo.runs;
      t.diagnostic(`regrouping: factorial at epoch ${regroup.factorialAt?.epoch} after ${regroup.factorialAt?.seconds.toFixed(1)} s of training in the page (all ${regroup.config.train.epochs} epochs of 3 runs: ${demo.trainingSeconds.toFixed(1)} s training, ${wall.toFixed(1)} s wall with the steps); plain wta ${plain.held}/4 factors held, relu ${relu.held}/4`);
      assert.ok(regroup.factorial, `the regrouping run is not factorial: ${JSON.stringify(regroup.nmi)}`);
      assert.ok(regroup.permutation);
      assertPermutation(regroup.nmi!, 'final NMI');
      assertPermutation(await heatmap(page, 1), 'the heatmap shown');
      assert.equal(await page.$$eval('#panels .panel:nth-child(1) table.nmi td.held', (c) => c.length), 4, 'four held cells outlined');
      assert.match(await page.$eval('#panels .panel:nth-child(1) .verdict', (e) => e.textContent ?? ''), /factorial code/);
      assert.ok(regroup.factorialAt !== null && regroup.factorialAt.epoch <= 10, `factorial only at ${JSON.stringify(regroup.factorialAt)}`);

      // Pausing between epochs changes no bit: the same losses as one uninterrupted run in Node.
      assert.deepEqual(regroup.losses, await nodeLosses(regroup.config), 'the stepped and resumed run differs from Node');
      assert.deepEqual(problems, [], 'the page logged problems');
    });

  it('is crisp at devicePixelRatio 2 and never offers regrouping without WTA groups',
    { timeout: 120_000, skip: skipUnless(chromium, 'demo preset browser test skipped') }, async () => {
      server ??= await startDemoServer({ port: 0 });
      browser ??= await launchChromium(pathOf(chromium));
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 }, deviceScaleFactor: 2 });
      const problems = watch(page);
      await page.goto(server.url);
      await waitState(page, ['ready'], 60_000);
      await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
      const sizes = await page.$$eval('canvas.chart', (cs) => cs.map((e) => { const c = e as HTMLCanvasElement; return [c.width, c.height, c.clientWidth, c.clientHeight]; }));
      assert.ok(sizes.length >= 7, `charts: ${sizes.length}`);
      for (const [w, h, cw, ch] of sizes) assert.ok(w === Math.round(cw * 2) && h === Math.round(ch * 2), `canvas ${w}×${h} for a ${cw}×${ch} box at DPR 2`);

      // Play, Pause (after the epoch in progress), Stop, and Play again from epoch 0.
      const label = () => page.$eval('#play', (b) => b.textContent ?? '');
      assert.match(await label(), /Play/);
      await page.click('#play');
      await page.waitForFunction(() => (window as unknown as { __demo: { runs: { epoch: number }[] } }).__demo.runs.every((r) => r.epoch >= 1), null, { timeout: 60_000, polling: 50 });
      if ((await demoOf(page)).state === 'training') {
        assert.match(await label(), /Pause/);
        await page.click('#play');
      }
      await waitState(page, ['paused', 'done'], 60_000);
      const paused = await demoOf(page);
      if (paused.state === 'paused') {
        await page.click('#stop');
        await waitState(page, ['stopped'], 30_000);
        assert.match(await label(), /Play again/);
        assert.equal(await page.$eval('#stop', (b) => (b as HTMLButtonElement).disabled), true);
      }
      await page.click('#play');
      await page.waitForFunction(() => (window as unknown as { __demo: { state: string } }).__demo.state !== 'stopped', null, { timeout: 30_000 });
      await waitState(page, ['done'], 120_000);
      const again = await demoOf(page);
      assert.ok(again.runs[0].factorial, 'played again from epoch 0: factorial');

      // Custom: the regroup option exists only for wta.
      await page.click('.preset[data-preset=custom]');
      for (const [variant, allowed] of [['relu', false], ['softmax', false], ['sigmoid', false], ['linear', false], ['topk', false], ['wta', true]] as const) {
        await page.selectOption('select[name=variant]', variant);
        assert.equal(await page.$eval('input[name=regroup]', (i) => !(i as HTMLInputElement).disabled), allowed, `regroup offered with ${variant}`);
      }
      await page.check('input[name=regroup]');
      await page.check('input[name=compare]');
      await page.selectOption('select[name=compareVariant]', 'relu');
      await page.waitForFunction(() => {
        const d = (window as unknown as { __demo: { state: string; runs: { variant: string; config: { train: { regroup?: unknown } } }[] } }).__demo;
        return d.state === 'ready' && d.runs.length === 2 && d.runs[1].variant === 'relu' && Boolean(d.runs[0].config.train.regroup);
      }, null, { timeout: 60_000 });
      const demo = await demoOf(page);
      assert.ok(demo.runs[0].config.train.regroup, 'wta regroups');
      assert.equal(demo.runs[1].config.train.regroup, null, 'relu beside it does not');
      // The presets' regrouping runs are all WTA.
      for (const preset of ['ring', 'shapes']) {
        await page.click(`.preset[data-preset=${preset}]`);
        await waitState(page, ['ready'], 90_000);
        const d = await demoOf(page);
        assert.equal(d.preset, preset);
        for (const r of d.runs) if (r.config.train.regroup) assert.equal(r.config.model.bottleneck.variant, 'wta', `${preset}: ${r.name}`);
        if (preset === 'shapes') assert.equal(await page.$$eval('#samples .sample canvas', (c) => c.filter((x) => (x as HTMLCanvasElement).width === 16).length), 8, 'the pictures');
      }
      assert.deepEqual(problems, []);
    });
});
