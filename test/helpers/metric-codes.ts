import { Rng } from '../../src/base/prng.js';
import type { FactorSpec } from '../../src/metrics/types.js';

// Codes with known answers for the metrics tests.

export interface Fixture {
  factors: FactorSpec[];
  z: Int32Array;
  n: number;
}

/** Every combination of factor values, each repeated `repeat` times (a full factorial design). */
export function factorial(cards: number[], repeat = 1): Fixture {
  const factors = cards.map((k, f) => ({ name: `f${f}`, values: Array.from({ length: k }, (_, v) => `v${v}`) }));
  const combos = cards.reduce((a, b) => a * b, 1);
  const n = combos * repeat;
  const F = cards.length;
  const z = new Int32Array(n * F);
  for (let i = 0; i < n; i++) {
    let c = i % combos;
    for (let f = F - 1; f >= 0; f--) {
      z[i * F + f] = c % cards[f];
      c = Math.floor(c / cards[f]);
    }
  }
  return { factors, z, n };
}

/** One-hot code from group winners (n × G) with `size` units per group. */
export function oneHot(winners: Int32Array, n: number, groups: number, size: number): Float32Array {
  const codes = new Float32Array(n * groups * size);
  for (let i = 0; i < n; i++) for (let g = 0; g < groups; g++) codes[i * groups * size + g * size + winners[i * groups + g]] = 1;
  return codes;
}

/** The perfect code: group f's winner is y_f. */
export function perfectCode(fx: Fixture, size: number): Float32Array {
  return oneHot(fx.z, fx.n, fx.factors.length, size);
}

/**
 * A random bijection of factor combinations onto group-winner combinations over the same
 * groups (group f has as many used units as factor f has values).
 */
export function bijectionCode(fx: Fixture, size: number, seed: number): Float32Array {
  const cards = fx.factors.map((f) => f.values.length);
  const F = cards.length;
  const combos = cards.reduce((a, b) => a * b, 1);
  const perm = Int32Array.from({ length: combos }, (_, i) => i);
  new Rng(seed, 'bijection').shuffle(perm);
  const winners = new Int32Array(fx.n * F);
  for (let i = 0; i < fx.n; i++) {
    let index = 0;
    for (let f = 0; f < F; f++) index = index * cards[f] + fx.z[i * F + f];
    let c = perm[index];
    for (let f = F - 1; f >= 0; f--) {
      winners[i * F + f] = c % cards[f];
      c = Math.floor(c / cards[f]);
    }
  }
  return oneHot(winners, fx.n, F, size);
}

/** Permutes groups and the units within each group (column permutation of the code). */
export function permuteUnits(codes: Float32Array, n: number, groups: number, size: number, seed: number): Float32Array {
  const rng = new Rng(seed, 'permute');
  const groupOrder = Int32Array.from({ length: groups }, (_, g) => g);
  rng.shuffle(groupOrder);
  const d = groups * size;
  const source = new Int32Array(d);
  for (let g = 0; g < groups; g++) {
    const unitOrder = Int32Array.from({ length: size }, (_, u) => u);
    rng.shuffle(unitOrder);
    for (let u = 0; u < size; u++) source[g * size + u] = groupOrder[g] * size + unitOrder[u];
  }
  const out = new Float32Array(codes.length);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = codes[i * d + source[j]];
  return out;
}

/**
 * Entangled but explicit: every group holds the WHOLE factor combination (a group per copy,
 * each with its own random relabeling), so any group decodes every factor linearly from its
 * one-hot, but no group is specific to one factor.
 */
export function entangledExplicitCode(fx: Fixture, groups: number, seed: number): { codes: Float32Array; size: number } {
  const cards = fx.factors.map((f) => f.values.length);
  const F = cards.length;
  const combos = cards.reduce((a, b) => a * b, 1);
  const rng = new Rng(seed, 'entangled');
  const perms = Array.from({ length: groups }, () => {
    const p = Int32Array.from({ length: combos }, (_, i) => i);
    rng.shuffle(p);
    return p;
  });
  const winners = new Int32Array(fx.n * groups);
  for (let i = 0; i < fx.n; i++) {
    let index = 0;
    for (let f = 0; f < F; f++) index = index * cards[f] + fx.z[i * F + f];
    for (let g = 0; g < groups; g++) winners[i * groups + g] = perms[g][index];
  }
  return { codes: oneHot(winners, fx.n, groups, combos), size: combos };
}
