import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');
const wtanet = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

describe('wtanet train --threads (CLI)', () => {
  it('writes the same checkpoint bytes and metrics with 1 and 2 threads (cnn)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wtanet-threads-'));
    try {
      const cfg = join(dir, 'run.json');
      writeFileSync(cfg, JSON.stringify({
        seed: 3,
        data: { dataset: 'shapes', nTrain: 256, nVal: 64, nTest: 64, nHeldout: 64 },
        model: { encoder: { type: 'cnn', channels: [8, 16], kernel: 3, stride: 2, hidden: [32] }, bottleneck: { variant: 'wta', groups: 4, units: 4 }, heads: { type: 'linear' } },
        train: { epochs: 1, batchSize: 64 },
      }));
      const outs = ['1', '2'].map((t) => {
        const out = join(dir, `t${t}`);
        const r = wtanet('train', '--config', cfg, '--out', out, '--threads', t);
        assert.equal(r.status, 0, r.stderr);
        return out;
      });
      const [a, b] = outs.map((o) => readFileSync(join(o, 'checkpoint.safetensors')));
      assert.ok(a.length > 10_000, 'a checkpoint with weights was written');
      assert.equal(a.toString('base64'), b.toString('base64'), 'checkpoint bytes are identical');
      const [ma, mb] = outs.map((o) => readFileSync(join(o, 'metrics.jsonl'), 'utf8').replace(/"(seconds|elapsed|time)[A-Za-z]*":[0-9.e+-]+,?/g, ''));
      assert.equal(ma, mb);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a thread count out of range with one line and exit code 2', () => {
    const r = wtanet('train', '--config', 'x.json', '--out', 'y', '--threads', '0');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--threads must be an integer from 1 to 64, got '0'/);
  });
});
