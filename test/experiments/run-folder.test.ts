import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readNpy } from '../../src/node.js';

// A user who trains their own run must get its metrics, symbol table, scores and report from
// the CLI: every folder `wtanet train` writes works with eval, symbols, score and report.

const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');
const wtanet = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

const config = {
  seed: 3,
  data: {
    dataset: 'entangled',
    entangled: { cardinalities: [3, 3], dim: 8, depth: 1, width: 16 },
    tasks: [{ family: 'factor' }],
    nTrain: 256, nVal: 64, nTest: 128, nHeldout: 32,
  },
  model: { encoder: { type: 'mlp', hidden: [16] }, bottleneck: { variant: 'wta', groups: 2, units: 3 }, heads: { type: 'linear' } },
  train: { epochs: 2, batchSize: 32, optimizer: { type: 'adam', lr: 0.01 } },
};

describe('a run folder made by wtanet train', () => {
  const root = mkdtempSync(join(tmpdir(), 'wtanet-runfolder-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const cfg = join(root, 'config-in.json');
  writeFileSync(cfg, JSON.stringify(config));
  const run = join(root, 'mine');
  const trained = wtanet('train', '--config', cfg, '--out', run);

  it('works with symbols (evaluating it first), eval, score and report', () => {
    assert.equal(trained.status, 0, trained.stderr);
    const checkpoint = readFileSync(join(run, 'checkpoint.safetensors'));

    const sym = wtanet('symbols', run);
    assert.equal(sym.status, 0, sym.stderr);
    assert.match(sym.stdout, /^wta code, 2 groups × 3 units/);
    assert.match(sym.stdout, /factor = value +symbol +units/);

    const ev = wtanet('eval', run, '--json');
    assert.equal(ev.status, 0, ev.stderr);
    const evaluation = JSON.parse(ev.stdout) as { id: string; scalars: Record<string, number>; groups: number };
    assert.equal(evaluation.id, 'mine');
    assert.equal(evaluation.groups, 2);
    for (const key of ['acc.test', 'acc.heldout', 'group.infoM']) assert.ok(Number.isFinite(evaluation.scalars[key]), key);
    // Evaluation reads the run; it neither trains nor rewrites it.
    assert.deepEqual(readFileSync(join(run, 'checkpoint.safetensors')), checkpoint);

    // The test codes it wrote belong to this model: n × (groups·units), one winner per group.
    const codes = readNpy(new Uint8Array(readFileSync(join(run, 'codes.npy'))));
    const factors = readNpy(new Uint8Array(readFileSync(join(run, 'factors.npy'))));
    assert.deepEqual(codes.shape, [128, 6]);
    assert.deepEqual(factors.shape, [128, 2]);
    for (let i = 0; i < 128; i++)
      for (let g = 0; g < 2; g++) {
        const on = [0, 1, 2].filter((u) => codes.data[i * 6 + g * 3 + u] !== 0).length;
        assert.equal(on, 1, `row ${i} group ${g} has ${on} winners`);
      }

    // `score RUN` scores those files with the run's groups and kind: the same InfoM as eval.
    const sc = wtanet('score', run, '--json');
    assert.equal(sc.status, 0, sc.stderr);
    const scores = JSON.parse(sc.stdout) as { group: { infoM: number } };
    assert.equal(scores.group.infoM, evaluation.scalars['group.infoM']);

    const out = join(root, 'report');
    const rep = wtanet('report', run, '--out', out);
    assert.equal(rep.status, 0, rep.stderr);
    assert.match(readFileSync(join(out, 'report.md'), 'utf8'), /wta/);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { runs: { id: string; scalars: Record<string, number> }[] };
    assert.deepEqual(results.runs.map((r) => r.id), ['mine']);
    assert.equal(results.runs[0].scalars['acc.test'], evaluation.scalars['acc.test']);
  });

  it('a grid run of wtanet reproduce, evaluated again by wtanet eval, gives the same eval.json and symbols.json', { timeout: 120_000 }, () => {
    const out = join(root, 'grid');
    const r = wtanet('reproduce', '--quick', '--study', 'main', '--seeds', '1', '--datasets', 'entangled', '--variants', 'wta', '--shard', '0/12', '--workers', '1', '--out', out);
    assert.equal(r.status, 0, r.stderr);
    const [id] = readdirSync(join(out, 'runs'));
    const dir = join(out, 'runs', id);
    const before = ['eval.json', 'symbols.json'].map((f) => readFileSync(join(dir, f), 'utf8'));
    const ev = wtanet('eval', dir);
    assert.equal(ev.status, 0, ev.stderr);
    assert.deepEqual(['eval.json', 'symbols.json'].map((f) => readFileSync(join(dir, f), 'utf8')), before);
  });

  it('a folder with no run in it gets one line naming what is missing (exit 1)', () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    for (const cmd of ['eval', 'symbols', 'score']) {
      const r = wtanet(cmd, empty);
      assert.equal(r.status, 1, `${cmd}: ${r.stderr}`);
      assert.match(r.stderr.trim().split('\n').at(-1)!, /has no config\.json: not a run folder made by 'wtanet train' or 'wtanet reproduce'/);
    }
    assert.equal(existsSync(join(empty, 'eval.json')), false);
  });
});
