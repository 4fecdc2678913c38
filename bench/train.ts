// Training throughput of the two reference workloads of issue 3 (mlp and cnn), wtanet
// against TensorFlow.js (tfjs-core + tfjs-backend-wasm, single thread, XNNPACK inside)
// training the identical model in the same run. Also: the mlp step vs its matrix
// multiplies alone (the same sgemm shapes as raw kernel calls), to show the engine's own
// overhead. Writes bench/results/train.json.
//
// How the tfjs side is written: see the comment above tfjsSide().
import { Bench } from 'tinybench';
import * as tf from '@tensorflow/tfjs-core';
import { backward, noGrad } from '../src/autodiff/tape.js';
import { Rng } from '../src/data/prng.js';
import { kernels } from '../src/kernels/load.js';
import { Model } from '../src/nn/model.js';
import type { ModelConfig } from '../src/nn/model-config.js';
import { multiTaskCrossEntropy } from '../src/nn/multitask-loss.js';
import { Adam } from '../src/optim/adam.js';
import { scratch } from '../src/tensor/context.js';
import { getHeap } from '../src/tensor/heap.js';
import { empty, fromArray, fromInts } from '../src/tensor/tensor.js';
import { cpuNow } from './clock.js';
import { writeResult } from './report.js';
import { initTfjs } from './tfjs.js';

const TASKS = 8;
const CLASSES = 2;
const bottleneck = { variant: 'wta' as const, groups: 4, units: 4, temperature: 1, finalTemperature: null, k: 4 };
const heads = { type: 'mlp' as const, hidden: [32] };

interface Workload { name: string; inputShape: number[]; batch: number; model: ModelConfig }
const workloads: Workload[] = [
  { name: 'mlp', inputShape: [64], batch: 128, model: { encoder: { type: 'mlp', hidden: [256, 256] }, bottleneck, heads } },
  { name: 'cnn', inputShape: [3, 32, 32], batch: 64, model: { encoder: { type: 'cnn', channels: [16, 32, 64], kernel: 3, stride: 2, hidden: [256] }, bottleneck, heads } },
];

function wtanetSide(w: Workload) {
  const rng = new Rng(1, 'bench');
  const model = Model.fromConfig(w.model, w.inputShape, Array.from({ length: TASKS }, () => ({ numClasses: CLASSES })), new Rng(1, 'init'));
  const opt = new Adam(model.namedParameters(), { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false });
  const d = model.inputSize;
  const xData = Float32Array.from({ length: w.batch * d }, () => rng.normal());
  const yData = Int32Array.from({ length: TASKS * w.batch }, () => rng.int(CLASSES));
  const classes = new Array<number>(TASKS).fill(CLASSES);
  const weights = new Array<number>(TASKS).fill(1);
  const arena = scratch();
  const step = () => {
    const mark = arena.mark();
    const x = fromArray(xData, [w.batch, d]);
    const y = fromInts(yData, [TASKS, w.batch]);
    const { logits } = model.forward(x);
    backward(multiTaskCrossEntropy(logits, y, model.heads.offsets, classes, weights).loss);
    opt.step(1e-3);
    for (const p of model.parameters()) p.grad = null;
    arena.release(mark);
  };
  const infer = () => {
    const mark = arena.mark();
    noGrad(() => model.forward(fromArray(xData, [w.batch, d])).logits.toArray());
    arena.release(mark);
  };
  return { step, infer, dispose: () => { opt.dispose(); model.dispose(); } };
}

