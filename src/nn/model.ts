import { noGrad } from '../autodiff/tape.js';
import { Arena } from '../tensor/arena.js';
import { scratch, withArena } from '../tensor/context.js';
import { groupWinners, mul, reshape } from '../ops/index.js';
import { fromArray, sameShape, type Tensor } from '../tensor/tensor.js';
import { Bottleneck } from './bottleneck.js';
import { CNN } from './cnn.js';
import { MultiTaskHeads } from './heads.js';
import type { RandomSource } from '../base/prng.js';
import { MLP } from './mlp.js';
import { permuteAxis } from './regroup.js';
import type { ModelConfig } from './model-config.js';
import type { NamedParameter } from '../tensor/parameter.js';
import { argmax } from '../base/argmax.js';

/** What a model needs to know about each task. */
export interface TaskSpec { numClasses: number }

export interface ModelOutput {
  /** The bottleneck code [n, G·K]. */
  code: Tensor;
  /** All tasks' logits side by side [n, Σ numClasses]; task t at columns heads.offsets[t]. */
  logits: Tensor;
}

let modelCounter = 0;

/**
 * encoder (MLP or CNN) → bottleneck (WTA or a baseline variant) → multi-task heads. Parameters live in the
 * model's own persistent arena (freed by dispose()); forward passes allocate in the
 * current arena (the scratch arena during training).
 */
export class Model {
  readonly arena: Arena;
  readonly encoder: MLP | CNN;
  readonly bottleneck: Bottleneck;
  readonly heads: MultiTaskHeads;
  readonly inputSize: number;
  private readonly named: NamedParameter[];
  private disposed = false;

  private constructor(readonly config: ModelConfig, readonly inputShape: readonly number[], readonly tasks: readonly TaskSpec[], rng: RandomSource) {
    this.arena = new Arena(`model-${modelCounter++}`);
    this.inputSize = inputShape.reduce((a, b) => a * b, 1);
    const e = config.encoder;
    try {
      // Layers are built (and draw their initial weights) in this fixed order.
      this.encoder = e.type === 'mlp' ? new MLP(this.inputSize, e.hidden, this.arena, rng) : new CNN(inputShape, e, this.arena, rng);
      this.bottleneck = new Bottleneck(this.encoder.outFeatures, config.bottleneck, this.arena, rng);
      this.heads = new MultiTaskHeads(this.bottleneck.width, tasks.map((t) => t.numClasses), config.heads, this.arena, rng);
    } catch (err) {
      // A layer that rejects its shape (or runs out of memory) must not strand the layers built before it.
      this.arena.dispose();
      throw err;
    }
    this.named = [
      ...this.encoder.namedParameters('encoder'),
      ...this.bottleneck.namedParameters('bottleneck'),
      ...this.heads.namedParameters('heads'),
    ];
  }

  /** Builds a model; `rng` (the run's `init` stream) draws every initial weight. */
  static fromConfig(config: ModelConfig, inputShape: readonly number[], tasks: readonly TaskSpec[], rng: RandomSource): Model {
    if (tasks.length === 0) throw new Error('wtanet: a model needs at least one task');
    for (const [i, t] of tasks.entries()) {
      if (!Number.isInteger(t.numClasses) || t.numClasses < 2) throw new Error(`wtanet: task ${i} has ${t.numClasses} classes; every task needs at least 2`);
    }
    return new Model(config, inputShape, tasks, rng);
  }

  /**
   * Forward pass on a batch tensor ([n, ...inputShape] or [n, inputSize]), recording if grads are on.
   * `codeMask` (n × G·K, training only: group dropout) multiplies the code before the heads.
   */
  forward(x: Tensor, codeMask?: Tensor): ModelOutput {
    this.checkLive();
    const n = x.shape[0];
    const input = this.config.encoder.type === 'cnn' ? asShape(x, [n, ...this.inputShape]) : asShape(x, [n, this.inputSize]);
    const code = this.bottleneck.forward(this.encoder.forward(input));
    const seen = codeMask === undefined ? code : mul(code, codeMask);
    return { code: seen, logits: this.heads.forward(seen) };
  }

