import { readFileSync } from 'node:fs';
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
    const buf = readFileSync(path);
    bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    throw new Error(`wtanet: cannot read checkpoint ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return decodeCheckpoint(bytes, path);
}
