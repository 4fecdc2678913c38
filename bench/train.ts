// Training throughput of the two reference workloads of issue 3 (mlp and cnn), wtanet
// against TensorFlow.js (tfjs-core + tfjs-backend-wasm, single thread, XNNPACK inside)
// training the identical model in the same run. Also: the mlp step vs its matrix
// multiplies alone (the same sgemm shapes as raw kernel calls), to show the engine's own
// overhead. Then the threads table: wall-clock training samples/s with 1 and 2 threads for
// wtanet (intra-run threads, in a worker realm running the shared-memory build), PyTorch
// (bench/train_torch.py, when python3 can import torch) and tfjs-wasm (2 threads: its threaded
// build in a worker realm, bench/tfjs-threaded.ts), measured in interleaved rounds. Writes
// bench/results/train.json.
//
// How the tfjs side is written: see the comment above tfjsSide().
import { Bench } from 'tinybench';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../src/base/prng.js';
import { kernels } from '../src/kernels/load.js';
import { scratch } from '../src/tensor/context.js';
import { getHeap } from '../src/tensor/heap.js';
import { empty } from '../src/tensor/tensor.js';
import { cpuNow } from './clock.js';
import { printTable, writeResult } from './report.js';
import { parallelCeiling } from './parallel-ceiling.js';
import { initTfjs } from './tfjs.js';
import { startThreadedTfjs } from './tfjs-threaded.js';
import { fastestTorch, type TorchSide } from './torch.js';
import { hostSimd } from './host.js';
import { CLASSES, TASKS, bottleneck, wallSamples, workloads, wtanetSide, type Workload } from './train-workloads.js';

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
// pass is written out by hand with tfjs ops — the fastest formulation measured (issue 12):
// - every transposed product uses an explicit tf.transpose + plain matMul, because
//   XNNPACK's transposed matMul in tfjs-wasm is 10–40× slower than the plain one;
// - forward layers use tf.fused (bias + ReLU inside the matMul/conv kernel); padding is
//   done once with tf.pad and convs are 'valid', so forward and backward agree exactly;
// - conv filter gradient: one XNNPACK conv with the batch as channels, dW[ki,kj,c,o] =
//   conv2d(x as [C, H, W, n], dY as filter [Ho, Wo, n, O], dilation = stride). (The wasm
//   Conv3DBackpropFilterV2 kernel with depth 1, used before, was 3–10× slower and returned
//   wrong values for every tap but (0, 0) at stride 2: checked against a direct sum.)
// - conv input gradient: dY upsampled with zeros to stride 1, then one XNNPACK conv with
//   the flipped, transposed filter (2–3× faster than conv2dTranspose, same values);
// - the heads are batched like wtanet's (first layers one matMul; second layers one
//   batched matMul [T, B, 32]·[T, 32, 2]); Adam is tfjs's own optimizer.applyGradients;
// - inputs and one-hot labels are uploaded once; each step runs inside tf.tidy.
const mmTA = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(tf.transpose(a) as tf.Tensor2D, b as tf.Tensor2D);
const mmTB = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a as tf.Tensor2D, tf.transpose(b) as tf.Tensor2D);
const reluMask = (grad: tf.Tensor, activated: tf.Tensor) => tf.mul(grad, tf.cast(tf.greater(activated, 0), 'float32'));

/**
 * dW [3, 3, C, O] of a 3×3 stride-2 'valid' conv of the padded input xin [n, Hp, Wp, C] with
 * output gradient dZ [n, Ho, Wo, O]: Σ over n, oy, ox of xin[n, 2oy+ki, 2ox+kj, c]·dZ[n, oy, ox, o],
 * as a conv over the batch (x [C, H', W', n] with H' = 2Ho + 1 rows, filter dZ [Ho, Wo, n, O]
 * dilated by 2) whose [C, 3, 3, O] output is transposed to [3, 3, C, O].
 */
function convFilterGrad(xin: tf.Tensor4D, dZ: tf.Tensor4D): tf.Tensor4D {
  const [n, , , c] = xin.shape;
  const [, ho, wo] = dZ.shape;
  const used = tf.slice(xin, [0, 0, 0, 0], [n, 2 * ho + 1, 2 * wo + 1, c]);
  const out = tf.conv2d(tf.transpose(used, [3, 1, 2, 0]) as tf.Tensor4D, tf.transpose(dZ, [1, 2, 0, 3]) as tf.Tensor4D, 1, 'valid', 'NHWC', 2);
  return tf.transpose(out, [1, 2, 0, 3]);
}

/**
 * dX [n, H, W, C] (unpadded input) of the same conv with filter w [3, 3, C, O]: dZ upsampled
 * to stride 1 with zeros ([n, 2Ho, 2Wo, O]), padded by 1, correlated with the filter flipped
 * in both spatial axes and transposed to [3, 3, O, C].
 */
