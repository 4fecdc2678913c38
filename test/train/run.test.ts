import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { validateRunConfig } from '../../src/train/config.js';
import { resumeRun, trainRun } from '../../src/experiments/run-folder.js';
import { decodeSafetensors } from '../../src/io/safetensors.js';
import { Trainer } from '../../src/train/trainer.js';
import { getHeap } from '../../src/tensor/heap.js';
import { syntheticData } from '../helpers/synthetic.js';

const config = (epochs: number) => ({
  seed: 7,
  model: { encoder: { type: 'mlp', hidden: [32] }, bottleneck: { variant: 'wta', groups: 6, units: 4, temperature: 0.5 }, heads: { type: 'linear' } },
  train: { epochs, batchSize: 32, optimizer: { type: 'adam', lr: 0.01 }, schedule: { type: 'cosine' } },
});

function weightsHash(result: Awaited<ReturnType<typeof trainRun>>): string {
  const h = createHash('sha256');
  for (const p of result.trainer.model.namedParameters()) {
    h.update(p.name);
    h.update(new Uint8Array(p.tensor.toArray().buffer));
  }
  return h.digest('hex');
}

describe('trainer', () => {
  const data = syntheticData(3);

  it('reaches ≥ 99% validation accuracy on every task of a learnable multi-task problem', async () => {
    const r = await trainRun(config(12), { data });
    try {
      assert.equal(r.reason, 'completed');
      const last = r.history[r.history.length - 1];
      for (const [name, m] of Object.entries(last.val.tasks)) assert.ok(m.accuracy >= 0.99, `${name}: ${m.accuracy}`);
      assert.ok(r.history[0].train.loss > last.train.loss);
      // Evaluating the validation split again gives exactly the logged numbers.
      assert.deepEqual(r.trainer.evaluate(data.val), last.val);
    } finally {
      r.dispose();
    }
  });

  it('is deterministic: two runs give bit-identical weights', async () => {
    const a = await trainRun(config(2), { data });
    const b = await trainRun(config(2), { data });
    assert.equal(weightsHash(a), weightsHash(b));
    a.dispose();
    b.dispose();
  });

  it('resumes exactly: 6 epochs == 3 epochs, stop, resume 3 (bit-identical weights and metrics)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wtanet-resume-'));
    try {
      const full = await trainRun(config(6), { data, outDir: join(dir, 'full') });
      const half = await trainRun(config(6), { data, outDir: join(dir, 'half'), stopAtEpoch: 3 });
      assert.equal(half.reason, 'paused');
      // The checkpoint is plain safetensors holding weights, Adam moments, PRNG state, epoch, step and config.
      const { tensors, metadata } = decodeSafetensors(new Uint8Array(readFileSync(join(dir, 'half', 'checkpoint.safetensors'))));
      const names = [...tensors.keys()];
      assert.ok(names.includes('param.encoder.0.weight') && names.includes('optim.encoder.0.weight.m') && names.includes('optim.encoder.0.weight.v'));
      assert.equal(metadata.epoch, '3');
      assert.equal(metadata.step, String(3 * 16));
      assert.equal(JSON.parse(metadata.config).seed, 7);
      assert.ok(Array.isArray(JSON.parse(metadata.rng).shuffle));
      half.dispose();
      const rest = await resumeRun(join(dir, 'half'), { data });
      assert.equal(rest.reason, 'completed');
      assert.equal(weightsHash(rest), weightsHash(full));
      assert.equal(readFileSync(join(dir, 'half', 'metrics.jsonl'), 'utf8'), readFileSync(join(dir, 'full', 'metrics.jsonl'), 'utf8'));
      assert.equal(readFileSync(join(dir, 'half', 'metrics.jsonl'), 'utf8').trim().split('\n').length, 6);
      full.dispose();
      rest.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives one clear line for a corrupt or truncated checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wtanet-corrupt-'));
    try {
      const r = await trainRun(config(1), { data, outDir: dir });
      r.dispose();
      const path = join(dir, 'checkpoint.safetensors');
      const bytes = new Uint8Array(readFileSync(path));
      writeFileSync(path, bytes.subarray(0, bytes.length - 10));
      await assert.rejects(resumeRun(dir, { data }), (e: Error) => /checkpoint\.safetensors is not a valid safetensors file: .*truncated/.test(e.message) && !e.message.includes('\n'));
      const corrupt = bytes.slice();
      corrupt.fill(0x41, 8, 40);
      writeFileSync(path, corrupt);
      await assert.rejects(resumeRun(dir, { data }), /checkpoint\.safetensors is not a valid safetensors file: header is not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an invalid config before writing anything', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'wtanet-invalid-')), 'run');
    await assert.rejects(trainRun({ ...config(1), train: { taskWeights: [1, 2] } }, { data, outDir: dir }), /^Error: train\.taskWeights: has 2 entries but the data has 3 tasks/);
    await assert.rejects(trainRun({ model: { bottleneck: { variant: 'wtx' } } }, { data, outDir: dir }), /model\.bottleneck\.variant: 'wtx' is not one of/);
    assert.equal(existsSync(dir), false);
  });

  it('stops on a non-finite loss naming the epoch and step, keeping the last good checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wtanet-nan-'));
    try {
      const bad = syntheticData(3);
      const r = await trainRun({ ...config(3), train: { ...config(3).train, optimizer: { type: 'sgd', lr: 1e30 } } }, { data: bad, outDir: dir });
      assert.equal(r.reason, 'non-finite');
      assert.match(r.message!, /non-finite (loss|gradient) .*at epoch \d+, step \d+/);
      r.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops early when validation loss stops improving', async () => {
    const cfg = { ...config(10), train: { ...config(10).train, optimizer: { type: 'adam', lr: 1e-9 }, earlyStopping: { patience: 2, minDelta: 0.1 } } };
    const r = await trainRun(cfg, { data });
    assert.equal(r.reason, 'early-stopping');
    assert.equal(r.history.length, 3); // epoch 1 sets the best; 2 and 3 do not improve by 0.1
    assert.match(r.message!, /early stopping after epoch 3/);
    r.dispose();
  });

  it('anneals the softmax temperature geometrically and reports progress', async () => {
    const cfg = { ...config(3), model: { ...config(3).model, bottleneck: { variant: 'softmax', groups: 6, units: 4, temperature: 1, finalTemperature: 0.01 } } };
    let calls = 0;
    const r = await trainRun(cfg, { data, onProgress: () => calls++ });
    assert.deepEqual(r.history.map((m) => Number(m.temperature.toPrecision(12))), [1, 0.1, 0.01]);
    assert.equal(calls, 3 * (512 / 32) + 3); // one per step plus one per epoch
    r.dispose();
  });

  it('allocates no new wasm memory in steady state (epoch 1 → epoch 4)', async () => {
    const trainer = new Trainer(validateRunConfig(config(4)), data);
    await trainer.run({ stopAtEpoch: 1 });
    const reserved = getHeap().bytesReserved;
    const r = await trainer.run({});
    assert.equal(r.reason, 'completed');
    assert.equal(trainer.state.epoch, 4);
    assert.equal(getHeap().bytesReserved, reserved);
    trainer.dispose();
  });
});
