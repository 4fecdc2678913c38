import { backward, noGrad } from '../autodiff/tape.js';
import type { Rng } from '../base/prng.js';
import { add } from '../ops/add.js';
import { relu } from '../ops/activation.js';
import { softmaxCrossEntropy } from '../ops/loss.js';
import { matmul } from '../ops/matmul.js';
import { Arena } from '../tensor/arena.js';
import { scratch, withArena } from '../tensor/context.js';
import { fromArray, fromInts, zeros, type Tensor } from '../tensor/tensor.js';
import { lbfgs } from './lbfgs.js';
import { argmax } from '../base/argmax.js';

// Small classifiers trained with wtanet's own engine (tensors, ops, tape): the softmax
// readouts of InfoE and few-shot transfer, and the linear / MLP probes.
//
// A LINEAR readout (the convex case: InfoE, few-shot) is fitted TO CONVERGENCE by L-BFGS
// (lbfgs.ts) on the mean cross-entropy plus an optional ½·l2·‖W‖² (weights only, not biases):
// a fixed short schedule leaves the fit, and every number computed from it, biased (few-shot
// on a perfect code stayed at 0.77 instead of 1; InfoE was low at small n). The engine computes
// each loss and gradient in float32; the iteration runs in float64. Deterministic: no timing,
// no randomness, a fixed stopping rule (max |gradient| ≤ gradTol, or no further decrease
// representable in float32, or maxIterations).
//
// An MLP readout (hidden layers: the nonlinear probe) is non-convex and keeps full-batch Adam
// with a linearly decaying step (to 0 at the last step), written over the parameters'
// Float32Array views. The probe() keeps Adam for its linear probe too (method 'adam'), so
// linear and MLP probes are trained alike. Each step or evaluation marks the scratch arena and
// releases it: no memory growth.

export interface ReadoutOptions {
  /** Hidden layer widths (ReLU); [] for a linear softmax readout (default []). */
  hidden?: number[];
  /** 'lbfgs' (to convergence; default for a linear readout) or 'adam' (fixed steps; always for hidden layers). */
  method?: 'lbfgs' | 'adam';
  /** L-BFGS: L2 penalty ½·l2·‖W‖² on the weights, not the biases (default 0: unregularized). */
  l2?: number;
  /** L-BFGS: stop when every gradient component is at most this (default 1e-6). */
  gradTol?: number;
  /** L-BFGS: iteration cap (default 1000). */
  maxIterations?: number;
  /** Adam: full-batch steps (default 300). */
  steps?: number;
  /** Adam: initial step size (default 0.05). */
  lr?: number;
  /** Adam: decoupled L2 weight decay on the weights, not biases (default 0). */
  weightDecay?: number;
  /** Initializes hidden weights (needed when hidden is nonempty). */
  rng?: Rng;
  /**
   * Start the output bias at the log class frequencies (the no-input MLE), so the first
   * iterate already has the null model's loss (default true).
   */
  nullInit?: boolean;
}

export interface Readout {
  /** Mean training cross-entropy (nats) at the final parameters. */
  trainLoss: number;
  predict(x: Float32Array, n: number): Int32Array;
  /** Frees the parameters' wasm memory. */
  dispose(): void;
}

interface Layer {
  w: Tensor;
  b: Tensor;
}

function forward(layers: Layer[], x: Tensor): Tensor {
  let h = x;
  layers.forEach((l, i) => {
    h = add(matmul(h, l.w), l.b);
    if (i < layers.length - 1) h = relu(h);
  });
  return h;
}

