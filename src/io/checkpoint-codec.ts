import { crc32 } from './crc32.js';
import { decodeSafetensors, encodeSafetensors, safeTensor, type SafeTensor } from './safetensors.js';

// A training checkpoint as one safetensors file (browser-safe bytes; checkpoint.ts reads and
// writes files), readable by any safetensors reader:
//   param.<name>           F32  model weights, under their stable names
//   optim.<name>.<slot>    F32  optimizer state per parameter (e.g. Adam's m and v)
//   __metadata__: format, config (JSON), epoch, step, rng (JSON of stream states),
//                 optimizer scalars and trainer state (JSON), and checksums (JSON): the
//                 CRC-32 of every tensor's bytes and of the other metadata values, verified
//                 on every load (a flipped bit is reported, never trained on).
// Everything needed to continue bit-exactly; all numbers in metadata are integers or
// JSON floats that round-trip exactly.

export const CHECKPOINT_FORMAT = 'wtanet-checkpoint-1';

export interface CheckpointData {
  /** The validated run config (a JSON-serializable object). */
  config: unknown;
  /** Completed epochs. */
  epoch: number;
  /** Optimizer steps taken. */
  step: number;
  params: Map<string, Float32Array>;
  optimizer: Map<string, Float32Array>;
  /** Saved PRNG stream states by stream name. */
  rng: Record<string, number[]>;
  /** Anything else the trainer needs (early-stopping state, optimizer scalars), JSON. */
  extra: Record<string, unknown>;
  /**
   * Tensor shapes by name (params and optimizer keys), so other readers (PyTorch, NumPy)
   * get e.g. a [in, out] weight instead of a flat vector. Missing names are written 1-D.
   */
  shapes?: ReadonlyMap<string, readonly number[]>;
  /**
   * On load: 'verified' when the file carried checksums and they all matched; 'absent' for a
   * checkpoint written before checksums existed (accepted; callers may say so). Ignored on save.
   */
  integrity?: 'verified' | 'absent';
}

const CHECKSUMS = 'checksums';
const METADATA_SUM = '__metadata__';

const hex = (n: number) => n.toString(16).padStart(8, '0');
const bytesOf = (d: { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }) => new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

/** CRC-32 of the metadata values other than the checksums themselves, in sorted key order. */
function metadataSum(metadata: Record<string, string>): number {
  let c = 0;
  for (const k of Object.keys(metadata).sort()) {
    if (k === CHECKSUMS) continue;
    c = crc32(new TextEncoder().encode(`${JSON.stringify(k)}:${JSON.stringify(metadata[k])};`), c);
  }
  return c;
}

export function encodeCheckpoint(c: CheckpointData): Uint8Array {
  const tensors = new Map<string, SafeTensor>();
  const shape = (name: string, data: Float32Array) => c.shapes?.get(name) ?? [data.length];
  for (const [name, data] of c.params) tensors.set(`param.${name}`, safeTensor(data, shape(name, data)));
  for (const [name, data] of c.optimizer) tensors.set(`optim.${name}`, safeTensor(data, shape(name, data)));
  const metadata: Record<string, string> = {
    format: CHECKPOINT_FORMAT,
    config: JSON.stringify(c.config),
    epoch: String(c.epoch),
    step: String(c.step),
    rng: JSON.stringify(c.rng),
    extra: JSON.stringify(c.extra),
  };
  const sums: Record<string, string> = { [METADATA_SUM]: hex(metadataSum(metadata)) };
  for (const name of [...tensors.keys()].sort()) sums[name] = hex(crc32(bytesOf(tensors.get(name)!.data)));
  metadata[CHECKSUMS] = JSON.stringify(sums);
  return encodeSafetensors(tensors, metadata);
}

/** Verifies the checksums, if any; throws one line naming the first part that differs. */
function verify(tensors: ReadonlyMap<string, { data: { buffer: ArrayBufferLike; byteOffset: number; byteLength: number } }>, metadata: Record<string, string>, source: string): 'verified' | 'absent' {
  const text = metadata[CHECKSUMS];
  if (text === undefined) return 'absent';
  const corrupt = (what: string): never => {
    throw new Error(`wtanet: ${source} is corrupt: ${what}; restore it or start the run again`);
  };
  let sums: Record<string, unknown>;
  try {
    sums = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return corrupt("metadata 'checksums' is not valid JSON");
  }
  if (typeof sums !== 'object' || sums === null || Array.isArray(sums)) corrupt("metadata 'checksums' is not an object");
  const check = (name: string, actual: number, what: string) => {
    const recorded = sums[name];
    if (recorded === undefined) corrupt(`${what} has no recorded checksum`);
    if (recorded !== hex(actual)) corrupt(`${what} fails its checksum (crc32 ${hex(actual)}, recorded ${String(recorded).slice(0, 16)})`);
  };
  check(METADATA_SUM, metadataSum(metadata), 'the metadata (config, epoch, step, PRNG or optimizer state)');
  for (const [name, t] of tensors) check(name, crc32(bytesOf(t.data)), `tensor '${name}'`);
  for (const name of Object.keys(sums)) if (name !== METADATA_SUM && !tensors.has(name)) corrupt(`tensor '${name.slice(0, 80)}' is missing`);
  return 'verified';
}

export function decodeCheckpoint(bytes: Uint8Array, source: string): CheckpointData {
  const { tensors, metadata } = decodeSafetensors(bytes, source);
  const fail = (problem: string): never => {
    throw new Error(`wtanet: ${source} is not a wtanet checkpoint: ${problem}`);
  };
  if (metadata.format !== CHECKPOINT_FORMAT) fail(`metadata 'format' is ${JSON.stringify(metadata.format)?.slice(0, 40)}, expected '${CHECKPOINT_FORMAT}'`);
  const integrity = verify(tensors, metadata, source);
  const json = (key: string): unknown => {
    if (metadata[key] === undefined) fail(`metadata '${key}' is missing`);
    try {
      return JSON.parse(metadata[key]);
    } catch {
      return fail(`metadata '${key}' is not valid JSON`);
    }
  };
  const int = (key: string): number => {
    const v = json(key);
    if (!Number.isInteger(v) || (v as number) < 0) fail(`metadata '${key}' is not a non-negative integer`);
    return v as number;
  };
  const params = new Map<string, Float32Array>();
  const optimizer = new Map<string, Float32Array>();
  for (const [name, t] of tensors) {
    if (t.dtype !== 'F32') fail(`tensor '${name}' is ${t.dtype}, expected F32`);
    if (name.startsWith('param.')) params.set(name.slice(6), t.data as Float32Array);
    else if (name.startsWith('optim.')) optimizer.set(name.slice(6), t.data as Float32Array);
    else fail(`unexpected tensor '${name}'`);
  }
  const shapes = new Map<string, readonly number[]>();
  for (const [name, t] of tensors) shapes.set(name.slice(6), t.shape);
  return {
    integrity,
    shapes,
    config: json('config'),
    epoch: int('epoch'),
    step: int('step'),
    params,
    optimizer,
    rng: json('rng') as Record<string, number[]>,
    extra: json('extra') as Record<string, unknown>,
  };
}
