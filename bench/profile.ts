// Where one training step of the bench's cnn (bench/train-workloads.ts) spends its time, one
// thread: every kernel call timed in a worker realm (bench/profile-worker.ts), summed per
// category (gemm, im2row/row2im, layout, elementwise, WTA, loss, optimizer), each against its
// ceiling — flops at the measured SIMD peak for gemm, bytes at the measured copy bandwidth for
// the rest (bench/profile-kernels.ts) — and the rest of the step's wall time as JS/tape
// overhead (the step's CPU time measured without timers, minus the kernels' sum). CPU time,
// not wall time: the bench machines are shared and oversubscribed; a call's time is its mean
// over the profiled steps (getrusage has µs resolution, so small calls need the averaging). Then the gemm calls by
// shape. With WTANET_BASELINE=<built checkout> the same step of that checkout is profiled too,
// in interleaved rounds, and the step time ratio baseline/this is printed (before/after in one
// run). Writes bench/results/profile.json.
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { copyBandwidth, simdPeakGflops } from './machine-probe.js';
import { CATEGORIES, kernelWork } from './profile-kernels.js';
import { isSplit } from './profile-split.js';
import { printTable, writeResult, type Cell } from './report.js';
import { hostSimd } from './host.js';
import { ask } from './ask-worker.js';

const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 4);
/** Which of bench/train-workloads.ts's workloads to profile (PROFILE_WORKLOAD=mlp for the mlp). */
const WORKLOAD = process.env.PROFILE_WORKLOAD ?? 'cnn';
const PROFILED_STEPS = 40;
/** Working set of the bandwidth figure used as ceiling: the step's tensors are L2/L3-sized. */
const CEILING_BYTES = 4 << 20;

interface Side { label: string; worker: Worker; stepMs: number[]; calls: { key: string; ms: number[] }[]; profiledStepMs: number[] }

