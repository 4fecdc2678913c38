// Regression tests for defects found by using the library as a researcher would (QA pass):
// misuse must fail at once with one clear line, never compute on freed or malformed memory.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildData } from '../../src/data/build.js';
import { Rng } from '../../src/base/prng.js';
import { validateRunConfig } from '../../src/train/config.js';
import { CHECKPOINT_FILE, CONFIG_FILE, resumeRun, trainRun } from '../../src/experiments/run-folder.js';
import { Trainer, type TrainingData } from '../../src/train/trainer.js';
import { writeFileAtomic } from '../../src/io/atomic.js';
import { Model } from '../../src/nn/model.js';
import { getHeap } from '../../src/tensor/heap.js';
import { syntheticData } from '../helpers/synthetic.js';

const config = (epochs = 1) => validateRunConfig({
  seed: 3,
  model: { encoder: { type: 'mlp', hidden: [16] }, bottleneck: { variant: 'wta', groups: 3, units: 3 } },
  train: { epochs, batchSize: 32 },
});
const data = syntheticData(5, 128, 64);

/** A copy of `data` with one split's arrays replaced. */
function withSplit(split: 'train' | 'val', change: Partial<TrainingData['train']>): TrainingData {
  return { ...data, [split]: { ...data[split], ...change } };
}

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'wtanet-qa-'));
}

describe('QA: the model after dispose()', () => {
  it('refuses predict, encode and parameters (the freed memory is reused by others) and disposes idempotently', () => {
    const model = Model.fromConfig(config().model, [12], [{ numClasses: 3 }], new Rng(1, 'init'));
    const x = new Float32Array(2 * 12).fill(0.5);
    assert.equal(model.predict(x, 2).length, 1);
    model.dispose();
    assert.throws(() => model.predict(x, 2), /^Error: wtanet: this model was disposed/);
    assert.throws(() => model.encode(x, 2), /this model was disposed/);
    assert.throws(() => model.parameters(), /this model was disposed/);
    model.dispose();
  });

  it('rejects a sample count that is not a whole number', () => {
    const model = Model.fromConfig(config().model, [12], [{ numClasses: 3 }], new Rng(1, 'init'));
    try {
      assert.throws(() => model.predict(new Float32Array(0), -1), /number of samples must be a whole number ≥ 0, got -1/);
      assert.throws(() => model.encode(new Float32Array(18), 1.5), /got 1\.5/);
    } finally {
      model.dispose();
    }
  });

  it('refuses non-finite inputs to predict and encode, naming the sample and index', () => {
    const model = Model.fromConfig(config().model, [12], [{ numClasses: 3 }], new Rng(1, 'init'));
    try {
      const x = new Float32Array(3 * 12).fill(0.5);
      x[12 + 4] = NaN;
      assert.throws(() => model.predict(x, 3), /non-finite value \(NaN\) in sample 1 at index 4/);
      x[12 + 4] = 0;
      x[2 * 12] = -Infinity;
      assert.throws(() => model.encode(x, 3), /non-finite value \(-Infinity\) in sample 2 at index 0/);
    } finally {
      model.dispose();
    }
  });

  it('frees the layers already built when a later layer fails (out of memory)', () => {
    const huge = { ...config().model, encoder: { type: 'mlp' as const, hidden: [64, 200_000_000] } };
    const build = () => Model.fromConfig(huge, [12], [{ numClasses: 3 }], new Rng(1, 'init'));
    assert.throws(build, /out of WebAssembly memory/);
    const reserved = getHeap().bytesReserved;
    for (let i = 0; i < 3; i++) assert.throws(build, /out of WebAssembly memory/);
    assert.equal(getHeap().bytesReserved, reserved, 'each failed build stranded its first layer');
  });
});

