// Before/after of a change, in one run: the whole 1-thread training step of the bench's mlp
// and cnn workloads (bench/train-workloads.ts) of a baseline checkout (WTANET_BASELINE, built
// with `node scripts/build.mjs --force`) against this checkout, each in its own worker realm,
// timed with tinybench in CPU time (bench/ab-worker.ts) in interleaved rounds (ABBA order).
// The ratio is the median over rounds of baseline / this measured seconds apart, so load
// drift cancels; > 1 means this checkout is faster. The load average is printed with it:
// the machines are shared. AB_ROUNDS (default 20), AB_TIME (ms per side and round, default
// 150), AB_WORKLOADS (default mlp,cnn).
import { Worker } from 'node:worker_threads';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ask } from './ask-worker.js';
import { printTable, writeResult } from './report.js';

const ROUNDS = Number(process.env.AB_ROUNDS ?? 20);
/** tinybench time per side and round, ms: short, so the two sides of a round see the same load. */
const TIME = Number(process.env.AB_TIME ?? 150);
const WORKLOADS = (process.env.AB_WORKLOADS ?? 'mlp,cnn').split(',');

async function start(root: string, workload: string): Promise<Worker> {
  const worker = new Worker(new URL('./ab-worker.js', import.meta.url), { workerData: { root, workload } });
  await new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
  return worker;
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

async function run(): Promise<void> {
  const base = process.env.WTANET_BASELINE;
  if (!base) throw new Error('bench ab: set WTANET_BASELINE to a built checkout to compare against');
  const here = fileURLToPath(new URL('../..', import.meta.url));
  const load0 = loadavg()[0];
  const rows: (string | number)[][] = [];
  const results: Record<string, { ratio: number; ratios: number[]; minRatio: number; minRatios: number[] }> = {};
  for (const workload of WORKLOADS) {
    const sides = [await start(base, workload), await start(here, workload)];
    const ratios: number[] = [];
    const minRatios: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? [0, 1] : [1, 0];
      const t: { p50: number; min: number }[] = [];
      for (const i of order) t[i] = await ask<{ p50: number; min: number }>(sides[i], { type: 'time', time: TIME });
      ratios.push(t[0].p50 / t[1].p50);
      minRatios.push(t[0].min / t[1].min);
    }
    for (const s of sides) await s.terminate();
    const q = (v: number[], f: number) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(f * v.length))];
    results[workload] = { ratio: median(ratios), ratios, minRatio: median(minRatios), minRatios };
    rows.push([workload, median(ratios), q(ratios, 0.25), q(ratios, 0.75), median(minRatios), q(minRatios, 0.25), q(minRatios, 0.75)]);
  }
  console.log(`baseline ${base} vs this checkout; 1 thread; load average ${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)}`);
  printTable(['step', 'baseline / this (median)', 'quartile 1', 'quartile 3', 'of fastest samples', 'q1', 'q3'], rows, 3);
  console.log(`(> 1: this checkout is faster; median over ${ROUNDS} interleaved rounds of the ratio of each side's tinybench ` +
    'CPU-time median, and of each side\'s fastest sample — the least disturbed by the other processes — with quartiles)');
  writeResult('ab.json', { baseline: base, rounds: ROUNDS, loadavg: [load0, loadavg()[0]], results });
}

export const abBench = { name: 'ab', run };
