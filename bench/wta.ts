// WTA and softmax kernels: wasm vs their TypeScript twins, in M elements/s per CPU second,
// measured in the same run. Shapes of a bottleneck step: n = 128 rows × G·K units.
// Writes bench/results/wta.json.
import { kernels } from '../src/kernels/load.js';
import * as twin from '../src/kernels/reference/wta.js';
import * as smTwin from '../src/kernels/reference/softmax.js';
import { scratch } from '../src/tensor/context.js';
import { fromArray, empty } from '../src/tensor/tensor.js';
import { measureRounds } from './clock.js';
import { printTable, writeResult, type Cell } from './report.js';
import type { BenchModule } from './run.js';

const ROWS = 128;
const shapes = [{ groups: 16, size: 8 }, { groups: 8, size: 32 }];

interface Row { kernel: string; rows: number; groups: number; size: number; melemPerSec: { wasm: number; ts: number }; ratio: number }

async function run(): Promise<void> {
  const k = kernels();
  const arena = scratch();
  const mark = arena.mark();
  const results: Row[] = [];
  const table: Cell[][] = [];
  for (const { groups, size } of shapes) {
    const d = ROWS * groups * size;
    const count = ROWS * groups;
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
      [`kWta k=${kw}`, () => k.kWta(tx.ptr, ty.ptr, ROWS, groups * size, kw), () => twin.kWta(x, y, ROWS, groups * size, kw)],
    ];
    for (const [name, wasm, ts] of cases) {
      // Tier-up before timing (wasm has no on-stack replacement).
      for (let i = 0; i < 50; i++) { wasm(); ts(); }
      const { best: ms } = await measureRounds({ wasm, ts }, { wasm: d / 500e3, ts: d / 50e3 });
      const melem = { wasm: d / ms.wasm / 1e3, ts: d / ms.ts / 1e3 };
      results.push({ kernel: name, rows: ROWS, groups, size, melemPerSec: melem, ratio: melem.wasm / melem.ts });
      table.push([name, `${ROWS}×${groups}·${size}`, melem.wasm, melem.ts, melem.wasm / melem.ts]);
    }
  }
  arena.release(mark);
  console.log('M elements/s per CPU second (best of 2 rounds of tinybench medians); × = wasm / TS twin.');
  printTable(['kernel', 'shape (n×G·K)', 'wasm', 'ts twin', '×'], table, 1);
  console.log(`\nwrote ${writeResult('wta.json', results)}`);
}

export const wtaBench: BenchModule = { name: 'wta', run };