/** The mlp step's matrix products as raw sgemm calls: forward, dX and dW of every layer. */
function mlpGemmsOnly(batch: number) {
  const k = kernels();
  // [m, n, k, transA, transB] of every product in one mlp training step.
  const shapes: [number, number, number, number, number][] = [];
  const layer = (inF: number, outF: number, needDx: boolean) => {
    shapes.push([batch, outF, inF, 0, 0]); // y = x·W
    if (needDx) shapes.push([batch, inF, outF, 0, 1]); // dx = dy·Wᵀ
    shapes.push([inF, outF, batch, 1, 0]); // dW = xᵀ·dy
  };
  layer(64, 256, false);
  layer(256, 256, true);
  layer(256, 16, true);
  layer(16, TASKS * 32, true);
  for (let t = 0; t < TASKS; t++) layer(32, CLASSES, true);
  const arena = scratch();
  const mark = arena.mark();
  const bufs = shapes.map(([m, n, kk]) => ({ a: empty([Math.max(m * kk, 1)]), b: empty([kk * n]), c: empty([m * n]) }));
  for (const b of bufs) { b.a.data().fill(0.01); b.b.data().fill(0.01); }
  const run = () => {
    for (let i = 0; i < shapes.length; i++) {
      const [m, n, kk, tA, tB] = shapes[i];
      const { a, b, c } = bufs[i];
      k.sgemm(tA, tB, m, n, kk, 1, a.ptr, tA ? m : kk, b.ptr, tB ? kk : n, 0, c.ptr, n);
    }
  };
  return { run, release: () => arena.release(mark), flops: shapes.reduce((s, [m, n, kk]) => s + 2 * m * n * kk, 0) };
}

// ---- TensorFlow.js side -------------------------------------------------------------
// tfjs-core's Node build ships no gradient functions (they live in the full tfjs
// package), and tfjs-backend-wasm has no Conv2DBackpropFilter kernel, so the backward
// pass is written out by hand with tfjs ops — which is also the fastest honest way:
// - every transposed product uses an explicit tf.transpose + plain matMul, because
//   XNNPACK's transposed matMul in tfjs-wasm is 10–40× slower than the plain one;
// - forward layers use tf.fused (bias + ReLU inside the matMul/conv kernel);
// - the conv filter gradient uses the wasm Conv3DBackpropFilterV2 kernel with depth 1,
//   the input gradient conv2dTranspose; padding is done once with tf.pad and convs are
//   'valid', so forward and backward agree exactly on the geometry;
// - the heads are batched like wtanet's (first layers one matMul; second layers one
//   batched matMul [T, B, 32]·[T, 32, 2]); Adam is tfjs's own optimizer.applyGradients;
// - inputs and one-hot labels are uploaded once; each step runs inside tf.tidy.
const mmTA = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(tf.transpose(a) as tf.Tensor2D, b as tf.Tensor2D);
const mmTB = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a as tf.Tensor2D, tf.transpose(b) as tf.Tensor2D);
const reluMask = (grad: tf.Tensor, activated: tf.Tensor) => tf.mul(grad, tf.cast(tf.greater(activated, 0), 'float32'));