function convInputGrad(dZ: tf.Tensor4D, w: tf.Tensor4D, h: number, wd: number): tf.Tensor4D {
  const [n, ho, wo, o] = dZ.shape;
  const up = tf.reshape(tf.pad(tf.reshape(dZ, [n, ho, 1, wo, 1, o]), [[0, 0], [0, 0], [0, 1], [0, 0], [0, 1], [0, 0]]), [n, 2 * ho, 2 * wo, o]);
  const flipped = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
  const dx = tf.conv2d(tf.pad(up, [[0, 0], [1, 1], [1, 1], [0, 0]]) as tf.Tensor4D, flipped, 1, 'valid');
  return dx.shape[1] === h && dx.shape[2] === wd ? dx : tf.slice(dx, [0, 0, 0, 0], [n, h, wd, dx.shape[3]]);
}

export function tfjsSide(w: Workload) {
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
        const [, hp, wp] = xin.shape;
        grads[convs[i].w.name] = convFilterGrad(xin, dZ);
        grads[convs[i].b.name] = tf.sum(dZ, [0, 1, 2]);
        if (i > 0) dOut = convInputGrad(dZ, convs[i].w as tf.Tensor4D, hp - 2, wp - 2);
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

/** Sanity check of the hand-written tfjs backward: Adam steps on one batch must reduce the loss. */
export function checkTfjsLearns(workload: string, side: ReturnType<typeof tfjsSide>): string {
  const before = side.loss();
  for (let i = 0; i < 20; i++) side.step();
  const after = side.loss();
  if (!(after < before)) throw new Error(`tfjs ${workload}: loss did not decrease (${before} → ${after}); its backward is wrong`);
  return `loss ${before.toFixed(4)} → ${after.toFixed(4)} after 20 steps on one batch`;
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

/** wtanet with threads, in a worker realm (bench/train-threads-worker.ts), for one workload. */
async function startThreadedWtanet(workload: string, maxThreads: number) {
  const worker = new Worker(new URL('./train-threads-worker.js', import.meta.url), { workerData: { workload, maxThreads } });
  type Reply = { type: string; samples?: number[]; threads?: number; reason?: string };
  const pending: { resolve: (m: Reply) => void; reject: (e: Error) => void }[] = [];
  worker.on('message', (m: Reply) => pending.shift()?.resolve(m));
  worker.on('error', (e) => { for (const p of pending.splice(0)) p.reject(e); });
  const next = () => new Promise<Reply>((resolve, reject) => { pending.push({ resolve, reject }); });
  const ready = await next();
  return {
    threads: ready.threads!,
    reason: ready.reason,
    async msPerStep(threads: number): Promise<number[]> {
      const reply = next();
      worker.postMessage({ threads });
      return (await reply).samples!;
    },
    close: () => worker.terminate(),
  };
}

/** A side answers with the wall-clock ms per step of each of its samples (≥ 40 ms of steps each). */
type Sides = Record<string, () => Promise<number[] | null>>;

/** Interleaved rounds of the threads table. */
const WALL_ROUNDS = 15;
/** Idle time before each side's turn in a round (ms). */
const SETTLE_MS = 100;

/**
 * Wall-clock ms per training step of every side, measured in `rounds` interleaved rounds (order
 * alternating) of 5 samples each; each side's figure is its fastest sample, and the median of
 * all its samples is kept beside it. Wall time because threads make CPU time count every
 * thread; the fastest sample because other processes on the shared machine (and other
 * virtual machines on its host) only ever slow a sample down, and a 2-thread side far more
 * than a 1-thread one (it needs both cores at once), so medians compare load as much as code.
 */
async function measureWall(sides: Sides, rounds: number): Promise<{ best: Record<string, number | null>; median: Record<string, number | null> }> {
  const names = Object.keys(sides);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 === 0 ? names : [...names].reverse()) {
      // Let the previous side's leftovers die down first (PyTorch's OpenMP threads spin ≈ 8 ms
      // after a step; V8 finishes garbage collection of another realm on background threads).
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const ms = await sides[name]();
      if (ms !== null) samples[name].push(...ms);
    }
  }
  const pick = (f: (v: number[]) => number) => Object.fromEntries(names.map((n) => [n, samples[n].length === 0 ? null : f(samples[n])]));
  return { best: pick((v) => Math.min(...v)), median: pick((v) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)]) };
}