describe('QA: the trainer checks its data before training', () => {
  it('refuses a non-finite input naming the split, the sample and the value index', () => {
    const x = data.train.x.slice();
    x[5 * 12 + 7] = Number.NaN;
    assert.throws(() => new Trainer(config(), withSplit('train', { x })), /^Error: wtanet: the train data holds a non-finite value \(NaN\) at sample 5, value 7 \(flat index 67\)/);
    const v = data.val.x.slice();
    v[3] = -Infinity;
    assert.throws(() => new Trainer(config(), withSplit('val', { x: v })), /the validation data holds a non-finite value \(-Infinity\) at sample 0, value 3/);
  });

  it('refuses an x of the wrong size and labels outside a task\'s classes', () => {
    assert.throws(() => new Trainer(config(), withSplit('train', { x: data.train.x.subarray(0, 100) })), /the train split's x has 100 values; 128 samples of 12 values need 1536/);
    const z = data.val.z.slice();
    z[3 * 3 + 1] = 7; // sample 3, factor 1: value 7 of a 3-valued factor
    assert.throws(() => new Trainer(config(), withSplit('val', { z })), /the validation split's label for task 'factor1' is 7 at sample 3, but the task has classes 0\.\.2/);
  });

  it('takes no wasm memory for a run it refuses', () => {
    const x = data.train.x.slice();
    x[0] = Number.NaN;
    const bad = withSplit('train', { x });
    assert.throws(() => new Trainer(config(), bad));
    const reserved = getHeap().bytesReserved;
    for (let i = 0; i < 3; i++) assert.throws(() => new Trainer(config(), bad), /non-finite/);
    assert.equal(getHeap().bytesReserved, reserved);
  });

  it("rejects a cnn encoder on vector data as a config error naming the field", () => {
    const cnn = validateRunConfig({ model: { encoder: { type: 'cnn' } } });
    assert.throws(() => new Trainer(cnn, data), (e: Error) => e.constructor.name === 'ConfigError' && /^model\.encoder\.type: 'cnn' needs image inputs/.test(e.message));
  });
});

describe('QA: run folders', () => {
  it('refuses an --out folder holding a file the run would overwrite, and one that is a file, writing nothing', async () => {
    const d = dir();
    try {
      const notes = join(d, 'notes');
      mkdirSync(notes);
      writeFileSync(join(notes, 'metrics.jsonl'), 'my own data\n');
      await assert.rejects(trainRun(config(), { data, outDir: notes }), /notes already has a metrics\.jsonl that this run would overwrite; choose another --out/);
      assert.deepEqual(readdirSync(notes), ['metrics.jsonl']);
      assert.equal(readFileSync(join(notes, 'metrics.jsonl'), 'utf8'), 'my own data\n');
      writeFileSync(join(d, 'file'), 'x');
      await assert.rejects(trainRun(config(), { data, outDir: join(d, 'file') }), /file is a file, not a folder/);
      // A folder with unrelated files is fine, and they are left alone.
      mkdirSync(join(d, 'other'));
      writeFileSync(join(d, 'other', 'README'), 'mine');
      const r = await trainRun(config(), { data, outDir: join(d, 'other') });
      r.dispose();
      assert.ok(existsSync(join(d, 'other', CHECKPOINT_FILE)));
      assert.equal(readFileSync(join(d, 'other', 'README'), 'utf8'), 'mine');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('resumes a run stopped before its first epoch (config.json only) by starting it over, bit-identically', async () => {
    const d = dir();
    try {
      const stopped = new AbortController();
      stopped.abort();
      const a = await trainRun(config(2), { data, outDir: join(d, 'a'), signal: stopped.signal });
      a.dispose();
      assert.equal(a.reason, 'aborted');
      assert.deepEqual(readdirSync(join(d, 'a')), [CONFIG_FILE]);
      const resumed = await resumeRun(join(d, 'a'), { data });
      resumed.dispose();
      assert.equal(resumed.reason, 'completed');
      const fresh = await trainRun(config(2), { data, outDir: join(d, 'b') });
      fresh.dispose();
      assert.deepEqual(readFileSync(join(d, 'a', CHECKPOINT_FILE)), readFileSync(join(d, 'b', CHECKPOINT_FILE)));
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('writeFileAtomic names the problem when the target is a folder or a file is in the way, leaving no temp file', () => {
    const d = dir();
    try {
      assert.throws(() => writeFileAtomic(d, 'x'), new RegExp(`^Error: wtanet: could not write ${d}: it is a folder; give a file name$`));
      writeFileSync(join(d, 'f'), 'x');
      assert.throws(() => writeFileAtomic(join(d, 'f', 'out.png'), 'x'), /could not write .*out\.png: .*f \(or a folder above it\) is a file, not a folder$/);
      assert.deepEqual(readdirSync(d), ['f']);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('QA: checkpoint.safetensors as other readers see it', () => {
  it('parses with a minimal independent reader: offsets tile the data exactly, tensors keep their real shapes', async () => {
    const d = dir();
    try {
      const r = await trainRun(config(1), { data, outDir: d });
      const expected = new Map(r.trainer.model.namedParameters().map((p) => [`param.${p.name}`, [...p.tensor.shape]]));
      r.dispose();
      const bytes = readFileSync(join(d, CHECKPOINT_FILE));
      const n = Number(bytes.readBigUInt64LE(0));
      assert.equal((8 + n) % 8, 0, 'data must start 8-byte aligned');
      const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
      const spans = Object.entries(header).filter(([k]) => k !== '__metadata__').sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0]);
      let at = 0;
      for (const [name, t] of spans) {
        assert.equal(t.dtype, 'F32', name);
        assert.equal(t.data_offsets[0], at, name);
        assert.equal(t.data_offsets[1] - t.data_offsets[0], 4 * t.shape.reduce((a, b) => a * b, 1), name);
        at = t.data_offsets[1];
      }
      assert.equal(8 + n + at, bytes.length, 'the tensors must cover the data exactly');
      for (const [name, shape] of expected) assert.deepEqual(header[name].shape, shape, name);
      assert.ok([...expected.values()].some((s) => s.length === 2), 'weights are matrices, not flat vectors');
      // Adam moments have their parameter's shape.
      assert.deepEqual(header['optim.encoder.0.weight.m'].shape, expected.get('param.encoder.0.weight'));
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('QA: data sizes', () => {
  it('refuses at once a split too large to hold (it used to grind for minutes)', () => {
    assert.throws(() => buildData({ nTrain: 1_000_000_000 }, 0), /^Error: data\.nTrain: 1000000000 samples of 32 values each would take 128 GB as float32; allowed: at most 67108863 samples$/);
    assert.throws(() => buildData({ dataset: 'shapes', nHeldout: 10_000_000 }, 0), /^Error: data\.nHeldout: .*allowed: at most 699050 samples$/);
  });
});
