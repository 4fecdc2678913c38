import type { CheckpointData } from '../io/checkpoint-codec.js';
import type { Trainer, TrainerState } from './trainer.js';

// What a checkpoint holds of a trainer: weights, optimizer moments, PRNG and trainer state,
// enough to continue bit-exactly. Browser-safe (bytes: encodeCheckpoint), so a page or a
// Worker can offer the same checkpoint file `wtanet train` writes.

/** The checkpoint contents of `trainer` after its last completed epoch (or at `state`). */
export function trainerSnapshot(trainer: Trainer, state: TrainerState = trainer.state): CheckpointData {
  const params = new Map<string, Float32Array>();
  const shapes = new Map<string, readonly number[]>();
  for (const p of trainer.model.namedParameters()) {
    params.set(p.name, p.tensor.toArray());
    shapes.set(p.name, p.tensor.shape);
  }
  const optimizer = new Map<string, Float32Array>();
  for (const [name, t] of trainer.optimizer.stateTensors()) {
    optimizer.set(name, t.toArray());
    shapes.set(name, t.shape);
  }
  return {
    shapes,
    config: trainer.config,
    epoch: state.epoch,
    step: state.step,
    params,
    optimizer,
    rng: { shuffle: state.shuffle.getState() },
    extra: {
      optimizerSteps: trainer.optimizer.stepCount,
      // JSON has no Infinity: null stands for "no validation loss yet".
      bestValLoss: Number.isFinite(state.bestValLoss) ? state.bestValLoss : null,
      epochsWithoutImprovement: state.epochsWithoutImprovement,
    },
  };
}
