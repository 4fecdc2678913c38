// What keeps the cnn training step from scaling to two threads: the step's wall time with 1
// and 2 intra-run threads (shared-memory kernels, bench/profile-threads-worker.ts) against
// the VM's own 2-thread ceiling for pure arithmetic (bench/parallel-ceiling.ts), measured in
// the same interleaved rounds; then per category and per call, wall ms at 1 and 2 threads
// (medians over steps; JS/tape = step − Σ kernels), so what stays serial shows as a speedup
// near 1. Writes bench/results/profile-threads.json.
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { parallelCeiling } from './parallel-ceiling.js';
import { CATEGORIES, kernelWork } from './profile-kernels.js';
import { printTable, writeResult, type Cell } from './report.js';
import { hostSimd } from './host.js';
import { ask } from './ask-worker.js';

const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 6);
const PROFILED_STEPS = 30;

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

interface Profile { calls: { key: string; ms: number[] }[]; stepMs: number[] }

/** Per category: wall ms (sum over calls of each call's median), plus the JS/tape rest. */
function byCategory(p: Profile): Map<string, number> {
  const out = new Map<string, number>();
  let kernels = 0;
  for (const { key, ms } of p.calls) {
    const name = key.slice(0, key.indexOf('('));
    const cat = kernelWork(name, key.slice(name.length + 1, -1).split(',').map(Number)).category;
    const t = median(ms);
    out.set(cat, (out.get(cat) ?? 0) + t);
    kernels += t;
  }
  out.set('JS/tape (rest)', median(p.stepMs) - kernels);
  return out;
}

async function run(): Promise<void> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const worker = new Worker(new URL('./profile-threads-worker.js', import.meta.url), { workerData: { root, workload: 'cnn' } });
  await new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
  const speedups: number[] = [];
  const ceilings: number[] = [];
  const ms: Record<number, number[]> = { 1: [], 2: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const round: Record<number, number> = {};
    for (const t of r % 2 === 0 ? [1, 2] : [2, 1]) {
      round[t] = median((await ask<{ ms: number[] }>(worker, { type: 'steps', threads: t })).ms);
      ms[t].push(round[t]);
    }
    speedups.push(round[1] / round[2]);
    ceilings.push((await parallelCeiling(20)).p50);
  }
  const p1 = await ask<Profile>(worker, { type: 'profile', threads: 1, steps: PROFILED_STEPS });
  const p2 = await ask<Profile>(worker, { type: 'profile', threads: 2, steps: PROFILED_STEPS });
  await worker.terminate();

  const speedup = median(speedups);
  const ceiling = median(ceilings);
  console.log(`${JSON.stringify(hostSimd())}; cnn training step, wall ms: 1 thread ${median(ms[1]).toFixed(2)}, 2 threads ${median(ms[2]).toFixed(2)}`);
  console.log(`2-thread speedup ${speedup.toFixed(2)}× (median of ${ROUNDS} rounds); VM's 2-thread ceiling p50 ${ceiling.toFixed(2)}× (same rounds); ` +
    `speedup / ceiling ${((100 * speedup) / ceiling).toFixed(0)} %`);
  const c1 = byCategory(p1);
  const c2 = byCategory(p2);
  const rows: Cell[][] = [...CATEGORIES, 'JS/tape (rest)'].filter((c) => c1.has(c)).map((c) => [c, c1.get(c)!, c2.get(c)!, c1.get(c)! / c2.get(c)!]);
  console.log('\nwall ms per step by part (profiled steps, medians):');
  printTable(['part', '1 thread', '2 threads', 'speedup'], rows, 2);
  // Calls by time lost against a perfect split: t2 − t1/2.
  const calls = p1.calls.map((c, i) => ({ key: c.key.replace(/\(.*\)/, ''), args: c.key, t1: median(c.ms), t2: median(p2.calls[i].ms) }))
    .map((c) => ({ ...c, lost: c.t2 - c.t1 / 2 })).sort((a, b) => b.lost - a.lost).slice(0, 12);
  console.log('\ncalls losing most against a perfect 2-way split (t2 − t1/2):');
  printTable(['call', '1 thread', '2 threads', 'lost'], calls.map((c) => [`${c.key}(${c.args.slice(c.key.length + 1, -1).split(',').map(Number).filter((x) => Number.isInteger(x) && x < 1e5).join(',')})`, c.t1, c.t2, c.lost]), 3);
  writeResult('profile-threads.json', {
    host: hostSimd(), node: process.version, rounds: ROUNDS, stepMs: { 1: median(ms[1]), 2: median(ms[2]) }, speedup, ceilingP50: ceiling,
    parts: Object.fromEntries(rows.map((r) => [r[0], { t1: r[1], t2: r[2] }])), worstCalls: calls,
  });
}

export const profileThreadsBench = { name: 'threads', run };
