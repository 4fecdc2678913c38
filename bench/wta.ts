// WTA and softmax kernels: wasm vs their TypeScript twins, in M elements/s, measured in
// the same run (tinybench). Shapes of a bottleneck step: n = 128 rows × G·K units.
// Run: npm run build && node dist/bench/wta.js
import { Bench } from 'tinybench';
import { kernels } from '../src/kernels/load.js';
import * as twin from '../src/kernels/reference/wta.js';
import * as smTwin from '../src/kernels/reference/softmax.js';
import { empty, fromArray } from '../src/tensor/tensor.js';

const k = kernels();
const n = 128;
const shapes = [{ groups: 16, size: 8 }, { groups: 8, size: 32 }];
const rows: Array<Record<string, string | number>> = [];

for (const { groups, size } of shapes) {
  const d = n * groups * size;
  const count = n * groups;
  let s = 1;
  const x = Float32Array.from({ length: d }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 8);
  const g = x.map((v) => Math.cos(v));
  const tx = fromArray(x, [d]);
  const tg = fromArray(g, [d]);
  const ty = empty([d]);
  const y = new Float32Array(d);
  const kw = Math.min(32, groups * size) >> 2;
  const cases: Array<[string, () => void, () => void]> = [
    ['wtaHard', () => k.wtaHard(tx.ptr, ty.ptr, count, size), () => twin.wtaHard(x, y, count, size)],
    ['wtaHardBackward', () => k.wtaHardBackward(tx.ptr, tg.ptr, ty.ptr, count, size, 0.5), () => twin.wtaHardBackward(x, g, y, count, size, 0.5)],
    ['groupSoftmax', () => k.groupSoftmax(tx.ptr, ty.ptr, count, size, 0.5), () => twin.groupSoftmax(x, y, count, size, 0.5)],
    ['softmaxBackward', () => k.softmaxBackward(tx.ptr, tg.ptr, ty.ptr, count, size, 0.5), () => smTwin.softmaxBackward(x, g, y, count, size, 0.5)],
    [`kWta k=${kw}`, () => k.kWta(tx.ptr, ty.ptr, n, groups * size, kw), () => twin.kWta(x, y, n, groups * size, kw)],
  ];
  for (const [name, wasm, ts] of cases) {
    const bench = new Bench({ time: 300, warmupTime: 100 });
    bench.add('wasm', wasm).add('ts', ts);
    await bench.run();
    const meps = bench.tasks.map((t) => {
      const r = t.result as { latency?: { mean: number } };
      return r.latency ? d / (r.latency.mean * 1e3) : NaN; // latency in ms → M elements/s
    });
    rows.push({ kernel: name, shape: `${n}×${groups}·${size}`, 'wasm Melem/s': +meps[0].toFixed(1), 'ts Melem/s': +meps[1].toFixed(1), ratio: +(meps[0] / meps[1]).toFixed(2) });
  }
}
console.table(rows);