function tfjsSide(w: Workload) {
  const rng = new Rng(1, 'bench-tf');
  let count = 0;
  const rnd = (shape: number[], std: number) => tf.variable(tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal() * std), shape), true, `v${count++}`);
  const zeros = (shape: number[]) => tf.variable(tf.zeros(shape), true, `v${count++}`);
  const convs: { w: tf.Variable; b: tf.Variable }[] = [];
  const dense: { w: tf.Variable; b: tf.Variable }[] = [];
  const enc = w.model.encoder;
  let features: number;
  if (enc.type === 'cnn') {
    let c = w.inputShape[0];
    let size = w.inputShape[1];
    for (const out of enc.channels) {
      convs.push({ w: rnd([3, 3, c, out], Math.sqrt(2 / (9 * c))), b: zeros([out]) });
      c = out;
      size = Math.floor((size + 2 - 3) / 2) + 1;
    }
    features = c * size * size;
  } else {
    features = w.inputShape[0];
  }
  for (const h of enc.hidden) { dense.push({ w: rnd([features, h], Math.sqrt(2 / features)), b: zeros([h]) }); features = h; }
  const G = bottleneck.groups;
  const K = bottleneck.units;
  const proj = { w: rnd([features, G * K], Math.sqrt(1 / features)), b: zeros([G * K]) };
  const head1 = { w: rnd([G * K, TASKS * 32], Math.sqrt(2 / 16)), b: zeros([TASKS * 32]) };
  const head2 = { w: rnd([TASKS, 32, CLASSES], Math.sqrt(1 / 32)), b: zeros([TASKS, 1, CLASSES]) };
  const d = w.inputShape.reduce((a, b) => a * b, 1);
  const B = w.batch;
  const xData = Float32Array.from({ length: B * d }, () => rng.normal());
  const x = enc.type === 'cnn' ? tf.tensor(xData, [B, w.inputShape[1], w.inputShape[2], w.inputShape[0]]) : tf.tensor(xData, [B, d]);
  const labels = tf.cast(tf.oneHot(tf.tensor(Int32Array.from({ length: TASKS * B }, () => rng.int(CLASSES)), [TASKS, B], 'int32'), CLASSES), 'float32');
  const optimizer = tf.train.adam(1e-3);

  // Training pads explicitly (the backward needs the padded inputs); inference lets the
  // conv kernel pad (pad: 1), which is faster.
  const forward = (inference = false) => {
    const convIn: tf.Tensor4D[] = [];
    const convOut: tf.Tensor4D[] = [];
    let h: tf.Tensor = x;
    for (const c of convs) {
      if (inference) {
        h = tf.fused.conv2d({ x: h as tf.Tensor4D, filter: c.w as tf.Tensor4D, strides: 2, pad: 1, bias: c.b, activation: 'relu' });
        continue;
      }
      const padded = tf.pad(h as tf.Tensor4D, [[0, 0], [1, 1], [1, 1], [0, 0]]);
      convIn.push(padded);
      h = tf.fused.conv2d({ x: padded, filter: c.w as tf.Tensor4D, strides: 2, pad: 'valid', bias: c.b, activation: 'relu' });
      convOut.push(h as tf.Tensor4D);
    }
    const flat = convs.length > 0 ? tf.reshape(h, [B, -1]) : h;
    const acts: tf.Tensor[] = [flat];
    for (const l of dense) acts.push(tf.fused.matMul({ a: acts[acts.length - 1] as tf.Tensor2D, b: l.w as tf.Tensor2D, bias: l.b, activation: 'relu' }));
    const pre = tf.fused.matMul({ a: acts[acts.length - 1] as tf.Tensor2D, b: proj.w as tf.Tensor2D, bias: proj.b });
    const grouped = tf.reshape(pre, [B, G, K]);
    const code = tf.reshape(tf.oneHot(tf.argMax(grouped, -1), K), [B, G * K]);
    const h1 = tf.fused.matMul({ a: tf.cast(code, 'float32') as tf.Tensor2D, b: head1.w as tf.Tensor2D, bias: head1.b, activation: 'relu' });
    const perTask = tf.transpose(tf.reshape(h1, [B, TASKS, 32]), [1, 0, 2]) as tf.Tensor3D;
    const logits = tf.add(tf.matMul(perTask, head2.w as tf.Tensor3D), head2.b); // [T, B, C]
    return { convIn, convOut, flat, acts, grouped, code: tf.cast(code, 'float32'), h1, perTask, logits };
  };

  const step = () => tf.tidy(() => {
    const f = forward();
    const grads: Record<string, tf.Tensor> = {};
    // Σ_t mean_b CE: dlogits = (softmax − onehot) / B.
    const dLogits = tf.div(tf.sub(tf.softmax(f.logits), labels), B); // [T, B, C]
    grads[head2.w.name] = tf.matMul(tf.transpose(f.perTask, [0, 2, 1]), dLogits);
    grads[head2.b.name] = tf.sum(dLogits, 1, true);
    const dPerTask = tf.matMul(dLogits, tf.transpose(head2.w, [0, 2, 1]) as tf.Tensor3D); // [T, B, 32]
    const dH1 = reluMask(tf.reshape(tf.transpose(dPerTask, [1, 0, 2]), [B, TASKS * 32]), f.h1);
    grads[head1.w.name] = mmTA(f.code, dH1);
    grads[head1.b.name] = tf.sum(dH1, 0);
    const dCode = tf.reshape(mmTB(dH1, head1.w), [B, G, K]);
    // Straight-through WTA: the Jacobian of the group softmax at τ = 1.
    const p = tf.softmax(f.grouped);
    const dPre = tf.reshape(tf.mul(p, tf.sub(dCode, tf.sum(tf.mul(dCode, p), -1, true))), [B, G * K]);
    const last = f.acts[f.acts.length - 1];
    grads[proj.w.name] = mmTA(last, dPre);
    grads[proj.b.name] = tf.sum(dPre, 0);
    let dA = mmTB(dPre, proj.w);
    for (let i = dense.length - 1; i >= 0; i--) {
      const dZ = reluMask(dA, f.acts[i + 1]);
      grads[dense[i].w.name] = mmTA(f.acts[i], dZ);
      grads[dense[i].b.name] = tf.sum(dZ, 0);
      if (i > 0 || convs.length > 0) dA = mmTB(dZ, dense[i].w);
    }
    if (convs.length > 0) {
      let dOut = tf.reshape(dA, f.convOut[f.convOut.length - 1].shape) as tf.Tensor4D;
      for (let i = convs.length - 1; i >= 0; i--) {
        const dZ = reluMask(dOut, f.convOut[i]) as tf.Tensor4D;
        const xin = f.convIn[i];
        const [n, hp, wp, c] = xin.shape;
        const [, ho, wo, o] = dZ.shape;
        const dW5 = tf.engine().runKernel('Conv3DBackpropFilterV2', { x: tf.reshape(xin, [n, 1, hp, wp, c]), dy: tf.reshape(dZ, [n, 1, ho, wo, o]) }, { strides: [1, 2, 2], pad: 'valid', filterShape: [1, 3, 3, c, o] } as never) as tf.Tensor;
        grads[convs[i].w.name] = tf.reshape(dW5, [3, 3, c, o]);
        grads[convs[i].b.name] = tf.sum(dZ, [0, 1, 2]);
        if (i > 0) {
          const dPadded = tf.conv2dTranspose(dZ, convs[i].w as tf.Tensor4D, [n, hp, wp, c], 2, 'valid');
          dOut = tf.slice(dPadded, [0, 1, 1, 0], [n, hp - 2, wp - 2, c]);
        }
      }
    }
    optimizer.applyGradients(grads as never); // accepts plain gradient tensors by variable name
  });
  const loss = () => tf.tidy(() => {
    const { logits } = forward();
    return tf.sum(tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), -1))).dataSync()[0] / B;
  });
  const infer = () => { tf.tidy(() => { forward(true).logits.dataSync(); }); };
  return { step, infer, loss };
}

