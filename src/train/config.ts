import { validateDataConfig, type DataConfig } from '../data/config.js';
import { parseJson, ConfigError, describe, fail, intList, nullableNumber, number, object, oneOf } from '../base/check.js';

export { BOTTLENECK_VARIANTS, type BottleneckConfig, type BottleneckVariant, type EncoderConfig, type HeadsConfig, type ModelConfig } from '../nn/model-config.js';
import { BOTTLENECK_VARIANTS, type BottleneckConfig, type EncoderConfig, type HeadsConfig, type ModelConfig } from '../nn/model-config.js';

// The run configuration: JSON, every field optional with the default documented here.
// validateRunConfig() returns a complete config (defaults filled in), so what is saved
// in a run folder states every choice explicitly.

export interface OptimizerConfig {
  /** default 'adam'. */
  type: 'adam' | 'adamw' | 'sgd';
  /** Peak learning rate (default 1e-3 for adam/adamw, 0.05 for sgd). */
  lr: number;
  /** Adam β1 (default 0.9). */
  beta1: number;
  /** Adam β2 (default 0.999). */
  beta2: number;
  /** Adam ε (default 1e-8). */
  eps: number;
  /** Decoupled weight decay for adamw (default 0.01), L2 added to the gradient for sgd/adam (default 0). */
  weightDecay: number;
  /** SGD momentum (default 0.9). */
  momentum: number;
}

export type ScheduleConfig =
  | { type: 'constant' }
  /** Cosine decay from lr to minLr over all steps, after `warmupEpochs` of linear warm-up. */
  | { type: 'cosine'; minLr: number; warmupEpochs: number }
  /** lr × gamma^floor(epoch / everyEpochs). */
  | { type: 'step'; everyEpochs: number; gamma: number };

export interface EarlyStoppingConfig {
  /** Epochs without improvement of the mean validation loss before stopping (default 5). */
  patience: number;
  /** Improvement smaller than this does not count (default 0). */
  minDelta: number;
}

/** Exclusivity regrouping of bottleneck units (src/nn/regroup.ts); off (null) by default. */
export interface RegroupConfig {
  /** Regroup before every `every`-th epoch (default 10). */
  every: number;
  /** Stop regrouping after this fraction of the epochs (default 0.75), so training settles. */
  until: number;
  /** Random starts of the grouping search besides the current grouping (default 10). */
  starts: number;
  /** Also give each dead unit (never wins) a noisy copy of its group's busiest unit (default true). */
  revive: boolean;
  /**
   * Idle units are free room (absent = off; only written when true, so existing configs keep their
   * bits): a unit that wins less than 10 % of its fair share (n / units) before the regrouping costs
   * nothing in any group (its lift with every unit is 0), so the search can trade it for a detector
   * parked in a foreign group; afterwards each such unit that changed group is revived there (noisy
   * copy of that group's busiest unit), whether or not it now wins.
   */
  idleFree?: boolean;
}

export interface TrainConfig {
  /** default 20. */
  epochs: number;
  /** default 128. */
  batchSize: number;
  optimizer: OptimizerConfig;
  schedule: ScheduleConfig;
  /** Global gradient-norm clipping threshold (default null: no clipping). */
  clipNorm: number | null;
  /** Weight of each task's cross-entropy in the loss (default null: all 1). */
  taskWeights: number[] | null;
  /** default null: train all epochs. */
  earlyStopping: EarlyStoppingConfig | null;
  /** Batch size for evaluation passes (default 1024; does not change results). */
  evalBatchSize: number;
  /**
   * L2 penalty λ·‖W‖² on the task heads' weights only (default 0). A small one (1e-3…1e-2) makes
   * the factorial code the unique optimum with linear heads (README, Results).
   */
  headL2: number;
  /** Exclusivity regrouping of bottleneck units (default null: off). */
  regroup: RegroupConfig | null;
  /**
   * Train this many times from different initial weights and keep the run with the lowest
   * penalized training objective, cross-entropy + max(headL2, 1e-3)·‖W_heads‖² (default 1).
   * Factor-blind: it uses no factor labels. Applied by trainBestOf (src/train/restarts.ts).
   */
  restarts: number;
  /**
   * Group dropout (absent = off; only written when > 0, so existing configs keep their bits): during
   * training each WTA group's code is zeroed with this probability, independently per sample and
   * group, so a factor must be readable from any single group that carries it; a factor held jointly
   * by two partial groups is penalized, a complete duplicate is not. Needs a 'wta' bottleneck.
   */
  groupDropout?: number;
  /**
   * Encoder pretraining (absent = off; only written when set, so existing configs keep their bits):
   * before the run's first epoch, the same model with a relu bottleneck of the same width is trained
   * on the same tasks for `epochs` epochs (head L2 0, no regrouping, the run's optimizer and
   * schedule over those epochs), and its encoder weights replace the run's initial ones; the
   * bottleneck and heads start as without it. Factor-blind (the training tasks only). Why: with a
   * hard-WTA bottleneck the tasks' error reaches the encoder only through winning units, so a factor
   * that no group holds early is never learned (docs/research/sized-encoder.md, session 8).
   */
  pretrain?: { epochs: number };
}

