// Issue 11, item 2: nothing silently wrong. Checkpoint bytes are checksummed and verified on
// every load; config.json, a grid's run.json and metrics.jsonl must agree with the checkpoint.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createRunBackend } from '../../src/experiments/reproduce-backend.js';
import { reproduce } from '../../src/experiments/reproduce.js';
import { resumeRun, trainRun, type RunResult } from '../../src/experiments/run-folder.js';
import { crc32 } from '../../src/io/crc32.js';
import { encodeCheckpoint, loadCheckpoint, saveCheckpoint } from '../../src/io/checkpoint.js';
import { decodeSafetensors, encodeSafetensors } from '../../src/io/safetensors.js';
import { syntheticData } from '../helpers/synthetic.js';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');
// Run from the test folder with relative paths, as a user would: error lines are cut at 200
// characters, and long temp-folder paths would push the advice past that.
const wtanet = (...args: string[]) => spawnSync(process.execPath, [main, ...args.map((a) => (a.startsWith(root) ? relative(root, a) : a))], { encoding: 'utf8', cwd: root });

const root = mkdtempSync(join(tmpdir(), 'wtanet-integrity-'));
after(() => rmSync(root, { recursive: true, force: true }));

const data = syntheticData(3);
const config = (epochs: number) => ({
  seed: 7,
  model: { encoder: { type: 'mlp', hidden: [16] }, bottleneck: { variant: 'wta', groups: 6, units: 4 } },
  train: { epochs, batchSize: 64 },
});

function weightsHash(r: RunResult): string {
  const h = createHash('sha256');
  for (const p of r.trainer.model.namedParameters()) h.update(new Uint8Array(p.tensor.toArray().buffer));
  return h.digest('hex');
}

let n = 0;
/** A run folder with `epochs` completed epochs. */
async function runFolder(epochs: number): Promise<string> {
  const dir = join(root, `run${n++}`);
  (await trainRun(config(epochs), { data, outDir: dir })).dispose();
  return dir;
}
const files = (dir: string) => ['config.json', 'metrics.jsonl', 'checkpoint.safetensors'].map((f) => readFileSync(join(dir, f)).toString('base64'));

