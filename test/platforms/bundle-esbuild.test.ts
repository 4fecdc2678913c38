import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as lib from '../../src/index.js';
import { findChromium, findProgram, pathOf, skipUnless } from '../helpers/external.js';
import { CHROMIUM_ARGS, serveDist } from '../helpers/serve-dist.js';
import { trainLosses } from '../helpers/train-workload.js';
import { freePort } from '../helpers/free-port.js';

// A user's bundler must build the package root for a browser and for an edge runtime: the
// root's import graph holds no `node:` import (Node-only code sits behind 'wtanet/node'). Each
// bundle is then run, and trains to Node's loss bits.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const chromiumFound = await findChromium();
const workerd = findProgram('WTANET_WORKERD', ['workerd'], 'npm i --prefix .tools --no-save workerd (what .ci/run does)');

/** A project whose node_modules/wtanet is this checkout, as an installed package would be. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wtanet-bundle-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'wtanet'), 'dir');
  return dir;
}

const TRAIN_WORKLOAD = JSON.stringify(join(root, 'dist/test/helpers/train-workload.js'));

async function bundle(dir: string, entry: string, options: Record<string, unknown>): Promise<{ inputs: string[]; warnings: string[] }> {
  const esbuild = await import('esbuild');
  writeFileSync(join(dir, 'entry.js'), entry);
  const result = await esbuild.build({
    entryPoints: [join(dir, 'entry.js')], bundle: true, format: 'esm', outfile: join(dir, 'out', 'bundle.js'),
    absWorkingDir: dir, metafile: true, logLevel: 'silent', ...options,
  });
  return { inputs: Object.keys(result.metafile!.inputs), warnings: result.warnings.map((w) => w.text) };
}

describe('esbuild bundles of the package root', () => {
  const dirs: string[] = [];
  let nodeLosses = '';
  before(async () => {
    nodeLosses = await trainLosses(lib);
  });
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  describe('platform: browser', () => {
    let server: Server | null = null;
    after(() => new Promise<void>((ok) => (server ? server.close(() => ok()) : ok())));
    const PAGE_ENTRY = `import * as lib from 'wtanet';
import { trainLosses } from ${TRAIN_WORKLOAD};
try {
  await lib.ready();
  window.__result = { ok: true, losses: await trainLosses(lib) };
} catch (e) {
  window.__result = { ok: false, error: String(e && e.stack || e) };
}
`;
    let out = '';

    it('builds without a node: import in the graph', { timeout: 60_000 }, async () => {
      const dir = project();
      dirs.push(dir);
      const { inputs } = await bundle(dir, PAGE_ENTRY, { platform: 'browser' });
      assert.deepEqual(inputs.filter((i) => i.startsWith('node:')), []);
      assert.ok(inputs.some((i) => i.endsWith('dist/src/index.js')), 'the root entry is in the bundle');
      out = join(dir, 'out', 'bundle.js');
    });

    it('runs in headless Chromium with the same loss bits as Node', { timeout: 120_000, skip: skipUnless(chromiumFound, 'browser test skipped') }, async () => {
      assert.notEqual(out, '', 'the bundle was built');
      // Served under /dist/ (what the test server serves): a copy next to the compiled tests.
      const served = join(root, 'dist', 'test', '.bundles');
      mkdirSync(served, { recursive: true });
      copyFileSync(out, join(served, 'browser.js'));
      server = await serveDist({ '/': { html: '<!doctype html><meta charset="utf-8"><script type="module" src="/dist/test/.bundles/browser.js"></script>' } });
      const { port } = server.address() as AddressInfo;
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: pathOf(chromiumFound), args: CHROMIUM_ARGS });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(`http://127.0.0.1:${port}/`);
        await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, { timeout: 90_000 });
        const result = (await page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as
          { ok: true; losses: string } | { ok: false; error: string };
        assert.ok(result.ok, `the bundle failed in the page: ${result.ok ? '' : result.error} ${errors.join('; ')}`);
        assert.equal(result.losses, nodeLosses);
      } finally {
        await browser.close();
      }
    });
  });

  describe('workerd (conditions workerd, worker, browser)', () => {
    let proc: ChildProcess | null = null;
    after(() => proc?.kill());
    const WORKER_ENTRY = `import wasm from 'wtanet/wasm';
import * as lib from 'wtanet';
import { trainLosses } from ${TRAIN_WORKLOAD};
export default {
  async fetch() {
    try {
      lib.initWasm(wasm);
      return new Response(await trainLosses(lib));
    } catch (e) {
      return new Response(String(e && e.stack || e), { status: 500 });
    }
  },
};
`;
    let dir = '';

    it('builds without a node: import in the graph', { timeout: 60_000 }, async () => {
      dir = project();
      dirs.push(dir);
      // The wasm module stays an import: the runtime hands it over precompiled (Wrangler's CompiledWasm rule).
      const { inputs } = await bundle(dir, WORKER_ENTRY, { platform: 'neutral', conditions: ['workerd', 'worker', 'browser'], mainFields: ['browser', 'module', 'main'], external: ['wtanet/wasm'] });
      assert.deepEqual(inputs.filter((i) => i.startsWith('node:')), []);
    });

    it('serves a training request with the same loss bits as Node', { timeout: 120_000, skip: skipUnless(workerd, 'workerd test skipped') }, async () => {
      assert.notEqual(dir, '', 'the bundle was built');
      const port = await freePort();
      const embed = (p: string) => JSON.stringify(relative(dir, p));
      writeFileSync(join(dir, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .mainWorker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const mainWorker :Workerd.Worker = (
  modules = [
    (name = "bundle.js", esModule = embed ${embed(join(dir, 'out', 'bundle.js'))}),
    (name = "wtanet/wasm", wasm = embed ${embed(join(root, 'build', 'wtanet.wasm'))}),
  ],
  compatibilityDate = "2025-01-01",
);
`);
      let output = '';
      proc = spawn(pathOf(workerd), ['serve', join(dir, 'config.capnp')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      proc.stdout!.on('data', (d) => (output += d));
      proc.stderr!.on('data', (d) => (output += d));
      const url = `http://127.0.0.1:${port}/train`;
      let res: Response | null = null;
      for (let i = 0; i < 200 && res === null; i++) {
        if (proc.exitCode !== null) throw new Error(`workerd exited with ${proc.exitCode}: ${output}`);
        res = await fetch(url).catch(() => null);
        if (res === null) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(res !== null, `workerd did not answer within 20 s: ${output}`);
      const body = await res.text();
      assert.equal(res.status, 200, `the Worker failed: ${body}\n${output}`);
      assert.equal(body, nodeLosses);
    });
  });
});

