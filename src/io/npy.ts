/**
 * NumPy .npy read/write (format versions 1.0, 2.0, 3.0), C order only.
 * Pure byte manipulation — no node: imports — so browsers can read .npy too.
 * Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */

export type NpyData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;

export interface NpyArray {
  /** Little-endian NumPy descr, e.g. '<f4', '|u1', '|b1' (big-endian files are converted). */
  dtype: string;
  shape: number[];
  data: NpyData;
}

interface DtypeInfo {
  size: number;
  make: (buffer: ArrayBuffer) => NpyData;
}

// Keyed by kind+size; the byte-order character is handled separately.
const DTYPES: Record<string, DtypeInfo> = {
  f4: { size: 4, make: (b) => new Float32Array(b) },
  f8: { size: 8, make: (b) => new Float64Array(b) },
  i1: { size: 1, make: (b) => new Int8Array(b) },
  i2: { size: 2, make: (b) => new Int16Array(b) },
  i4: { size: 4, make: (b) => new Int32Array(b) },
  i8: { size: 8, make: (b) => new BigInt64Array(b) },
  u1: { size: 1, make: (b) => new Uint8Array(b) },
  u2: { size: 2, make: (b) => new Uint16Array(b) },
  u4: { size: 4, make: (b) => new Uint32Array(b) },
  u8: { size: 8, make: (b) => new BigUint64Array(b) },
  b1: { size: 1, make: (b) => new Uint8Array(b) },
};
const SUPPORTED = "'<f4' '<f8' '|i1' '<i2' '<i4' '<i8' '|u1' '<u2' '<u4' '<u8' '|b1' (or big-endian '>')";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function parseDescr(descr: string): { key: string; info: DtypeInfo; bigEndian: boolean } {
  const m = /^([<>|=])([a-z])(\d+)$/.exec(descr);
  const key = m ? m[2] + m[3] : '';
  const info = DTYPES[key];
  if (!m || info === undefined) throw new Error(`npy: unsupported dtype '${descr}'; supported: ${SUPPORTED}`);
  const order = m[1];
  // '=' means native order of the writer's machine; NumPy itself writes '<' or '|', treat '=' as little.
  const bigEndian = order === '>' && info.size > 1;
  return { key, info, bigEndian };
}

function byteswap(bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size)
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
}

/** Parses the header dict, a Python literal like {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }. */
function parseHeader(text: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shape) {
    throw new Error(`npy: malformed header ${JSON.stringify(text.trim())}; expected keys 'descr', 'fortran_order', 'shape'`);
  }
  const dims = shape[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const n = Number(s.replace(/L$/, ''));
      if (!Number.isSafeInteger(n) || n < 0) throw new Error(`npy: bad shape entry '${s}' in header`);
      return n;
    });
  return { descr: descr[1], fortran: fortran[1] === 'True', shape: dims };
}

/** Reads the header and returns it with the offset of the first data byte. */
export function readNpyHeader(bytes: Uint8Array): { dtype: string; shape: number[]; fortran: boolean; dataOffset: number; itemSize: number } {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new Error('npy: not a .npy file (missing the \\x93NUMPY magic)');
  }
  const major = bytes[6];
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = bytes[8] | (bytes[9] << 8);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new Error('npy: truncated header');
    headerLen = (bytes[8] | (bytes[9] << 8) | (bytes[10] << 16)) + bytes[11] * 2 ** 24;
    start = 12;
  } else {
    throw new Error(`npy: unsupported format version ${major}.${bytes[7]}; supported: 1.0, 2.0, 3.0`);
  }
  if (start + headerLen > bytes.length) throw new Error('npy: truncated header');
  const raw = bytes.subarray(start, start + headerLen);
  const text = major === 3 ? new TextDecoder('utf-8').decode(raw) : new TextDecoder('latin1').decode(raw);
  const h = parseHeader(text);
  const { info } = parseDescr(h.descr);
  return { dtype: h.descr, shape: h.shape, fortran: h.fortran, dataOffset: start + headerLen, itemSize: info.size };
}

/**
 * Reads a .npy file's bytes. The returned data is in host (little-endian) order, always C
 * (row-major) order: a Fortran-ordered file — what np.save writes for a column-permuted view such
 * as x[:, perm] — is transposed on reading. By default it is a fresh, aligned copy; with
 * `copy: false` it is a view into `bytes` where it can be (C order, host byte order, aligned),
 * which a reader of a large file wants: the copy would double its memory for nothing.
 */
