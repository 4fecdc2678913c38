import { LIMITS, readFileBounded } from './read-bounded.js';
import { writeFileAtomic } from './atomic.js';
import { decodeCheckpoint, encodeCheckpoint, type CheckpointData } from './checkpoint-codec.js';

// Checkpoint files on disk; the format itself is in checkpoint-codec.ts (browser-safe).
export { CHECKPOINT_FORMAT, decodeCheckpoint, encodeCheckpoint, type CheckpointData } from './checkpoint-codec.js';

export function saveCheckpoint(path: string, c: CheckpointData): void {
  writeFileAtomic(path, encodeCheckpoint(c));
}

export function loadCheckpoint(path: string): CheckpointData {
  let bytes: Uint8Array;
  try {
    // A regular file that fits the wasm memory it is loaded into (see read-bounded.ts).
    const buf = readFileBounded(path, LIMITS.checkpoint);
    bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTREG' || code === 'EFBIG') throw new Error((e as Error).message.replace(/^wtanet: /, 'wtanet: checkpoint '));
    throw new Error(`wtanet: cannot read checkpoint ${path}: ${code ?? (e as Error).message}`);
  }
  return decodeCheckpoint(bytes, path);
}
