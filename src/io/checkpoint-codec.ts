import { decodeSafetensors, encodeSafetensors, safeTensor, type SafeTensor } from './safetensors.js';

// A training checkpoint as one safetensors file (browser-safe bytes; checkpoint.ts reads and
// writes files), readable by any safetensors reader:
//   param.<name>           F32  model weights, under their stable names
//   optim.<name>.<slot>    F32  optimizer state per parameter (e.g. Adam's m and v)
//   __metadata__: format, config (JSON), epoch, step, rng (JSON of stream states),
//                 optimizer scalars and trainer state (JSON).
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
}

export function encodeCheckpoint(c: CheckpointData): Uint8Array {
  const tensors = new Map<string, SafeTensor>();
  const shape = (name: string, data: Float32Array) => c.shapes?.get(name) ?? [data.length];
  for (const [name, data] of c.params) tensors.set(`param.${name}`, safeTensor(data, shape(name, data)));
  for (const [name, data] of c.optimizer) tensors.set(`optim.${name}`, safeTensor(data, shape(name, data)));
  return encodeSafetensors(tensors, {
    format: CHECKPOINT_FORMAT,
    config: JSON.stringify(c.config),
    epoch: String(c.epoch),
    step: String(c.step),
    rng: JSON.stringify(c.rng),
    extra: JSON.stringify(c.extra),
  });
}

export function decodeCheckpoint(bytes: Uint8Array, source: string): CheckpointData {
  const { tensors, metadata } = decodeSafetensors(bytes, source);
  const fail = (problem: string): never => {
    throw new Error(`wtanet: ${source} is not a wtanet checkpoint: ${problem}`);
  };
  if (metadata.format !== CHECKPOINT_FORMAT) fail(`metadata 'format' is ${JSON.stringify(metadata.format)}, expected '${CHECKPOINT_FORMAT}'`);
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
