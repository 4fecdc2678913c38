import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import * as lib from '../../src/index.js';
import { gradientBytes } from '../helpers/engine-workload.js';
import { findChromium, pathOf, skipUnless } from '../helpers/external.js';
import { CHROMIUM_ARGS, serveDist } from '../helpers/serve-dist.js';

// Intra-run threads in headless Chromium: a cross-origin-isolated page (COOP/COEP headers)
// runs the kernels on Web Workers with every call split (thresholds at 0) and must compute
// the same gradient bytes as Node on one thread; a page without isolation has no
// SharedArrayBuffer and must fall back to one thread, same bytes.

const chromiumFound = await findChromium();

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

const PAGE = `<!doctype html><meta charset="utf-8"><title>wtanet threads</title>
<script type="module">
  try {
    const lib = await import('/dist/src/index.js');
    const threads = await import('/dist/src/kernels/threads/index.js');
    const { gradientBytes } = await import('/dist/test/helpers/engine-workload.js');
    const status = await lib.useThreads(2);
    const tuning = threads.threadTuning();
    if (tuning !== null) { tuning.minGemmMacs = 0; tuning.minCopyFloats = 0; }
    await lib.ready();
    const bytes = gradientBytes(lib);
    window.__result = { ok: true, status, isolated: self.crossOriginIsolated, hex: Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') };
  } catch (e) {
    window.__result = { ok: false, error: String(e && e.stack || e) };
  }
</script>`;

const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

describe('threads in headless Chromium', () => {
  let server: Server | null = null;
  after(() => new Promise<void>((ok) => (server ? server.close(() => ok()) : ok())));

  const skip = skipUnless(chromiumFound, 'browser threads test skipped');
  it('2 threads on a cross-origin-isolated page, and 1 (fallback) without isolation, give the bytes of Node', { timeout: 180_000, skip }, async () => {
    const executablePath = pathOf(chromiumFound);
    const nodeHex = hex(gradientBytes(lib));
    const { chromium } = await import('playwright-core');
    // Files carry the isolation headers too: an isolated page may only load resources that allow it.
    server = await serveDist({ '/isolated': { html: PAGE, headers: ISOLATION }, '/plain': { html: PAGE } }, ISOLATION);
    const { port } = server.address() as AddressInfo;
    const browser = await chromium.launch({
      executablePath,
      args: CHROMIUM_ARGS,
    });
    try {
      for (const path of ['isolated', 'plain']) {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(`http://127.0.0.1:${port}/${path}`);
        await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, { timeout: 90_000 });
        const result = (await page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as
          { ok: true; hex: string; isolated: boolean; status: { threads: number; reason?: string } } | { ok: false; error: string };
        assert.ok(result.ok, `/${path} failed: ${result.ok ? '' : result.error} ${errors.join('; ')}`);
        if (path === 'isolated') {
          assert.equal(result.isolated, true);
          assert.deepEqual(result.status, { threads: 2 });
        } else {
          assert.equal(result.isolated, false);
          assert.equal(result.status.threads, 1);
          assert.match(result.status.reason ?? '', /SharedArrayBuffer|cross-origin/);
        }
        assert.equal(result.hex, nodeHex, `/${path}: same gradient bytes as Node`);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});