/**
 * CPU ms per call of each task (bench/clock.ts: the machine is shared), measured with
 * tinybench in `rounds` interleaved rounds (task order alternating). Each round's figure
 * is tinybench's median latency; `ms` is the median over rounds. Ratios between two tasks
 * are taken per round (both measured seconds apart, under the same background load) and
 * their median reported: far steadier than a ratio of two medians when the load drifts.
 */
async function measureInterleaved(tasks: Record<string, () => void>, rounds: number, time = 250) {
  const names = Object.keys(tasks);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const bench = new Bench({ now: cpuNow, time, iterations: 3, warmupTime: r === 0 ? 300 : 20, warmupIterations: r === 0 ? 5 : 1 });
      bench.add(name, tasks[name]);
      await bench.run();
      const res = bench.tasks[0].result;
      if (res.state !== 'completed') throw new Error(`bench ${name} did not complete (${res.state})`);
      samples[name].push(res.latency.p50);
    }
  }
  const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];
  return {
    ms: Object.fromEntries(names.map((n) => [n, median(samples[n])])),
    /** Median over rounds of slow[r] / fast[r]. */
    ratio: (slow: string, fast: string) => median(samples[slow].map((v, r) => v / samples[fast][r])),
  };
}

export const trainBench = {
  name: 'train',
  async run(): Promise<void> {
    await initTfjs();
    const results: Record<string, unknown>[] = [];
    for (const w of workloads) {
      const heapBefore = getHeap().bytesReserved;
      const ours = wtanetSide(w);
      const theirs = tfjsSide(w);
      // Sanity check of the hand-written tfjs backward: Adam steps on one batch must reduce the loss.
      const before = theirs.loss();
      for (let i = 0; i < 20; i++) theirs.step();
      const after = theirs.loss();
      if (!(after < before)) throw new Error(`tfjs ${w.name}: loss did not decrease (${before} → ${after}); its backward is wrong`);
      console.log(`tfjs ${w.name} sanity: loss ${before.toFixed(4)} → ${after.toFixed(4)} after 20 steps on one batch`);
      const gemms = w.name === 'mlp' ? mlpGemmsOnly(w.batch) : null;
      const tasks: Record<string, () => void> = { step: ours.step, infer: ours.infer, tfStep: theirs.step, tfInfer: theirs.infer };
      if (gemms !== null) tasks.gemms = gemms.run;
      const { ms, ratio } = await measureInterleaved(tasks, w.name === 'mlp' ? 11 : 9);
      const wtanetPeak = getHeap().bytesReserved;
      const tfPeak = tf.memory().numBytes;
      const row: Record<string, unknown> = {
        workload: w.name, batch: w.batch,
        trainSamplesPerSec: { wtanet: (1000 * w.batch) / ms.step, tfjsWasm: (1000 * w.batch) / ms.tfStep },
        inferSamplesPerSec: { wtanet: (1000 * w.batch) / ms.infer, tfjsWasm: (1000 * w.batch) / ms.tfInfer },
        trainSpeedup: ratio('tfStep', 'step'),
        inferSpeedup: ratio('tfInfer', 'infer'),
        stepMs: ms.step,
        tfjsStepMs: ms.tfStep,
        memoryBytes: { wtanetWasmHeapGrowth: wtanetPeak - heapBefore, tfjsLiveTensorBytes: tfPeak },
      };
      if (gemms !== null) {
        gemms.release();
        row.gemmsAloneMs = ms.gemms;
        row.stepOverGemms = ratio('step', 'gemms');
        row.gemmGflops = gemms.flops / ms.gemms / 1e6;
      }
      results.push(row);
      ours.dispose();
      tf.disposeVariables();
    }
    console.log('workload  train samples/s (wtanet | tfjs-wasm | ×)   inference samples/s (wtanet | tfjs-wasm | ×)');
    for (const r of results as any[]) {
      console.log(`${r.workload.padEnd(8)}  ${r.trainSamplesPerSec.wtanet.toFixed(0).padStart(8)} | ${r.trainSamplesPerSec.tfjsWasm.toFixed(0).padStart(8)} | ${r.trainSpeedup.toFixed(2)}×` +
        `    ${r.inferSamplesPerSec.wtanet.toFixed(0).padStart(8)} | ${r.inferSamplesPerSec.tfjsWasm.toFixed(0).padStart(8)} | ${r.inferSpeedup.toFixed(2)}×`);
      if (r.stepOverGemms !== undefined) console.log(`          mlp step ${r.stepMs.toFixed(3)} ms vs its gemms alone ${r.gemmsAloneMs.toFixed(3)} ms (${r.stepOverGemms.toFixed(2)}×, gemms at ${r.gemmGflops.toFixed(1)} GFLOPS)`);
      console.log(`          memory: wtanet wasm heap growth ${(r.memoryBytes.wtanetWasmHeapGrowth / 2 ** 20).toFixed(1)} MiB (params, optimizer state, peak step scratch), tfjs live tensors between steps ${(r.memoryBytes.tfjsLiveTensorBytes / 2 ** 20).toFixed(1)} MiB`);
    }
    console.log(`\nwrote ${writeResult('train.json', results)}`);
  },
};

