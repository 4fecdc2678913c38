/**
 * Held-out factor combinations and the sampling of IID and out-of-distribution splits.
 *
 * A fraction of all combinations is held out of training. Coverage is enforced constructively:
 * combinations are considered in random order and held out only if every factor value (and, with
 * coverage 'pairs', every value pair of two factors) keeps at least one combination in training.
 * Combination spaces larger than ENUMERATION_LIMIT are not enumerated: membership is a seeded hash
 * of the tuple, and coverage is checked by finding a training combination for each value (pair).
 */
import type { Rng } from '../base/prng.js';
import type { Factor } from './types.js';

export type Coverage = 'values' | 'pairs';
export const ENUMERATION_LIMIT = 1 << 18;

export interface HeldOut {
  /** True when this factor tuple is never shown in training. */
  isHeldOut(zRow: ArrayLike<number>): boolean;
  /** Draws a held-out tuple into `out`. */
  sampleHeldOut(rng: Rng, out: Int32Array): void;
  /** Draws a training tuple (not held out) into `out`. */
  sampleTrain(rng: Rng, out: Int32Array): void;
  /** A training tuple containing the given (factor, value) constraints. */
  trainWith(constraints: [number, number][], rng: Rng, out: Int32Array): boolean;
  /** The held-out tuples (every one when enumerated; else those met so far). */
  list(): number[][];
  readonly enumerated: boolean;
}

function comboIndex(z: ArrayLike<number>, card: readonly number[]): number {
  let idx = 0;
  for (let f = 0; f < card.length; f++) idx = idx * card[f] + z[f];
  return idx;
}

function decode(idx: number, card: readonly number[], out: Int32Array): void {
  for (let f = card.length - 1; f >= 0; f--) {
    out[f] = idx % card[f];
    idx = Math.floor(idx / card[f]);
  }
}

/** Offsets of every (f, v, g, w) pair slot, f < g, in one flat count array. */
function pairLayout(card: readonly number[]): { offset: number[][]; size: number } {
  const F = card.length;
  const offset = Array.from({ length: F }, () => new Array<number>(F).fill(0));
  let size = 0;
  for (let f = 0; f < F; f++)
    for (let g = f + 1; g < F; g++) {
      offset[f][g] = size;
      size += card[f] * card[g];
    }
  return { offset, size };
}

function chooseEnumerated(card: readonly number[], fraction: number, coverage: Coverage, rng: Rng): HeldOut {
  const F = card.length;
  const total = card.reduce((a, b) => a * b, 1);
  const target = Math.round(fraction * total);
  const valueOffset = card.map((_, f) => card.slice(0, f).reduce((a, b) => a + b, 0));
  const valueCount = new Int32Array(card.reduce((a, b) => a + b, 0));
  const pairs = pairLayout(card);
  const pairCount = new Int32Array(coverage === 'pairs' ? pairs.size : 0);
  const z = new Int32Array(F);
  for (let idx = 0; idx < total; idx++) {
    decode(idx, card, z);
    for (let f = 0; f < F; f++) valueCount[valueOffset[f] + z[f]]++;
    if (coverage === 'pairs')
      for (let f = 0; f < F; f++) for (let g = f + 1; g < F; g++) pairCount[pairs.offset[f][g] + z[f] * card[g] + z[g]]++;
  }
  const order = new Int32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  rng.shuffle(order);
  const held = new Uint8Array(total);
  let chosen = 0;
  for (let k = 0; k < total && chosen < target; k++) {
    const idx = order[k];
    decode(idx, card, z);
    let ok = true;
    for (let f = 0; f < F && ok; f++) ok = valueCount[valueOffset[f] + z[f]] > 1;
    if (coverage === 'pairs')
      for (let f = 0; f < F && ok; f++)
        for (let g = f + 1; g < F && ok; g++) ok = pairCount[pairs.offset[f][g] + z[f] * card[g] + z[g]] > 1;
    if (!ok) continue;
    held[idx] = 1;
    chosen++;
    for (let f = 0; f < F; f++) valueCount[valueOffset[f] + z[f]]--;
    if (coverage === 'pairs')
      for (let f = 0; f < F; f++) for (let g = f + 1; g < F; g++) pairCount[pairs.offset[f][g] + z[f] * card[g] + z[g]]--;
  }
  if (chosen < target) {
    throw new Error(
      `data.heldoutFraction: cannot hold out ${target} of ${total} combinations while keeping every ` +
        `${coverage === 'pairs' ? 'value pair of two factors' : 'factor value'} in training (at most ${chosen}); ` +
        `lower heldoutFraction${coverage === 'pairs' ? " or use coverage 'values'" : ''}`,
    );
  }
  const heldList: number[] = [];
  const trainList: number[] = [];
  for (let idx = 0; idx < total; idx++) (held[idx] ? heldList : trainList).push(idx);
  return {
    enumerated: true,
    isHeldOut: (zRow) => held[comboIndex(zRow, card)] === 1,
    sampleHeldOut(r, out) {
      if (heldList.length === 0) throw new Error('data.heldoutFraction: no combinations are held out, so the held-out split is empty; set heldoutFraction > 0 or nHeldout 0');
      decode(heldList[r.int(heldList.length)], card, out);
    },
    sampleTrain(r, out) {
      decode(trainList[r.int(trainList.length)], card, out);
    },
    trainWith(constraints, r, out) {
      // scan from a random start so the choice is random but every candidate is reachable
      const start = r.int(trainList.length);
      for (let k = 0; k < trainList.length; k++) {
        decode(trainList[(start + k) % trainList.length], card, out);
        if (constraints.every(([f, v]) => out[f] === v)) return true;
      }
      return false;
    },
    list: () =>
      heldList.map((idx) => {
        decode(idx, card, z);
        return Array.from(z);
      }),
  };
}

