/**
 * `partition` tasks: m random binary partitions of one factor's values. Each partition splits the
 * values into two near-equal halves (so labels are balanced) and no two partitions of a factor
 * are equal or complementary (they would be the same task) while distinct ones remain.
 */
import type { Rng } from '../../base/prng.js';
import type { Factor, Task } from '../types.js';

/** Random balanced splits of k values as membership masks (1 = class 1). */
export function randomPartitions(k: number, m: number, rng: Rng): Uint8Array[] {
  const out: Uint8Array[] = [];
  const seen = new Set<string>();
  // Distinct balanced splits up to complement: C(k, floor(k/2)) / (k even ? 2 : 1).
  let distinct = 1;
  for (let i = 0; i < Math.floor(k / 2); i++) distinct = (distinct * (k - i)) / (i + 1);
  if (k % 2 === 0) distinct /= 2;
  for (let attempts = 0; out.length < m; attempts++) {
    const order = Array.from({ length: k }, (_, i) => i);
    rng.shuffle(order);
    const mask = new Uint8Array(k);
    for (let i = 0; i < Math.floor(k / 2); i++) mask[order[i]] = 1;
    // canonical form: value 0 always in class 0, so a split and its complement share a key
    const key = Array.from(mask, (b) => b ^ mask[0]).join('');
    if (seen.has(key) && seen.size < distinct && attempts < 1000) continue;
    seen.add(key);
    out.push(mask);
  }
  return out;
}

/** Every binary split of k values into two non-empty classes, up to complement (2^(k-1) − 1 of them). */
export function allPartitions(k: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  // value 0 is always in class 0, so each split appears once, never with its complement
  for (let m = 1; m < 1 << (k - 1); m++) out.push(Uint8Array.from({ length: k }, (_, v) => (v === 0 ? 0 : (m >> (v - 1)) & 1)));
  return out;
}

export function partitionTask(factors: readonly Factor[], f: number, mask: Uint8Array, index: number): Task {
  const F = factors.length;
  const ones = factors[f].values.filter((_, v) => mask[v] === 1);
  return {
    name: `partition:${factors[f].name}#${index}{${ones.join(',')}}`,
    numClasses: 2,
    dependsOn: [f],
    labels(z: Int32Array, n: number): Int32Array {
      const y = new Int32Array(n);
      for (let i = 0; i < n; i++) y[i] = mask[z[i * F + f]];
      return y;
    },
  };
}
