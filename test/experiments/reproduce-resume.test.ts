import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createRunBackend } from '../../src/experiments/reproduce-backend.js';
import { reproduceParallel } from '../../src/experiments/reproduce-parallel.js';
import type { GridOptions } from '../../src/experiments/grid.js';
import { reproduce, type ProgressEvent } from '../../src/experiments/reproduce.js';

// A tiny grid: 2 variants × 2 seeds of the main study, plus a 2-point task sweep; small model, 3 epochs.
const grid: GridOptions = {
  mode: 'quick',
  variants: ['wta', 'relu'],
  datasets: ['entangled'],
  seeds: 2,
  overrides: { epochs: 3, nTrain: 256, hidden: [16], heads: ['linear'], taskCounts: [1, 2], shapes: [], sweepVariants: ['wta'] },
};

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'wtanet-reproduce-'));
  dirs.push(d);
  return d;
};
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('reproduce: interruption and resume', () => {
  let clean = '';
  it('skips finished runs, resumes the interrupted one, and ends byte-identical to an uninterrupted run', async () => {
    clean = tmp();
    await reproduce({ ...grid, outDir: clean }, createRunBackend());

    const resumed = tmp();
    const controller = new AbortController();
    let secondRun: string | undefined;
    const onProgress = (e: ProgressEvent) => {
      if (e.type === 'run-start' && e.index === 1) secondRun = e.id;
      // Interrupt the second run in the middle of its second epoch (its first epoch is checkpointed).
      if (e.type === 'epoch' && e.id === secondRun && e.epoch === 2 && e.step === Math.ceil(e.steps / 2)) controller.abort();
    };
    await assert.rejects(reproduce({ ...grid, outDir: resumed, signal: controller.signal, onProgress }, createRunBackend()), { name: 'AbortError' });
    assert.ok(secondRun);
    assert.ok(existsSync(join(resumed, 'runs', secondRun, 'checkpoint.safetensors')), 'the interrupted run kept its checkpoint');
    assert.ok(!existsSync(join(resumed, 'runs', secondRun, 'eval.json')), 'the interrupted run is not marked finished');

    const events: ProgressEvent[] = [];
    await reproduce({ ...grid, outDir: resumed, onProgress: (e) => events.push(e) }, createRunBackend());
    const gridEvent = events.find((e) => e.type === 'grid') as Extract<ProgressEvent, { type: 'grid' }>;
    assert.equal(gridEvent.skipped, 1, 'the first (finished) run is skipped');
    const firstStart = events.find((e) => e.type === 'run-start') as Extract<ProgressEvent, { type: 'run-start' }>;
    assert.equal(firstStart.id, secondRun);
    assert.equal(firstStart.resumed, true, 'the interrupted run resumes from its checkpoint');
    const firstEpoch = events.find((e) => e.type === 'epoch') as Extract<ProgressEvent, { type: 'epoch' }>;
    assert.equal(firstEpoch.epoch, 2, 'training continues at epoch 2, not from scratch');

    for (const f of ['results.json', 'report.md']) assert.equal(readFileSync(join(resumed, f), 'utf8'), readFileSync(join(clean, f), 'utf8'), f);
    // Every run's entry carries the plain factorial-code measures next to the other scalars.
    for (const run of JSON.parse(readFileSync(join(clean, 'results.json'), 'utf8')).runs) {
      assert.ok(run.scalars.factorial === 0 || run.scalars.factorial === 1, `${run.id}: factorial ${run.scalars.factorial}`);
      assert.ok(run.scalars.bestGroupNmi >= 0 && run.scalars.bestGroupNmi <= 1, `${run.id}: bestGroupNmi ${run.scalars.bestGroupNmi}`);
    }
    assert.match(readFileSync(join(clean, 'report.md'), 'utf8'), /\| factorial seeds \| best-group NMI \|/);
    const ckpt = (d: string) => readFileSync(join(d, 'runs', secondRun!, 'checkpoint.safetensors')).toString('base64');
    assert.equal(ckpt(resumed), ckpt(clean), 'the resumed run ends with bit-identical weights');
  });

  it('gives the same results and report with 2 worker threads as in one process', async () => {
    assert.ok(clean, 'needs the first test');
    const parallel = tmp();
    await reproduceParallel({ ...grid, outDir: parallel }, 2);
    for (const f of ['results.json', 'report.md']) assert.equal(readFileSync(join(parallel, f), 'utf8'), readFileSync(join(clean, f), 'utf8'), f);
  });
});