describe('checkpoint checksums', () => {
  it('a flipped bit in a tensor is refused naming the tensor; nothing is rewritten', async () => {
    const dir = await runFolder(1);
    const path = join(dir, 'checkpoint.safetensors');
    const bytes = readFileSync(path);
    const headerEnd = 8 + Number(bytes.readBigUInt64LE(0));
    const first = Object.entries(JSON.parse(bytes.subarray(8, headerEnd).toString()) as Record<string, { data_offsets: number[] }>)
      .filter(([k]) => k !== '__metadata__').sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0])[0][0];
    bytes[headerEnd + 5] ^= 0x10; // one bit of the first tensor's second value
    writeFileSync(path, new Uint8Array(bytes));
    const before = files(dir);
    await assert.rejects(resumeRun(dir, { data, epochs: 2 }), new RegExp(`checkpoint\\.safetensors is corrupt: tensor '${first.replace('.', '\\.')}' fails its checksum`));
    const r = wtanet('train', '--resume', dir, '--epochs', '2');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^wtanet: run0\/checkpoint\.safetensors is corrupt: tensor '[^']+' fails its checksum \(crc32 [0-9a-f]{8}, recorded [0-9a-f]{8}\); restore it or start the run again\n$/);
    assert.deepEqual(files(dir), before);
  });

  it('an edited metadata value (the seed inside the checkpoint) is refused', async () => {
    const dir = await runFolder(1);
    const path = join(dir, 'checkpoint.safetensors');
    const text = readFileSync(path, 'latin1');
    assert.ok(text.includes('\\"seed\\":7'));
    writeFileSync(path, new Uint8Array(Buffer.from(text.replace('\\"seed\\":7', '\\"seed\\":8'), 'latin1')));
    await assert.rejects(resumeRun(dir, { data, epochs: 2 }), /is corrupt: the metadata \(config, epoch, step, PRNG or optimizer state\) fails its checksum/);
  });

  it('still catches a NaN written with valid checksums (not by wtanet)', async () => {
    const dir = await runFolder(1);
    const path = join(dir, 'checkpoint.safetensors');
    const ckpt = loadCheckpoint(path);
    const [name, values] = [...ckpt.params][0];
    values[2] = NaN;
    saveCheckpoint(path, ckpt);
    await assert.rejects(resumeRun(dir, { data, epochs: 2 }), new RegExp(`is corrupt: parameter '${name}' holds NaN at index 2`));
  });

  it('an old checkpoint without checksums is accepted with a notice and resumes bit-exactly', async () => {
    const full = await trainRun(config(3), { data, outDir: join(root, 'legacy-full') });
    const dir = join(root, 'legacy');
    (await trainRun(config(3), { data, outDir: dir, stopAtEpoch: 2 })).dispose();
    const path = join(dir, 'checkpoint.safetensors');
    const { tensors, metadata } = decodeSafetensors(new Uint8Array(readFileSync(path)));
    delete metadata.checksums;
    writeFileSync(path, encodeSafetensors(tensors, metadata));
    assert.equal(loadCheckpoint(path).integrity, 'absent');
    const notices: string[] = [];
    const resumed = await resumeRun(dir, { data, onNotice: (l) => notices.push(l) });
    assert.deepEqual(notices, [`wtanet: ${path} has no checksums (written by an older wtanet), so its bytes cannot be verified; the next checkpoint will have them`]);
    assert.equal(weightsHash(resumed), weightsHash(full));
    assert.equal(loadCheckpoint(path).integrity, 'verified');
    assert.equal(readFileSync(path).toString('base64'), readFileSync(join(root, 'legacy-full', 'checkpoint.safetensors')).toString('base64'));
    resumed.dispose();
    full.dispose();
  });

  it('checksums do not change the safetensors layout (tensors and metadata keys as before, plus one)', () => {
    const bytes = encodeCheckpoint({ config: {}, epoch: 1, step: 2, params: new Map([['w', new Float32Array([1, 2])]]), optimizer: new Map(), rng: {}, extra: {} });
    const { metadata } = decodeSafetensors(bytes);
    assert.deepEqual(Object.keys(metadata).sort(), ['checksums', 'config', 'epoch', 'extra', 'format', 'rng', 'step']);
    const sums = JSON.parse(metadata.checksums);
    assert.equal(sums['param.w'], crc32(new Uint8Array(new Float32Array([1, 2]).buffer)).toString(16).padStart(8, '0'));
  });
});

