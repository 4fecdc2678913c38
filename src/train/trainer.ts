import { backward } from '../autodiff/tape.js';
import { Rng, streams } from '../base/prng.js';
import { Model } from '../nn/model.js';
import { multiTaskCrossEntropy } from '../ops/multitask-loss.js';
import { clipGradients, globalGradNormSquared } from '../optim/clip.js';
import { createOptimizer } from '../optim/create.js';
import type { Optimizer } from '../optim/optimizer.js';
import { learningRate, temperatureAt } from '../optim/schedules.js';
import { scratch } from '../tensor/context.js';
import { empty, type Tensor } from '../tensor/tensor.js';
import { ConfigError } from '../base/check.js';
import { validateRunConfig, type RunConfig } from './config.js';
import { evaluateSplit, type LabeledSplit, type SplitMetrics } from './evaluate.js';
import { regroupUnits } from './regroup-step.js';
import { L2Penalty } from '../optim/penalty.js';
import { argmax } from '../base/argmax.js';

/** What the trainer needs of the data (a DataBundle from src/data satisfies it). */
export interface TrainingData {
  dataset: { readonly inputShape: readonly number[] };
  tasks: readonly { readonly name: string; readonly numClasses: number; labels(z: Int32Array, n: number): Int32Array }[];
  train: { n: number; x: Float32Array; z: Int32Array };
  val: { n: number; x: Float32Array; z: Int32Array };
}

/** One line of metrics.jsonl. */
export interface EpochMetrics {
  /** 1-based number of completed epochs. */
  epoch: number;
  /** Optimizer steps taken so far. */
  step: number;
  /** Learning rate of the epoch's last step. */
  lr: number;
  temperature: number;
  /** Running means over the epoch's minibatches (weights change during the epoch). */
  train: SplitMetrics;
  val: SplitMetrics;
}

export interface TrainProgress {
  epoch: number;
  epochs: number;
  /** Step within the epoch (1-based) and steps per epoch. */
  step: number;
  stepsPerEpoch: number;
  /** Mean training loss of the epoch so far. */
  loss: number;
  /** Set once per epoch, after evaluation. */
  metrics?: EpochMetrics;
}

/** Why training ended. */
export type StopReason = 'completed' | 'early-stopping' | 'aborted' | 'non-finite' | 'paused';

/** The mutable state of a run that a checkpoint captures (besides weights and optimizer state). */
export interface TrainerState {
  epoch: number;
  step: number;
  shuffle: Rng;
  bestValLoss: number;
  epochsWithoutImprovement: number;
}

export interface EpochHooks {
  onProgress?: (p: TrainProgress) => void;
  /**
   * Checked between steps; when aborted, training stops at once (the epoch in progress is lost).
   * An AbortSignal; typed by the one field read, so the types need no DOM or Node lib.
   */
  signal?: { readonly aborted: boolean };
  /** Called after each completed epoch (the run folder writes metrics and a checkpoint here). */
  onEpochEnd?: (metrics: EpochMetrics, state: TrainerState) => void;
  /** Stop (reason 'paused') once this many epochs are complete; used to test resume. */
  stopAtEpoch?: number;
}

export interface TrainOutcome {
  reason: StopReason;
  /** A one-line explanation for every reason but 'completed'. */
  message?: string;
  history: EpochMetrics[];
}

/** A model, optimizer and data set up for training from a validated config. */
export class Trainer {
  readonly model: Model;
  readonly optimizer: Optimizer;
  readonly state: TrainerState;
  readonly taskNames: string[];
  readonly weights: number[];
  private readonly train: LabeledSplit;
  private readonly val: LabeledSplit;
  /** Whether train.pretrain has replaced the encoder's initial weights (a resumed run starts after it). */
  private pretrained = false;

