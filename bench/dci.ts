// DCI's two estimators on 200 000 × 64 codes (issue 23): the default forest (preset 'wtanet',
// 3000 training rows) and scikit-learn-style gradient-boosted trees (preset 'disentanglement_lib',
// 10 000 training rows, 100 stages × one tree per class). CPU seconds of one call of
// computeInformationMetrics each (too slow for repeated samples), after a warm-up call; DCI alone
// = that minus the same call without DCI; and the ratio gbt / forest measured in the same run.
// Writes bench/results/dci.json.
import { computeInformationMetrics } from '../src/metrics/report.js';
import { cpuNow } from './clock.js';
import { printTable, writeResult, type Cell } from './report.js';
import type { BenchModule } from './run.js';
import { input } from './score.js';

async function run(): Promise<void> {
  const rows: { kind: string; n: number; noDciSeconds: number; forestSeconds: number; gbtSeconds: number }[] = [];
  const table: Cell[][] = [];
  for (const kind of ['wta', 'continuous'] as const) {
    const x = input(200_000, kind);
    const once = (options: Parameters<typeof computeInformationMetrics>[1]) => {
      const t = cpuNow();
      computeInformationMetrics(x, options);
      return (cpuNow() - t) / 1000;
    };
    once({ seed: 0, dci: false }); // warm-up
    const none = once({ seed: 0, dci: false });
    const forest = once({ seed: 0 }) - none;
    const gbt = once({ seed: 0, dciPreset: 'disentanglement_lib' }) - none;
    rows.push({ kind, n: 200_000, noDciSeconds: none, forestSeconds: forest, gbtSeconds: gbt });
    table.push([kind, none, forest, gbt, gbt / forest]);
  }
  console.log('DCI on 200 000 × 64 codes, CPU seconds of one call: the information metrics without DCI, and DCI alone per estimator.');
  printTable(['code', 'without DCI', 'DCI forest', 'DCI gbt', 'gbt / forest'], table, 2);
  console.log(`\nwrote ${writeResult('dci.json', rows)}`);
}

export const dciBench: BenchModule = { name: 'dci', run };