async function start(label: string, root: string): Promise<Side> {
  const worker = new Worker(new URL('./profile-worker.js', import.meta.url), { workerData: { root, workload: WORKLOAD } });
  await new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
  return { label, worker, stepMs: [], calls: [], profiledStepMs: [] };
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

function summarize(side: Side, peak: number, bandwidth: number) {
  const step = median(side.stepMs);
  // The shares come from the profiled steps themselves (same moments, same load).
  const profiled = side.profiledStepMs.reduce((a, b) => a + b, 0) / side.profiledStepMs.length;
  const byCat = new Map<string, { calls: number; ms: number; ceiling: number }>();
  const gemms: { shape: string; calls: number; ms: number; gflops: number }[] = [];
  const others: { call: string; ms: number; ceiling: number }[] = [];
  let splitMs = 0;
  for (const { key, ms } of side.calls) {
    const name = key.slice(0, key.indexOf('('));
    const args = key.slice(name.length + 1, -1).split(',').map(Number);
    const t = ms.reduce((a, b) => a + b, 0) / ms.length;
    const w = kernelWork(name, args);
    const ceiling = w.flops !== undefined ? w.flops / peak / 1e6 : w.bytes !== undefined ? w.bytes / bandwidth / 1e6 : 0;
    const c = byCat.get(w.category) ?? { calls: 0, ms: 0, ceiling: 0 };
    c.calls++;
    c.ms += t;
    c.ceiling += ceiling;
    byCat.set(w.category, c);
    if (isSplit(name, args)) splitMs += t;
    if (name !== 'sgemm') others.push({ call: `${name}(${args.filter((x) => Number.isInteger(x) && x < 1e5).join(',')})`, ms: t, ceiling });
    if (name === 'sgemm') {
      const shape = `${args[0] ? 'Aᵀ' : 'A'}·${args[1] ? 'Bᵀ' : 'B'} ${args[2]}×${args[3]}×${args[4]}`;
      const g = gemms.find((x) => x.shape === shape);
      if (g) { g.calls++; g.ms += t; } else gemms.push({ shape, calls: 1, ms: t, gflops: w.flops! });
    }
  }
  const kernelMs = [...byCat.values()].reduce((s, c) => s + c.ms, 0);
  const rows: { category: string; calls: number; ms: number; ceiling: number }[] = CATEGORIES.filter((c) => byCat.has(c)).map((c) => ({ category: c, ...byCat.get(c)! }));
  rows.push({ category: 'JS/tape (rest)', calls: 0, ms: profiled - kernelMs, ceiling: 0 });
  for (const g of gemms) g.gflops = (g.gflops * g.calls) / g.ms / 1e6;
  // Amdahl: the calls threads split take half as long, the rest (JS/tape included) as long.
  const amdahl2 = profiled / (profiled - splitMs / 2);
  return { stepMs: step, profiledStepMs: profiled, splitMs, amdahl2, rows, gemms: gemms.sort((a, b) => b.ms - a.ms), others: others.sort((a, b) => b.ms - a.ms).slice(0, Number(process.env.PROFILE_OTHERS ?? 12)) };
}

function print(label: string, s: ReturnType<typeof summarize>) {
  console.log(`\n${label}: ${WORKLOAD} training step ${s.stepMs.toFixed(2)} ms (median CPU time, 1 thread); profiled steps ${s.profiledStepMs.toFixed(2)} ms`);
  const rows: Cell[][] = s.rows.map((r) => [r.category, r.calls || null, r.ms, (100 * r.ms) / s.profiledStepMs, r.ceiling || null, r.ceiling ? (100 * r.ceiling) / r.ms : null]);
  printTable(['part', 'calls', 'ms', '% step', 'ceiling ms', '% of ceiling'], rows, 2);
  console.log(`calls that 2 threads split (dispatch.ts rules): ${s.splitMs.toFixed(2)} ms; the rest stays serial, so 2 threads ` +
    `can make this step at most ${s.amdahl2.toFixed(2)}× faster (every split call halved)`);
}

async function run(): Promise<void> {
  const peak = await simdPeakGflops();
  const bw = await copyBandwidth([512 << 10, CEILING_BYTES, 64 << 20]);
  console.log(`${JSON.stringify(hostSimd())}; SIMD peak ${peak.toFixed(1)} GFLOPS; copy bandwidth GB/s: ` +
    `${Object.entries(bw).map(([b, g]) => `${(Number(b) / 1048576).toFixed(1)} MiB ${g.toFixed(1)}`).join(', ')} (ceiling: the ${CEILING_BYTES >> 20} MiB figure)`);
  const here = fileURLToPath(new URL('../..', import.meta.url));
  const sides = [await start('this checkout', here)];
  const base = process.env.WTANET_BASELINE;
  if (base) sides.unshift(await start(`baseline ${base}`, base));
  for (let r = 0; r < ROUNDS; r++) {
    for (const s of r % 2 === 0 ? sides : [...sides].reverse()) s.stepMs.push(...(await ask<{ ms: number[] }>(s.worker, { type: 'steps' })).ms);
  }
  for (const s of sides) {
    const p = await ask<{ calls: { key: string; ms: number[] }[]; stepMs: number[] }>(s.worker, { type: 'profile', steps: PROFILED_STEPS });
    s.calls = p.calls;
    s.profiledStepMs = p.stepMs;
  }
  for (const s of sides) await s.worker.terminate();
  const results = sides.map((s) => ({ label: s.label, ...summarize(s, peak, bw[CEILING_BYTES]) }));
  for (const r of results) print(r.label, r);
  const mine = results[results.length - 1];
  console.log('\ngemm calls by shape (this checkout; m×n×k, GFLOPS against the peak; ms of the baseline if any):');
  const baseGemm = (shape: string) => results.length === 2 ? results[0].gemms.find((g) => g.shape === shape)?.ms ?? null : null;
  printTable(['product', 'calls', 'ms', 'GFLOPS', '% peak', 'baseline ms'], mine.gemms.map((g) => [g.shape, g.calls, g.ms, g.gflops, (100 * g.gflops) / peak, baseGemm(g.shape)]), 2);
  console.log('\nlargest other kernel calls (this checkout; arguments without pointers):');
  printTable(['call', 'ms', 'ceiling ms', '% of ceiling'], mine.others.map((o) => [o.call, o.ms, o.ceiling || null, o.ceiling ? (100 * o.ceiling) / o.ms : null]), 3);
  let ratio: number | null = null;
  if (sides.length === 2) {
    // Same round, same load: the median over samples of each side, sample sets interleaved.
    ratio = median(sides[0].stepMs) / median(sides[1].stepMs);
    console.log(`\nstep time baseline / this checkout: ${ratio.toFixed(3)}× (medians of ${ROUNDS} interleaved rounds)`);
  }
  console.log('ceiling = flops at the SIMD peak (gemm) or bytes read + written at the copy bandwidth (the rest); JS/tape = profiled step − Σ kernels.');
  writeResult(WORKLOAD === 'cnn' ? 'profile.json' : `profile-${WORKLOAD}.json`, { workload: WORKLOAD, host: hostSimd(), node: process.version, peakGflops: peak, copyGBs: bw, ceilingBytes: CEILING_BYTES, results, baselineOverThis: ratio });
}

export const profileBench = { name: 'profile', run };