  constructor(readonly config: RunConfig, readonly data: TrainingData) {
    const T = data.tasks.length;
    const tw = config.train.taskWeights;
    if (tw !== null && tw.length !== T) throw new ConfigError(`train.taskWeights: has ${tw.length} entries but the data has ${T} tasks; give one weight per task or null`);
    this.weights = tw ?? new Array<number>(T).fill(1);
    this.taskNames = data.tasks.map((t) => t.name);
    const inputShape = data.dataset.inputShape;
    if (config.model.encoder.type === 'cnn' && inputShape.length !== 3) {
      throw new ConfigError(`model.encoder.type: 'cnn' needs image inputs [C, H, W], but the data gives vectors [${inputShape.join(', ')}]; use 'mlp'`);
    }
    // Every check of the data happens before the model takes wasm memory (nothing to leak on a throw).
    const inputSize = inputShape.reduce((a, b) => a * b, 1);
    this.train = labelSplit(data.train, 'train', inputSize, data.tasks);
    this.val = labelSplit(data.val, 'validation', inputSize, data.tasks);
    if (this.train.n === 0) throw new Error('wtanet: the training split is empty; raise data.nTrain');
    const s = streams(config.seed);
    this.model = Model.fromConfig(config.model, inputShape, data.tasks, s.init);
    try {
      this.optimizer = createOptimizer(config.train.optimizer, this.model.namedParameters());
    } catch (e) {
      this.model.dispose();
      throw e;
    }
    this.state = { epoch: 0, step: 0, shuffle: s.shuffle, bestValLoss: Infinity, epochsWithoutImprovement: 0 };
  }

  /** Loss and accuracy per task on any split of the same data (test, held-out combinations, ...). */
  evaluate(split: { n: number; x: Float32Array; z: Int32Array }): SplitMetrics {
    const labeled = labelSplit(split, 'evaluation', this.model.inputSize, this.data.tasks);
    return evaluateSplit(this.model, labeled, this.taskNames, this.weights, this.config.train.evalBatchSize);
  }

  get stepsPerEpoch(): number {
    return Math.ceil(this.train.n / this.config.train.batchSize);
  }

  /** Trains from the current state to `train.epochs` (or a stop). */
  async run(hooks: EpochHooks = {}): Promise<TrainOutcome> {
    const history: EpochMetrics[] = [];
    const { epochs, earlyStopping } = this.config.train;
    if (this.config.train.pretrain !== undefined && !this.pretrained && this.state.step === 0) {
      const stop = await this.pretrainEncoder(hooks);
      if (stop !== null) return { ...stop, history };
    }
    while (this.state.epoch < epochs) {
      if (hooks.stopAtEpoch !== undefined && this.state.epoch >= hooks.stopAtEpoch) return { reason: 'paused', message: `paused after epoch ${this.state.epoch}`, history };
      const result = await this.epoch(hooks);
      if (result.reason !== 'completed') return { ...result, history };
      const metrics = result.metrics!;
      history.push(metrics);
      hooks.onProgress?.({ epoch: metrics.epoch, epochs, step: this.stepsPerEpoch, stepsPerEpoch: this.stepsPerEpoch, loss: metrics.train.loss, metrics });
      const st = this.state;
      if (metrics.val.loss < st.bestValLoss - (earlyStopping?.minDelta ?? 0)) {
        st.bestValLoss = metrics.val.loss;
        st.epochsWithoutImprovement = 0;
      } else {
        st.epochsWithoutImprovement++;
      }
      hooks.onEpochEnd?.(metrics, st);
      if (earlyStopping !== null && st.epochsWithoutImprovement >= earlyStopping.patience) {
        return { reason: 'early-stopping', message: `early stopping after epoch ${st.epoch}: validation loss has not improved for ${earlyStopping.patience} epochs`, history };
      }
    }
    return { reason: 'completed', history };
  }

