// Issue 11, item 1: one writer per run folder. Two real processes race for one --out; a lock
// left by a killed process is taken over; temp files of killed writers are cleaned up.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LOCK_FILE, LockError, withFolderLock } from '../../src/io/lock.js';
import { removeStaleTempFiles } from '../../src/io/atomic.js';
import { createRunBackend } from '../../src/experiments/reproduce-backend.js';
import type { GridOptions } from '../../src/experiments/grid.js';
import { reproduce } from '../../src/experiments/reproduce.js';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');
const wtanet = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

const root = mkdtempSync(join(tmpdir(), 'wtanet-lock-'));
after(() => rmSync(root, { recursive: true, force: true }));

const config = (epochs: number) => ({
  seed: 1,
  data: { dataset: 'entangled', entangled: { cardinalities: [2, 3], dim: 8, depth: 1, width: 8 }, tasks: [{ family: 'factor' }], nTrain: 2048, nVal: 16, nTest: 16, nHeldout: 0, heldoutFraction: 0 },
  model: { encoder: { type: 'mlp', hidden: [32] }, bottleneck: { variant: 'wta', groups: 2, units: 3 } },
  train: { epochs, batchSize: 8 },
});
function configFile(name: string, value: unknown): string {
  const path = join(root, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

/** A pid that is certainly dead: a child that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(cond(), `timed out waiting for ${what}`);
}

describe('run-folder lock', () => {
  it('a second `train` into the same --out exits 2 with one line naming the holder, and changes nothing', async () => {
    const out = join(root, 'race');
    const first = spawn(process.execPath, [main, 'train', '--config', configFile('long.json', config(10_000)), '--out', out, '--seed', '11'], { stdio: 'ignore' });
    try {
      await waitFor(() => existsSync(join(out, 'metrics.jsonl')), 'the first trainer to finish an epoch');
      const cfgBefore = readFileSync(join(out, 'config.json'), 'utf8');
      const second = wtanet('train', '--config', configFile('short.json', config(1)), '--out', out, '--seed', '22');
      assert.equal(second.status, 2, second.stderr);
      const lines = second.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, second.stderr);
      assert.match(lines[0], new RegExp(`is in use by pid ${first.pid} on ${hostname()} \\(train\\)`));
      const resumed = wtanet('train', '--resume', out, '--epochs', '20000');
      assert.equal(resumed.status, 2, resumed.stderr);
      assert.match(resumed.stderr, new RegExp(`in use by pid ${first.pid}`));
      assert.equal(readFileSync(join(out, 'config.json'), 'utf8'), cfgBefore, 'config.json is still the first run\'s');
      assert.equal(JSON.parse(cfgBefore).seed, 11);
    } finally {
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
    }
    // Killed: the lock stays behind with a dead pid; the next resume takes it over with a notice.
    assert.ok(existsSync(join(out, LOCK_FILE)));
    const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n');
    const done = JSON.parse(metrics[metrics.length - 1]).epoch as number;
    const r = wtanet('train', '--resume', out, '--epochs', String(done + 1));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`^wtanet: took over the lock of .*race left by pid ${first.pid} \\(no longer running\\)$`, 'm'));
    assert.equal(existsSync(join(out, LOCK_FILE)), false, 'released at the end');
  });

  it('a lock whose process is dead is taken over; a lock from another host is not', async () => {
    const dir = join(root, 'stale');
    mkdirSync(dir);
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), thread: 0, since: 'then', purpose: 'train' }));
    const notices: string[] = [];
    await withFolderLock(dir, 'test', async () => {
      assert.equal(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid, process.pid);
    }, { onNotice: (l) => notices.push(l) });
    assert.deepEqual(notices, [`wtanet: took over the lock of ${dir} left by pid ${pid} (no longer running)`]);
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);

    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: 'elsewhere', thread: 0, since: 'then', purpose: 'train' }));
    await assert.rejects(withFolderLock(dir, 'test', async () => {}), (e: Error) => {
      assert.ok(e instanceof LockError);
      assert.match(e.message, new RegExp(`in use by pid ${pid} on elsewhere \\(train\\), since then; .*if it is gone, delete .*${LOCK_FILE}$`));
      return true;
    });
  });

  it('a fresh lock file of unknown content is not taken over; the message says when it will be and how to remove it', async () => {
    const dir = join(root, 'garbled');
    mkdirSync(dir);
    writeFileSync(join(dir, LOCK_FILE), 'not json');
    await assert.rejects(withFolderLock(dir, 'test', async () => {}), new RegExp(`in use by an unknown process \\(the lock file is unreadable\\); wait for it to finish or stop it; it is taken over 10 min after its last heartbeat \\(\\d+ s ago\\); if it is gone, delete .*${LOCK_FILE}$`));
    assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8'), 'not json');
  });

  it('excludes two concurrent tasks of one thread, yet is re-entrant along one call chain', async () => {
    const dir = join(root, 'nested');
    let release!: () => void;
    const holding = withFolderLock(dir, 'outer', async () => {
      await withFolderLock(dir, 'inner', async () => {}); // nested: allowed
      await new Promise<void>((r) => (release = r));
    });
    await waitFor(() => release !== undefined, 'the first holder');
    await assert.rejects(withFolderLock(dir, 'other', async () => {}), LockError);
    release();
    await holding;
    await withFolderLock(dir, 'later', async () => {}); // free again
    assert.equal(existsSync(dir), false, 'a folder the lock created and nobody wrote into is removed again');
  });

  it('`eval` refuses a run folder another process holds (exit 2, one line)', () => {
    const dir = join(root, 'evaluated');
    mkdirSync(dir);
    writeFileSync(join(dir, 'run.json'), '{}');
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), thread: 0, since: 'now', purpose: 'reproduce' }));
    const r = wtanet('eval', dir);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`^wtanet: .*evaluated is in use by pid ${process.pid} on .* \\(reproduce\\), since now; wait for it to finish or stop it\n$`));
    assert.deepEqual(readdirSync(dir).sort(), [LOCK_FILE, 'run.json']);
  });

  it('removes temp files of dead writers only', () => {
    const dir = join(root, 'tmpfiles');
    mkdirSync(dir);
    const dead = `.checkpoint.safetensors.${deadPid()}.3.tmp`;
    const live = `.checkpoint.safetensors.${process.pid}.0.tmp`;
    for (const f of [dead, live, 'notes.tmp', 'metrics.jsonl']) writeFileSync(join(dir, f), 'x');
    assert.deepEqual(removeStaleTempFiles(dir), [dead]);
    assert.deepEqual(readdirSync(dir).sort(), [live, 'metrics.jsonl', 'notes.tmp'].sort());
  });
});

describe('reproduce: shards sharing an --out', () => {
  const grid: GridOptions = {
    mode: 'quick', variants: ['wta', 'relu'], datasets: ['entangled'], seeds: 1,
    overrides: { epochs: 1, nTrain: 128, hidden: [8], heads: ['linear'], taskCounts: [], shapes: [], sweepVariants: [] },
  };
  it('run side by side; the same shard started twice is refused', async () => {
    const out = join(root, 'shared');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // Shard 0 pauses in its first run (holding its locks) until shard 1 has finished.
    const backend0 = createRunBackend();
    const s0 = reproduce({ ...grid, outDir: out, shard: { index: 0, count: 2 } }, {
      ...backend0,
      async train(spec, dir, o) { await gate; return backend0.train(spec, dir, o); },
    });
    await waitFor(() => existsSync(join(out, '.wtanet-reproduce-shard-0-of-2.lock')), 'shard 0 to start');
    await assert.rejects(reproduce({ ...grid, outDir: out, shard: { index: 0, count: 2 } }, createRunBackend()), (e: Error) => {
      assert.ok(e instanceof LockError);
      assert.match(e.message, /in use by pid \d+ on .* \(reproduce --shard 0\/2\)/);
      return true;
    });
    const r1 = await reproduce({ ...grid, outDir: out, shard: { index: 1, count: 2 } }, createRunBackend());
    release();
    const r0 = await s0;
    assert.equal(r0.evaluations.length + r1.evaluations.length, 2);
    assert.deepEqual(readdirSync(join(out, 'runs')).sort(), [...r0.runs, ...r1.runs].map((r) => r.id).sort());
    assert.equal(readdirSync(out).filter((f) => f.endsWith('.lock')).length, 0);
  });
});