/** The data section: defaults and checks are owned by src/data (validateDataConfig). */
export type DataSection = DataConfig;

export interface RunConfig {
  /** Seeds every random stream of the run (default 0). */
  seed: number;
  data: DataSection;
  model: ModelConfig;
  train: TrainConfig;
}

function validateEncoder(value: unknown): EncoderConfig {
  const path = 'model.encoder';
  const raw = object(value, path, ['type', 'hidden', 'channels', 'kernel', 'stride']);
  const type = oneOf(raw.type, `${path}.type`, ['mlp', 'cnn'] as const, 'mlp');
  if (type === 'mlp') {
    for (const k of ['channels', 'kernel', 'stride']) if (raw[k] !== undefined) fail(`${path}.${k}`, "only allowed when model.encoder.type is 'cnn'");
    return { type, hidden: intList(raw.hidden, `${path}.hidden`, [256, 256]) };
  }
  return {
    type,
    channels: intList(raw.channels, `${path}.channels`, [16, 32, 64], 1, false),
    kernel: number(raw.kernel, `${path}.kernel`, 3, { integer: true, min: 1, max: 15 }),
    stride: number(raw.stride, `${path}.stride`, 2, { integer: true, min: 1, max: 8 }),
    hidden: intList(raw.hidden, `${path}.hidden`, [256]),
  };
}

function validateBottleneck(value: unknown): BottleneckConfig {
  const path = 'model.bottleneck';
  const raw = object(value, path, ['variant', 'groups', 'units', 'temperature', 'finalTemperature', 'k']);
  const groups = number(raw.groups, `${path}.groups`, 4, { integer: true, min: 1, max: 4096 });
  const units = number(raw.units, `${path}.units`, 4, { integer: true, min: 1, max: 4096 });
  const variant = oneOf(raw.variant, `${path}.variant`, BOTTLENECK_VARIANTS, 'wta');
  if (variant === 'wta' && units < 2) fail(`${path}.units`, `${units} is not an integer ≥ 2 (a 'wta' group needs at least 2 units)`);
  return {
    variant,
    groups,
    units,
    temperature: number(raw.temperature, `${path}.temperature`, 1, { min: 0, exclusiveMin: true }),
    finalTemperature: nullableNumber(raw.finalTemperature, `${path}.finalTemperature`, null, { min: 0, exclusiveMin: true }),
    k: number(raw.k, `${path}.k`, groups, { integer: true, min: 1, max: groups * units }),
  };
}

function validateHeads(value: unknown): HeadsConfig {
  const path = 'model.heads';
  const raw = object(value, path, ['type', 'hidden']);
  return {
    type: oneOf(raw.type, `${path}.type`, ['linear', 'mlp'] as const, 'linear'),
    hidden: intList(raw.hidden, `${path}.hidden`, [32], 1, false),
  };
}

