#!/usr/bin/env node
// Builds what is out of date: the wasm kernels (and their embedded base64 modules) when
// assembly/ or asconfig.json changed, the TypeScript when any source, test or bench file
// changed. `npm ci` builds everything once (prepare → --force); `npm test` then finds nothing
// to do, so a fresh clone is built once, not twice.
//
//   node scripts/build.mjs           build what is stale
//   node scripts/build.mjs --force   build everything
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const force = process.argv.includes('--force');

/** Newest modification time (ms) of the files below `paths` (0 when none exist). */
function newest(...paths) {
  let t = 0;
  for (const p of paths) {
    const full = join(root, p);
    if (!existsSync(full)) continue;
    const s = statSync(full);
    if (s.isDirectory()) for (const e of readdirSync(full)) t = Math.max(t, newest(join(p, e)));
    else t = Math.max(t, s.mtimeMs);
  }
  return t;
}
const mtime = (p) => (existsSync(join(root, p)) ? statSync(join(root, p)).mtimeMs : -1);
const run = (script) => execFileSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });

const wasmInputs = newest('assembly', 'asconfig.json', 'scripts/embed-wasm.mjs', 'scripts/embed-wasm-shared.mjs', 'scripts/embed-wasm-gbt.mjs', 'scripts/embed-wasm-module.mjs');
let built = false;
if (force || mtime('src/kernels/wasm-bytes.ts') < wasmInputs || mtime('build/wtanet.wasm') < wasmInputs) {
  run('build:wasm');
  built = true;
}
if (force || mtime('src/kernels/threads/wasm-shared-bytes.ts') < wasmInputs) {
  run('build:wasm-shared');
  built = true;
}
// The gradient-boosted trees' own module (assembly/gbt.ts), for the DCI metric.
if (force || mtime('src/metrics/gbt-wasm-bytes.ts') < wasmInputs) {
  run('build:wasm-gbt');
  built = true;
}
// The stamp is written after a successful tsc (a failed build is tried again next time) but
// dated when tsc started, so a file changed while it ran counts as changed next time.
const stamp = 'dist/.build-stamp';
if (force || built || mtime(stamp) < newest('src', 'test', 'bench', 'tsconfig.json', 'package.json')) {
  const started = new Date();
  run('build:ts');
  writeFileSync(join(root, stamp), started.toISOString() + '\n');
  utimesSync(join(root, stamp), started, started);
} else {
  console.error('build: up to date (node scripts/build.mjs --force rebuilds)');
}
