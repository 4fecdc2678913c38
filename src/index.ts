// Public API of wtanet. Internal helpers are not exported from here.
export { kernels, initWasm } from './kernels/load.js';
export { ready } from './ready.js';
export { useThreads, threadCount, type ThreadsStatus } from './kernels/threads/index.js';
export { Arena } from './tensor/arena.js';
export { scratch, withArena, currentArena } from './tensor/context.js';
export { Tensor, empty, full, zeros, fromArray, fromInts, type Shape, type DType } from './tensor/tensor.js';
export { backward, noGrad, record, type BackwardFn } from './autodiff/tape.js';
export * from './ops/index.js';
export * from './metrics/index.js';
// Models, optimizers, config and the (browser-safe) trainer. Run folders and checkpoints
// on disk (trainRun, resumeRun, checkpoints, .npy) are Node-only: import them from 'wtanet/node'.
export { Model, type TaskSpec, type ModelOutput } from './nn/model.js';
export type { ModelConfig, EncoderConfig, BottleneckConfig, HeadsConfig, BottleneckVariant } from './nn/model-config.js';
export { Adam } from './optim/adam.js';
export { SGD } from './optim/sgd.js';
export { Optimizer } from './optim/optimizer.js';
export { learningRate, temperatureAt } from './optim/schedules.js';
export {
  validateRunConfig, parseRunConfig,
  type RunConfig, type TrainConfig, type OptimizerConfig, type ScheduleConfig, type EarlyStoppingConfig, type DataSection,
} from './train/config.js';
export { ConfigError } from './base/check.js';
export type { RunConfigInput, DeepPartial } from './train/config-input.js';
export { Trainer, type TrainingData, type EpochMetrics, type TrainProgress, type TrainOutcome, type StopReason } from './train/trainer.js';
export { trainBestOf, restartConfig, type BestOf } from './train/restarts.js';
// The regrouping recipe (pure): what 'wtanet train --recipe' and the general study train with.
export { RECIPE, applyRecipe, recipeConfig, type RecipeBudget } from './experiments/recipe.js';
export { coFiringLift, exclusiveGrouping } from './nn/regroup.js';
export { encodeSafetensors, decodeSafetensors, safeTensor, type SafeTensor } from './io/safetensors.js';
// Bytes only (no files), so pages and Workers can offer the same checkpoint and .npy files as the CLI.
export { encodeCheckpoint, decodeCheckpoint, type CheckpointData } from './io/checkpoint-codec.js';
export { trainerSnapshot } from './train/snapshot.js';
export { writeNpy, readNpy, type NpyArray } from './io/npy.js';
// A dataset file's bytes (a file dropped on a page) → the arrays datasetFromArrays checks; .npz and .csv.
export { parseDatasetFile, type NamedBytes } from './io/dataset-parse.js';
export * from './data/index.js';
