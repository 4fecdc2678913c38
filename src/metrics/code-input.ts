// Checks on a code and its factors given as plain number matrices (what `wtanet score` reads
// from files), and the rule that says how a code's units are read (CodeKind).
import { DataError } from '../base/check.js';
import type { CodeKind, FactorSpec } from './types.js';

/** Rows × columns of numbers, row-major; `names` are column names (a CSV header) or null. */
export interface NumberMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array | Float32Array;
  readonly names: readonly string[] | null;
}

/**
 * How a bottleneck variant's code is read: variants whose groups have one winner ('wta':
 * the group argmax is the unit that "wins") and the rest ('continuous': units binned).
 */
export function codeKind(variant: string): CodeKind {
  return variant === 'wta' || variant === 'softmax' ? 'wta' : 'continuous';
}

export function checkCodes(path: string, m: NumberMatrix): void {
  const data = m.data;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new DataError(`${path}: row ${Math.floor(i / m.cols) + 1}, column ${(i % m.cols) + 1} is ${m.data[i]}; codes must be finite numbers`);
    }
  }
}

/**
 * Most values a factor may have. Every metric keeps tables of (factor value × code value) and
 * the readouts (InfoE, few-shot) have one output per value, so time and memory grow with the
 * largest label: a stray 1000000 in a 400-row file took 43 s and 1.5 GB. 256 covers the
 * categorical factors of the usual datasets (Cars3D's 183 objects, say); measured on 200000 ×
 * 64 codes here, one 256-valued factor costs ≈ 15 s CPU, eight-valued ones ≈ 4 s.
 */
export const MAX_FACTOR_VALUES = 256;

export function toFactors(path: string, m: NumberMatrix): { z: Int32Array; factors: FactorSpec[] } {
  const z = new Int32Array(m.data.length);
  const max = new Array<number>(m.cols).fill(0);
  for (let i = 0; i < m.data.length; i++) {
    const v = m.data[i];
    if (!(Number.isInteger(v) && v >= 0 && v < MAX_FACTOR_VALUES)) {
      // (The message is built only here: a template string per value cost more than the check.)
      const where = `${path}: row ${Math.floor(i / m.cols) + 1}, column ${(i % m.cols) + 1} is ${v}`;
      if (!Number.isInteger(v) || v < 0) throw new DataError(`${where}; factor values must be integers 0, 1, 2, ... (label-encode them first)`);
      throw new DataError(`${where}; a factor may have at most ${MAX_FACTOR_VALUES} values (0 to ${MAX_FACTOR_VALUES - 1}): label-encode it as 0, 1, 2, ... or bin it`);
    }
    z[i] = v;
    max[i % m.cols] = Math.max(max[i % m.cols], v);
  }
  const factors = max.map((k, f) => ({
    name: m.names?.[f] || `factor${f}`,
    values: Array.from({ length: k + 1 }, (_, v) => String(v)),
  }));
  return { z, factors };
}

/** 'wta' when every group of every row has exactly one nonzero unit (a one-hot WTA output). */
export function detectKind(codes: Float64Array | Float32Array, n: number, d: number, groups: number): CodeKind {
  const size = d / groups;
  for (let i = 0; i < n; i++) {
    for (let g = 0; g < groups; g++) {
      let nonzero = 0;
      for (let u = 0; u < size; u++) if (codes[i * d + g * size + u] !== 0) nonzero++;
      if (nonzero !== 1) return 'continuous';
    }
  }
  return 'wta';
}