/** Seeded 32-bit hash of a tuple (murmur3-style mixing). */
function hashTuple(z: ArrayLike<number>, F: number, key: number): number {
  let h = key >>> 0;
  for (let f = 0; f < F; f++) {
    h = Math.imul(h ^ (z[f] + 0x9e3779b9 * (f + 1)), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

function chooseHashed(card: readonly number[], fraction: number, rng: Rng): HeldOut {
  const F = card.length;
  const key = rng.nextU32();
  const threshold = fraction * 4294967296;
  const isHeldOut = (zRow: ArrayLike<number>) => hashTuple(zRow, F, key) < threshold;
  const seen = new Map<string, number[]>();
  const draw = (r: Rng, out: Int32Array, want: boolean, fixed: [number, number][] = [], tries = 100000): boolean => {
    for (let t = 0; t < tries; t++) {
      for (let f = 0; f < F; f++) out[f] = r.int(card[f]);
      for (const [f, v] of fixed) out[f] = v;
      if (isHeldOut(out) === want) return true;
    }
    return false;
  };
  return {
    enumerated: false,
    isHeldOut,
    sampleHeldOut(r, out) {
      if (!draw(r, out, true)) throw new Error('data.heldoutFraction: too small to sample held-out combinations');
      const k = out.join(',');
      if (!seen.has(k)) seen.set(k, Array.from(out));
    },
    sampleTrain(r, out) {
      if (!draw(r, out, false)) throw new Error('data.heldoutFraction: too large to sample training combinations');
    },
    trainWith: (constraints, r, out) => draw(r, out, false, constraints, 1000),
    list: () => [...seen.values()].sort((a, b) => comboIndex(a, card) - comboIndex(b, card)),
  };
}

export function chooseHeldOut(factors: readonly Factor[], fraction: number, coverage: Coverage, rng: Rng): HeldOut {
  const card = factors.map((f) => f.values.length);
  const total = card.reduce((a, b) => a * b, 1);
  return total <= ENUMERATION_LIMIT ? chooseEnumerated(card, fraction, coverage, rng) : chooseHashed(card, fraction, rng);
}

/**
 * n training-distribution factor rows. The first rows cover every factor value (and every value
 * pair with coverage 'pairs') with a training combination, so coverage holds in the sample itself,
 * not just in the set of allowed combinations; then rows are shuffled.
 */
export function sampleTrainRows(
  factors: readonly Factor[],
  held: HeldOut,
  n: number,
  coverage: Coverage | 'none',
  rng: Rng,
): Int32Array {
  const F = factors.length;
  const card = factors.map((f) => f.values.length);
  const required: [number, number][][] = [];
  if (coverage !== 'none') for (let f = 0; f < F; f++) for (let v = 0; v < card[f]; v++) required.push([[f, v]]);
  if (coverage === 'pairs')
    for (let f = 0; f < F; f++)
      for (let g = f + 1; g < F; g++)
        for (let v = 0; v < card[f]; v++) for (let w = 0; w < card[g]; w++) required.push([[f, v], [g, w]]);
  if (required.length > n) {
    throw new Error(`data.nTrain: ${n} training samples cannot cover the ${required.length} factor values${coverage === 'pairs' ? ' and value pairs' : ''}; raise nTrain to at least ${required.length}`);
  }
  const z = new Int32Array(n * F);
  const row = new Int32Array(F);
  required.forEach((c, i) => {
    if (!held.trainWith(c, rng, row)) {
      const what = c.map(([f, v]) => `${factors[f].name}=${factors[f].values[v]}`).join(', ');
      throw new Error(`data.heldoutFraction: no training combination contains ${what}; lower heldoutFraction`);
    }
    z.set(row, i * F);
  });
  for (let i = required.length; i < n; i++) {
    held.sampleTrain(rng, row);
    z.set(row, i * F);
  }
  // shuffle rows so the coverage rows are not clustered at the front
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  rng.shuffle(order);
  const out = new Int32Array(n * F);
  for (let i = 0; i < n; i++) out.set(z.subarray(order[i] * F, order[i] * F + F), i * F);
  return out;
}

/** n rows drawn from training combinations (IID val/test) or from held-out ones. */
export function sampleRows(F: number, n: number, draw: (out: Int32Array) => void): Int32Array {
  const z = new Int32Array(n * F);
  const row = new Int32Array(F);
  for (let i = 0; i < n; i++) {
    draw(row);
    z.set(row, i * F);
  }
  return z;
}