  /** Predicted label per task for n samples (x: n × inputSize), evaluated in batches. */
  predict(x: Float32Array, n: number, batchSize = 1024): Int32Array[] {
    this.checkInput(x, n);
    const T = this.tasks.length;
    const out = Array.from({ length: T }, () => new Int32Array(n));
    this.inBatches(x, n, batchSize, (res, start, rows) => {
      const logits = res.logits.data();
      const width = this.heads.totalClasses;
      for (let t = 0; t < T; t++) {
        const off = this.heads.offsets[t];
        const c = this.tasks[t].numClasses;
        for (let r = 0; r < rows; r++) {
          const base = r * width + off;
          out[t][start + r] = argmax(logits, base, c);
        }
      }
    });
    return out;
  }

  /** The bottleneck code: unit values (n × G·K) and each group's winner (n × G, argmax, ties → lowest). */
  encode(x: Float32Array, n: number, batchSize = 1024): { codes: Float32Array; winners: Int32Array } {
    this.checkInput(x, n);
    const d = this.bottleneck.width;
    const codes = new Float32Array(n * d);
    const { groups } = this.config.bottleneck;
    const winners = new Int32Array(n * groups);
    // The winners come from the WTA kernel itself (one rule everywhere: NaN ranks lowest, ties → lowest index).
    this.inBatches(x, n, batchSize, (res, start, rows) => {
      codes.set(res.code.data().subarray(0, rows * d), start * d);
      winners.set(groupWinners(res.code, groups).ints().subarray(0, rows * groups), start * groups);
    });
    return { codes, winners };
  }

  /** The bottleneck's pre-activations (n × G·K): the projection's output before the WTA. */
  preactivations(x: Float32Array, n: number, batchSize = 1024): Float32Array {
    this.checkInput(x, n);
    const d = this.bottleneck.width;
    const out = new Float32Array(n * d);
    this.eachBatch(x, n, batchSize, (xb, start, rows) => {
      const input = this.config.encoder.type === 'cnn' ? asShape(xb, [rows, ...this.inputShape]) : xb;
      out.set(this.bottleneck.projection.forward(this.encoder.forward(input)).data().subarray(0, rows * d), start * d);
    });
    return out;
  }

  /**
   * Reorders the bottleneck units: unit s takes the place of unit perm[s] (regrouping). Every
   * tensor with one axis per unit moves with them: the projection's weight columns and bias, the
   * heads' first-layer rows, and whatever `alsoFor(parameter)` gives (the optimizer's state of it,
   * shaped like the parameter).
   */
  permuteUnits(perm: Int32Array, alsoFor: (p: Tensor) => readonly Tensor[] = () => []): void {
    for (const a of this.unitTensors(alsoFor)) permuteAxis(a.data, a.rows, a.cols, a.axis, perm);
  }

  /** Makes unit `to` a copy of unit `from` in every tensor with a unit axis (as permuteUnits). */
  copyUnit(from: number, to: number, alsoFor: (p: Tensor) => readonly Tensor[] = () => []): void {
    for (const a of this.unitTensors(alsoFor)) {
      if (a.axis === 'cols') for (let r = 0; r < a.rows; r++) a.data[r * a.cols + to] = a.data[r * a.cols + from];
      else a.data.copyWithin(to * a.cols, from * a.cols, (from + 1) * a.cols);
    }
  }

