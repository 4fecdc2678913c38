import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BEST_OF_FILE, resumeBestOfFolder, trainBestOfFolder, type BestOfFile } from '../../src/experiments/best-of-folder.js';
import { readRunConfig, trainRun } from '../../src/experiments/run-folder.js';
import { buildData } from '../../src/data/build.js';
import { validateRunConfig } from '../../src/train/config.js';
import { trainBestOf } from '../../src/train/restarts.js';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');
const wtanet = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

// Small enough for seconds, with restarts that end in different places.
const config = validateRunConfig({
  seed: 5,
  data: { dataset: 'onehot', onehot: { cardinalities: [3, 3] }, tasks: [{ family: 'indicator' }], nTrain: 256, nVal: 64, nTest: 128, nHeldout: 32 },
  model: { encoder: { type: 'mlp', hidden: [] }, bottleneck: { variant: 'wta', groups: 2, units: 3 }, heads: { type: 'linear' } },
  train: { epochs: 3, batchSize: 32, optimizer: { type: 'adam', lr: 0.01 }, headL2: 0.001, regroup: { every: 1 }, restarts: 3 },
});

describe('best of N restarts on disk (wtanet train --restarts)', () => {
  const root = mkdtempSync(join(tmpdir(), 'wtanet-bestof-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  // Every file of a best-of folder, by path, as bytes.
  const files = (dir: string): Record<string, string> => Object.fromEntries(readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()
    .filter((p) => !p.endsWith('.wtanet.lock') && p.includes('.'))
    .map((p) => [p, readFileSync(join(dir, p)).toString('base64')]));

  it('keeps the restart trainBestOf keeps, with the same objectives; each restart folder retrains to its bits from its own config.json', async () => {
    const out = join(root, 'a');
    const res = await trainBestOfFolder(config, out);
    assert.equal(res.reason, 'completed');
    const mem = await trainBestOf(config, buildData(config.data, config.seed));
    try {
      assert.deepEqual(res.file.restarts.map((r) => r.objective), mem.objectives);
      assert.equal(res.file.chosen, `restart-${mem.chosen}`);
      assert.deepEqual(JSON.parse(readFileSync(join(out, BEST_OF_FILE), 'utf8')), JSON.parse(JSON.stringify(res.file)));
      // The restarts ended apart (otherwise this test could not tell a wrong choice).
      assert.ok(new Set(mem.objectives).size > 1, `${mem.objectives}`);
    } finally {
      mem.trainer.dispose();
    }
    // restart-2: another weight seed, the data of seed 5 (data.seed): trained again from its config.json alone.
    const c2 = readRunConfig(join(out, 'restart-2'));
    assert.equal(c2.data.seed, 5);
    assert.notEqual(c2.seed, 5);
    assert.equal(c2.train.restarts, 1);
    const again = await trainRun(c2, { outDir: join(root, 'again') });
    again.dispose();
    assert.deepEqual(readFileSync(join(root, 'again', 'checkpoint.safetensors')), readFileSync(join(out, 'restart-2', 'checkpoint.safetensors')));
  });

  it('resumes after an interruption in a later restart to the same files as an uninterrupted run', async () => {
    const whole = join(root, 'a');
    const out = join(root, 'b');
    const controller = new AbortController();
    let epochs = 0;
    // Stop during restart 1 (the 5th epoch overall).
    const cut = await trainBestOfFolder(config, out, { signal: controller.signal, onProgress: (p) => { if (p.metrics !== undefined && ++epochs === 5) controller.abort(); } });
    assert.equal(cut.reason, 'aborted');
    const partial = JSON.parse(readFileSync(join(out, BEST_OF_FILE), 'utf8')) as BestOfFile;
    assert.equal(partial.chosen, null);
    assert.equal(typeof partial.restarts[0].objective, 'number');
    assert.equal(partial.restarts[2].objective, null);
    const done = await resumeBestOfFolder(out);
    assert.equal(done.reason, 'completed');
    assert.deepEqual(files(out), files(whole));
  });

  it('CLI: --restarts trains the folder, eval reads the kept restart, a second train into it is refused, --resume finishes it', () => {
    const cfg = join(root, 'in.json');
    writeFileSync(cfg, JSON.stringify({ ...config, train: { ...config.train, restarts: 1 } }));
    const out = join(root, 'cli');
    const r = wtanet('train', '--config', cfg, '--restarts', '2', '--out', out);
    assert.equal(r.status, 0, r.stderr);
    const f = JSON.parse(readFileSync(join(out, BEST_OF_FILE), 'utf8')) as BestOfFile;
    assert.match(r.stderr, /restart 1 of 2: .*restart-0\n(.*\n)*restart 2 of 2: .*restart-1\n/);
    assert.match(r.stdout, new RegExp(`${f.chosen} +seed \\d+ +objective [0-9.]+  ← kept`));
    const ev = wtanet('eval', out, '--json');
    assert.equal(ev.status, 0, ev.stderr);
    assert.equal(JSON.parse(ev.stdout).id, f.chosen);
    assert.match(ev.stderr, /is a best-of folder; reading its kept restart .*restart-\d/);
    const again = wtanet('train', '--config', cfg, '--restarts', '2', '--out', out);
    assert.equal(again.status, 1); // as for a single run's folder
    assert.match(again.stderr, /already holds a run; resume it with --resume/);
    const resumed = wtanet('train', '--resume', out);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.deepEqual(JSON.parse(readFileSync(join(out, BEST_OF_FILE), 'utf8')), f);
    // A damaged best-of.json is named (it alone knows how many restarts there are), not rebuilt.
    const path = join(out, BEST_OF_FILE);
    writeFileSync(path, readFileSync(path, 'utf8').slice(0, 40));
    for (const args of [['eval', out], ['train', '--resume', out]]) {
      const r = wtanet(...args);
      assert.equal(r.status, 1, args.join(' '));
      assert.match(r.stderr.trim(), /^wtanet: .*best-of\.json is damaged \(not valid JSON .*\); restore it from a copy, or train the restarts again into another folder$/);
    }
    writeFileSync(path, JSON.stringify({ ...f, restarts: f.restarts.slice(1) }));
    assert.match(wtanet('eval', out).stderr, /best-of\.json is damaged \(it needs the config, one entry per restart and the kept one\)/);
    // A refused config leaves nothing behind.
    writeFileSync(cfg, JSON.stringify({ ...config, data: { ...config.data, nTrain: -1 } }));
    const bad = wtanet('train', '--config', cfg, '--restarts', '2', '--out', join(root, 'bad'));
    assert.equal(bad.status, 2);
    assert.equal(existsSync(join(root, 'bad')), false);
  });
});
