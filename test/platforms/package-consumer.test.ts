import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// The package as a user gets it: `npm pack`, unpacked into a fresh project's node_modules
// (offline: typescript and @types/node come from this checkout), type-checked with strict
// settings, lib ES2022 (no DOM) and each moduleResolution a project may use, then run.

const root = fileURLToPath(new URL('../../../', import.meta.url));

const CONSUMER = `import {
  buildData, validateRunConfig, Trainer, symbolTable, computeAllMetrics, ready, initWasm,
  type RunConfigInput, type SymbolInput, type SymbolTable, type RunConfig,
} from 'wtanet';
import { trainRun, readNpy, type RunResult } from 'wtanet/node';

const input: RunConfigInput = {
  seed: 1,
  data: { dataset: 'entangled', entangled: { cardinalities: [2, 2] }, tasks: [{ family: 'factor' }], nTrain: 64, nVal: 16, nTest: 32, nHeldout: 8 },
  model: { encoder: { type: 'mlp', hidden: [8] }, bottleneck: { variant: 'wta', groups: 2, units: 2 } },
  train: { epochs: 1, batchSize: 16 },
};
// @ts-expect-error a misspelt variant is a compile error for a typed config
const wrong: RunConfigInput = { model: { bottleneck: { variant: 'wtx' } } };

export async function main(): Promise<number> {
  await ready();
  const config: RunConfig = validateRunConfig(input);
  const data = buildData(config.data, config.seed);
  const trainer = new Trainer(config, data);
  await trainer.run();
  const { codes } = trainer.model.encode(data.test.x, data.test.n);
  const code: SymbolInput = { codes, n: data.test.n, d: 4, groups: 2, z: data.test.z, factors: data.dataset.factors, kind: 'wta' };
  const table: SymbolTable = symbolTable(code);
  const scores = computeAllMetrics(code, { dci: false, fewShotK: [] });
  trainer.dispose();
  const run: RunResult = await trainRun(config);
  run.dispose();
  void readNpy; void initWasm; void wrong;
  return table.units.length + scores.group.infoM;
}
`;

const SMOKE = `import { buildData, validateRunConfig, Trainer } from 'wtanet';
import { readNpy } from 'wtanet/node';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const wasmPath = fileURLToPath(import.meta.resolve('wtanet/wasm'));
const magic = [...readFileSync(wasmPath).subarray(0, 4)].join(',');
const config = validateRunConfig({ seed: 2, data: { dataset: 'entangled', entangled: { cardinalities: [2, 2] }, tasks: [{ family: 'factor' }], nTrain: 64, nVal: 16, nTest: 16, nHeldout: 8 },
  model: { encoder: { type: 'mlp', hidden: [8] }, bottleneck: { variant: 'wta', groups: 2, units: 2 } }, train: { epochs: 1, batchSize: 16 } });
const trainer = new Trainer(config, buildData(config.data, config.seed));
const out = await trainer.run();
console.log(JSON.stringify({ magic, reason: out.reason, npy: typeof readNpy }));
`;

// An edge or browser project: no DOM and no Node types, bundler resolution, the precompiled
// wasm module imported as Wrangler and Vercel Edge hand it over.
const EDGE_CONSUMER = `import wasm from 'wtanet/wasm';
import { initWasm, validateRunConfig, buildData, Trainer, type EpochMetrics } from 'wtanet';

export async function train(): Promise<EpochMetrics[]> {
  initWasm(wasm);
  const config = validateRunConfig({ seed: 1, train: { epochs: 1 } });
  const trainer = new Trainer(config, buildData(config.data, config.seed));
  const out = await trainer.run({ signal: { aborted: false } });
  trainer.dispose();
  return out.history;
}
`;

const RESOLUTIONS: Record<string, { module: string; moduleResolution: string }> = {
  node16: { module: 'node16', moduleResolution: 'node16' },
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
  node10: { module: 'esnext', moduleResolution: 'node10' },
};

