import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import * as lib from '../../src/index.js';
import { gradientBytes } from '../helpers/engine-workload.js';
import { findChromium, pathOf, skipUnless } from '../helpers/external.js';
import { CHROMIUM_ARGS, serveDist } from '../helpers/serve-dist.js';

// The same forward + backward in Node, in a worker_thread and in headless Chromium must
// give the same bytes: one wasm module, no platform-dependent arithmetic.

const chromiumFound = await findChromium();

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

const PAGE = `<!doctype html><meta charset="utf-8"><title>wtanet engine</title>
<script type="module">
  try {
    const lib = await import('/dist/src/index.js');
    const { gradientBytes } = await import('/dist/test/helpers/engine-workload.js');
    await lib.ready(); // browsers refuse synchronous compilation of large modules on the main thread
    const bytes = gradientBytes(lib);
    window.__result = { ok: true, hex: Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') };
  } catch (e) {
    window.__result = { ok: false, error: String(e && e.stack || e) };
  }
</script>`;

describe('engine across realms', () => {
  let nodeHex = '';
  before(() => {
    nodeHex = hex(gradientBytes(lib));
  });

  it('a worker_thread computes the same gradient bytes as the main thread', async () => {
    const worker = new Worker(new URL('../helpers/engine-worker.js', import.meta.url));
    try {
      const bytes = await new Promise<Uint8Array>((ok, fail) => {
        worker.once('message', ok);
        worker.once('error', fail);
      });
      assert.equal(hex(bytes), nodeHex);
    } finally {
      await worker.terminate();
    }
  });

  describe('headless Chromium', () => {
    let server: Server | null = null;
    after(() => new Promise<void>((ok) => (server ? server.close(() => ok()) : ok())));

    const skip = skipUnless(chromiumFound, 'browser test skipped');
    it('loads dist/src/index.js as an ES module and computes the same gradient bytes as Node', { timeout: 120_000, skip }, async () => {
      const executablePath = pathOf(chromiumFound);
      const { chromium } = await import('playwright-core');
      server = await serveDist({ '/': { html: PAGE } });
      const { port } = server.address() as AddressInfo;
      const browser = await chromium.launch({
        executablePath,
        args: CHROMIUM_ARGS,
      });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(`http://127.0.0.1:${port}/`);
        await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, { timeout: 60_000 });
        const result = (await page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as
          { ok: true; hex: string } | { ok: false; error: string };
        assert.ok(result.ok, `the page failed: ${result.ok ? '' : result.error} ${errors.join('; ')}`);
        assert.equal(result.hex.length, nodeHex.length, 'same number of gradient bytes');
        assert.equal(result.hex, nodeHex);
      } finally {
        await browser.close();
      }
    });
  });
});
