import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as lib from '../../src/index.js';
import { findProgram, pathOf, skipUnless } from '../helpers/external.js';
import { trainLosses } from '../helpers/train-workload.js';
import { freePort } from '../helpers/free-port.js';

// Cloudflare's workerd (npm `workerd`) forbids compiling wasm from bytes inside a request, as
// Cloudflare Workers and Vercel Edge do. A Worker that is handed the precompiled module
// (`import wasm from 'wtanet/wasm'`; here the same file under a local module name) and passes
// it to initWasm() must train in fetch() and get Node's losses bit for bit.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const workerd = findProgram('WTANET_WORKERD', ['workerd'], 'npm i --prefix .tools --no-save workerd (what .ci/run does)');

const WORKER = `import wasm from 'wtanet.wasm';
import * as lib from 'dist/src/index.js';
import { trainLosses } from 'dist/test/helpers/train-workload.js';
export default {
  async fetch(request) {
    const path = new URL(request.url).pathname;
    try {
      if (path === '/embedded') {
        lib.kernels(); // the embedded bytes: compiling them here is what the runtime forbids
        return new Response('compiled');
      }
      if (path !== '/train') return new Response('up');
      lib.initWasm(wasm);
      return new Response(await trainLosses(lib));
    } catch (e) {
      return new Response(String(e && e.message || e), { status: 500 });
    }
  },
};
`;

/** The ES modules reachable from `entry` through relative imports (dist/ paths, '/'-separated). */
function moduleGraph(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    if (seen.has(rel)) continue;
    seen.add(rel);
    const text = readFileSync(join(root, rel), 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*['"](\.[^'"]+)['"]|(?:^|\n)\s*import\s*['"](\.[^'"]+)['"]/g)) {
      stack.push(posix.normalize(posix.join(posix.dirname(rel), m[1] ?? m[2])));
    }
  }
  return [...seen].sort();
}


async function waitForServer(url: string, proc: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (proc.exitCode !== null) throw new Error(`workerd exited with ${proc.exitCode}: ${log()}`);
    try {
      await fetch(url, { method: 'HEAD' });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`workerd did not answer within 20 s: ${log()}`);
}

describe('Cloudflare workerd', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wtanet-workerd-'));
  let proc: ChildProcess | null = null;
  after(() => {
    proc?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('trains in fetch() through initWasm(precompiled module) with the same loss bits as Node', { timeout: 120_000, skip: skipUnless(workerd, 'workerd test skipped') }, async () => {
    const exe = pathOf(workerd);
    const modules = [...moduleGraph('dist/src/index.js'), 'dist/test/helpers/train-workload.js'];
    writeFileSync(join(dir, 'worker.js'), WORKER);
    const embed = (p: string) => JSON.stringify(relative(dir, join(root, p)));
    const port = await freePort();
    const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .mainWorker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const mainWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "wtanet.wasm", wasm = embed ${embed('build/wtanet.wasm')}),
${modules.map((m) => `    (name = ${JSON.stringify(m)}, esModule = embed ${embed(m)}),`).join('\n')}
  ],
  compatibilityDate = "2025-01-01",
);
`;
    writeFileSync(join(dir, 'config.capnp'), config);
    let output = '';
    proc = spawn(exe, ['serve', join(dir, 'config.capnp')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (d) => (output += d));
    proc.stderr!.on('data', (d) => (output += d));
    const base = `http://127.0.0.1:${port}`;
    await waitForServer(base, proc, () => output);

    // Without initWasm the embedded path fails, with a message saying what to do.
    const embedded = await fetch(`${base}/embedded`);
    const text = await embedded.text();
    assert.equal(embedded.status, 500, `compiling the embedded bytes in fetch() worked here: ${text}`);
    assert.match(text, /initWasm/);

    const res = await fetch(`${base}/train`);
    const body = await res.text();
    assert.equal(res.status, 200, `the Worker failed: ${body}\n${output}`);
    assert.equal(body, await trainLosses(lib));
    assert.equal(JSON.parse(body).length, 2, 'two epochs of losses');
  });
});

