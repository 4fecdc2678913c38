import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// The README's library example must keep working against the public entry points.
const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('examples/library.mjs', () => {
  it('trains through the public API and prints accuracies and scores', () => {
    const out = execFileSync(process.execPath, ['examples/library.mjs'], { cwd: root, encoding: 'utf8' });
    assert.match(out, /test accuracy per task/);
    assert.match(out, /InfoM \d\.\d{3} {2}MIG \d\.\d{3} {2}symbolicity \d\.\d{3}/);
  });

  it("exposes the Node-only API under 'wtanet/node'", async () => {
    const api = await import('wtanet/node');
    for (const name of ['trainRun', 'resumeRun', 'loadCheckpoint', 'readNpy']) {
      assert.equal(typeof (api as Record<string, unknown>)[name], 'function', name);
    }
  });
});
