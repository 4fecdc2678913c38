/**
 * An exclusive lock on a folder that a wtanet process writes into (a run folder, a reproduce
 * output folder): the file DIR/<name> created with O_EXCL, holding the owner's pid, host and
 * thread. A second writer gets a LockError naming the holder. A lock left by a process that
 * was killed (its pid is dead on this host) is taken over with a notice; a lock from another
 * host cannot be checked, so it is never taken over (the message says how to remove it).
 *
 */
import { linkSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { AsyncLocalStorage } from 'node:async_hooks';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { threadId } from 'node:worker_threads';
import { removeStaleTempFiles } from './atomic.js';
import { isProcessAlive } from './pid.js';

export const LOCK_FILE = '.wtanet.lock';

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
    text = readFileSync(path, 'utf8');
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
  try { moved = readFileSync(aside, 'utf8'); } catch { /* vanished: nothing to restore */ }
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
}

function acquire(dir: string, path: string, purpose: string, options: LockOptions): FolderLock {
  let created: string | undefined;
  try {
    created = mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`wtanet: cannot create the folder ${dir} (${code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : code ?? (e as Error).message})`);
  }
  const me: Owner = { pid: process.pid, host: hostname(), thread: threadId, since: new Date().toISOString(), purpose };
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(path, me)) break;
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) {
        throw new LockError(`wtanet: ${dir} is locked (${path} exists but cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      continue; // released between our two calls: try again
    }
    const owner = parseOwner(text);
    // Stale: its process is dead on this host, or it is this very thread's and not held
    // (a leftover of a lock this thread failed to remove).
    const stale = owner !== null && owner.host === me.host &&
      (!isProcessAlive(owner.pid) || (owner.pid === process.pid && owner.thread === threadId && !held.has(resolve(path))));
    if (!stale || attempt >= 3) {
      throw new LockError(
        `wtanet: ${dir} is in use by ${describeOwner(owner)}; wait for it to finish or stop it` +
          (owner === null || owner.host !== me.host ? `; if it is gone, delete ${path}` : ''),
      );
    }
    takeOver(path, text);
    options.onNotice?.(`wtanet: took over the lock of ${dir} left by pid ${owner.pid} (no longer running)`);
  }
  held.add(resolve(path));
  releaseAllOnExit();
  if (options.cleanTemp !== false) removeStaleTempFiles(dir);
  return {
    path,
    release: once(() => {
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