describe('the packed package in a fresh project', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wtanet-consumer-'));
  const project = join(dir, 'project');
  let files: string[] = [];
  let packedBytes = 0;
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(() => {
    // --ignore-scripts: dist/ is already built by `npm test`; rebuilding it here would rewrite
    // files other test processes are reading.
    const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
    const [info] = JSON.parse(out) as { filename: string; size: number; files: { path: string }[] }[];
    files = info.files.map((f) => f.path);
    packedBytes = info.size;
    const pkgDir = join(project, 'node_modules', 'wtanet');
    mkdirSync(pkgDir, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, info.filename), '-C', pkgDir, '--strip-components=1']);
    mkdirSync(join(project, 'node_modules', '@types'), { recursive: true });
    // The package's runtime dependencies, as `npm i` would add them (linked: no network here).
    const deps = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: object }).dependencies ?? {});
    for (const d of [...deps, 'typescript']) symlinkSync(join(root, 'node_modules', d), join(project, 'node_modules', d), 'dir');
    symlinkSync(join(root, 'node_modules', '@types', 'node'), join(project, 'node_modules', '@types', 'node'), 'dir');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(join(project, 'index.ts'), CONSUMER);
    writeFileSync(join(project, 'smoke.mjs'), SMOKE);
    writeFileSync(join(project, 'edge.ts'), EDGE_CONSUMER);
  });

  it('ships the license, the examples, the wasm file and no source map pointing at unshipped sources', () => {
    for (const f of ['LICENSE', 'package.json', 'README.md', 'examples/library.mjs', 'examples/quick-entangled.json', 'demo/index.html', 'demo/app.js', 'demo/worker.js', 'build/wtanet.wasm', 'dist/src/index.js', 'dist/src/node.d.ts']) {
      assert.ok(files.includes(f), `${f} is not in the tarball`);
    }
    assert.ok(!files.some((f) => f.startsWith('dist/test/') || f.startsWith('src/')), 'tests or TypeScript sources in the tarball');
    const pkgDir = join(project, 'node_modules', 'wtanet');
    // The tarball ships no source maps (they were 59 % of it: the compiled JavaScript keeps the
    // source's names, comments and layout); any map it does ship must carry its sources.
    const maps = files.filter((f) => f.endsWith('.map'));
    for (const m of maps) {
      const map = JSON.parse(readFileSync(join(pkgDir, m), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      assert.equal(map.sourcesContent?.length, map.sources.length, `${m} points at sources the package does not ship`);
      assert.ok(map.sourcesContent!.every((s) => typeof s === 'string' && s.length > 0), `${m} has empty sourcesContent`);
    }
    // Every file the CLI help names under examples/ is shipped.
    const help = execFileSync(process.execPath, [join(pkgDir, 'dist/src/cli/main.js'), 'train', '--help'], { encoding: 'utf8' });
    for (const [path] of help.matchAll(/examples\/[\w.-]+\.json/g)) assert.ok(existsSync(join(pkgDir, path)), `help names ${path}`);
  });

  // The cap guards against accidental bloat; it was 350 KB until the DCI's gradient-boosted
  // trees got their own wasm module (≈ 20 KB packed as base64, 2.4–2.9 × faster DCI, 2026-12-07).
  it('packs to at most 400 KB', () => {
    assert.ok(packedBytes > 0 && packedBytes <= 400 * 1024, `the tarball is ${(packedBytes / 1024).toFixed(0)} KB packed`);
  });

  for (const [name, opts] of Object.entries(RESOLUTIONS)) {
    it(`type-checks a strict consumer with lib ES2022, @types/node and moduleResolution ${name}`, () => {
      const tsconfig = {
        compilerOptions: { ...opts, target: 'ES2022', lib: ['ES2022'], types: ['node'], strict: true, noEmit: true, skipLibCheck: false },
        files: ['index.ts'],
      };
      writeFileSync(join(project, `tsconfig.${name}.json`), JSON.stringify(tsconfig));
      const r = spawnSync(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', `tsconfig.${name}.json`], { cwd: project, encoding: 'utf8' });
      // Errors inside @types/node itself (this checkout pins an old one, which TypeScript 5.9's
      // typed arrays reject) are not the package's; every other diagnostic is.
      const errors = (r.stdout + r.stderr).split('\n').filter((l) => /error TS\d+/.test(l) && !/node_modules\/@types\/node\//.test(l));
      assert.deepEqual(errors, [], `tsc (${name}) failed:\n${r.stdout}${r.stderr}`);
      assert.ok(r.status === 0 || /node_modules\/@types\/node\//.test(r.stdout), r.stdout);
    });
  }

  for (const moduleResolution of ['bundler', 'node16', 'node10']) {
    it(`type-checks an edge consumer (import wasm from 'wtanet/wasm', trainer types) with lib ES2022, no DOM, no Node types, moduleResolution ${moduleResolution}`, () => {
      const tsconfig = {
        compilerOptions: { ...RESOLUTIONS[moduleResolution], target: 'ES2022', lib: ['ES2022'], types: [], strict: true, noEmit: true, skipLibCheck: false },
        files: ['edge.ts'],
      };
      writeFileSync(join(project, `tsconfig.edge-${moduleResolution}.json`), JSON.stringify(tsconfig));
      const r = spawnSync(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', `tsconfig.edge-${moduleResolution}.json`], { cwd: project, encoding: 'utf8' });
      assert.equal(r.status, 0, `tsc (edge, ${moduleResolution}) failed:\n${r.stdout}${r.stderr}`);
    });
  }

  it('serves the demo page from the unpacked tarball (npx wtanet demo)', { timeout: 60_000 }, async () => {
    const proc = spawn(process.execPath, [join(project, 'node_modules/wtanet/dist/src/cli/main.js'), 'demo', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((ok, fail) => {
        let out = '';
        proc.stdout.on('data', (d) => {
          out += d;
          const m = /(http:\/\/\S+\/demo\/)/.exec(out);
          if (m) ok(m[1]);
        });
        proc.once('exit', (code) => fail(new Error(`wtanet demo exited (${code}) before printing its URL: ${out}`)));
      });
      for (const path of ['', 'app.js', 'worker.js', '../dist/src/index.js', '../dist/src/kernels/load.js']) {
        const res = await fetch(new URL(path, url));
        assert.equal(res.status, 200, `${path || 'index.html'}: ${res.status}`);
        assert.ok((await res.text()).length > 100);
      }
      assert.equal((await fetch(new URL('../package.json', url))).status, 404, 'serves only demo/ and dist/src/');
    } finally {
      proc.kill();
    }
  });

  it('runs from the unpacked tarball: root, wtanet/node and wtanet/wasm resolve, and training works', () => {
    const out = execFileSync(process.execPath, ['smoke.mjs'], { cwd: project, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), { magic: '0,97,115,109', reason: 'completed', npy: 'function' });
    // require() of the ESM package: what engines' Node >= 20.19 promises.
    const cjs = execFileSync(process.execPath, ['-e', "console.log(typeof require('wtanet').Trainer, typeof require('wtanet/node').trainRun)"], { cwd: project, encoding: 'utf8' });
    assert.equal(cjs.trim(), 'function function');
    const version = execFileSync(process.execPath, [join(project, 'node_modules/wtanet/dist/src/cli/main.js'), '--version'], { encoding: 'utf8' });
    assert.equal(version.trim(), JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    assert.ok(readdirSync(join(project, 'node_modules/wtanet/examples')).includes('library.mjs'));
  });
});
