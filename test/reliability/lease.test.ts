// Issue 22, item 5: a lock is a lease. Its holder refreshes a heartbeat (the lock file's
// modification time); a lock without a heartbeat for the stale time (10 minutes) is taken over
// from any host, so a task requeued on another node needs no hand. Error lines cut to 200
// characters keep their actionable end (the file to delete).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LOCK_FILE, LOCK_STALE_MS, LockError, lockStaleMs, withFolderLock } from '../../src/io/lock.js';
import { errorLine, MAX_ERROR_LINE } from '../../src/cli/command.js';

const root = mkdtempSync(join(tmpdir(), 'wtanet-lease-'));
after(() => rmSync(root, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** A lock left by a process on another node, its last heartbeat `ageMs` ago. */
function foreignLock(name: string, ageMs: number, content?: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  const path = join(dir, LOCK_FILE);
  writeFileSync(path, content ?? JSON.stringify({ pid: 4242, host: 'node17', thread: 0, since: '2026-12-06T10:00:00.000Z', purpose: 'reproduce --shard 3/8' }) + '\n');
  const t = new Date(Date.now() - ageMs);
  utimesSync(path, t, t);
  return dir;
}

describe('lock lease', () => {
  it('the stated stale time is 10 minutes', () => {
    assert.equal(LOCK_STALE_MS, 600_000);
    assert.equal(lockStaleMs(), process.env.WTANET_LOCK_STALE_SECONDS ? Number(process.env.WTANET_LOCK_STALE_SECONDS) * 1000 : 600_000);
  });

  it('a lock of another host with a recent heartbeat is refused, saying when it will be taken over', async () => {
    const dir = foreignLock('fresh', 60_000);
    await assert.rejects(withFolderLock(dir, 'test', async () => {}), (e: Error) => {
      assert.ok(e instanceof LockError);
      assert.match(e.message, /in use by pid 4242 on node17 \(reproduce --shard 3\/8\), since .*; it is taken over 10 min after its last heartbeat \(60 s ago\); if it is gone, delete .*\.wtanet\.lock$/);
      return true;
    });
  });

  it('a lock of another host without a heartbeat for more than 10 minutes is taken over, with a notice', async () => {
    const dir = foreignLock('stale', 11 * 60_000);
    const notices: string[] = [];
    let ran = false;
    await withFolderLock(dir, 'test', async () => { ran = true; }, { onNotice: (l) => notices.push(l) });
    assert.ok(ran);
    assert.deepEqual(notices, [`wtanet: took over the lock of ${dir} left by pid 4242 on node17 (no heartbeat for 11 min)`]);
  });

  it('a stale lock of unknown content is taken over too', async () => {
    const dir = foreignLock('stale-garbled', 11 * 60_000, 'garbled');
    const notices: string[] = [];
    await withFolderLock(dir, 'test', async () => {}, { onNotice: (l) => notices.push(l) });
    assert.match(notices[0], /left by an unknown process \(no heartbeat for 11 min\)/);
  });

  it('a live holder refreshes its heartbeat, so its lock never goes stale', async () => {
    const dir = join(root, 'live');
    const staleMs = 400;
    let release!: () => void;
    const holding = new Promise<void>((ok) => (release = ok));
    let locked!: () => void;
    const isLocked = new Promise<void>((ok) => (locked = ok));
    const holder = withFolderLock(dir, 'holder', async () => { locked(); await holding; }, { staleMs });
    await isLocked;
    const path = join(dir, LOCK_FILE);
    const t = new Date(Date.now() - 10_000);
    utimesSync(path, t, t); // as if the last beat were long ago
    await sleep(300); // it beats every staleMs / 4
    assert.ok(Date.now() - statSync(path).mtimeMs < staleMs, 'the heartbeat did not refresh the lock');
    // Another task (not the holder's call chain) is refused: the lease is alive.
    await assert.rejects(withFolderLock(dir, 'second', async () => {}, { staleMs }), LockError);
    release();
    await holder;
  });
});

describe('error lines keep their actionable end', () => {
  it('a lock message with long paths keeps the file to delete', () => {
    const dir = `/scratch/${'project-with-a-long-name/'.repeat(3)}results/shard-3`;
    const msg = `wtanet: ${dir} is in use by pid 4242 on node17.cluster.example.org (reproduce --shard 3/8), since 2026-12-06T10:00:00.000Z; wait for it to finish or stop it; it is taken over 10 min after its last heartbeat (60 s ago); if it is gone, delete ${dir}/.wtanet.lock`;
    const line = errorLine(msg);
    assert.ok(line.length <= MAX_ERROR_LINE, `${line.length}`);
    assert.ok(line.endsWith(`; if it is gone, delete ${dir}/.wtanet.lock`), line);
    assert.ok(line.startsWith('wtanet: /scratch/'), line);
  });

  it('control characters (C0, C1 with U+0085, U+2028/U+2029, bidi overrides) never pass raw', () => {
    const line = errorLine('wtanet: a\u0085b\u2028c\u2029d\u009be\u001bf\u202eg\u0000h');
    assert.equal(line, 'wtanet: a?b?c?d?e?f?g?h');
  });
});
