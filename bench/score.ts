// `wtanet score` on large codes: computeAllMetrics + symbolTable (what the command runs after
// reading the files) on n × 64 codes, WTA (8 groups of 8) and continuous, for n = 50 000 and
// 200 000. CPU seconds per call, and the 200k / 50k ratio: ≈ 4 when every step is linear in n
// (the DCI forests are capped at 3000 samples, a fixed cost, so the ratio is below 4).
// Issues 11 and 22 ask for ≤ 5 s at 200 000 × 64 on the 2-core development machine.
// Second table (issue 22): 100 000 × 64 continuous codes with 4 and with 20 factors, each also
// as a multiple of a peer timed in the same run — the MI matrix (every factor × every unit and
// group, one pass over the samples per pair), work that no score can skip.
// Writes bench/results/score.json. (DCI's estimators: bench/dci.ts.)
import { factorVariables, groupWinners, unitVariables } from '../src/metrics/discretize.js';
import { miMatrix } from '../src/metrics/info.js';
import { computeAllMetrics } from '../src/metrics/report.js';
import { symbolTable } from '../src/metrics/symbols.js';
import type { CodeKind } from '../src/metrics/types.js';
import { medianMs } from './clock.js';
import { printTable, writeResult, type Cell } from './report.js';
import type { BenchModule } from './run.js';

const D = 64;
const GROUPS = 8;
const VALUES = 8;

/** Codes whose first F groups mostly encode one factor each (a realistic, partly clean code). */
export function input(n: number, kind: CodeKind, F = 4) {
  let s = 12345;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const codes = new Float64Array(n * D);
  const z = new Int32Array(n * F);
  const size = D / GROUPS;
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < F; f++) z[i * F + f] = Math.floor(rnd() * VALUES);
    for (let g = 0; g < GROUPS; g++) {
      if (kind === 'wta') {
        const u = g < Math.min(F, GROUPS) && rnd() < 0.9 ? z[i * F + g] % size : Math.floor(rnd() * size);
        codes[i * D + g * size + u] = 1;
      } else for (let u = 0; u < size; u++) codes[i * D + g * size + u] = (g < Math.min(F, GROUPS) && u === z[i * F + g] % size ? 1 : 0) + rnd() - 0.5;
    }
  }
  const factors = Array.from({ length: F }, (_, f) => ({ name: `f${f}`, values: Array.from({ length: VALUES }, (_, v) => String(v)) }));
  return { codes, n, d: D, groups: GROUPS, z, factors, kind };
}

interface Row {
  kind: CodeKind;
  n: number;
  factors: number;
  seconds: number;
  miSeconds?: number;
}

async function run(): Promise<void> {
  const rows: Row[] = [];
  const table: Cell[][] = [];
  for (const kind of ['wta', 'continuous'] as const) {
    const secs: number[] = [];
    for (const n of [50_000, 200_000]) {
      const x = input(n, kind);
      const ms = await medianMs(() => {
        computeAllMetrics(x, { seed: 0 });
        symbolTable(x);
      }, 1000 * (n / 50_000), 1);
      secs.push(ms / 1000);
      rows.push({ kind, n, factors: 4, seconds: ms / 1000 });
    }
    table.push([kind, secs[0], secs[1], secs[1] / secs[0]]);
  }
  console.log('CPU seconds per call (median of tinybench samples); ratio = 200k / 50k (4 = linear).');
  printTable(['code', 'n = 50 000', 'n = 200 000', 'ratio'], table, 2);

  const many: Cell[][] = [];
  for (const F of [4, 20]) {
    const x = input(100_000, 'continuous', F);
    const ms = await medianMs(() => {
      computeAllMetrics(x, { seed: 0 });
      symbolTable(x);
    }, 2000 * (F / 4), 1);
    const fv = factorVariables(x.z, x.n, F);
    const codeVars = [...groupWinners(x), ...unitVariables(x)];
    const mi = await medianMs(() => miMatrix(fv, codeVars), 100 * (F / 4), 1);
    rows.push({ kind: 'continuous', n: 100_000, factors: F, seconds: ms / 1000, miSeconds: mi / 1000 });
    many.push([`${F} factors`, ms / 1000, mi / 1000, ms / mi]);
  }
  console.log('\n100 000 × 64 continuous codes: CPU seconds of the score and of the MI matrix alone, and their ratio.');
  printTable(['factors', 'score', 'MI matrix', 'score / MI'], many, 2);

  console.log(`\nwrote ${writeResult('score.json', rows)}`);
}

export const scoreBench: BenchModule = { name: 'score', run };
