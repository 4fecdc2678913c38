// The two reference workloads of issue 3 (mlp and cnn) and wtanet's training step for them,
// shared by bench/train.ts (this realm, default kernel module) and bench/train-threads-worker.ts
// (a worker realm running the shared-memory build with threads). bench/train_torch.py builds
// the same models in PyTorch.
import { backward, noGrad } from '../src/autodiff/tape.js';
import { Rng } from '../src/base/prng.js';
import { Model } from '../src/nn/model.js';
import type { ModelConfig } from '../src/nn/model-config.js';
import { multiTaskCrossEntropy } from '../src/ops/multitask-loss.js';
import { Adam } from '../src/optim/adam.js';
import { scratch } from '../src/tensor/context.js';
import { fromArray, fromInts } from '../src/tensor/tensor.js';

export const TASKS = 8;
export const CLASSES = 2;
export const bottleneck = { variant: 'wta' as const, groups: 4, units: 4, temperature: 1, finalTemperature: null, k: 4 };
const heads = { type: 'mlp' as const, hidden: [32] };

export interface Workload { name: string; inputShape: number[]; batch: number; model: ModelConfig }
export const workloads: Workload[] = [
  { name: 'mlp', inputShape: [64], batch: 128, model: { encoder: { type: 'mlp', hidden: [256, 256] }, bottleneck, heads } },
  { name: 'cnn', inputShape: [3, 32, 32], batch: 64, model: { encoder: { type: 'cnn', channels: [16, 32, 64], kernel: 3, stride: 2, hidden: [256] }, bottleneck, heads } },
];

export function wtanetSide(w: Workload) {
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

/**
 * Wall-clock ms per call of fn in each of `samples` samples of ≥ sampleMs of calls. Wall
 * time, not CPU time, because with threads CPU time adds up every thread's.
 */
export function wallSamples(fn: () => void, samples = 5, sampleMs = 40): number[] {
  const t0 = performance.now();
  fn();
  const once = Math.max(0.01, performance.now() - t0);
  const reps = Math.max(1, Math.ceil(sampleMs / once));
  const ms: number[] = [];
  for (let s = 0; s < samples; s++) {
    const start = performance.now();
    for (let r = 0; r < reps; r++) fn();
    ms.push((performance.now() - start) / reps);
  }
  return ms;
}