export function readNpy(bytes: Uint8Array, options: { copy?: boolean } = {}): NpyArray {
  const { dtype, shape, fortran, dataOffset } = readNpyHeader(bytes);
  const { key, info, bigEndian } = parseDescr(dtype);
  const count = shape.reduce((a, b) => a * b, 1);
  const nbytes = count * info.size;
  const available = bytes.length - dataOffset;
  if (available < nbytes) {
    throw new Error(
      `npy: truncated data: shape [${shape.join(', ')}] of '${dtype}' needs ${nbytes} bytes, only ${available} present`,
    );
  }
  const kind = key === 'b1' || key === 'u1' || key === 'i1' ? '|' : '<';
  const swap = bigEndian === HOST_LITTLE_ENDIAN && info.size > 1;
  const start = bytes.byteOffset + dataOffset;
  if (options.copy === false && !swap && !(fortran && shape.length > 1) && start % info.size === 0) {
    return { dtype: kind + key, shape, data: view(key, bytes.buffer as ArrayBuffer, start, count) };
  }
  const copy = bytes.slice(dataOffset, dataOffset + nbytes);
  if (swap) byteswap(copy, info.size);
  const data = info.make(copy.buffer);
  return { dtype: kind + key, shape, data: fortran && shape.length > 1 ? toCOrder(data, shape) : data };
}

/** A typed-array view of `count` values of dtype `key` at byte `offset` (aligned) of `buffer`. */
function view(key: string, buffer: ArrayBuffer, offset: number, count: number): NpyData {
  switch (key) {
    case 'f4': return new Float32Array(buffer, offset, count);
    case 'f8': return new Float64Array(buffer, offset, count);
    case 'i1': return new Int8Array(buffer, offset, count);
    case 'i2': return new Int16Array(buffer, offset, count);
    case 'i4': return new Int32Array(buffer, offset, count);
    case 'i8': return new BigInt64Array(buffer, offset, count);
    case 'u2': return new Uint16Array(buffer, offset, count);
    case 'u4': return new Uint32Array(buffer, offset, count);
    case 'u8': return new BigUint64Array(buffer, offset, count);
    default: return new Uint8Array(buffer, offset, count); // u1, b1
  }
}

/** Column-major (Fortran) data of `shape` → a new row-major array of the same type. */
function toCOrder<T extends NpyData>(data: T, shape: readonly number[]): T {
  const out = new (data.constructor as new (n: number) => T)(data.length);
  // Fortran strides (in elements): axis a advances by d0·…·d(a−1).
  const strides: number[] = [];
  let s = 1;
  for (const d of shape) {
    strides.push(s);
    s *= d;
  }
  const idx = new Array<number>(shape.length).fill(0);
  let src = 0;
  for (let q = 0; q < data.length; q++) {
    (out as unknown as unknown[])[q] = (data as unknown as unknown[])[src];
    // Advance the C-order multi-index (last axis fastest), keeping the Fortran offset in step.
    for (let a = shape.length - 1; a >= 0; a--) {
      idx[a]++;
      src += strides[a];
      if (idx[a] < shape[a]) break;
      src -= strides[a] * shape[a];
      idx[a] = 0;
    }
  }
  return out;
}

function defaultDtype(data: NpyData): string {
  if (data instanceof Float32Array) return '<f4';
  if (data instanceof Float64Array) return '<f8';
  if (data instanceof Int8Array) return '|i1';
  if (data instanceof Int16Array) return '<i2';
  if (data instanceof Int32Array) return '<i4';
  if (data instanceof BigInt64Array) return '<i8';
  if (data instanceof Uint8Array) return '|u1';
  if (data instanceof Uint16Array) return '<u2';
  if (data instanceof Uint32Array) return '<u4';
  if (data instanceof BigUint64Array) return '<u8';
  throw new Error('npy: unsupported array type');
}

/**
 * Serializes an array as .npy (version 1.0, or 2.0 when the header needs more than 64 KiB).
 * `dtype` defaults from the typed array; pass '|b1' to write a Uint8Array of 0/1 as bool.
 */
export function writeNpy(array: { data: NpyData; shape: readonly number[]; dtype?: string }): Uint8Array {
  const dtype = array.dtype ?? defaultDtype(array.data);
  const { info } = parseDescr(dtype);
  if (dtype.startsWith('>')) throw new Error(`npy: writing big-endian '${dtype}' is not supported`);
  const expected = defaultDtype(array.data);
  const compatible = dtype === expected || (dtype === '|b1' && expected === '|u1');
  if (!compatible) throw new Error(`npy: dtype '${dtype}' does not match the ${array.data.constructor.name} given`);
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (count !== array.data.length) {
    throw new Error(`npy: shape [${array.shape.join(', ')}] has ${count} elements but data has ${array.data.length}`);
  }
  const shapeText = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Pad with spaces so magic + length field + header (ending in '\n') is a multiple of 64 bytes.
  let prefix = 10;
  if (dict.length + 1 + prefix > 65535) prefix = 12;
  const total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - prefix - 1, ' ') + '\n';
  const out = new Uint8Array(total + count * info.size);
  out.set(MAGIC, 0);
  out[6] = prefix === 10 ? 1 : 2;
  out[7] = 0;
  const len = dict.length;
  out[8] = len & 0xff;
  out[9] = (len >>> 8) & 0xff;
  if (prefix === 12) {
    out[10] = (len >>> 16) & 0xff;
    out[11] = (len >>> 24) & 0xff;
  }
  for (let i = 0; i < len; i++) out[prefix + i] = dict.charCodeAt(i);
  const d = array.data;
  out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), total);
  if (!HOST_LITTLE_ENDIAN && info.size > 1) byteswap(out.subarray(total), info.size);
  return out;
}