function validateOptimizer(value: unknown): OptimizerConfig {
  const path = 'train.optimizer';
  const raw = object(value, path, ['type', 'lr', 'beta1', 'beta2', 'eps', 'weightDecay', 'momentum']);
  const type = oneOf(raw.type, `${path}.type`, ['adam', 'adamw', 'sgd'] as const, 'adam');
  return {
    type,
    lr: number(raw.lr, `${path}.lr`, type === 'sgd' ? 0.05 : 1e-3, { min: 0, exclusiveMin: true }),
    beta1: number(raw.beta1, `${path}.beta1`, 0.9, { min: 0, max: 0.999999 }),
    beta2: number(raw.beta2, `${path}.beta2`, 0.999, { min: 0, max: 0.999999 }),
    eps: number(raw.eps, `${path}.eps`, 1e-8, { min: 0, exclusiveMin: true }),
    weightDecay: number(raw.weightDecay, `${path}.weightDecay`, type === 'adamw' ? 0.01 : 0, { min: 0 }),
    momentum: number(raw.momentum, `${path}.momentum`, 0.9, { min: 0, max: 0.999999 }),
  };
}

function validateSchedule(value: unknown): ScheduleConfig {
  const path = 'train.schedule';
  const raw = object(value, path, ['type', 'minLr', 'warmupEpochs', 'everyEpochs', 'gamma']);
  const type = oneOf(raw.type, `${path}.type`, ['constant', 'cosine', 'step'] as const, 'constant');
  const only = (keys: string[]) => {
    for (const k of ['minLr', 'warmupEpochs', 'everyEpochs', 'gamma']) {
      if (!keys.includes(k) && raw[k] !== undefined) fail(`${path}.${k}`, `not a field of the '${type}' schedule; its fields: ${keys.length ? keys.join(', ') : 'none'}`);
    }
  };
  if (type === 'constant') { only([]); return { type }; }
  if (type === 'cosine') {
    only(['minLr', 'warmupEpochs']);
    return { type, minLr: number(raw.minLr, `${path}.minLr`, 0, { min: 0 }), warmupEpochs: number(raw.warmupEpochs, `${path}.warmupEpochs`, 0, { min: 0 }) };
  }
  only(['everyEpochs', 'gamma']);
  return { type, everyEpochs: number(raw.everyEpochs, `${path}.everyEpochs`, 10, { integer: true, min: 1 }), gamma: number(raw.gamma, `${path}.gamma`, 0.1, { min: 0, exclusiveMin: true, max: 1 }) };
}

function validateTrain(value: unknown): TrainConfig {
  const path = 'train';
  const raw = object(value, path, ['epochs', 'batchSize', 'optimizer', 'schedule', 'clipNorm', 'taskWeights', 'earlyStopping', 'evalBatchSize', 'headL2', 'regroup', 'restarts', 'groupDropout', 'pretrain']);
  let regroup: RegroupConfig | null = null;
  if (raw.regroup !== undefined && raw.regroup !== null) {
    const rg = object(raw.regroup, `${path}.regroup`, ['every', 'until', 'starts', 'revive', 'idleFree']);
    if (rg.revive !== undefined && typeof rg.revive !== 'boolean') fail(`${path}.regroup.revive`, `${describe(rg.revive)} is not true or false`);
    if (rg.idleFree !== undefined && typeof rg.idleFree !== 'boolean') fail(`${path}.regroup.idleFree`, `${describe(rg.idleFree)} is not true or false`);
    regroup = {
      every: number(rg.every, `${path}.regroup.every`, 10, { integer: true, min: 1 }),
      until: number(rg.until, `${path}.regroup.until`, 0.75, { min: 0, max: 1 }),
      starts: number(rg.starts, `${path}.regroup.starts`, 10, { integer: true, min: 0, max: 1000 }),
      revive: (rg.revive as boolean | undefined) ?? true,
      ...(rg.idleFree === true ? { idleFree: true } : {}),
    };
  }
  let taskWeights: number[] | null = null;
  if (raw.taskWeights !== undefined && raw.taskWeights !== null) {
    if (!Array.isArray(raw.taskWeights)) fail(`${path}.taskWeights`, `${describe(raw.taskWeights)} is not null or a list of numbers ≥ 0 (one per task)`);
    taskWeights = raw.taskWeights.map((w, i) => number(w, `${path}.taskWeights[${i}]`, 1, { min: 0 }));
  }
  let earlyStopping: EarlyStoppingConfig | null = null;
  if (raw.earlyStopping !== undefined && raw.earlyStopping !== null) {
    const es = object(raw.earlyStopping, `${path}.earlyStopping`, ['patience', 'minDelta']);
    earlyStopping = {
      patience: number(es.patience, `${path}.earlyStopping.patience`, 5, { integer: true, min: 1 }),
      minDelta: number(es.minDelta, `${path}.earlyStopping.minDelta`, 0, { min: 0 }),
    };
  }
  return {
    epochs: number(raw.epochs, `${path}.epochs`, 20, { integer: true, min: 1, max: 1_000_000 }),
    batchSize: number(raw.batchSize, `${path}.batchSize`, 128, { integer: true, min: 1, max: 1 << 20 }),
    optimizer: validateOptimizer(raw.optimizer),
    schedule: validateSchedule(raw.schedule),
    clipNorm: nullableNumber(raw.clipNorm, `${path}.clipNorm`, null, { min: 0, exclusiveMin: true }),
    taskWeights,
    earlyStopping,
    evalBatchSize: number(raw.evalBatchSize, `${path}.evalBatchSize`, 1024, { integer: true, min: 1, max: 1 << 20 }),
    headL2: number(raw.headL2, `${path}.headL2`, 0, { min: 0 }),
    regroup,
    restarts: number(raw.restarts, `${path}.restarts`, 1, { integer: true, min: 1, max: 1000 }),
    ...groupDropoutField(raw.groupDropout, `${path}.groupDropout`),
    ...pretrainField(raw.pretrain, `${path}.pretrain`),
  };
}