describe('config files must agree with the checkpoint', () => {
  it('an edited config.json is refused naming the field (epochs: with the --epochs hint), and nothing is written', async () => {
    const dir = await runFolder(2);
    const cfgPath = join(dir, 'config.json');
    const original = readFileSync(cfgPath, 'utf8');
    writeFileSync(cfgPath, original.replace('"epochs": 2', '"epochs": 3'));
    const before = files(dir);
    const r = wtanet('train', '--resume', dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^wtanet: run\d+\/config\.json contradicts the checkpoint: train\.epochs is 3 there, 2 in the checkpoint; to extend the run, resume with --epochs 3; otherwise restore it\n$/);
    assert.deepEqual(files(dir), before);
    // Asking for exactly what the edit says is not a contradiction.
    const ok = await resumeRun(dir, { data, epochs: 3 });
    assert.equal(ok.allEpochs.length, 3);
    ok.dispose();

    writeFileSync(cfgPath, readFileSync(cfgPath, 'utf8').replace('"seed": 7', '"seed": 9'));
    await assert.rejects(resumeRun(dir, { data }), /config\.json contradicts the checkpoint: seed is 9 there, 7 in the checkpoint; restore it \(or delete it: it is rewritten from the checkpoint\)$/);
    writeFileSync(cfgPath, '{"seed": ');
    await assert.rejects(resumeRun(dir, { data }), /config\.json is not valid JSON \(.*\); restore it, or delete it/);
  });

  it('a reformatted config.json is accepted; a missing one is rewritten from the checkpoint with a notice', async () => {
    const dir = await runFolder(1);
    const cfgPath = join(dir, 'config.json');
    const canonical = readFileSync(cfgPath, 'utf8');
    writeFileSync(cfgPath, JSON.stringify(JSON.parse(canonical)));
    (await resumeRun(dir, { data })).dispose();
    rmSync(cfgPath);
    const notices: string[] = [];
    (await resumeRun(dir, { data, epochs: 2, onNotice: (l) => notices.push(l) })).dispose();
    assert.deepEqual(notices, [`wtanet: ${cfgPath} was missing; rewritten from the checkpoint`]);
    assert.equal(readFileSync(cfgPath, 'utf8'), canonical.replace('"epochs": 1', '"epochs": 2'));
  });

  it('a resume --epochs killed between its checkpoint and config.json writes resumes without complaint', async () => {
    const dir = await runFolder(1);
    const cfgPath = join(dir, 'config.json');
    const old = readFileSync(cfgPath, 'utf8');
    // The state --epochs 2 leaves after writing the checkpoint and before config.json.
    const ckptPath = join(dir, 'checkpoint.safetensors');
    const ckpt = loadCheckpoint(ckptPath);
    const cfg = ckpt.config as { train: { epochs: number } };
    const replaces = crc32(new TextEncoder().encode(old)).toString(16).padStart(8, '0');
    saveCheckpoint(ckptPath, { ...ckpt, config: { ...cfg, train: { ...cfg.train, epochs: 2 } }, extra: { ...ckpt.extra, configFileReplaces: replaces } });
    const r = await resumeRun(dir, { data });
    assert.equal(r.allEpochs.length, 2);
    r.dispose();
    assert.equal(readFileSync(cfgPath, 'utf8'), old.replace('"epochs": 1', '"epochs": 2'));
  });

  it('a missing or shortened metrics.jsonl is refused, not silently dropped', async () => {
    const dir = await runFolder(2);
    const metrics = join(dir, 'metrics.jsonl');
    const lines = readFileSync(metrics, 'utf8');
    writeFileSync(metrics, lines.split('\n')[0] + '\n');
    await assert.rejects(resumeRun(dir, { data, epochs: 3 }), /metrics\.jsonl holds the history of 1 epoch, but the checkpoint has 2; restore the file, or start the run again$/);
    rmSync(metrics);
    const r = wtanet('train', '--resume', dir, '--epochs', '3');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^wtanet: run\d+\/metrics\.jsonl is missing, but the checkpoint has 2 completed epochs whose history only that file held; restore it, or start the run again\n$/);
    assert.equal(existsSync(metrics), false);
  });

  it('`wtanet eval` refuses a run.json that contradicts the checkpoint (an edited seed) and keeps eval.json', async () => {
    const out = join(root, 'grid');
    const grid = {
      mode: 'quick' as const, variants: ['wta'], datasets: ['entangled'], seeds: 1,
      overrides: { epochs: 1, nTrain: 128, hidden: [8], heads: ['linear' as const], taskCounts: [], shapes: [], sweepVariants: [] },
    };
    const { runs } = await reproduce({ ...grid, outDir: out }, createRunBackend());
    const dir = join(out, 'runs', runs[0].id);
    const runJson = join(dir, 'run.json');
    const spec = JSON.parse(readFileSync(runJson, 'utf8'));
    const evalBefore = readFileSync(join(dir, 'eval.json'), 'utf8');
    writeFileSync(runJson, JSON.stringify({ ...spec, config: { ...spec.config, seed: spec.config.seed + 11 } }));
    const r = wtanet('eval', dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^wtanet: grid/runs/[^/]+/run\\.json contradicts the checkpoint: seed is ${spec.config.seed + 11} there, ${spec.config.seed} in the checkpoint; restore it, or delete the run folder to retrain\\n$`));
    assert.equal(readFileSync(join(dir, 'eval.json'), 'utf8'), evalBefore);
  });
});
