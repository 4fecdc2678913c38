/**
 * The real RunBackend of `wtanet reproduce`: builds the run's data from its config and seed,
 * trains it with the trainer (or resumes it from its checkpoint), and evaluates the trained
 * model. Node-only (run folders on disk), hence under cli/.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildData, type DataBundle } from '../data/index.js';
import { evaluateRun } from './evaluate-run.js';
import type { RunBackend, TrainProgress } from './reproduce.js';
import type { CurvePoint } from '../report/results.js';
import { CHECKPOINT_FILE, CONFIG_FILE, METRICS_FILE, resumeRun, trainRun, type RunResult } from './run-folder.js';
import type { EpochMetrics, TrainProgress as TrainerProgress } from '../train/trainer.js';

function meanAccuracy(m: EpochMetrics['val']): number {
  const tasks = Object.values(m.tasks);
  return tasks.reduce((s, t) => s + t.accuracy, 0) / Math.max(1, tasks.length);
}

export function curveOf(epochs: readonly EpochMetrics[]): CurvePoint[] {
  return epochs.map((m) => ({ epoch: m.epoch, trainLoss: m.train.loss, valAccuracy: meanAccuracy(m.val) }));
}

export function createRunBackend(): RunBackend {
  // A trained model stays in memory between train() and evaluate() of the same run.
  const live = new Map<string, { result: RunResult; data: DataBundle }>();
  const hasCheckpoint = (dir: string) => existsSync(join(dir, CHECKPOINT_FILE));
  return {
    hasCheckpoint,
    async train(spec, dir, o) {
      const cfg = spec.config as { seed: number; data: Record<string, unknown> };
      const data = buildData(cfg.data as never, cfg.seed);
      const resume = hasCheckpoint(dir);
      if (!resume) {
        // Killed before the first epoch finished: nothing to resume, start the run afresh.
        for (const f of [CONFIG_FILE, METRICS_FILE]) rmSync(join(dir, f), { force: true });
      }
      const onProgress = (p: TrainerProgress) =>
        o.onProgress?.({
          epoch: p.epoch, epochs: p.epochs, step: p.step, steps: p.stepsPerEpoch, trainLoss: p.loss,
          valAccuracy: p.metrics ? meanAccuracy(p.metrics.val) : undefined,
        } satisfies TrainProgress);
      const options = { data, signal: o.signal, onProgress, onNotice: o.onNotice };
      // The checkpoint must be of this grid run: run.json (or a changed grid) may not contradict it.
      const expect = { file: join(dir, 'run.json'), config: spec.config };
      const result = resume ? await resumeRun(dir, { ...options, expect }) : await trainRun(spec.config, { ...options, outDir: dir });
      if (result.reason === 'aborted' || result.reason === 'non-finite') {
        result.dispose();
        if (result.reason === 'aborted') throw new DOMException(`run ${spec.id} interrupted`, 'AbortError');
        throw new Error(`run ${spec.id}: ${result.message ?? 'training stopped on a non-finite value'}`);
      }
      live.set(spec.id, { result, data });
    },
    async evaluate(spec) {
      const entry = live.get(spec.id);
      if (!entry) throw new Error(`run ${spec.id}: evaluate() called before train()`);
      live.delete(spec.id);
      try {
        return evaluateRun(spec, entry.result.trainer.model, entry.data, curveOf(entry.result.allEpochs));
      } finally {
        entry.result.dispose();
      }
    },
  };
}
