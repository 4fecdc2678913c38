/**
 * Reading a file of a run folder with limits (Node only). A folder may come from anyone: its
 * `eval.json` may be a symlink to /dev/zero (endless), a FIFO (a read that never returns) or a
 * sparse file of a terabyte. readFileBounded reads only regular files (a symlink is followed,
 * but what it points at must be a regular file), opened without blocking (a FIFO is refused
 * at once, not waited on), of at most `maxBytes` — a limit the caller derives from what the file
 * can legitimately hold — and never more bytes than that, even if the file grows meanwhile.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

const MiB = 1024 * 1024;

/**
 * The limits of the files wtanet reads back, each derived from what the file can hold:
 * - JSON files (eval.json, run.json, config.json, symbols.json, results.json) are parsed into
 *   one JavaScript string, which V8 caps at 2^29 − 24 characters (≈ 512 MiB);
 * - a checkpoint's tensors (parameters and optimizer state) must fit the 4 GiB a 32-bit
 *   WebAssembly memory can address, and so must a matrix of codes or factors loaded into it;
 * - a lock file holds one line naming its owner.
 */
export const LIMITS = {
  json: 512 * MiB,
  metrics: 512 * MiB,
  checkpoint: 4095 * MiB,
  matrix: 4095 * MiB,
  lock: 64 * 1024,
  text: 512 * MiB,
} as const;

/** Refused: not a regular file, too large, or unreadable. The message names the file and what to do. */
export class FileReadError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.code = code;
  }
}

const mb = (n: number) => (n >= MiB ? `${(n / MiB).toFixed(n % MiB === 0 ? 0 : 1)} MiB` : `${n} bytes`);

function kindOf(st: import('node:fs').Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/**
 * The bytes of `path`, a regular file of at most `maxBytes`. Throws FileReadError (with the
 * errno `code` when the file could not be opened: ENOENT for a missing file) otherwise.
 */
export function readFileBounded(path: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileReadError(`wtanet: cannot read ${path}: ${code ?? (e as Error).message}`, code);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new FileReadError(`wtanet: ${path} is ${kindOf(st)}, not a regular file; replace it with the file itself`, 'ENOTREG');
    if (st.size > maxBytes) throw new FileReadError(`wtanet: ${path} is ${mb(st.size)}, more than such a file can hold (${mb(maxBytes)}); replace it`, 'EFBIG');
    // Read what the size says, plus one byte to notice a file that grew past the limit meanwhile.
    const cap = Math.min(maxBytes + 1, st.size + 1);
    let buf = new Uint8Array(Math.max(1, cap));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (buf.length > maxBytes) break;
        const bigger = new Uint8Array(Math.min(maxBytes + 1, buf.length * 2));
        bigger.set(buf.subarray(0, n));
        buf = bigger;
      }
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > maxBytes) throw new FileReadError(`wtanet: ${path} grew past ${mb(maxBytes)} while being read; replace it`, 'EFBIG');
    return Buffer.from(buf.buffer, buf.byteOffset, n);
  } finally {
    closeSync(fd);
  }
}

/** readFileBounded as UTF-8 text. */
export function readTextBounded(path: string, maxBytes: number): string {
  return readFileBounded(path, maxBytes).toString('utf8');
}