  private async epoch(hooks: EpochHooks): Promise<{ reason: StopReason; message?: string; metrics?: EpochMetrics }> {
    const cfg = this.config.train;
    const { model, optimizer, state } = this;
    const n = this.train.n;
    const T = this.taskNames.length;
    const d = model.inputSize;
    const steps = this.stepsPerEpoch;
    const bn = this.config.model.bottleneck;
    model.bottleneck.temperature = temperatureAt(bn.temperature, bn.finalTemperature, state.epoch, cfg.epochs);
    this.regroupIfDue(state.epoch);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    state.shuffle.shuffle(order);
    const lossSum = new Float64Array(T);
    const correct = new Float64Array(T);
    const arena = scratch();
    // Group dropout draws from a stream named by the epoch, so a resumed run drops as an uninterrupted one.
    const dropP = cfg.groupDropout ?? 0;
    const dropRng = dropP > 0 ? new Rng(this.config.seed, `groupDropout:${state.epoch}`) : null;
    let lr = 0;
    let lastYield = performance.now();
    for (let s = 0; s < steps; s++) {
      if (hooks.signal?.aborted) return { reason: 'aborted', message: `aborted during epoch ${state.epoch + 1}; the checkpoint of epoch ${state.epoch} is kept` };
      const start = s * cfg.batchSize;
      const rows = Math.min(cfg.batchSize, n - start);
      lr = learningRate(cfg.schedule, cfg.optimizer.lr, { epoch: state.epoch, step: s, stepsPerEpoch: steps, epochs: cfg.epochs });
      const mark = arena.mark();
      try {
        // Gather the minibatch straight into wasm memory.
        const xb = empty([rows, d]);
        const yb = empty([T, rows], undefined, 'i32');
        const xv = xb.data();
        for (let r = 0; r < rows; r++) xv.set(this.train.x.subarray(order[start + r] * d, (order[start + r] + 1) * d), r * d);
        const yv = yb.ints();
        for (let t = 0; t < T; t++) {
          const labels = this.train.labels[t];
          for (let r = 0; r < rows; r++) yv[t * rows + r] = labels[order[start + r]];
        }
        const { logits } = model.forward(xb, dropRng === null ? undefined : groupDropoutMask(dropRng, dropP, rows, bn.groups, bn.units));
        const { loss, perTask } = multiTaskCrossEntropy(logits, yb, model.heads.offsets, model.tasks.map((t) => t.numClasses), this.weights);
        const lossValue = loss.data()[0];
        const where = `epoch ${state.epoch + 1}, step ${s + 1}`;
        if (!Number.isFinite(lossValue)) return this.nonFinite(`non-finite loss (${lossValue}) at ${where}`);
        countCorrect(logits.data(), rows, model, this.train.labels, order, start, correct);
        backward(loss);
        if (cfg.headL2 > 0) this.headPenalty().addGradient();
        const normSq = globalGradNormSquared(model.parameters());
        if (!Number.isFinite(normSq)) return this.nonFinite(`non-finite gradient at ${where}`);
        if (cfg.clipNorm !== null) clipGradients(model.parameters(), Math.sqrt(normSq), cfg.clipNorm);
        optimizer.step(lr);
        for (let t = 0; t < T; t++) lossSum[t] += perTask[t] * rows;
      } finally {
        for (const p of model.parameters()) p.grad = null;
        arena.release(mark);
      }
      state.step++;
      hooks.onProgress?.({ epoch: state.epoch + 1, epochs: cfg.epochs, step: s + 1, stepsPerEpoch: steps, loss: weightedMean(lossSum, this.weights, Math.min(n, start + rows)) });
      // Let timers and signals (Ctrl-C, progress redraws) run at least every YIELD_MS, so an
      // abort acts within a fraction of a second; only when the next step starts depends on the
      // clock, never what it computes.
      if (performance.now() - lastYield >= YIELD_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    state.epoch++;
    const tasks: SplitMetrics['tasks'] = {};
    for (let t = 0; t < T; t++) tasks[this.taskNames[t]] = { loss: lossSum[t] / n, accuracy: correct[t] / n };
    const train: SplitMetrics = { loss: weightedMean(lossSum, this.weights, n), tasks };
    const val = evaluateSplit(model, this.val, this.taskNames, this.weights, cfg.evalBatchSize);
    await yieldToEventLoop();
    return { reason: 'completed', metrics: { epoch: state.epoch, step: state.step, lr, temperature: model.bottleneck.temperature, train, val } };
  }

  /**
   * train.pretrain: trains the same model with a relu bottleneck of the same width on the same tasks
   * (head L2 0, no regrouping), then copies its encoder weights into this model. Deterministic from
   * the config, so a run killed during it and started again gets the same weights.
   */
  private async pretrainEncoder(hooks: EpochHooks): Promise<{ reason: StopReason; message: string } | null> {
    const { model, train } = this.config;
    const { pretrain, groupDropout, ...rest } = train;
    void groupDropout; // dropping groups needs WTA groups; the relu pretraining has none
    const config = validateRunConfig({
      ...this.config,
      model: { ...model, bottleneck: { variant: 'relu', groups: model.bottleneck.groups, units: model.bottleneck.units } },
      train: { ...rest, epochs: pretrain!.epochs, headL2: 0, regroup: null, restarts: 1, earlyStopping: null },
    });
    const pre = new Trainer(config, this.data);
    try {
      // Progress shows the pretraining's steps (epochs of pretrain.epochs); its metrics are not the run's.
      const onProgress = hooks.onProgress && ((p: TrainProgress) => hooks.onProgress!({ ...p, metrics: undefined }));
      const out = await pre.run({ signal: hooks.signal, onProgress });
      if (out.reason !== 'completed') return { reason: out.reason, message: `encoder pretraining (train.pretrain): ${out.message ?? out.reason}` };
      const from = new Map(pre.model.namedParameters().map((p) => [p.name, p.tensor.toArray()]));
      for (const p of this.model.namedParameters()) if (p.name.startsWith('encoder.')) p.tensor.data().set(from.get(p.name)!);
    } finally {
      pre.dispose();
    }
    this.pretrained = true;
    return null;
  }

  /** Regroups the bottleneck units at the start of `epoch` when train.regroup says so (regroup-step.ts). */
  private regroupIfDue(epoch: number): void {
    const rg = this.config.train.regroup;
    if (rg !== null && epoch > 0 && epoch % rg.every === 0 && epoch <= rg.until * this.config.train.epochs) {
      regroupUnits(this.model, this.optimizer, this.train.x, this.train.n, rg, this.config.seed, epoch);
    }
  }

  /** The head-only L2 penalty (train.headL2) on the heads' weight matrices; biases are not penalized: they carry the base rates. */
  private headPenalty(lambda = this.config.train.headL2): L2Penalty {
    return new L2Penalty(this.model.heads.weights(), lambda);
  }

  private nonFinite(what: string): { reason: StopReason; message: string } {
    return { reason: 'non-finite', message: `training stopped: ${what}; weights were not updated by this step, and the last good checkpoint (epoch ${this.state.epoch}) is kept. Try a lower train.optimizer.lr or set train.clipNorm` };
  }

  /**
   * The penalized training objective: mean weighted cross-entropy on the whole training split
   * (weights fixed) + λ·‖W_heads‖². Lower is better; restarts select by it (no factor labels).
   */
  trainingObjective(lambda = this.config.train.headL2): number {
    const m = evaluateSplit(this.model, this.train, this.taskNames, this.weights, this.config.train.evalBatchSize);
    return m.loss + lambda * this.headPenalty(lambda).normSquared();
  }

  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }
}

function weightedMean(sums: Float64Array, weights: readonly number[], n: number): number {
  let s = 0;
  for (let t = 0; t < sums.length; t++) s += (weights[t] * sums[t]) / Math.max(1, n);
  return s;
}

function countCorrect(logits: Float32Array, rows: number, model: Model, labels: Int32Array[], order: Int32Array, start: number, correct: Float64Array): void {
  const width = model.heads.totalClasses;
  for (let t = 0; t < labels.length; t++) {
    const off = model.heads.offsets[t];
    const c = model.tasks[t].numClasses;
    for (let r = 0; r < rows; r++) {
      const base = r * width + off;
      if (argmax(logits, base, c) === labels[t][order[start + r]]) correct[t]++;
    }
  }
}

/**
 * Checks a split before training on it and computes its labels: n, the size of x, finite
 * inputs, and labels each task can predict. A bad value would otherwise surface much later
 * as a NaN loss or a wrong accuracy, far from its cause.
 */
function labelSplit(split: { n: number; x: Float32Array; z: Int32Array }, name: string, inputSize: number, tasks: TrainingData['tasks']): LabeledSplit {
  const { n, x } = split;
  if (!Number.isInteger(n) || n < 0) throw new Error(`wtanet: the ${name} split has n = ${n}; it must be a whole number of samples`);
  if (x.length !== n * inputSize) {
    throw new Error(`wtanet: the ${name} split's x has ${x.length} values; ${n} samples of ${inputSize} values need ${n * inputSize}`);
  }
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      const at = `sample ${Math.floor(i / inputSize)}, value ${i % inputSize} (flat index ${i})`;
      throw new Error(`wtanet: the ${name} data holds a non-finite value (${x[i]}) at ${at}; fix the dataset before training`);
    }
  }
  const labels = tasks.map((t) => t.labels(split.z, n));
  labels.forEach((l, k) => {
    const c = tasks[k].numClasses;
    for (let i = 0; i < n; i++) {
      if (!(l[i] >= 0 && l[i] < c)) {
        throw new Error(`wtanet: the ${name} split's label for task '${tasks[k].name}' is ${l[i]} at sample ${i}, but the task has classes 0..${c - 1}; are its factor values z in range?`);
      }
    }
  });
  return { n, x, labels };
}

const YIELD_MS = 50;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A rows × G·K mask of 0/1: each (sample, group) is 0 with probability p (group dropout). */
function groupDropoutMask(rng: Rng, p: number, rows: number, groups: number, units: number): Tensor {
  const mask = empty([rows, groups * units]);
  const m = mask.data();
  for (let r = 0; r < rows; r++) {
    for (let g = 0; g < groups; g++) {
      const keep = rng.uniform() < p ? 0 : 1;
      m.fill(keep, (r * groups + g) * units, (r * groups + g + 1) * units);
    }
  }
  return mask;
}
