import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildData, type DataSources } from '../data/build.js';
import { writeFileAtomic } from '../io/atomic.js';
import { loadDspritesFile } from '../io/dsprites-file.js';
import { loadCheckpoint, saveCheckpoint } from '../io/checkpoint.js';
import { parseRunConfig, validateRunConfig, type RunConfig } from './config.js';
import { Trainer, type EpochHooks, type EpochMetrics, type TrainerState, type TrainingData, type TrainOutcome } from './trainer.js';

// A run folder: config.json (the complete validated config), metrics.jsonl (one line
// per completed epoch) and checkpoint.safetensors (the state after the last completed
// epoch). Every file is replaced atomically, and the checkpoint after the metrics, so
// a crash at any moment leaves a consistent folder to resume from.

export const CONFIG_FILE = 'config.json';
export const METRICS_FILE = 'metrics.jsonl';
export const CHECKPOINT_FILE = 'checkpoint.safetensors';

export interface RunOptions extends Omit<EpochHooks, 'onEpochEnd'> {
  /** The run folder; when omitted nothing is written (an in-memory run). */
  outDir?: string;
  /** Data to train on; by default built from `config.data` and the seed (buildData). */
  data?: TrainingData;
  /** External data sources for buildData (the dSprites arrays; loaded from data.dsprites.path when absent). */
  sources?: DataSources;
}

export interface RunResult extends TrainOutcome {
  /** The trained model and its optimizer: use `trainer.model`, then call `dispose()`. */
  trainer: Trainer;
  /** Metrics of every completed epoch of the run, including those before a resume. */
  allEpochs: EpochMetrics[];
  dispose(): void;
}

async function resolveData(config: RunConfig, options: RunOptions): Promise<TrainingData> {
  if (options.data !== undefined) return options.data;
  const sources: DataSources = { ...options.sources };
  const d = config.data;
  // dSprites images come from a file (never downloaded): load the configured subset.
  if (d.dataset === 'dsprites' && sources.dsprites === undefined) {
    sources.dsprites = await loadDspritesFile(d.dsprites.path, { bins: d.dsprites.bins, perCombination: d.dsprites.perCombination });
  }
  return buildData(d, config.seed, sources);
}

/** Trains a fresh run from `config` (validated here; raw JSON is accepted). */
export async function trainRun(config: RunConfig | unknown, options: RunOptions = {}): Promise<RunResult> {
  const cfg = validateRunConfig(config);
  if (options.outDir !== undefined && (existsSync(join(options.outDir, CHECKPOINT_FILE)) || existsSync(join(options.outDir, CONFIG_FILE)))) {
    throw new Error(`wtanet: ${options.outDir} already holds a run; resume it with --resume ${options.outDir}, or choose another --out`);
  }
  // Everything that can reject the config happens before anything is written.
  const trainer = new Trainer(cfg, await resolveData(cfg, options));
  if (options.outDir !== undefined) writeFileAtomic(join(options.outDir, CONFIG_FILE), JSON.stringify(cfg, null, 2) + '\n');
  return runTrainer(trainer, [], options);
}

/** Continues the run in `outDir` from its checkpoint, bit-exactly; `epochs` may extend it. */
export async function resumeRun(outDir: string, options: Omit<RunOptions, 'outDir'> & { epochs?: number } = {}): Promise<RunResult> {
  const ckptPath = join(outDir, CHECKPOINT_FILE);
  if (!existsSync(ckptPath)) {
    throw new Error(`wtanet: ${outDir} has no ${CHECKPOINT_FILE} to resume from (no epoch completed yet?); start the run again with --config`);
  }
  const ckpt = loadCheckpoint(ckptPath);
  let cfg = validateRunConfig(ckpt.config);
  if (options.epochs !== undefined) cfg = { ...cfg, train: { ...cfg.train, epochs: options.epochs } };
  const trainer = new Trainer(cfg, await resolveData(cfg, options));
  try {
    restore(trainer, ckpt);
  } catch (e) {
    trainer.dispose();
    throw new Error(`wtanet: ${ckptPath} does not fit its own config: ${(e as Error).message.replace(/^wtanet: /, '')}`);
  }
  if (options.epochs !== undefined) writeFileAtomic(join(outDir, CONFIG_FILE), JSON.stringify(cfg, null, 2) + '\n');
  return runTrainer(trainer, readMetrics(join(outDir, METRICS_FILE), ckpt.epoch), { ...options, outDir });
}

/** Reads a run folder's config.json. */
export function readRunConfig(outDir: string): RunConfig {
  return parseRunConfig(readFileSync(join(outDir, CONFIG_FILE), 'utf8'), join(outDir, CONFIG_FILE));
}

async function runTrainer(trainer: Trainer, before: EpochMetrics[], options: RunOptions): Promise<RunResult> {
  const all = [...before];
  const out = options.outDir;
  let outcome: TrainOutcome;
  try {
    outcome = await trainer.run({
      ...options,
      onEpochEnd: (metrics, state) => {
        all.push(metrics);
        if (out === undefined) return;
        writeFileAtomic(join(out, METRICS_FILE), all.map((m) => JSON.stringify(m)).join('\n') + '\n');
        saveCheckpoint(join(out, CHECKPOINT_FILE), snapshot(trainer, state));
      },
    });
  } catch (e) {
    trainer.dispose();
    throw e;
  }
  return { ...outcome, trainer, allEpochs: all, dispose: () => trainer.dispose() };
}

function snapshot(trainer: Trainer, state: TrainerState) {
  const params = new Map<string, Float32Array>();
  for (const p of trainer.model.namedParameters()) params.set(p.name, p.tensor.toArray());
  const optimizer = new Map<string, Float32Array>();
  for (const [name, t] of trainer.optimizer.stateTensors()) optimizer.set(name, t.toArray());
  return {
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

function restore(trainer: Trainer, ckpt: ReturnType<typeof loadCheckpoint>): void {
  const named = trainer.model.namedParameters();
  if (ckpt.params.size !== named.length) throw new Error(`it holds ${ckpt.params.size} parameter tensors, the model has ${named.length}`);
  for (const p of named) {
    const saved = ckpt.params.get(p.name);
    if (saved === undefined) throw new Error(`parameter '${p.name}' is missing`);
    if (saved.length !== p.tensor.size) throw new Error(`parameter '${p.name}' has ${saved.length} values, expected ${p.tensor.size}`);
    p.tensor.data().set(saved);
  }
  const extra = ckpt.extra as { optimizerSteps?: number; bestValLoss?: number | null; epochsWithoutImprovement?: number };
  trainer.optimizer.loadState(ckpt.optimizer, extra.optimizerSteps ?? ckpt.step);
  if (!Array.isArray(ckpt.rng.shuffle)) throw new Error("the 'shuffle' PRNG state is missing");
  const st = trainer.state;
  st.shuffle.setState(ckpt.rng.shuffle);
  st.epoch = ckpt.epoch;
  st.step = ckpt.step;
  st.bestValLoss = extra.bestValLoss ?? Infinity;
  st.epochsWithoutImprovement = extra.epochsWithoutImprovement ?? 0;
}

function readMetrics(path: string, epochs: number): EpochMetrics[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  // Keep exactly the epochs the checkpoint covers (a crash may fall between the two writes).
  return lines.map((l) => JSON.parse(l) as EpochMetrics).filter((m) => m.epoch <= epochs);
}
