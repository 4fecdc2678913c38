// conv2d, for the conv layers of issue 3's `cnn` workload (batch 64, 3×3, stride 2, pad 1),
// in both layouts: conv2d (NCHW, the public op) and conv2dNhwc (channels last, what the
// CNN encoder's conv stack runs):
// - forward (inference, no tape) against tfjs-backend-wasm's fused conv2d (XNNPACK, NHWC,
//   bias inside, single thread) on the same layer in the same run;
// - forward and forward + backward against the same sgemm calls alone on preallocated
//   buffers: the ratio is the price of im2row/row2im, the layout changes, bias and allocation.
// CPU-time clock (bench/clock.ts). Writes bench/results/conv.json.
import * as tf from '@tensorflow/tfjs-core';
import { backward, noGrad } from '../src/autodiff/tape.js';
import { kernels } from '../src/kernels/load.js';
import { conv2d, conv2dNhwc, convOutputSize } from '../src/ops/conv.js';
import { scratch } from '../src/tensor/context.js';
import { empty, fromArray, type Tensor } from '../src/tensor/tensor.js';
import { measureRounds } from './clock.js';
import { printTable, writeResult, type Cell } from './report.js';
import type { BenchModule } from './run.js';
import { initTfjs } from './tfjs.js';

const BATCH = 64;
/** Rounds over all of a layer's measurements (alternating order). */
const ROUNDS = 5;
const layers = [
  { c: 3, o: 16, hw: 32 },
  { c: 16, o: 32, hw: 16 },
  { c: 32, o: 64, hw: 8 },
].map((l) => ({ ...l, k: 3, stride: 2, pad: 1, out: convOutputSize(l.hw, 3, 2, 1) }));

const values = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37));

/**
 * The sgemm calls conv2d makes (src/ops/conv.ts), on preallocated buffers: `forward` the
 * forward product, `backward` the weight- and input-gradient products.
 */
function gemmsOf(l: (typeof layers)[number]): { forward: () => void; backward: () => void } {
  const k = kernels();
  const ckk = l.c * l.k * l.k;
  const ncol = BATCH * l.out * l.out;
  const filled = (shape: number[]): Tensor => { const t = empty(shape); t.data().set(values(t.size)); return t; };
  const w = filled([l.o, ckk]);
  const rows = filled([ncol, ckk]);
  const gPixels = filled([ncol, l.o]);
  const pixels = empty([ncol, l.o]);
  const gw = empty([l.o, ckk]);
  const gRows = empty([ncol, ckk]);
  return {
    forward: () => k.sgemm(0, 1, ncol, l.o, ckk, 1, rows.ptr, ckk, w.ptr, ckk, 0, pixels.ptr, l.o),
    backward: () => {
      k.sgemm(1, 0, l.o, ckk, ncol, 1, gPixels.ptr, l.o, rows.ptr, ckk, 0, gw.ptr, ckk);
      k.sgemm(0, 0, ncol, ckk, l.o, 1, gPixels.ptr, l.o, w.ptr, ckk, 0, gRows.ptr, ckk);
    },
  };
}

