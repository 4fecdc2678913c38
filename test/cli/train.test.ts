import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');
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

  it('--recipe trains best of 5 with the bottleneck and procedure chosen from the data file; refuses a shape too small and --resume with it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wtanet-cli-'));
    try {
      const toy = join(dirname(main), '..', '..', '..', 'examples', 'data', 'toy.npz');
      const out = join(dir, 'r');
      // The recipe's selection step (best of 5) unless --restarts says otherwise.
      const best = wtanet('train', '--data', toy, '--recipe', '--epochs', '1', '--out', join(dir, 'best'));
      assert.equal(best.status, 0, best.stderr);
      assert.equal(JSON.parse(readFileSync(join(dir, 'best', 'best-of.json'), 'utf8')).config.train.restarts, 5);
      const r = wtanet('train', '--data', toy, '--recipe', '--restarts', '1', '--epochs', '1', '--out', out);
      assert.equal(r.status, 0, r.stderr);
      const c = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
      // toy.npz: four factors of four values → WTA 4 × 4 and the small budget.
      assert.deepEqual([c.model.bottleneck.variant, c.model.bottleneck.groups, c.model.bottleneck.units], ['wta', 4, 4]);
      assert.deepEqual(c.model.encoder.hidden, [64, 64]);
      assert.deepEqual([c.train.optimizer.type, c.train.headL2, c.train.pretrain.epochs, c.train.regroup.every], ['adam', 0.001, 10, 3]);
      assert.deepEqual(c.data.tasks, [{ family: 'indicator' }]);
      const cfg = join(dir, 'small.json');
      writeFileSync(cfg, JSON.stringify({ model: { bottleneck: { units: 3 } } }));
      const bad = wtanet('train', '--data', toy, '--config', cfg, '--recipe', '--out', join(dir, 'b'));
      assert.equal(bad.status, 2);
      assert.match(bad.stderr.split('\n')[0], /invalid config .*small\.json: model\.bottleneck\.units: 3 is below the data's 4 values of the largest factor; remove it to have it chosen$/);
      assert.equal(existsSync(join(dir, 'b')), false);
      const resume = wtanet('train', '--resume', out, '--recipe');
      assert.equal(resume.status, 2);
      assert.match(resume.stderr, /--resume takes only --epochs/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains a resume from a folder without a checkpoint', () => {
    const r = wtanet('train', '--resume', join(tmpdir(), 'wtanet-no-such-run'));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /wtanet-no-such-run does not exist; start a run with --config FILE --out/);
  });

  it('trains from a config file, writes the run folder, prints final accuracies, and resumes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wtanet-cli-run-'));
    try {
      const cfg = join(dir, 'run.json');
      writeFileSync(cfg, JSON.stringify({
        data: { dataset: 'entangled', entangled: { cardinalities: [2, 3], dim: 8, depth: 1, width: 16 }, tasks: [{ family: 'factor' }], nTrain: 128, nVal: 64, nTest: 32, nHeldout: 16 },
        model: { encoder: { type: 'mlp', hidden: [16] }, bottleneck: { groups: 2, units: 3 } },
        train: { epochs: 2, batchSize: 32 },
      }));
      const out = join(dir, 'run');
      const r = wtanet('train', '--config', cfg, '--out', out, '--seed', '3');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /final \(epoch 2\) accuracy per task:\n.*task +train +val\n +factor:f0 +\d+\.\d\d% +\d+\.\d\d%/);
      assert.equal(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).seed, 3);
      assert.equal(readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').length, 2);
      assert.ok(existsSync(join(out, 'checkpoint.safetensors')));
      const again = wtanet('train', '--config', cfg, '--out', out);
      assert.equal(again.status, 1);
      assert.match(again.stderr, /already holds a run; resume it with --resume/);
      const resumed = wtanet('train', '--resume', out, '--epochs', '3');
      assert.equal(resumed.status, 0, resumed.stderr);
      assert.match(resumed.stdout, /final \(epoch 3\)/);
      assert.equal(readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').length, 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