export const trainBench = {
  name: 'train',
  async run(): Promise<void> {
    await initTfjs();
    const simd = hostSimd();
    console.log(`host: ${simd.cpu}; SIMD ${simd.level}`);
    const torch = await fastestTorch(workloads.map((w) => w.name));
    console.log(Object.keys(torch.probe).length > 0
      ? `pytorch allocators, fastest ms/step of 1 | 2 threads: ${Object.entries(torch.probe).map(([a, r]) => `${a} ${workloads.map((w) => `${w.name} ${r[w.name + '@1'].toFixed(2)} | ${r[w.name + '@2'].toFixed(2)}`).join(', ')}`).join('; ')}`
      : `pytorch: skipped (${torch.reason})`);
    const results: Record<string, unknown>[] = [];
    for (const w of workloads) {
      const heapBefore = getHeap().bytesReserved;
      const ours = wtanetSide(w);
      const theirs = tfjsSide(w);
      console.log(`tfjs ${w.name} sanity: ${checkTfjsLearns(w.name, theirs)}`);
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
      const torchSide = torch.forWorkload(w.name);
      row.threads = await threadsTable(w, ours.step, theirs.step, torchSide, torchSide !== null ? `torch ${torchSide.version}, allocator ${torchSide.allocator} (the fastest of ${Object.keys(torch.probe).join(', ')} on this workload)` : `skipped: ${torch.reason}`);
      row.host = simd;
      row.pytorchAllocatorProbe = torch.probe;
      results.push(row);
      ours.dispose();
      tf.disposeVariables();
    }
    torch.close();
    console.log('workload  train samples/s (wtanet | tfjs-wasm | ×)   inference samples/s (wtanet | tfjs-wasm | ×)');
    for (const r of results as any[]) {
      console.log(`${r.workload.padEnd(8)}  ${r.trainSamplesPerSec.wtanet.toFixed(0).padStart(8)} | ${r.trainSamplesPerSec.tfjsWasm.toFixed(0).padStart(8)} | ${r.trainSpeedup.toFixed(2)}×` +
        `    ${r.inferSamplesPerSec.wtanet.toFixed(0).padStart(8)} | ${r.inferSamplesPerSec.tfjsWasm.toFixed(0).padStart(8)} | ${r.inferSpeedup.toFixed(2)}×`);
      if (r.stepOverGemms !== undefined) console.log(`          mlp step ${r.stepMs.toFixed(3)} ms vs its gemms alone ${r.gemmsAloneMs.toFixed(3)} ms (${r.stepOverGemms.toFixed(2)}×, gemms at ${r.gemmGflops.toFixed(1)} GFLOPS)`);
      console.log(`          memory: wtanet wasm heap growth ${(r.memoryBytes.wtanetWasmHeapGrowth / 2 ** 20).toFixed(1)} MiB (params, optimizer state, peak step scratch), tfjs live tensors between steps ${(r.memoryBytes.tfjsLiveTensorBytes / 2 ** 20).toFixed(1)} MiB`);
    }
    console.log(`\ntraining samples/s by threads per run (wall clock, fastest of ${5 * WALL_ROUNDS} samples in ${WALL_ROUNDS} interleaved rounds; — = not available)`);
    printTable(['workload', 'threads', 'wtanet', 'pytorch', 'tfjs-wasm'], (results as any[]).flatMap((r) =>
      (['1', '2'] as const).map((t) => [r.workload, t, r.threads[t].wtanet, r.threads[t].pytorch, r.threads[t].tfjsWasm])), 0);
    for (const r of results as any[]) {
      const t = r.threads;
      const med = t.notes.medianOfSamples;
      const ceil = (c: { p10: number; p50: number; p90: number }) => `p10 ${c.p10.toFixed(2)} p50 ${c.p50.toFixed(2)} p90 ${c.p90.toFixed(2)}`;
      console.log(`${r.workload}: this machine's own 2-thread/1-thread ceiling (pure arithmetic, 50-ms windows): before ${ceil(t.notes.machineTwoThreadCeiling.before)}; after ${ceil(t.notes.machineTwoThreadCeiling.after)}`);
      const torchBest = Math.max(t['1'].pytorch ?? 0, t['2'].pytorch ?? 0);
      console.log(`${r.workload}: wtanet 2 threads / 1 thread ${(t['2'].wtanet / t['1'].wtanet).toFixed(2)}× (medians of samples: ${(med['2'].wtanet / med['1'].wtanet).toFixed(2)}×; shared-memory build on 1 thread: ${t.notes.wtanetSharedBuild1Thread.toFixed(0)} samples/s)` +
        (torchBest > 0 ? `; wtanet at its best thread count / PyTorch at its best (${t.notes.pytorch}) ${(Math.max(t['1'].wtanet, t['2'].wtanet ?? 0) / torchBest).toFixed(2)}×` : ''));
    }
    for (const r of results as any[]) {
      const t = r.threads;
      const ratio = t['2'].tfjsWasm === null ? '—' : `${(t['2'].tfjsWasm / t['1'].tfjsWasm).toFixed(2)}×`;
      const own1 = t.notes.tfjsThreadedBuild1Thread === null ? '—' : t.notes.tfjsThreadedBuild1Thread.toFixed(0);
      console.log(`${r.workload}: tfjs-wasm 2 threads / 1 thread ${ratio} (threaded build on 1 thread: ${own1} samples/s); 2 threads: ${t.notes.tfjsWasm2}`);
    }
    console.log(`\nwrote ${writeResult('train.json', results)}`);
  },
};


