import type { MetricsInput } from '../../src/metrics/report.js';

// The fixed codes of scripts/reference/dci_disentanglement_lib.py, built with the same formula:
// one LCG (x ← 1664525·x + 1013904223 mod 2^32, u = x / 2^32) drawn in the same order.
// 600 rows; factors of 4, 3 and 5 values; a WTA code of 4 groups × 5 units (groups 0–2 hold
// factor g with probability 0.85, group 3 is noise); 8 continuous units (units 0–5 carry factor
// j mod 3, scaled 1 or −0.5, plus uniform noise of width 0.3; units 6–7 noise), raw or on a
// grid of 1/8 (≤ 256 distinct values: the exact regime of gbt.ts), or the grid plus 12 dead units.

export const N = 600;
const CARDS = [4, 3, 5];
const GROUPS = 4;
const SIZE = 5;

export interface ReferenceCodes {
  wta: MetricsInput;
  grid: MetricsInput;
  gridDead: MetricsInput;
  continuous: MetricsInput;
}

export function referenceCodes(): ReferenceCodes {
  let s = 20261206;
  const u = () => {
    s = (Math.imul(1664525, s) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const z = new Int32Array(N * 3);
  const onehot = new Float64Array(N * GROUPS * SIZE);
  const cont = new Float64Array(N * 8);
  for (let i = 0; i < N; i++) {
    for (let f = 0; f < 3; f++) z[i * 3 + f] = Math.floor(u() * CARDS[f]);
    for (let g = 0; g < GROUPS; g++) {
      const w = g < 3 && u() < 0.85 ? z[i * 3 + g] % SIZE : Math.floor(u() * SIZE);
      onehot[i * GROUPS * SIZE + g * SIZE + w] = 1;
    }
    for (let j = 0; j < 8; j++) {
      const signal = j < 6 ? (z[i * 3 + (j % 3)] / CARDS[j % 3]) * (j < 3 ? 1 : -0.5) : 0;
      cont[i * 8 + j] = signal + 0.3 * (u() - 0.5);
    }
  }
  // NumPy's round is half-to-even; no value here lies on a half step of 1/8 (checked by the test).
  const grid = cont.map((v) => roundHalfEven(v * 8) / 8);
  const gridDead = new Float64Array(N * 20);
  for (let i = 0; i < N; i++) gridDead.set(grid.subarray(i * 8, i * 8 + 8), i * 20);
  const factors = CARDS.map((k, f) => ({ name: `f${f}`, values: Array.from({ length: k }, (_, v) => `v${v}`) }));
  const base = { n: N, z, factors };
  return {
    wta: { ...base, codes: onehot, d: GROUPS * SIZE, groups: GROUPS, kind: 'wta' },
    grid: { ...base, codes: grid, d: 8, groups: 1, kind: 'continuous' },
    gridDead: { ...base, codes: gridDead, d: 20, groups: 1, kind: 'continuous' },
    continuous: { ...base, codes: cont, d: 8, groups: 1, kind: 'continuous' },
  };
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
