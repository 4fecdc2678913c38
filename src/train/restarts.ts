/**
 * Best of N restarts (train.restarts): train N models from different initial weights and keep the
 * one with the lowest penalized training objective, cross-entropy + λ‖W_heads‖² with
 * λ = max(train.headL2, 1e-3). It uses no factor labels. Why it is a sound selection rule: with a
 * small head penalty the factorial code is the unique optimum, and over 75 runs the objective ranked
 * every factorial run ahead of every other (README, Results). Restart r > 0 draws its weights and
 * batches from seed-derived streams, so the whole procedure stays a function of the seed.
 */
import type { TrainingData } from './trainer.js';
import { Trainer } from './trainer.js';
import type { RunConfig } from './config.js';

/** λ of the selection objective. */
export const selectionPenalty = (config: RunConfig): number => Math.max(config.train.headL2, 1e-3);

/** The seed of restart r: r = 0 is the run's own seed, so restarts = 1 is plain training. */
export function restartSeed(seed: number, r: number): number {
  return r === 0 ? seed : (Math.imul(seed ^ 0x5bd1e995, 2654435761) + Math.imul(r, 0x9e3779b9)) >>> 0;
}

/**
 * The config of restart r as a run of its own: restart 0 is the run itself; restart r > 0 draws
 * its weights and batches from restartSeed(seed, r) and keeps the data of the run's seed
 * (data.seed), so `wtanet train --config` on it trains exactly the model trainBestOf trained.
 */
export function restartConfig(config: RunConfig, r: number): RunConfig {
  if (r === 0) return config;
  return { ...config, seed: restartSeed(config.seed, r), data: { ...config.data, seed: config.data.seed ?? config.seed } };
}

export interface BestOf {
  trainer: Trainer;
  /** Which restart won and every restart's objective. */
  chosen: number;
  objectives: number[];
}

/** Trains config.train.restarts models and returns the best (the others are disposed). */
export async function trainBestOf(config: RunConfig, data: TrainingData, prepare?: (t: Trainer) => void): Promise<BestOf> {
  const n = config.train.restarts;
  const lambda = selectionPenalty(config);
  let best: Trainer | null = null;
  let chosen = 0;
  const objectives: number[] = [];
  for (let r = 0; r < n; r++) {
    const t = new Trainer(restartConfig(config, r), data);
    try {
      prepare?.(t);
      const outcome = await t.run();
      if (outcome.reason !== 'completed' && outcome.reason !== 'early-stopping') throw new Error(`wtanet: restart ${r}: ${outcome.message}`);
      const obj = t.trainingObjective(lambda);
      objectives.push(obj);
      if (best === null || obj < objectives[chosen]) {
        best?.dispose();
        best = t;
        chosen = r;
      } else t.dispose();
    } catch (e) {
      t.dispose();
      best?.dispose();
      throw e;
    }
  }
  return { trainer: best!, chosen, objectives };
}
