// conv2d cost vs its matrix multiplies alone, for the conv layers of issue 3's `cnn`
// workload (batch 64). Run: `npm run build && node dist/bench/conv.js`.
// The ratio (conv2d forward + backward) / (the same three sgemm calls on preallocated
// buffers) is the price of im2col, col2im, the layout swaps, bias and allocation.
import { Bench } from 'tinybench';
import { backward } from '../src/autodiff/tape.js';
import { kernels } from '../src/kernels/load.js';
import { conv2d, convOutputSize } from '../src/ops/conv.js';
import { scratch } from '../src/tensor/context.js';
import { empty, fromArray } from '../src/tensor/tensor.js';

const BATCH = 64;
const layers = [
  { c: 3, o: 16, hw: 32 },
  { c: 16, o: 32, hw: 16 },
  { c: 32, o: 64, hw: 8 },
].map((l) => ({ ...l, k: 3, stride: 2, pad: 1, out: convOutputSize(l.hw, 3, 2, 1) }));

const values = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37));

const bench = new Bench({ time: 400, warmupTime: 100 });
const rows: { layer: string; gflop: number }[] = [];
for (const l of layers) {
  const name = `${l.c}→${l.o} ${l.hw}×${l.hw}`;
  const x = fromArray(values(BATCH * l.c * l.hw * l.hw), [BATCH, l.c, l.hw, l.hw]);
  const w = fromArray(values(l.o * l.c * 9), [l.o, l.c, 3, 3]);
  const b = fromArray(values(l.o), [l.o]);
  const seed = fromArray(values(BATCH * l.o * l.out * l.out), [BATCH, l.o, l.out, l.out]);
  [x, w, b].forEach((t) => (t.requiresGrad = true));
  const ckk = l.c * 9;
  const ncol = BATCH * l.out * l.out;
  const cols = empty([ckk, ncol]);
  const gWide = empty([l.o, ncol]);
  const wide = empty([l.o, ncol]);
  const gw = empty([l.o, ckk]);
  const gCols = empty([ckk, ncol]);
  const k = kernels();
  cols.data().set(values(cols.size));
  gWide.data().set(values(gWide.size));
  rows.push({ layer: name, gflop: (3 * 2 * l.o * ckk * ncol) / 1e9 });
  bench.add(`${name} conv2d fwd+bwd`, () => {
    const mark = scratch().mark();
    backward(conv2d(x, w, b, { stride: 2, padding: 1 }), seed);
    x.grad = w.grad = b.grad = null;
    scratch().release(mark);
  });
  bench.add(`${name} gemms only`, () => {
    k.sgemm(0, 0, l.o, ncol, ckk, 1, w.ptr, ckk, cols.ptr, ncol, 0, wide.ptr, ncol);
    k.sgemm(0, 1, l.o, ckk, ncol, 1, gWide.ptr, ncol, cols.ptr, ncol, 0, gw.ptr, ckk);
    k.sgemm(1, 0, ckk, ncol, l.o, 1, w.ptr, ckk, gWide.ptr, ncol, 0, gCols.ptr, ncol);
  });
}
await bench.run();
const mean = (name: string): number => {
  const r = bench.tasks.find((t) => t.name === name)!.result;
  if (r.state !== 'completed') throw new Error(`bench task ${name} did not complete (${r.state})`);
  return r.latency.mean;
};
console.log('layer (batch 64, 3×3, stride 2, pad 1) | conv2d fwd+bwd ms | gemms ms | ratio | conv GFLOPS');
for (const r of rows) {
  const conv = mean(`${r.layer} conv2d fwd+bwd`);
  const gemm = mean(`${r.layer} gemms only`);
  console.log(`${r.layer.padEnd(16)} | ${conv.toFixed(3).padStart(8)} | ${gemm.toFixed(3).padStart(8)} | ${(conv / gemm).toFixed(2)} | ${(r.gflop / (conv / 1e3)).toFixed(1)}`);
}
