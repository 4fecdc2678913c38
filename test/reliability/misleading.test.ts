// Issue 22, items 7 and 8: messages that misled, and interruptions that left work behind.
// config.json is compared by values; a torn last line of metrics.jsonl is told apart from a
// damaged one; a grid run whose run.json is gone is not silently re-evaluated as another kind of
// run; Ctrl-C during data generation stops at once; a killed report write leaves no temp files.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createRunBackend } from '../../src/experiments/reproduce-backend.js';
import { mergeReport, reproduce } from '../../src/experiments/reproduce.js';
import { evaluateFolder } from '../../src/experiments/evaluate-folder.js';
import { resumeRun, trainRun } from '../../src/experiments/run-folder.js';
import { syntheticData } from '../helpers/synthetic.js';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');
const root = mkdtempSync(join(tmpdir(), 'wtanet-misleading-'));
after(() => rmSync(root, { recursive: true, force: true }));

const data = syntheticData(3);
const config = (epochs: number) => ({
  seed: 7,
  model: { encoder: { type: 'mlp', hidden: [16] }, bottleneck: { variant: 'wta', groups: 6, units: 4 } },
  train: { epochs, batchSize: 64 },
});
let n = 0;
async function runFolder(epochs: number): Promise<string> {
  const dir = join(root, `run${n++}`);
  (await trainRun(config(epochs), { data, outDir: dir })).dispose();
  return dir;
}

describe('misleading messages (item 7)', () => {
  it('a config.json only reformatted (same values) resumes with --epochs; it is compared by values, not text', async () => {
    const dir = await runFolder(2);
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify(JSON.parse(readFileSync(path, 'utf8')), null, 4)); // as `jq --indent 4 .` would
    const r = await resumeRun(dir, { data, epochs: 3 });
    assert.equal(r.trainer.state.epoch, 3);
    r.dispose();
    assert.equal(JSON.parse(readFileSync(path, 'utf8')).train.epochs, 3);
  });

  it('a torn last line holding a completed epoch: restore the file (not "delete that line")', async () => {
    const dir = await runFolder(2);
    const metrics = join(dir, 'metrics.jsonl');
    truncateSync(metrics, statSync(metrics).size - 20);
    await assert.rejects(resumeRun(dir, { data, epochs: 3 }), (e: Error) => {
      assert.match(e.message, /metrics\.jsonl line 2 is cut off; it held the history of epoch 2, which the checkpoint has completed; restore the file from a copy, or start the run again$/);
      assert.doesNotMatch(e.message, /delete that line/);
      return true;
    });
  });

  it('a torn last line after every completed epoch (a write beyond the checkpoint) is ignored', async () => {
    const dir = await runFolder(2);
    appendFileSync(join(dir, 'metrics.jsonl'), '{"epoch":3,"step":9,"lr":0.0');
    const r = await resumeRun(dir, { data, epochs: 3 });
    assert.equal(r.trainer.state.epoch, 3);
    r.dispose();
    const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).epoch);
    assert.deepEqual(lines, [1, 2, 3]);
  });

  it('a grid run whose run.json was deleted: eval refuses instead of rewriting eval.json', { timeout: 300_000 }, async () => {
    const out = join(root, 'grid');
    const grid = {
      mode: 'quick' as const, variants: ['wta'], datasets: ['entangled'], seeds: 1,
      overrides: { epochs: 1, nTrain: 128, hidden: [8], heads: ['linear' as const], taskCounts: [], shapes: [], sweepVariants: [] },
    };
    const { runs } = await reproduce({ ...grid, outDir: out }, createRunBackend());
    const dir = join(out, 'runs', runs[0].id);
    const before = readFileSync(join(dir, 'eval.json'), 'utf8');
    rmSync(join(dir, 'run.json'));
    await assert.rejects(evaluateFolder(dir), /has no run\.json, but its eval\.json is of a 'wtanet reproduce' grid run .*; restore run\.json, or run 'wtanet reproduce' with the same --out to rewrite it$/);
    assert.equal(readFileSync(join(dir, 'eval.json'), 'utf8'), before);
    // and the grid still takes its folder back
    const again = await reproduce({ ...grid, outDir: out }, createRunBackend());
    assert.equal(again.evaluations.length, 1);
  });

  it('a run of `wtanet train`, evaluated, resumed and evaluated again, is still evaluated', { timeout: 120_000 }, async () => {
    const dir = join(root, 'trained');
    const real = {
      seed: 1,
      data: { dataset: 'entangled', entangled: { cardinalities: [2, 3], dim: 8, depth: 1, width: 8 }, tasks: [{ family: 'factor' }], nTrain: 256, nVal: 16, nTest: 16, nHeldout: 0, heldoutFraction: 0 },
      model: { encoder: { type: 'mlp', hidden: [16] }, bottleneck: { variant: 'wta', groups: 2, units: 3 } },
      train: { epochs: 1, batchSize: 32 },
    };
    (await trainRun(real, { outDir: dir })).dispose();
    await evaluateFolder(dir);
    (await resumeRun(dir, { epochs: 2 })).dispose();
    const again = await evaluateFolder(dir);
    assert.equal(again.epoch, 2);
  });
});

describe('interruptions (item 8)', () => {
  it('Ctrl-C during data generation (nVal 10⁶) stops at once', { timeout: 120_000, skip: process.platform === 'win32' }, async () => {
    const cfg = join(root, 'big-val.json');
    writeFileSync(cfg, JSON.stringify({
      seed: 1,
      data: { dataset: 'entangled', tasks: [{ family: 'factor' }], nTrain: 1024, nVal: 1_000_000, nTest: 64, nHeldout: 0, heldoutFraction: 0 },
      model: { encoder: { type: 'mlp', hidden: [8] }, bottleneck: { variant: 'wta', groups: 4, units: 4 } },
      train: { epochs: 1 },
    }));
    const out = join(root, 'big-val-run');
    const child = spawn(process.execPath, [main, 'train', '--config', cfg, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    // Wait until the lock is taken (the data is generated right after), then a little more.
    const t0 = Date.now();
    while (!existsSync(join(out, '.wtanet.lock')) && Date.now() - t0 < 60_000) await new Promise((ok) => setTimeout(ok, 20));
    await new Promise((ok) => setTimeout(ok, 300));
    const sent = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.on('exit', (c, s) => ok({ code: c, signal: s })));
    const took = Date.now() - sent;
    assert.ok(code.signal === 'SIGINT' || code.code === 130, `${JSON.stringify(code)} ${err}`);
    assert.ok(took < 2500, `Ctrl-C took ${took} ms`);
    assert.equal(existsSync(join(out, 'checkpoint.safetensors')), false);
  });

  it("the report's temp files of a killed writer are gone from the output folder after the next write", async () => {
    const out = join(root, 'report-out');
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const grid = join(root, 'grid');
    mergeReport([grid], out);
    for (const f of [`.report.md.${dead}.0.tmp`, `.results.json.${dead}.1.tmp`]) writeFileSync(join(out, f), 'half');
    writeFileSync(join(out, 'figures', `.heldout.svg.${dead}.2.tmp`), 'half');
    writeFileSync(join(out, `.report.md.${process.pid}.99.tmp`), 'a live writer'); // never touched
    mergeReport([grid], out);
    assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.tmp')), [`.report.md.${process.pid}.99.tmp`]);
    assert.deepEqual(readdirSync(join(out, 'figures')).filter((f) => f.endsWith('.tmp')), []);
  });
});
