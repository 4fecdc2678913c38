// Training steps of the bench's two model kinds (mlp, cnn), scaled so that their products and
// im2row/row2im calls are large enough to be split across threads; returns every parameter's
// bytes after the steps. Used in-process with 1, 2, 3 threads and in child processes (default
// kernel module, no SharedArrayBuffer) by test/threads.test.ts.
import { createHash } from 'node:crypto';
import { backward } from '../../src/autodiff/tape.js';
import { Rng } from '../../src/base/prng.js';
import { Model } from '../../src/nn/model.js';
import type { ModelConfig } from '../../src/nn/model-config.js';
import { multiTaskCrossEntropy } from '../../src/ops/multitask-loss.js';
import { Adam } from '../../src/optim/adam.js';
import { scratch } from '../../src/tensor/context.js';
import { getHeap } from '../../src/tensor/heap.js';
import { fromArray, fromInts } from '../../src/tensor/tensor.js';

const TASKS = 3;
const CLASSES = 3;
const bottleneck = { variant: 'wta' as const, groups: 4, units: 4, temperature: 1, finalTemperature: null, k: 4 };
const heads = { type: 'mlp' as const, hidden: [16] };

export const WORKLOADS = {
  mlp: { inputShape: [96], batch: 100, model: { encoder: { type: 'mlp', hidden: [160, 96] }, bottleneck, heads } },
  cnn: { inputShape: [3, 16, 16], batch: 12, model: { encoder: { type: 'cnn', channels: [8, 16], kernel: 3, stride: 2, hidden: [48] }, bottleneck, heads } },
} satisfies Record<string, { inputShape: number[]; batch: number; model: ModelConfig }>;

export type WorkloadName = keyof typeof WORKLOADS;

export interface Trained {
  /** sha256 of every parameter's bytes, in order. */
  hash: string;
  /** Parameter bytes. */
  bytes: number;
  /** Loss of the first and the last step. */
  losses: [number, number];
  /** Wasm heap bytes reserved after step 2 and after the last step. */
  heap: [number, number];
}

export function trainSteps(name: WorkloadName, steps: number): Trained {
  const w = WORKLOADS[name];
  const model = Model.fromConfig(w.model as ModelConfig, w.inputShape, Array.from({ length: TASKS }, () => ({ numClasses: CLASSES })), new Rng(5, 'init'));
  const opt = new Adam(model.namedParameters(), { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false });
  const rng = new Rng(5, 'data');
  const d = model.inputSize;
  const classes = new Array<number>(TASKS).fill(CLASSES);
  const weights = new Array<number>(TASKS).fill(1);
  const arena = scratch();
  const losses: number[] = [];
  let heapAfter2 = 0;
  try {
    for (let s = 0; s < steps; s++) {
      const mark = arena.mark();
      const x = fromArray(Float32Array.from({ length: w.batch * d }, () => rng.normal()), [w.batch, d]);
      const y = fromInts(Int32Array.from({ length: TASKS * w.batch }, () => rng.int(CLASSES)), [TASKS, w.batch]);
      const { logits } = model.forward(x);
      const loss = multiTaskCrossEntropy(logits, y, model.heads.offsets, classes, weights).loss;
      losses.push(loss.data()[0]);
      backward(loss);
      opt.step(3e-3);
      for (const p of model.parameters()) p.grad = null;
      arena.release(mark);
      if (s === 1) heapAfter2 = getHeap().bytesReserved;
    }
    const hash = createHash('sha256');
    let bytes = 0;
    for (const p of model.parameters()) {
      const a = p.toArray();
      hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      bytes += a.byteLength;
    }
    return { hash: hash.digest('hex'), bytes, losses: [losses[0], losses[losses.length - 1]], heap: [heapAfter2, getHeap().bytesReserved] };
  } finally {
    opt.dispose();
    model.dispose();
  }
}