/** Trains a softmax classifier (linear, or an MLP with `hidden`) from x (n × d) to y. */
export function trainReadout(x: Float32Array, n: number, d: number, y: Int32Array, numClasses: number, options: ReadoutOptions = {}): Readout {
  if (x.length !== n * d) throw new Error(`readout: x has ${x.length} values, expected ${n} × ${d}`);
  if (y.length !== n) throw new Error(`readout: y has ${y.length} labels, expected ${n}`);
  for (let i = 0; i < n; i++) {
    if (!(y[i] >= 0 && y[i] < numClasses)) throw new Error(`readout: label ${y[i]} at row ${i} is outside [0, ${numClasses})`);
  }
  const hidden = options.hidden ?? [];
  const arena = new Arena('readout');
  const widths = [d, ...hidden, numClasses];
  const { layers, xs, ys } = withArena(arena, () => {
    const layers: Layer[] = [];
    for (let i = 0; i + 1 < widths.length; i++) {
      const w = zeros([widths[i], widths[i + 1]]);
      if (i < widths.length - 2) {
        if (!options.rng) throw new Error('readout: an MLP readout needs options.rng to initialize its hidden weights');
        const std = Math.sqrt(2 / widths[i]); // He initialization for ReLU
        const data = w.data();
        for (let j = 0; j < data.length; j++) data[j] = options.rng.normal() * std;
      }
      layers.push({ w, b: zeros([widths[i + 1]]) });
    }
    return { layers, xs: fromArray(x, [n, d]), ys: fromInts(y, [n]) };
  });
  if (options.nullInit ?? true) {
    const counts = new Float64Array(numClasses);
    for (let i = 0; i < n; i++) counts[y[i]]++;
    // Unseen classes get a very low (finite) logit: exp(−30) ≈ 1e-13.
    const b = layers[layers.length - 1].b.data();
    for (let c = 0; c < numClasses; c++) b[c] = counts[c] > 0 ? Math.log(counts[c] / n) : -30;
  }
  if (hidden.length === 0 && (options.method ?? 'lbfgs') === 'lbfgs') fitLinear(layers[0], xs, ys, options);
  else fitAdam(layers, xs, ys, options);
  const evalLoss = () => {
    const mark = scratch().mark();
    const loss = noGrad(() => softmaxCrossEntropy(forward(layers, xs), ys).data()[0]);
    scratch().release(mark);
    return loss;
  };
  return {
    trainLoss: evalLoss(),
    predict(xNew: Float32Array, rows: number): Int32Array {
      if (xNew.length !== rows * d) throw new Error(`readout: predict got ${xNew.length} values, expected ${rows} × ${d}`);
      const mark = scratch().mark();
      const out = new Int32Array(rows);
      noGrad(() => {
        const logits = forward(layers, fromArray(xNew, [rows, d])).data();
        for (let i = 0; i < rows; i++) {
          out[i] = argmax(logits, i * numClasses, numClasses);
        }
      });
      scratch().release(mark);
      return out;
    },
    dispose: () => arena.dispose(),
  };
}

/** The convex linear readout: L-BFGS to convergence over (W, b), loss and gradient from the engine. */
function fitLinear(layer: Layer, xs: Tensor, ys: Tensor, options: ReadoutOptions): void {
  const l2 = options.l2 ?? 0;
  const nw = layer.w.size;
  const theta = new Float64Array(nw + layer.b.size);
  theta.set(layer.w.data());
  theta.set(layer.b.data(), nw);
  layer.w.requiresGrad = true;
  layer.b.requiresGrad = true;
  const evaluate = (th: Float64Array, grad: Float64Array): number => {
    layer.w.data().set(th.subarray(0, nw));
    layer.b.data().set(th.subarray(nw));
    const mark = scratch().mark();
    layer.w.grad = null;
    layer.b.grad = null;
    const loss = softmaxCrossEntropy(forward([layer], xs), ys);
    backward(loss);
    let f = loss.data()[0];
    grad.set(layer.w.grad!.data());
    grad.set(layer.b.grad!.data(), nw);
    layer.w.grad = null;
    layer.b.grad = null;
    scratch().release(mark);
    if (l2 > 0) {
      for (let j = 0; j < nw; j++) {
        f += 0.5 * l2 * th[j] * th[j];
        grad[j] += l2 * th[j];
      }
    }
    return f;
  };
  const best = lbfgs(evaluate, theta, { gradTol: options.gradTol ?? 1e-6, maxIterations: options.maxIterations ?? 1000 }).x;
  layer.w.data().set(best.subarray(0, nw));
  layer.b.data().set(best.subarray(nw));
  layer.w.requiresGrad = false;
  layer.b.requiresGrad = false;
}

/** Fixed-budget full-batch Adam, step decaying linearly to 0 (the MLP probe; non-convex). */
function fitAdam(layers: Layer[], xs: Tensor, ys: Tensor, options: ReadoutOptions): void {
  const steps = options.steps ?? 300;
  const lr = options.lr ?? 0.05;
  const decay = options.weightDecay ?? 0;
  const params: { t: Tensor; decay: boolean }[] = layers.flatMap((l) => [{ t: l.w, decay: true }, { t: l.b, decay: false }]);
  for (const p of params) p.t.requiresGrad = true;
  const m1 = params.map((p) => new Float32Array(p.t.size));
  const m2 = params.map((p) => new Float32Array(p.t.size));
  const beta1 = 0.9;
  const beta2 = 0.999;
  for (let step = 1; step <= steps; step++) {
    const mark = scratch().mark();
    for (const p of params) p.t.grad = null;
    backward(softmaxCrossEntropy(forward(layers, xs), ys));
    const a = (lr * (1 - (step - 1) / steps) * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
    params.forEach((p, k) => {
      const w = p.t.data();
      const g = p.t.grad!.data();
      const mm = m1[k];
      const vv = m2[k];
      for (let j = 0; j < w.length; j++) {
        mm[j] = beta1 * mm[j] + (1 - beta1) * g[j];
        vv[j] = beta2 * vv[j] + (1 - beta2) * g[j] * g[j];
        w[j] -= a * mm[j] / (Math.sqrt(vv[j]) + 1e-8) + (p.decay ? lr * decay * w[j] : 0);
      }
      p.t.grad = null;
    });
    scratch().release(mark);
  }
}

/** Share of rows where `pred` equals `y`. */
export function accuracy(pred: Int32Array, y: Int32Array): number {
  let c = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) c++;
  return y.length > 0 ? c / y.length : 0;
}