async function run(): Promise<void> {
  const tfVariant = await initTfjs();
  console.log(`tfjs ${tf.version_core} (${tfVariant})`);
  const arena = scratch();
  const outer = arena.mark();
  const results: Record<string, unknown>[] = [];
  const table: Cell[][] = [];
  for (const l of layers) {
    const name = `${l.c}→${l.o} ${l.hw}×${l.hw}`;
    const x = fromArray(values(BATCH * l.c * l.hw * l.hw), [BATCH, l.c, l.hw, l.hw]);
    const xl = fromArray(values(BATCH * l.c * l.hw * l.hw), [BATCH, l.hw, l.hw, l.c]);
    const w = fromArray(values(l.o * l.c * 9), [l.o, l.c, 3, 3]);
    const b = fromArray(values(l.o), [l.o]);
    const seed = fromArray(values(BATCH * l.o * l.out * l.out), [BATCH, l.o, l.out, l.out]);
    const seedL = fromArray(values(BATCH * l.o * l.out * l.out), [BATCH, l.out, l.out, l.o]);
    [x, xl, w, b].forEach((t) => (t.requiresGrad = true));
    const gemms = gemmsOf(l);
    const opts = { stride: l.stride, padding: l.pad };
    const forwardNchw = () => {
      const mark = arena.mark();
      noGrad(() => conv2d(x, w, b, opts));
      arena.release(mark);
    };
    const forward = () => {
      const mark = arena.mark();
      noGrad(() => conv2dNhwc(xl, w, b, opts));
      arena.release(mark);
    };
    const train = () => {
      const mark = arena.mark();
      backward(conv2dNhwc(xl, w, b, opts), seedL);
      xl.grad = w.grad = b.grad = null;
      arena.release(mark);
    };
    const trainNchw = () => {
      const mark = arena.mark();
      backward(conv2d(x, w, b, opts), seed);
      x.grad = w.grad = b.grad = null;
      arena.release(mark);
    };
    const gemmTrain = () => { gemms.forward(); gemms.backward(); };
    // tfjs: NHWC input and HWIO filter resident in its heap; a call is the fused conv
    // (bias inside) plus disposing its output.
    const tx = tf.tensor4d(values(BATCH * l.c * l.hw * l.hw), [BATCH, l.hw, l.hw, l.c]);
    const tw = tf.tensor4d(values(l.o * l.c * 9), [3, 3, l.c, l.o]);
    const tb = tf.tensor1d(values(l.o));
    const tfForward = () => tf.fused.conv2d({ x: tx, filter: tw, strides: l.stride, pad: l.pad, bias: tb }).dispose();
    const probe = tf.fused.conv2d({ x: tx, filter: tw, strides: l.stride, pad: l.pad, bias: tb });
    if (probe.shape[1] !== l.out || probe.shape[2] !== l.out) throw new Error(`tfjs conv output ${probe.shape} ≠ ${l.out}×${l.out}`);
    probe.dispose();
    const fns = { forward, forwardNchw, train, trainNchw, gemmForward: gemms.forward, gemmTrain, tfForward };
    for (let i = 0; i < 5; i++) for (const f of Object.values(fns)) f();
    const flops = 2 * l.o * l.c * 9 * BATCH * l.out * l.out;
    const guess = flops / 15e6;
    const { best: ms, ratio } = await measureRounds(fns, { forward: guess, forwardNchw: guess, train: 3 * guess, trainNchw: 3 * guess, gemmForward: guess, gemmTrain: 3 * guess, tfForward: guess }, ROUNDS);
    tx.dispose(); tw.dispose(); tb.dispose();
    results.push({
      layer: { batch: BATCH, inChannels: l.c, outChannels: l.o, size: l.hw, kernel: 3, stride: l.stride, padding: l.pad },
      ms, forwardGflops: flops / ms.forward / 1e6,
      forwardOverTfjs: ratio('tfForward', 'forward'), nchwForwardOverTfjs: ratio('tfForward', 'forwardNchw'),
      forwardOverGemms: ratio('forward', 'gemmForward'), trainOverGemms: ratio('train', 'gemmTrain'),
      nhwcTrainSpeedupOverNchw: ratio('trainNchw', 'train'),
    });
    table.push([name, ms.forwardNchw, ms.forward, ms.tfForward, ratio('tfForward', 'forwardNchw'), ratio('tfForward', 'forward'), flops / ms.forward / 1e6,
      ratio('forward', 'gemmForward'), ms.trainNchw, ms.train, ratio('train', 'gemmTrain')]);
  }
  arena.release(outer);
  console.log(`CPU ms per call (best of ${ROUNDS} rounds of tinybench medians); ratios are medians of per-round ratios. ×tfjs = tfjs fused conv2d forward / wtanet forward;`);
  console.log('/gemms = conv2dNhwc / its sgemm calls alone (fwd: the forward product; fwd+bwd: all three); GFLOPS of conv2dNhwc forward.');
  printTable(['layer (batch 64, 3×3, s2, p1)', 'NCHW fwd', 'NHWC fwd', 'tfjs fwd', '×tfjs NCHW', '×tfjs NHWC', 'GFLOPS', 'fwd /gemms', 'NCHW fwd+bwd', 'NHWC fwd+bwd', 'fwd+bwd /gemms'], table, 2);
  console.log(`\nwrote ${writeResult('conv.json', results)}`);
}

export const convBench: BenchModule = { name: 'conv', run };
