// The timing clock shared by bench modules: CPU time of this process fed to tinybench.
import { Bench } from 'tinybench';

/**
 * CPU time of this process (user + system), in ms. The bench machines are shared and
 * oversubscribed (load averages of 10–20 on 2 cores are common), so wall time would
 * charge other processes' time slices to whichever kernel happened to be running; CPU
 * time does not. Every timed code in bench/ is single-threaded (tfjs is forced to its
 * single-thread build), so CPU time is its compute time. getrusage has µs resolution, so
 * each sample batches calls to last ≥ SAMPLE_MS.
 */
export const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const SAMPLE_MS = 2;

/**
 * Median CPU time (ms) of one call of fn, from tinybench samples of `reps` calls each
 * (reps chosen from `expectedMs` so a sample lasts ≥ SAMPLE_MS), after tinybench's warmup
 * (which, with explicit warmups by the caller, lets V8 tier up).
 */
export async function medianMs(fn: () => void, expectedMs: number, time = 400): Promise<number> {
  return (await latencyMs(fn, expectedMs, time)).p50;
}

/** medianMs's measurement, with the fastest sample beside the median (ms per call both). */
export async function latencyMs(fn: () => void, expectedMs: number, time = 400): Promise<{ p50: number; min: number }> {
  const reps = Math.max(1, Math.ceil(SAMPLE_MS / expectedMs));
  const slow = expectedMs * reps > 100;
  const bench = new Bench({
    now: cpuNow,
    time,
    iterations: slow ? 3 : 10,
    warmupTime: 100,
    warmupIterations: slow ? 1 : 5,
  });
  bench.add('x', reps === 1 ? fn : () => { for (let i = 0; i < reps; i++) fn(); });
  await bench.run();
  const r = bench.tasks[0].result;
  if (r.state !== 'completed') throw new Error(`bench task ${r.state}`);
  return { p50: r.latency.p50 / reps, min: r.latency.min / reps };
}

/**
 * Medians of several functions measured in `rounds` alternating rounds. `best` keeps each
 * one's best median (a burst of load on the sibling core then slows one round, not the
 * result); `ratio(slow, fast)` is the median over rounds of slow/fast measured in the same
 * round, seconds apart — steadier than a ratio of two bests when the load drifts.
 */
export async function measureRounds(fns: Record<string, () => void>, expectedMs: Record<string, number>, rounds = 2): Promise<{
  best: Record<string, number>;
  ratio(slow: string, fast: string): number;
}> {
  const names = Object.keys(fns);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 === 0 ? names : [...names].reverse()) samples[name].push(await medianMs(fns[name], expectedMs[name]));
  }
  const median = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    const mid = s.length >> 1;
    return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  };
  return {
    best: Object.fromEntries(names.map((n) => [n, Math.min(...samples[n])])),
    ratio: (slow, fast) => median(samples[slow].map((v, r) => v / samples[fast][r])),
  };
}
