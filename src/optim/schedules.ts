// Learning-rate and temperature schedules: pure functions of training progress, so a
// resumed run computes exactly the values an uninterrupted one would.

export type LrSchedule =
  | { type: 'constant' }
  | { type: 'cosine'; minLr: number; warmupEpochs: number }
  | { type: 'step'; everyEpochs: number; gamma: number };

/** Where training is: epoch (0-based), step within the epoch, steps per epoch, total epochs. */
export interface Progress { epoch: number; step: number; stepsPerEpoch: number; epochs: number }

/** The learning rate for the step at `p`, given the peak rate `lr`. */
export function learningRate(schedule: LrSchedule, lr: number, p: Progress): number {
  switch (schedule.type) {
    case 'constant':
      return lr;
    case 'step':
      return lr * Math.pow(schedule.gamma, Math.floor(p.epoch / schedule.everyEpochs));
    case 'cosine': {
      const t = p.epoch * p.stepsPerEpoch + p.step; // global step index
      const total = p.epochs * p.stepsPerEpoch;
      const warm = Math.round(schedule.warmupEpochs * p.stepsPerEpoch);
      // Linear warm-up reaches lr at step `warm`; counted from 1 so the first step is not 0.
      if (t < warm) return (lr * (t + 1)) / warm;
      const span = Math.max(1, total - warm);
      const frac = Math.min(1, (t - warm) / span);
      return schedule.minLr + 0.5 * (lr - schedule.minLr) * (1 + Math.cos(Math.PI * frac));
    }
  }
}

/**
 * Softmax temperature for epoch `epoch` of `epochs`: constant when `final` is null,
 * else geometric from `initial` (first epoch) to `final` (last epoch) — geometric because
 * the temperature acts multiplicatively on the logits.
 */
export function temperatureAt(initial: number, final: number | null, epoch: number, epochs: number): number {
  if (final === null || epochs <= 1) return initial;
  const frac = Math.min(1, Math.max(0, epoch / (epochs - 1)));
  return initial * Math.pow(final / initial, frac);
}