function pretrainField(v: unknown, path: string): { pretrain?: { epochs: number } } {
  if (v === undefined || v === null) return {};
  const raw = object(v, path, ['epochs']);
  return { pretrain: { epochs: number(raw.epochs, `${path}.epochs`, 10, { integer: true, min: 1, max: 100000 }) } };
}

function groupDropoutField(v: unknown, path: string): { groupDropout?: number } {
  const p = number(v, path, 0, { min: 0, max: 0.9 });
  return p > 0 ? { groupDropout: p } : {};
}

/**
 * Checks a parsed JSON run config and fills in every default. Throws ConfigError with
 * one line naming the field path and the allowed values.
 */
export function validateRunConfig(value: unknown): RunConfig {
  const raw = object(value, 'config', ['seed', 'data', 'model', 'train']);
  const model = object(raw.model, 'model', ['encoder', 'bottleneck', 'heads']);
  let data: DataConfig;
  try {
    data = validateDataConfig(raw.data ?? {});
  } catch (e) {
    // The data layer's messages already name the field ('data.nTrain: ...; allowed: ...').
    throw new ConfigError((e as Error).message.replace(/^wtanet: /, ''));
  }
  const seed = number(raw.seed, 'seed', 0, { integer: true, min: 0, max: 0xffffffff });
  const encoder = validateEncoder(model.encoder);
  const bottleneck = validateBottleneck(model.bottleneck);
  const heads = validateHeads(model.heads);
  const train = validateTrain(raw.train);
  // Regrouping moves units between the groups of a hard WTA code, judged by which units never win
  // together; other variants have no winners to judge by (and relu/sigmoid/linear no groups).
  if (train.regroup !== null && bottleneck.variant !== 'wta') {
    throw new ConfigError(`train.regroup: regrouping needs a 'wta' bottleneck, this one is '${bottleneck.variant}'; remove train.regroup or set model.bottleneck.variant to "wta"`);
  }
  if (train.groupDropout !== undefined && bottleneck.variant !== 'wta') {
    throw new ConfigError(`train.groupDropout: group dropout drops whole WTA groups, this bottleneck is '${bottleneck.variant}'; remove train.groupDropout or set model.bottleneck.variant to "wta"`);
  }
  return { seed, data, model: { encoder, bottleneck, heads }, train };
}

/** Parses JSON text and validates it; `source` (a file name) prefixes JSON syntax errors. */
export function parseRunConfig(text: string, source = 'config'): RunConfig {
  return validateRunConfig(parseJson(text, source));
}