  /**
   * @deprecated Use permuteUnits / copyUnit. The parameters with one axis per bottleneck unit,
   * by name: the projection's weight columns and bias, the heads' first-layer rows.
   */
  unitAxes(): { name: string; rows: number; cols: number; axis: 'rows' | 'cols' }[] {
    const H = this.bottleneck.width;
    const { weight } = this.bottleneck.projection;
    const head = this.heads.firstWeight;
    return [
      { name: 'bottleneck.projection.weight', rows: weight.shape[0], cols: H, axis: 'cols' },
      { name: 'bottleneck.projection.bias', rows: 1, cols: H, axis: 'cols' },
      { name: 'heads.0.weight', rows: H, cols: head.shape[1], axis: 'rows' },
    ];
  }

  /** The tensors with one axis per bottleneck unit, as views taken now (after any memory growth). */
  private unitTensors(alsoFor: (p: Tensor) => readonly Tensor[]): { data: Float32Array; rows: number; cols: number; axis: 'rows' | 'cols' }[] {
    this.checkLive();
    const H = this.bottleneck.width;
    const { weight, bias } = this.bottleneck.projection;
    const head = this.heads.firstWeight;
    const out: { data: Float32Array; rows: number; cols: number; axis: 'rows' | 'cols' }[] = [];
    for (const [t, rows, cols, axis] of [[weight, weight.shape[0], H, 'cols'], [bias, 1, H, 'cols'], [head, H, head.shape[1], 'rows']] as const) {
      for (const u of [t, ...alsoFor(t)]) out.push({ data: u.data(), rows, cols, axis });
    }
    return out;
  }

  /** Calls `fn` with the no-grad forward of each batch; the scratch arena is restored after each. */
  inBatches(x: Float32Array, n: number, batchSize: number, fn: (res: ModelOutput, start: number, rows: number) => void): void {
    this.eachBatch(x, n, batchSize, (xb, start, rows) => fn(this.forward(xb), start, rows));
  }

  /** Calls `fn` with each batch of x as a tensor [rows, inputSize], without gradients, in the scratch arena (restored after each). */
  private eachBatch(x: Float32Array, n: number, batchSize: number, fn: (xb: Tensor, start: number, rows: number) => void): void {
    const arena = scratch();
    for (let start = 0; start < n; start += batchSize) {
      const rows = Math.min(batchSize, n - start);
      const mark = arena.mark();
      try {
        withArena(arena, () => noGrad(() => fn(fromArray(x.subarray(start * this.inputSize, (start + rows) * this.inputSize), [rows, this.inputSize]), start, rows)));
      } finally {
        arena.release(mark);
      }
    }
  }

  parameters(): Tensor[] {
    this.checkLive();
    return this.named.map((p) => p.tensor);
  }

  /** Parameters with stable names ('encoder.0.weight', ...), in a fixed order. */
  namedParameters(): NamedParameter[] {
    this.checkLive();
    return this.named;
  }

  /** Frees the parameters' memory; the model is unusable afterwards (calls throw). Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.arena.dispose();
  }

  /** Freed parameter memory is reused by later allocations: reading it would give silently wrong results. */
  private checkLive(): void {
    if (this.disposed) throw new Error('wtanet: this model was disposed; its weights are gone (build or load a new model)');
  }

  private checkInput(x: Float32Array, n: number): void {
    this.checkLive();
    if (!Number.isInteger(n) || n < 0) throw new Error(`wtanet: the number of samples must be a whole number ≥ 0, got ${n}`);
    if (x.length !== n * this.inputSize) {
      throw new Error(`wtanet: model input has ${x.length} values; ${n} samples of shape [${this.inputShape.join(', ')}] need ${n * this.inputSize}`);
    }
    // A NaN would silently win or lose every argmax downstream and yield label 0.
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i])) {
        const sample = Math.floor(i / this.inputSize);
        throw new Error(`wtanet: model input holds a non-finite value (${x[i]}) in sample ${sample} at index ${i - sample * this.inputSize}; clean the data first`);
      }
    }
  }
}

/** x under `shape` (zero-copy; records only if x requires a gradient). */
function asShape(x: Tensor, shape: number[]): Tensor {
  if (sameShape(x.shape, shape)) return x;
  return reshape(x, shape);
}
