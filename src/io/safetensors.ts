// The safetensors format (https://github.com/huggingface/safetensors#format):
//   bytes 0..8   u64 little-endian N = length of the JSON header
//   bytes 8..8+N JSON: { name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__": {str: str} }
//   then the byte buffer; offsets are relative to its start, tensors are contiguous
//   row-major little-endian, and together they cover the buffer exactly (no holes).
// Pure byte-level code: browser-safe. File reading/writing lives with the callers.

export type SafeDType = 'F32' | 'F64' | 'I32' | 'U32' | 'I64' | 'U8';
export type SafeData = Float32Array | Float64Array | Int32Array | Uint32Array | BigInt64Array | Uint8Array;

export interface SafeTensor {
  readonly dtype: SafeDType;
  readonly shape: readonly number[];
  readonly data: SafeData;
}

export interface SafetensorsContents {
  tensors: Map<string, SafeTensor>;
  metadata: Record<string, string>;
}

const BYTES: Record<SafeDType, number> = { F32: 4, F64: 8, I32: 4, U32: 4, I64: 8, U8: 1 };
const MAX_HEADER = 100_000_000; // the reference implementation's limit

function dtypeOf(data: SafeData): SafeDType {
  if (data instanceof Float32Array) return 'F32';
  if (data instanceof Float64Array) return 'F64';
  if (data instanceof Int32Array) return 'I32';
  if (data instanceof Uint32Array) return 'U32';
  if (data instanceof BigInt64Array) return 'I64';
  return 'U8';
}

function view(dtype: SafeDType, bytes: Uint8Array): SafeData {
  // Copy into a fresh, aligned buffer: the source offset need not be a multiple of the element size.
  const buf = bytes.slice().buffer;
  switch (dtype) {
    case 'F32': return new Float32Array(buf);
    case 'F64': return new Float64Array(buf);
    case 'I32': return new Int32Array(buf);
    case 'U32': return new Uint32Array(buf);
    case 'I64': return new BigInt64Array(buf);
    case 'U8': return new Uint8Array(buf);
  }
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
function requireLittleEndian(): void {
  // Typed arrays use the host's byte order; every platform wasm runs on is little-endian.
  if (!littleEndian) throw new Error('wtanet: safetensors needs a little-endian host');
}

/** A tensor from raw typed data (dtype inferred from the array type). */
export function safeTensor(data: SafeData, shape: readonly number[] = [data.length]): SafeTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== data.length) throw new Error(`wtanet: safetensors tensor of shape [${shape.join(', ')}] needs ${n} values, got ${data.length}`);
  return { dtype: dtypeOf(data), shape: [...shape], data };
}

/**
 * Serializes tensors (written in sorted name order, so the bytes depend only on the
 * contents) and string metadata. The header is padded with spaces to a multiple of 8
 * bytes so that the data starts aligned, as the reference writer does.
 */
export function encodeSafetensors(tensors: ReadonlyMap<string, SafeTensor> | Record<string, SafeTensor>, metadata: Record<string, string> = {}): Uint8Array {
  requireLittleEndian();
  const entries = (tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const header: Record<string, unknown> = {};
  const meta: Record<string, string> = {};
  for (const k of Object.keys(metadata).sort()) {
    if (typeof metadata[k] !== 'string') throw new Error(`wtanet: safetensors metadata '${k}' must be a string`);
    meta[k] = metadata[k];
  }
  if (Object.keys(meta).length > 0) header.__metadata__ = meta;
  let offset = 0;
  for (const [name, t] of entries) {
    if (name === '__metadata__') throw new Error("wtanet: safetensors tensor name '__metadata__' is reserved");
    const bytes = t.data.byteLength;
    header[name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  const encoded = new TextEncoder().encode(json);
  const pad = (8 - (encoded.length % 8)) % 8;
  json += ' '.repeat(pad);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const [, t] of entries) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}

/**
 * Parses and validates a safetensors file. Every inconsistency (truncation, bad JSON,
 * unknown dtype, offsets that overlap, leave holes or run past the end) throws one
 * line naming `source` and the problem.
 */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors data'): SafetensorsContents {
  requireLittleEndian();
  const fail = (problem: string): never => {
    throw new Error(`wtanet: ${source} is not a valid safetensors file: ${problem}`);
  };
  if (bytes.length < 8) fail(`only ${bytes.length} bytes, the 8-byte header length is missing (truncated?)`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER)) fail(`header length ${n} is implausible (corrupt?)`);
  const headerLength = Number(n);
  if (8 + headerLength > bytes.length) fail(`header needs ${headerLength} bytes but the file has ${bytes.length - 8} after the length (truncated?)`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (e) {
    fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object');
  const record = header as Record<string, unknown>;
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const spans: { name: string; begin: number; end: number; dtype: SafeDType; shape: number[] }[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (name === '__metadata__') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('__metadata__ is not an object');
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} is not a string`);
        metadata[k] = v as string;
      }
      continue;
    }
    const info = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof info !== 'object' || info === null) fail(`entry '${name}' is not an object`);
    const dtype = info.dtype as SafeDType;
    if (typeof dtype !== 'string' || !(dtype in BYTES)) fail(`tensor '${name}' has unsupported dtype ${JSON.stringify(info.dtype)} (supported: ${Object.keys(BYTES).join(', ')})`);
    const shape = info.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
    const offs = info.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((d) => Number.isInteger(d) && d >= 0) || offs[1] < offs[0]) {
      fail(`tensor '${name}' has invalid data_offsets ${JSON.stringify(offs)}`);
    }
    const [begin, end] = offs as number[];
    const expected = (shape as number[]).reduce((a, b) => a * b, 1) * BYTES[dtype];
    if (end - begin !== expected) fail(`tensor '${name}' (${dtype} [${(shape as number[]).join(', ')}]) needs ${expected} bytes but data_offsets span ${end - begin}`);
    if (end > dataLength) fail(`tensor '${name}' ends at byte ${end} of the data but only ${dataLength} bytes follow the header (truncated?)`);
    spans.push({ name, begin, end, dtype, shape: shape as number[] });
  }
  // The spec requires the tensors to tile the data buffer exactly.
  const sorted = [...spans].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const s of sorted) {
    if (s.begin !== at) fail(s.begin < at ? `tensor '${s.name}' overlaps the previous tensor` : `a hole of ${s.begin - at} bytes precedes tensor '${s.name}'`);
    at = s.end;
  }
  if (at !== dataLength) fail(`${dataLength - at} bytes of data follow the last tensor (corrupt header?)`);
  const tensors = new Map<string, SafeTensor>();
  for (const s of spans) {
    tensors.set(s.name, { dtype: s.dtype, shape: s.shape, data: view(s.dtype, bytes.subarray(dataStart + s.begin, dataStart + s.end)) });
  }
  return { tensors, metadata };
}
