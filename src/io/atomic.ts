import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from './pid.js';

let counter = 0;

/**
 * Writes `data` to `path` so that a reader (or a crash) sees either the old file or
 * the complete new one, never a torn write: the bytes go to a temp file in the same
 * directory (rename is only atomic within one file system), are fsynced, then the
 * temp file is renamed over the target.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  writeFilesAtomic([{ path, data }]);
}

interface Staged {
  path: string;
  tmp: string;
  dir: string;
  /** The first folder mkdir created for this file, if any (removed again on failure). */
  created: string | undefined;
}

/**
 * Writes several files all or nothing (as far as a file system allows): every file is first
 * written and fsynced to a temp file next to its target; only when all of them succeeded are
 * they renamed into place. A problem with any (a folder in the way, no permission, a full
 * disk) throws naming that file, and none of the targets is touched.
 */
export function writeFilesAtomic(files: readonly { path: string; data: Uint8Array | string }[]): void {
  const staged: Staged[] = [];
  try {
    for (const f of files) staged.push(stage(f.path, f.data));
  } catch (e) {
    for (const s of staged.reverse()) unstage(s);
    throw e;
  }
  for (const s of staged) {
    try {
      renameSync(s.tmp, s.path);
    } catch (e) {
      rmSync(s.tmp, { force: true });
      throw new Error(`wtanet: could not write ${s.path}: ${(e as Error).message}`);
    }
  }
  // fsync the directories so the renames themselves survive a power loss (not supported everywhere).
  for (const dir of new Set(staged.map((s) => s.dir))) {
    try {
      const dfd = openSync(dir, 'r');
      try { fsyncSync(dfd); } finally { closeSync(dfd); }
    } catch { /* directories cannot be fsynced on some platforms (Windows); the rename is still atomic */ }
  }
}

function unstage(s: Staged): void {
  rmSync(s.tmp, { force: true });
  if (s.created === undefined) return;
  // Remove the folders made for this file, deepest first, while empty.
  for (let d = s.dir; d.length >= s.created.length; d = dirname(d)) {
    try { rmdirSync(d); } catch { break; }
    if (d === s.created) break;
  }
}

function stage(path: string, data: Uint8Array | string): Staged {
  const dir = dirname(path);
  const fail = (problem: string): never => {
    throw new Error(`wtanet: could not write ${path}: ${problem}`);
  };
  let isFolder = false;
  try {
    isFolder = statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch { /* ENOTDIR and friends: reported by mkdir below */ }
  if (isFolder) fail('it is a folder; give a file name');
  let created: string | undefined;
  try {
    created = mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail(code === 'EEXIST' || code === 'ENOTDIR' ? `${dir} (or a folder above it) is a file, not a folder` : `cannot create the folder ${dir} (${code ?? (e as Error).message})`);
  }
  // pid + counter keeps concurrent writers (workers, processes) from sharing a temp file.
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  let fd = -1;
  try {
    fd = openSync(tmp, 'w');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
  } catch (e) {
    if (fd >= 0) closeSync(fd);
    unstage({ path, tmp, dir, created });
    const code = (e as NodeJS.ErrnoException).code;
    fail(code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `permission denied (${code}); choose a writable location` : (e as Error).message);
  }
  return { path, tmp, dir, created };
}

// Temp files of writeFileAtomic: .<name>.<pid>.<counter>.tmp
const TEMP_FILE = /^\..+\.(\d+)\.\d+\.tmp$/;

/**
 * Removes temp files in `dir` left by writers that were killed mid-write (their pid is no
 * longer alive on this host). Call it while holding the folder's lock; a live writer's temp
 * file is never touched. Returns the names removed.
 */
export function removeStaleTempFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_FILE.exec(name);
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || isProcessAlive(pid)) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}