/**
 * The threads table of one workload: training samples/s with 1 and 2 threads for wtanet (1:
 * the default module in this realm; 2: intra-run threads in a worker realm), PyTorch (when
 * available) and tfjs-wasm (1: its single-threaded build in this realm; 2: its threaded build in a
 * worker realm, bench/tfjs-threaded.ts).
 */
export async function threadsTable(w: Workload, wtanetStep: () => void, tfjsStep: () => void, torch: TorchSide | null, torchNote: string) {
  const threaded = await startThreadedWtanet(w.name, 2);
  const tfjs2 = await startThreadedTfjs(w.name, 2);
  const tfjsThreaded1 = await startThreadedTfjs(w.name, 1);
  try {
    if (threaded.threads < 2) console.log(`wtanet threads: ${threaded.reason}`);
    const sides: Sides = {
      wtanet1: async () => wallSamples(wtanetStep),
      wtanetShared1: () => threaded.msPerStep(1),
      wtanet2: async () => (threaded.threads < 2 ? null : threaded.msPerStep(2)),
      tfjs1: async () => wallSamples(tfjsStep),
    };
    for (const [name, t] of [['tfjs2', tfjs2], ['tfjsThreaded1', tfjsThreaded1]] as const) {
      if (t.side !== null) sides[name] = t.side.msPerStep;
      else console.log(`tfjs-wasm ${w.name} threaded build (${name}): skipped (${t.reason})`);
    }
    let torchError: string | null = null;
    if (torch !== null) {
      // A failing PyTorch side costs its column, not the whole bench.
      const guarded = (threads: number) => async () => {
        if (torchError !== null) return null;
        try {
          return await torch.msPerStep(w.name, threads);
        } catch (e) {
          torchError = (e as Error).message;
          console.log(`pytorch ${w.name}: ${torchError}`);
          return null;
        }
      };
      sides.torch1 = guarded(1);
      sides.torch2 = guarded(2);
    }
    const ceilingBefore = await parallelCeiling();
    const { best, median } = await measureWall(sides, WALL_ROUNDS);
    const ceilingAfter = await parallelCeiling();
    const rate = (v: number | null | undefined) => (v === null || v === undefined ? null : (1000 * w.batch) / v);
    const table = (ms: Record<string, number | null>) => ({
      '1': { wtanet: rate(ms.wtanet1), pytorch: rate(ms.torch1), tfjsWasm: rate(ms.tfjs1) },
      '2': { wtanet: rate(ms.wtanet2), pytorch: rate(ms.torch2), tfjsWasm: rate(ms.tfjs2) },
    });
    return {
      ...table(best),
      notes: {
        wtanetSharedBuild1Thread: rate(best.wtanetShared1), tfjsWasm2: tfjs2Note(tfjs2), tfjsThreadedBuild1Thread: rate(best.tfjsThreaded1), pytorch: torchError ?? torchNote,
        clock: `wall, fastest of ${5 * WALL_ROUNDS} samples (≥ 40 ms of steps each) in ${WALL_ROUNDS} interleaved rounds`,
        medianOfSamples: table(median),
        machineTwoThreadCeiling: { before: ceilingBefore, after: ceilingAfter, what: 'pure-arithmetic work of 2 threads over 1 per 50-ms window (quantiles): what the 2 vCPUs gave at all, before and after the rounds' },
      },
    };
  } finally {
    await threaded.close();
    await tfjs2.side?.close();
    await tfjsThreaded1.side?.close();
  }
}

/** How the 2-thread tfjs figure was obtained, or why there is none. */
function tfjs2Note({ side, reason }: Awaited<ReturnType<typeof startThreadedTfjs>>): string {
  if (side === null) return `skipped: ${reason}`;
  const c = [...side.cpuOverWall].sort((a, b) => a - b);
  const cpu = c.length === 0 ? 'not measured' : `median process CPU/wall ${c[c.length >> 1].toFixed(2)} (${c[0].toFixed(2)}–${c[c.length - 1].toFixed(2)})`;
  return `${side.build} in a worker realm (pthread scripts loaded from files); ${cpu}; sanity: ${side.sanity}`;
}
