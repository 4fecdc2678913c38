import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as lib from '../../src/index.js';
import { findProgram, pathOf, skipUnless } from '../helpers/external.js';
import { detMathDigest, trainLosses } from '../helpers/train-workload.js';

// Deno and Bun (npm `deno`, `bun`: each ships its binary in a platform package) run the
// README's library example with the same output as Node, and train to the same loss bits.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const RUNTIMES = [
  { name: 'Deno', found: findProgram('WTANET_DENO', ['deno'], 'npm i --prefix .tools --no-save deno (what .ci/run does)'), run: ['run', '--no-prompt', '--allow-read'] },
  { name: 'Bun', found: findProgram('WTANET_BUN', ['bun'], 'npm i --prefix .tools --no-save bun (what .ci/run does)'), run: ['run'] },
];

// Runtimes print an object (console.log of a record) with different quotes and trailing commas;
// the numbers must match.
const normalize = (text: string) => text.replaceAll('"', "'").replace(/,$/gm, '');

describe('Deno and Bun', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wtanet-runtimes-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, 'losses.mjs');
  writeFileSync(script, `import * as lib from ${JSON.stringify(pathToFileURL(join(root, 'dist/src/index.js')).href)};
import { trainLosses, detMathDigest } from ${JSON.stringify(pathToFileURL(join(root, 'dist/test/helpers/train-workload.js')).href)};
console.log(await trainLosses(lib));
console.log(detMathDigest());
`);
  let nodeExample: string | null = null;
  const nodeOutput = () => (nodeExample ??= execFileSync(process.execPath, ['examples/library.mjs'], { cwd: root, encoding: 'utf8' }));

  for (const rt of RUNTIMES) {
    const skip = skipUnless(rt.found, `${rt.name} test skipped`);
    it(`${rt.name} runs examples/library.mjs with Node's output and trains to Node's loss bits`, { skip, timeout: 120_000 }, async () => {
      const exe = pathOf(rt.found);
      const ex = spawnSync(exe, [...rt.run, 'examples/library.mjs'], { cwd: root, encoding: 'utf8' });
      assert.equal(ex.status, 0, `${rt.name} failed on the example: ${ex.stderr}`);
      assert.match(ex.stdout, /InfoM \d\.\d{3} {2}MIG/);
      assert.equal(normalize(ex.stdout), normalize(nodeOutput()));
      const r = spawnSync(exe, [...rt.run, script], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, `${rt.name} failed: ${r.stderr}`);
      const [losses, digest] = r.stdout.trim().split('\n');
      assert.equal(losses, await trainLosses(lib));
      assert.equal(digest, detMathDigest(), `${rt.name}: detExp/detLog give other bits than in Node`);
    });
  }
});
