// A numeric matrix (n rows × columns) from the bytes of a .npy file or the text of a CSV file,
// as `wtanet score` reads codes and factors. Pure: no file system, so pages can read them too.
import { DataError } from '../base/check.js';
import { readNpy } from './npy.js';

/** A numeric matrix read from a file; `names` from a CSV header. */
export interface Matrix {
  rows: number;
  cols: number;
  /** Float32Array as stored when the file holds float32 (every float32 is a float64 exactly: same numbers, half the memory). */
  data: Float64Array | Float32Array;
  names: string[] | null;
  /**
   * The fields of the columns that may hold text (readCsvMatrix's `keepText`) and do: every
   * field of such a column, as written (its numbers in `data` are NaN then).
   */
  text: Map<number, string[]>;
}

export function readNpyMatrix(path: string, bytes: Uint8Array): Matrix {
  let array;
  try {
    // A view where the file allows it: the values are converted into `out` below anyway.
    array = readNpy(bytes, { copy: false });
  } catch (e) {
    throw new DataError(`${path}: ${(e as Error).message}`);
  }
  const { shape, data } = array;
  if (shape.length === 0 || shape.length > 2) {
    throw new DataError(`${path}: expected a 1-D or 2-D array (n × columns), got shape [${shape.join(', ')}]`);
  }
  const rows = shape[0];
  const cols = shape.length === 2 ? shape[1] : 1;
  if (rows === 0 || cols === 0) throw new DataError(`${path}: the array is empty (shape [${shape.join(', ')}])`);
  if (data instanceof Float32Array) return { rows, cols, data, names: null, text: new Map() };
  const out = new Float64Array(rows * cols);
  // A plain numeric array converts in one typed-array copy. 64-bit integers are read as their
  // two 32-bit halves (a BigInt per value costs ~20× more): high · 2^32 is exact and adding the
  // low half rounds once, so each value is the same number as Number(bigint).
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    const words = new Uint32Array(data.buffer, data.byteOffset, out.length * 2);
    const signed = data instanceof BigInt64Array;
    for (let i = 0; i < out.length; i++) {
      const hi = words[2 * i + 1];
      out[i] = (signed ? hi | 0 : hi) * 4294967296 + words[2 * i];
    }
  } else out.set(data);
  return { rows, cols, data: out, names: null, text: new Map() };
}

/** A CSV field as a number (NaN and ±inf spelled out are numbers, to be rejected later with position), or null. */
function parseField(f: string): number | null {
  if (f === '') return null;
  // Plain numbers first: the spelled-out specials are rare, and regular expressions per field
  // would dominate reading a large file.
  const v = Number(f);
  if (!Number.isNaN(v)) return v;
  if (/^[+-]?nan$/i.test(f)) return NaN;
  if (/^[+-]?inf(inity)?$/i.test(f)) return f.startsWith('-') ? -Infinity : Infinity;
  return null;
}

/**
 * A CSV's numbers. `keepText(header)` names columns that may hold text (a dataset's factor
 * values such as 'red'): their fields are kept as written, and a column in which any field is
 * not a number comes back in `text` (the caller numbers its values).
 */
export function readCsvMatrix(path: string, text: string, options: { keepText?: (names: string[] | null) => ReadonlySet<number> } = {}): Matrix {
  const lines = text.split(/\r?\n/);
  let names: string[] | null = null;
  // A growing typed array: a plain array of 12.8 million numbers would cost several times more.
  let values = new Float64Array(1024);
  let count = 0;
  let cols = -1;
  let rows = 0;
  let keep: ReadonlySet<number> = new Set();
  const textOf: Map<number, string[]> = new Map();
  const named = new Set<number>();
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l].trim();
    if (line === '') continue;
    // Also read what NumPy and pandas write by default: np.savetxt separates with spaces,
    // to_csv quotes some header names; a leading byte-order mark is not part of a name.
    const cells = line.includes(',') ? line.split(',') : line.split(/\s+/);
    const fields = cells.map((f, c) => {
      const t = (c === 0 && f.charCodeAt(0) === 0xfeff ? f.slice(1) : f).trim();
      return t.charCodeAt(0) === 34 /* " */ ? t.replace(/^"(.*)"$/, '$1') : t;
    });
    const parsed = fields.map(parseField);
    // The first nonempty line is a header when any of its fields is not a number.
    if (cols < 0 && parsed.some((v) => v === null)) {
      names = fields;
      cols = fields.length;
      keep = options.keepText?.(names) ?? keep;
      for (const c of keep) textOf.set(c, []);
      continue;
    }
    if (cols < 0) {
      cols = fields.length;
      keep = options.keepText?.(null) ?? keep;
      for (const c of keep) textOf.set(c, []);
    }
    if (fields.length !== cols) throw new DataError(`${path} line ${l + 1}: expected ${cols} values, got ${fields.length}`);
    if (count + cols > values.length) {
      const grown = new Float64Array(Math.max(values.length * 2, count + cols));
      grown.set(values.subarray(0, count));
      values = grown;
    }
    parsed.forEach((v, c) => {
      if (keep.has(c)) {
        textOf.get(c)!.push(fields[c]);
        if (v === null) named.add(c);
        values[count++] = v ?? NaN;
        return;
      }
      if (v === null) throw new DataError(`${path} line ${l + 1}, column ${c + 1}: '${fields[c]}' is not a number`);
      values[count++] = v;
    });
    rows++;
  }
  if (rows === 0) throw new DataError(`${path}: no data rows`);
  const kept = new Map([...textOf].filter(([c]) => named.has(c)));
  return { rows, cols, data: values.slice(0, count), names, text: kept };
}
