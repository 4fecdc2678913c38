import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli', 'main.js');
const wtanet = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

describe('wtanet train (CLI)', () => {
  it('rejects an invalid config with one line naming the field, exit code 2, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wtanet-cli-'));
    try {
      const cfg = join(dir, 'run.json');
      writeFileSync(cfg, JSON.stringify({ model: { bottleneck: { variant: 'wtx' } } }));
      const out = join(dir, 'runs', 'x');
      const r = wtanet('train', '--config', cfg, '--out', out);
      assert.equal(r.status, 2);
      const first = r.stderr.split('\n')[0];
      assert.match(first, /invalid config .*run\.json: model\.bottleneck\.variant: 'wtx' is not one of wta, softmax, topk, relu, sigmoid, linear$/);
      assert.equal(existsSync(join(dir, 'runs')), false);
      writeFileSync(cfg, '{"seed": ');
      const j = wtanet('train', '--config', cfg, '--out', out);
      assert.equal(j.status, 2);
      assert.match(j.stderr, /run\.json is not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects unknown flags and missing arguments with exit code 2', () => {
    assert.equal(wtanet('train', '--confg', 'x.json').status, 2);
    const r = wtanet('train', '--config', 'x.json');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /needs --config FILE and --out DIR/);
  });

  it('explains a resume from a folder without a checkpoint', () => {
    const r = wtanet('train', '--resume', join(tmpdir(), 'wtanet-no-such-run'));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /has no checkpoint\.safetensors to resume from/);
  });
});
