// DCI's estimators on 200 000 × 64 codes (issue 23), each timed as the median of REPS calls
// (interleaved, after a warm-up) of the estimator alone: both dci() calls (group and unit level)
// that computeInformationMetrics makes, built by dciCalls as it builds them. (Earlier this bench
// subtracted a timing without DCI from one with it: on a loaded machine that difference was even
// negative once.) Every ratio is against the forest measured in the same run.
// - forest: preset 'wtanet' (10 bagged trees, 3000 training rows, groups one-hot, units binned);
// - gbt, wtanet features: the same rows and features, estimator 'gbt' (100 stages × one tree
//   per class, histogram split search, every split exact since the features have ≤ 20 values);
// - gbt, disentanglement_lib: that preset — 10 000 training and 5 000 test rows (the library's
//   own dci.num_train / num_test), groups as one index, units as raw values, exact splits;
// - the same with maxBins 256 (continuous units split between 256 quantile bins: faster, not
//   within the library's seed spread).
// Writes bench/results/dci.json.
import { dci } from '../src/metrics/dci.js';
import { computeInformationMetrics, dciCalls } from '../src/metrics/report.js';
import { cpuNow } from './clock.js';
import { printTable, writeResult, type Cell } from './report.js';
import type { BenchModule } from './run.js';
import { input } from './score.js';

const ESTIMATORS = {
  forest: {},
  gbtWtanetFeatures: { dci: { estimator: 'gbt' } },
  gbtDisentanglementLib: { dciPreset: 'disentanglement_lib' },
  gbtDisentanglementLib256: { dciPreset: 'disentanglement_lib', dci: { maxBins: 256 } },
} as const;

/** Calls per estimator, interleaved (the median is kept): single calls moved the forest's time by 2× on a loaded machine. */
const REPS = 3;

async function run(): Promise<void> {
  const rows: Record<string, number | string>[] = [];
  const table: Cell[][] = [];
  for (const kind of ['wta', 'continuous'] as const) {
    const x = input(200_000, kind);
    // The rest of the metrics (NMI, MIG, …), once: the cost DCI adds to.
    const t0 = cpuNow();
    computeInformationMetrics(x, { seed: 0, dci: false });
    const none = (cpuNow() - t0) / 1000;
    const once = (options: Parameters<typeof dciCalls>[1]) => {
      const calls = dciCalls(x, options); // the discretized code: outside the timing, as the rest of the metrics share it
      const t = cpuNow();
      for (const c of calls) dci(c.features, c.factors, c.settings);
      return (cpuNow() - t) / 1000;
    };
    once({ seed: 0 }); // warm-up
    const times: Record<string, number[]> = {};
    for (let r = 0; r < REPS; r++) {
      for (const [name, options] of Object.entries(ESTIMATORS)) {
        // The exact gbt on raw continuous units takes a minute a call: once.
        if (r > 0 && kind === 'continuous' && name === 'gbtDisentanglementLib') continue;
        (times[name] ??= []).push(once({ seed: 0, ...options }));
      }
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
    const row: Record<string, number | string> = { kind, n: 200_000, reps: REPS, noDciSeconds: none };
    for (const name of Object.keys(ESTIMATORS)) row[`${name}Seconds`] = median(times[name]);
    rows.push(row);
    const f = row.forestSeconds as number;
    const s = (k: string) => row[`${k}Seconds`] as number;
    table.push([kind, none, f, s('gbtWtanetFeatures') / f, s('gbtDisentanglementLib') / f, s('gbtDisentanglementLib256') / f]);
  }
  console.log(`DCI on 200 000 × 64 codes: CPU seconds of the information metrics without DCI (once) and of the forest's DCI alone (median of ${REPS} calls); each gbt as a multiple of the forest, same run.`);
  printTable(['code', 'without DCI', 'DCI forest', 'gbt, wtanet features', 'gbt, disentanglement_lib', 'same, 256 bins'], table, 2);
  console.log(`\nwrote ${writeResult('dci.json', rows)}`);
}

export const dciBench: BenchModule = { name: 'dci', run };
