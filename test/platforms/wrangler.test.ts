import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findProgram, pathOf, skipUnless } from '../helpers/external.js';
import { freePort } from '../helpers/free-port.js';

// The README's edge recipe, as a user builds it with Wrangler's defaults (a wrangler.toml with
// no `rules`): Wrangler's default CompiledWasm rule matches import specifiers ending in `.wasm`,
// so the recipe imports the kernels as 'wtanet/wtanet.wasm' (a subpath whose name ends in
// .wasm). The older 'wtanet/wasm' fails there with "No loader is configured for .wasm files".
// The bundle Wrangler builds is then served by workerd (what `wrangler dev` runs) and trains.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const wrangler = findProgram('WTANET_WRANGLER', ['wrangler'], 'npm i --prefix .tools --no-save wrangler (what .ci/run does)');
const workerd = findProgram('WTANET_WORKERD', ['workerd'], 'npm i --prefix .tools --no-save workerd (what .ci/run does)');

/** The README's edge recipe: the js block that imports the kernel module. */
function readmeRecipe(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => /initWasm\(wasm\)/.test(b));
  assert.ok(block, 'README has an edge recipe calling initWasm(wasm)');
  // The README indents the block inside a list item.
  return block.split('\n').map((l) => l.replace(/^ {2}/, '')).join('\n');
}


describe('the README edge recipe with Wrangler', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wtanet-wrangler-'));
  let proc: ChildProcess | null = null;
  after(() => {
    proc?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the kernels through a package subpath ending in .wasm (what Wrangler\'s default rule matches)', () => {
    const recipe = readmeRecipe();
    const spec = recipe.match(/import wasm from '([^']+)'/)?.[1];
    assert.ok(spec && spec.endsWith('.wasm'), `the recipe imports '${spec}'`);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { default: string }> };
    assert.equal(pkg.exports[`./${spec.slice('wtanet/'.length)}`]?.default, './build/wtanet.wasm');
  });

  it('`wrangler deploy --dry-run` builds it with the default rules, and workerd serves a training request',
    { timeout: 300_000, skip: skipUnless(wrangler, 'Wrangler test skipped') }, async () => {
      const project = join(dir, 'edge');
      mkdirSync(join(project, 'src'), { recursive: true });
      mkdirSync(join(project, 'node_modules'));
      symlinkSync(root, join(project, 'node_modules', 'wtanet'), 'dir');
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'edge', private: true, type: 'module' }));
      writeFileSync(join(project, 'src', 'index.js'), readmeRecipe());
      writeFileSync(join(project, 'wrangler.toml'), 'name = "wtanet-edge"\nmain = "src/index.js"\ncompatibility_date = "2025-01-01"\n');
      const built = spawnSync(pathOf(wrangler), ['deploy', '--dry-run', '--outdir', 'out'], {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
        timeout: 240_000,
      });
      assert.equal(built.status, 0, `wrangler deploy --dry-run failed:\n${built.stdout}\n${built.stderr}`);
      const out = join(project, 'out');
      const wasmFiles = readdirSync(out).filter((f) => f.endsWith('.wasm'));
      assert.equal(wasmFiles.length, 1, readdirSync(out).join(', '));
      assert.deepEqual(readFileSync(join(out, wasmFiles[0])), readFileSync(join(root, 'build', 'wtanet.wasm')));
      const bundle = readFileSync(join(out, 'index.js'), 'utf8');
      assert.ok(bundle.includes(wasmFiles[0]), 'the bundle imports the wasm module Wrangler emitted');

      if (!('path' in workerd)) {
        if (process.env.WTANET_REQUIRE_TOOLS === '1') pathOf(workerd);
        return; // built; serving needs workerd
      }
      const port = await freePort();
      writeFileSync(join(out, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .w)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const w :Workerd.Worker = (
  modules = [
    (name = "index.js", esModule = embed "index.js"),
    (name = ${JSON.stringify(wasmFiles[0])}, wasm = embed ${JSON.stringify(wasmFiles[0])}),
  ],
  compatibilityDate = "2025-01-01",
);
`);
      let log = '';
      proc = spawn(pathOf(workerd), ['serve', join(out, 'config.capnp')], { cwd: out, stdio: ['ignore', 'pipe', 'pipe'] });
      proc.stdout!.on('data', (d) => (log += d));
      proc.stderr!.on('data', (d) => (log += d));
      let res: Response | null = null;
      for (let i = 0; i < 300 && res === null; i++) {
        if (proc.exitCode !== null) throw new Error(`workerd exited with ${proc.exitCode}: ${log}`);
        try {
          res = await fetch(`http://127.0.0.1:${port}/`);
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      assert.ok(res, `workerd did not answer within 30 s: ${log}`);
      const body = await res.text();
      assert.equal(res.status, 200, `the Worker failed: ${body}\n${log}`);
      const train = JSON.parse(body) as { loss: number };
      assert.ok(Number.isFinite(train.loss), body);
    });
});
