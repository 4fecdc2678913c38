/**
 * An exclusive lock on a folder that a wtanet process writes into (a run folder, a reproduce
 * output folder): the file DIR/<name> created with O_EXCL, holding the owner's pid, host and
 * thread. A second writer gets a LockError naming the holder. A lock left by a process that
 * was killed (its pid is dead on this host) is taken over with a notice.
 *
 * A lock is also a lease: its holder refreshes the file's modification time (the heartbeat)
 * every LOCK_HEARTBEAT_MS, and a lock whose heartbeat is older than the stale time
 * (LOCK_STALE_MS, 10 minutes; WTANET_LOCK_STALE_SECONDS overrides it) is taken over from any
 * host, with a notice: a task requeued on another node needs no hand to remove the lock of an
 * attempt on a node that died. The age is judged by the file system's modification time
 * against this host's clock.
 */
import { linkSync, mkdirSync, renameSync, rmdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { LIMITS, readTextBounded } from './read-bounded.js';
import { hostname } from 'node:os';
import { AsyncLocalStorage } from 'node:async_hooks';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { threadId } from 'node:worker_threads';
import { removeStaleTempFiles } from './atomic.js';
import { isProcessAlive } from './pid.js';

export const LOCK_FILE = '.wtanet.lock';

/** A lock whose heartbeat is older than this is stale, on any host (10 minutes). */
export const LOCK_STALE_MS = 10 * 60 * 1000;
/** How often a holder refreshes its lock's heartbeat. */
export const LOCK_HEARTBEAT_MS = 30 * 1000;

/** The stale time in force: WTANET_LOCK_STALE_SECONDS (a positive number) or LOCK_STALE_MS. */
export function lockStaleMs(): number {
  const s = Number(process.env.WTANET_LOCK_STALE_SECONDS);
  return Number.isFinite(s) && s > 0 ? s * 1000 : LOCK_STALE_MS;
}

/** Another process holds the lock: a usage conflict (exit code 2), not bad data. */
export class LockError extends Error {
  override name = 'LockError';
  readonly exitCode = 2;
}

export interface FolderLock {
  readonly path: string;
  release(): void;
}

interface Owner {
  pid: number;
  host: string;
  thread: number;
  since: string;
  purpose: string;
}

// Lock files this thread holds (absolute paths), and those held by the current async call chain.
const held = new Set<string>();
const chain = new AsyncLocalStorage<ReadonlySet<string>>();
let exitHook = false;

function readOwner(path: string): Owner | null | undefined {
  let text: string;
  try {
    text = readTextBounded(path, LIMITS.lock);
  } catch {
    return undefined; // released meanwhile (or unreadable: not ours to remove)
  }
  return parseOwner(text);
}

function parseOwner(text: string): Owner | null {
  try {
    const o = JSON.parse(text) as Owner;
    return typeof o === 'object' && o !== null && Number.isInteger(o.pid) ? o : null;
  } catch {
    return null; // torn or foreign content: handled like a lock of unknown owner
  }
}

let counter = 0;

/**
 * Creates the lock file if absent, complete or not at all: the owner is written to a temp file
 * that is then hard-linked to the lock's name (link fails if the name exists, atomically).
 * False when the lock already exists.
 */
function tryCreate(path: string, owner: Owner): boolean {
  const tmp = `${path}.${process.pid}.${counter++}.tmp`;
  writeFileSync(tmp, JSON.stringify(owner) + '\n');
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Moves a stale lock out of the way, atomically. Two processes may find the same stale lock:
 * the rename succeeds for one of them only; if it moved a lock that someone created meanwhile
 * (content differs from what was judged stale), that lock is put back.
 */
function takeOver(path: string, staleText: string): void {
  const aside = `${path}.stale.${process.pid}.${threadId}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else moved it first
    throw e;
  }
  let moved = '';
  try { moved = readTextBounded(aside, LIMITS.lock); } catch { /* vanished: nothing to restore */ }
  if (moved !== staleText) {
    try { renameSync(aside, path); } catch { /* best effort */ }
    return;
  }
  rmSync(aside, { force: true });
}

function describeOwner(o: Owner | null): string {
  if (o === null) return 'an unknown process (the lock file is unreadable)';
  return `pid ${o.pid} on ${o.host}${o.purpose ? ` (${o.purpose})` : ''}, since ${o.since}`;
}

function releaseAllOnExit(): void {
  if (exitHook) return;
  exitHook = true;
  // A normal exit or an uncaught exception still removes our locks; a SIGKILL leaves them
  // behind, and the next process takes them over (dead pid).
  process.on('exit', () => {
    for (const path of held) {
      const o = readOwner(path);
      if (o && o.pid === process.pid && o.thread === threadId) rmSync(path, { force: true });
    }
    held.clear();
  });
}

/**
 * Runs `f` holding the lock of `dir` (created if missing); released however `f` ends.
 * `purpose` is shown to a second writer. `onNotice` receives one line when a stale lock is
 * taken over. Leftover temp files of dead writers (see writeFileAtomic) are removed once the
 * lock is held, unless `cleanTemp` is false (a folder that other processes, maybe on other
 * hosts, write into without this lock).
 *
 * Re-entrant along one async call chain only (AsyncLocalStorage): reproduce locks a run folder
 * and trainRun, called inside, locks it again; two unrelated tasks of one thread still exclude
 * each other.
 */
export async function withFolderLock<T>(dir: string, purpose: string, f: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const path = join(dir, options.name ?? LOCK_FILE);
  const mine = chain.getStore();
  if (mine?.has(resolve(path))) return f();
  const lock = acquire(dir, path, purpose, options);
  try {
    return await chain.run(new Set(mine).add(resolve(path)), f);
  } finally {
    lock.release();
  }
}

export interface LockOptions {
  /** The lock file's name in the folder (default .wtanet.lock). */
  name?: string;
  onNotice?: (line: string) => void;
  cleanTemp?: boolean;
  /** The stale time (default lockStaleMs()). */
  staleMs?: number;
}

const seconds = (ms: number) => (ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);

/**
 * Refreshes the lock file's modification time while it is ours: every LOCK_HEARTBEAT_MS, or
 * a quarter of a shorter stale time. The timer does not keep the process alive.
 */
function startHeartbeat(path: string, staleMs: number): ReturnType<typeof setInterval> {
  const timer = setInterval(() => {
    const o = readOwner(path);
    if (!o || o.pid !== process.pid || o.thread !== threadId) {
      clearInterval(timer); // released or taken over: not ours to refresh
      return;
    }
    const now = new Date();
    try { utimesSync(path, now, now); } catch { /* a missed beat; the next one retries */ }
  }, Math.max(10, Math.min(LOCK_HEARTBEAT_MS, staleMs / 4)));
  timer.unref();
  return timer;
}

function acquire(dir: string, path: string, purpose: string, options: LockOptions): FolderLock {
  let created: string | undefined;
  try {
    created = mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`wtanet: cannot create the folder ${dir} (${code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : code ?? (e as Error).message})`);
  }
  const staleMs = options.staleMs ?? lockStaleMs();
  const me: Owner = { pid: process.pid, host: hostname(), thread: threadId, since: new Date().toISOString(), purpose };
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(path, me)) break;
    let text: string | undefined;
    let age = 0;
    try {
      text = readTextBounded(path, LIMITS.lock);
      age = Date.now() - statSync(path).mtimeMs;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) {
        throw new LockError(`wtanet: ${dir} is locked (${path} exists but cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      continue; // released between our two calls: try again
    }
    const owner = parseOwner(text);
    // Stale: its process is dead on this host, or it is this very thread's and not held
    // (a leftover of a lock this thread failed to remove).
    const dead = owner !== null && owner.host === me.host &&
      (!isProcessAlive(owner.pid) || (owner.pid === process.pid && owner.thread === threadId && !held.has(resolve(path))));
    // Or its lease ran out: no heartbeat for the stale time, whichever host holds it.
    const expired = age > staleMs;
    if (!(dead || expired) || attempt >= 3) {
      throw new LockError(
        `wtanet: ${dir} is in use by ${describeOwner(owner)}; wait for it to finish or stop it` +
          (owner === null || owner.host !== me.host
            ? `; it is taken over ${seconds(staleMs)} after its last heartbeat (${seconds(Math.max(0, age))} ago); if it is gone, delete ${path}`
            : ''),
      );
    }
    takeOver(path, text);
    const who = owner === null ? 'an unknown process' : `pid ${owner.pid}${owner.host === me.host ? '' : ` on ${owner.host}`}`;
    options.onNotice?.(`wtanet: took over the lock of ${dir} left by ${who} (${dead ? 'no longer running' : `no heartbeat for ${seconds(age)}`})`);
  }
  held.add(resolve(path));
  const heartbeat = startHeartbeat(path, staleMs);
  releaseAllOnExit();
  if (options.cleanTemp !== false) removeStaleTempFiles(dir);
  return {
    path,
    release: once(() => {
      clearInterval(heartbeat);
      held.delete(resolve(path));
      const o = readOwner(path);
      if (o && o.pid === process.pid && o.thread === threadId) rmSync(path, { force: true });
      if (created !== undefined) removeEmptyUpTo(dir, created);
    }),
  };
}

/** Removes `dir` and its parents up to `top` (the first folder mkdir created) while empty. */
function removeEmptyUpTo(dir: string, top: string): void {
  const steps = relative(top, dir);
  if (steps.startsWith('..')) return;
  let d = dir;
  for (let i = 0; i <= (steps === '' ? 0 : steps.split(sep).length); i++) {
    try { rmdirSync(d); } catch { return; } // not empty (the run wrote files): keep it
    d = dirname(d);
  }
}

function once(f: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      f();
    }
  };
}
