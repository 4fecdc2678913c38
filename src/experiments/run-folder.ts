import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildData, type DataSources } from '../data/build.js';
import type { DataBundle } from '../data/types.js';
import type { DataConfig } from '../data/config.js';
import { writeFileAtomic } from '../io/atomic.js';
import { loadDspritesFile } from '../io/dsprites-file.js';
import { readDatasetFile } from '../io/dataset-file.js';
import { loadCheckpoint, saveCheckpoint } from '../io/checkpoint.js';
import { crc32 } from '../io/crc32.js';
import { withFolderLock } from '../io/lock.js';
import { LIMITS, readTextBounded } from '../io/read-bounded.js';
import { DataError, describe } from '../base/check.js';
import { firstDifference, type Difference } from '../train/config-diff.js';
import { ConfigError } from '../base/check.js';
import { parseRunConfig, validateRunConfig, type RunConfig } from '../train/config.js';
import { trainerSnapshot } from '../train/snapshot.js';
import { Trainer, type EpochHooks, type EpochMetrics, type TrainingData, type TrainOutcome } from '../train/trainer.js';

// A run folder: config.json (the complete validated config), metrics.jsonl (one line
// per completed epoch) and checkpoint.safetensors (the state after the last completed
// epoch). Every file is replaced atomically, and the checkpoint after the metrics, so
// a crash at any moment leaves a consistent folder to resume from.

export const CONFIG_FILE = 'config.json';
export const METRICS_FILE = 'metrics.jsonl';
export const CHECKPOINT_FILE = 'checkpoint.safetensors';
/** A best-of folder's file (best-of-folder.ts); its restarts are run folders named restart-R. */
export const BEST_OF_FILE = 'best-of.json';

export interface RunOptions extends Omit<EpochHooks, 'onEpochEnd'> {
  /** The run folder; when omitted nothing is written (an in-memory run). */
  outDir?: string;
  /** Data to train on; by default built from `config.data` and the seed (buildData). */
  data?: TrainingData;
  /** External data sources for buildData (the dSprites arrays; loaded from data.dsprites.path when absent). */
  sources?: DataSources;
  /** Receives one-line notices (a stale lock taken over, an old checkpoint without checksums). */
  onNotice?: (line: string) => void;
  /**
   * Called with true just before the data is generated and with false after. Generation is one
   * synchronous computation (seconds for a large nVal) that writes nothing, so no abort signal can
   * act during it: a caller may let Ctrl-C end the process at once meanwhile.
   */
  onDataPhase?: (generating: boolean) => void;
}

export interface ResumeOptions extends Omit<RunOptions, 'outDir'> {
  /** Extends (or confirms) train.epochs; config.json and the checkpoint's config are updated. */
  epochs?: number;
  /** Another file that states the run's config (a grid's run.json): refused if it contradicts the checkpoint. */
  expect?: { file: string; config: unknown };
}

export interface RunResult extends TrainOutcome {
  /** The trained model and its optimizer: use `trainer.model`, then call `dispose()`. */
  trainer: Trainer;
  /** Metrics of every completed epoch of the run, including those before a resume. */
  allEpochs: EpochMetrics[];
  dispose(): void;
}

/** The data a run trains on: built from its config and seed (dSprites read from its file). */
export async function loadRunData(config: RunConfig, sources?: DataSources): Promise<DataBundle> {
  return resolveData(config, { sources }) as Promise<DataBundle>;
}

/** The files a data config reads (dSprites' images, a dataset file), read unless `given` has them. */
export async function loadDataSources(d: DataConfig, given: DataSources = {}): Promise<DataSources> {
  const sources: DataSources = { ...given };
  // dSprites images come from a file (never downloaded): load the configured subset.
  if (d.dataset === 'dsprites' && d.dsprites.source === 'file' && sources.dsprites === undefined) {
    sources.dsprites = await loadDspritesFile(d.dsprites.path, { bins: d.dsprites.bins, perCombination: d.dsprites.perCombination });
  }
  if (d.dataset === 'file' && sources.file === undefined) sources.file = readDatasetFile(d.file!);
  return sources;
}

async function resolveData(config: RunConfig, options: RunOptions): Promise<TrainingData> {
  if (options.data !== undefined) return options.data;
  const d = config.data;
  const sources = await loadDataSources(d, options.sources);
  options.onDataPhase?.(true);
  try {
    return buildData(d, config.seed, sources);
  } catch (e) {
    // buildData is a pure function of the config: what it rejects (an unknown factor in a
    // task, a bad formula, nTrain too small to cover every value) is a config problem.
    if (e instanceof RangeError || e instanceof DataError) throw e; // allocation failures and a data file's problems are not
    throw new ConfigError((e as Error).message.replace(/^wtanet: /, ''));
  } finally {
    options.onDataPhase?.(false);
  }
}

/**
 * A new run (or best-of folder) never overwrites a file it did not write: refuse a folder holding
 * another run or best-of folder (resume it instead) or any file the run would replace. Other files
 * (notes, a grid's run.json) are left alone and do not block.
 */
export function checkNewRunFolder(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new Error(`wtanet: ${dir} is a file, not a folder; choose another --out`);
  const entries = readdirSync(dir);
  if (entries.some((e) => e === CHECKPOINT_FILE || e === CONFIG_FILE || e === BEST_OF_FILE || /^restart-\d+$/.test(e))) {
    throw new Error(`wtanet: ${dir} already holds a run; resume it with --resume ${dir}, or choose another --out`);
  }
  if (entries.includes(METRICS_FILE)) {
    throw new Error(`wtanet: ${dir} already has a ${METRICS_FILE} that this run would overwrite; choose another --out (or move that file away)`);
  }
}

/** Trains a fresh run from `config` (validated here; raw JSON is accepted). */
export async function trainRun(config: RunConfig | unknown, options: RunOptions = {}): Promise<RunResult> {
  const cfg = validateRunConfig(config);
  if (cfg.train.restarts > 1) {
    // A run folder holds one model and resumes it; best-of-N selection is a loop around runs.
    throw new ConfigError(`train.restarts: a run folder holds one run, not ${cfg.train.restarts}; train them with trainBestOfFolder ('wtanet train --restarts N': one folder per restart) or trainBestOf (in memory)`);
  }
  const out = options.outDir;
  if (out === undefined) return runTrainer(new Trainer(cfg, await resolveData(cfg, options)), [], options);
  if (existsSync(out) && !statSync(out).isDirectory()) throw new Error(`wtanet: ${out} is a file, not a folder; choose another --out`);
  // The lock is taken before the folder is inspected for another run, so two trainers started
  // at once into the same --out cannot both find it empty; the loser gets a LockError.
  return withFolderLock(out, 'train', async () => {
    checkNewRunFolder(out);
    // Everything that can reject the config happens before anything is written.
    const trainer = new Trainer(cfg, await resolveData(cfg, options));
    writeFileAtomic(join(out, CONFIG_FILE), JSON.stringify(cfg, null, 2) + '\n');
    return runTrainer(trainer, [], options);
  }, { onNotice: options.onNotice });
}

/** Continues the run in `outDir` from its checkpoint, bit-exactly; `epochs` may extend it. */
export async function resumeRun(outDir: string, options: ResumeOptions = {}): Promise<RunResult> {
  if (!existsSync(outDir)) throw new Error(`wtanet: ${outDir} does not exist; start a run with --config FILE --out ${outDir}`);
  return withFolderLock(outDir, 'train --resume', () => resumeLocked(outDir, options), { onNotice: options.onNotice });
}

async function resumeLocked(outDir: string, options: ResumeOptions): Promise<RunResult> {
  const ckptPath = join(outDir, CHECKPOINT_FILE);
  const withEpochs = (c: RunConfig): RunConfig => (options.epochs === undefined ? c : { ...c, train: { ...c.train, epochs: options.epochs } });
  if (!existsSync(ckptPath)) {
    if (!existsSync(join(outDir, CONFIG_FILE))) {
      const what = existsSync(outDir) ? `holds no run (no ${CONFIG_FILE} or ${CHECKPOINT_FILE})` : 'does not exist';
      throw new Error(`wtanet: ${outDir} ${what}; start a run with --config FILE --out ${outDir}`);
    }
    // Stopped before its first epoch completed: there is nothing to continue, so start over
    // from the saved config (bit-identical to a run that was never interrupted).
    const cfg = withEpochs(readRunConfig(outDir));
    const trainer = new Trainer(cfg, await resolveData(cfg, options));
    writeFileAtomic(join(outDir, CONFIG_FILE), JSON.stringify(cfg, null, 2) + '\n');
    return runTrainer(trainer, [], { ...options, outDir });
  }
  const ckpt = loadCheckpoint(ckptPath);
  if (ckpt.integrity === 'absent') {
    options.onNotice?.(`wtanet: ${ckptPath} has no checksums (written by an older wtanet), so its bytes cannot be verified; the next checkpoint will have them`);
  }
  checkFiniteCheckpoint(ckpt, ckptPath);
  if (options.epochs !== undefined && options.epochs < ckpt.epoch) {
    // Training cannot be undone; accepting it would leave config.json contradicting the checkpoint.
    throw new ConfigError(`epochs: ${options.epochs} is fewer than the ${ckpt.epoch} epochs ${outDir} has completed; give more to extend the run`);
  }
  let saved: RunConfig;
  try {
    saved = validateRunConfig(ckpt.config);
  } catch (e) {
    throw new Error(`wtanet: ${ckptPath} holds an invalid config (${(e as Error).message}); restore it from a backup or start the run again`);
  }
  const cfg = withEpochs(saved);
  // Read everything that can fail before the first write, so a refused resume changes nothing.
  if (options.expect !== undefined) checkAgainstCheckpoint(options.expect.file, options.expect.config, saved, ckptPath);
  const configFile = checkConfigFile(outDir, saved, cfg, ckpt.extra, options.onNotice);
  const before = readMetrics(join(outDir, METRICS_FILE), ckpt.epoch);
  const trainer = new Trainer(cfg, await resolveData(cfg, options));
  try {
    restore(trainer, ckpt);
  } catch (e) {
    trainer.dispose();
    throw new Error(`wtanet: ${ckptPath} does not fit its own config: ${(e as Error).message.replace(/^wtanet: /, '')}`);
  }
  const text = configText(cfg);
  if (text !== configText(saved)) {
    // --epochs changes the run's config: the checkpoint first (remembering which config.json it
    // replaces), then config.json. A crash between the two leaves the old config.json, which the
    // next resume recognizes by that checksum and rewrites, instead of calling it an edit.
    saveCheckpoint(ckptPath, { ...ckpt, config: cfg, extra: { ...ckpt.extra, configFileReplaces: configFile.crc } });
  }
  if (text !== configFile.text) writeFileAtomic(join(outDir, CONFIG_FILE), text);
  return runTrainer(trainer, before, { ...options, outDir });
}

const configText = (c: RunConfig) => JSON.stringify(c, null, 2) + '\n';
const hex = (n: number) => n.toString(16).padStart(8, '0');

/** A config file (config.json, a grid's run.json) must say what the checkpoint says. */
function checkAgainstCheckpoint(file: string, config: unknown, saved: RunConfig, ckptPath: string, hint?: (d: Difference) => string): void {
  let cfg: RunConfig;
  try {
    cfg = validateRunConfig(config);
  } catch (e) {
    throw new Error(`wtanet: ${file} holds an invalid config (${(e as Error).message}); restore it (the checkpoint ${ckptPath} has the run's config)`);
  }
  const d = firstDifference(cfg, saved, '');
  if (d === null) return;
  throw new Error(
    `wtanet: ${file} contradicts the checkpoint: ${d.path} is ${describe(d.a)} there, ${describe(d.b)} in the checkpoint; ` +
      (hint?.(d) ?? 'restore it, or delete the run folder to retrain'),
  );
}

/**
 * config.json is the readable copy of the checkpoint's config: an edit is refused naming the
 * field, never silently ignored; a missing one is rebuilt from the checkpoint (with a notice).
 */
function checkConfigFile(outDir: string, saved: RunConfig, target: RunConfig, extra: Record<string, unknown>, onNotice?: (line: string) => void): { text: string | null; crc: string | null } {
  const path = join(outDir, CONFIG_FILE);
  if (!existsSync(path)) {
    onNotice?.(`wtanet: ${path} was missing; rewritten from the checkpoint`);
    return { text: null, crc: null };
  }
  const text = readTextBounded(path, LIMITS.json);
  const crc = hex(crc32(new TextEncoder().encode(text)));
  if (text === configText(saved) || text === configText(target)) return { text, crc };
  if (extra.configFileReplaces === crc) return { text: null, crc }; // see resumeLocked: rewritten
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`wtanet: ${path} is not valid JSON (${(e as Error).message}); restore it, or delete it to have it rewritten from the checkpoint`);
  }
  // Compared by values, not text: a file only reformatted (through `jq .`, say) holding the
  // checkpoint's config is that config.
  try {
    if (firstDifference(validateRunConfig(json), saved, '') === null) return { text, crc };
  } catch { /* invalid: reported below */ }
  // Compared with what the run is about to be: an edit of train.epochs matching --epochs is fine.
  checkAgainstCheckpoint(path, json, target, join(outDir, CHECKPOINT_FILE), (d) =>
    d.path === 'train.epochs' && typeof d.a === 'number'
      ? `to extend the run, resume with --epochs ${d.a}; otherwise restore it`
      : 'restore it (or delete it: it is rewritten from the checkpoint)',
  );
  return { text, crc }; // the same config, only formatted differently
}

/** Reads a run folder's config.json. */
export function readRunConfig(outDir: string): RunConfig {
  return parseRunConfig(readTextBounded(join(outDir, CONFIG_FILE), LIMITS.json), join(outDir, CONFIG_FILE));
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
        saveCheckpoint(join(out, CHECKPOINT_FILE), trainerSnapshot(trainer, state));
      },
    });
  } catch (e) {
    trainer.dispose();
    throw e;
  }
  return { ...outcome, trainer, allEpochs: all, dispose: () => trainer.dispose() };
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

/** Training never saves a non-finite state (it stops first), so a NaN or ±Infinity here means a damaged file. */
function checkFiniteCheckpoint(ckpt: ReturnType<typeof loadCheckpoint>, path: string): void {
  for (const [kind, tensors] of [['parameter', ckpt.params], ['optimizer state', ckpt.optimizer]] as const) {
    for (const [name, values] of tensors) {
      for (let i = 0; i < values.length; i++) {
        if (!Number.isFinite(values[i])) {
          throw new Error(`wtanet: ${path} is corrupt: ${kind} '${name}' holds ${values[i]} at index ${i}; restore the file from a backup or start the run again`);
        }
      }
    }
  }
}

function readMetrics(path: string, epochs: number): EpochMetrics[] {
  if (!existsSync(path)) {
    if (epochs === 0) return [];
    // The history of completed epochs lives only there: resuming without it would lose it silently.
    throw new Error(`wtanet: ${path} is missing, but the checkpoint has ${epochs} completed epoch${epochs === 1 ? '' : 's'} whose history only that file held; restore it, or start the run again`);
  }
  const metrics: EpochMetrics[] = [];
  const lines = readTextBounded(path, LIMITS.metrics).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    let m: EpochMetrics;
    try {
      m = JSON.parse(line) as EpochMetrics;
    } catch {
      // wtanet ends every line with a newline: a last line without one was cut off mid-write.
      const torn = i === lines.length - 1;
      const complete = metrics.length >= epochs;
      // A torn line after every epoch the checkpoint covers holds nothing the run needs.
      if (torn && complete) break;
      throw new Error(
        complete
          ? `wtanet: ${path} line ${i + 1} is not valid JSON; repair or delete that line (the checkpoint is intact), then resume again`
          // It holds the history of a completed epoch: deleting it would lose that epoch.
          : `wtanet: ${path} line ${i + 1} is ${torn ? 'cut off' : 'not valid JSON'}; it held the history of epoch ${metrics.length + 1}, which the checkpoint has completed; restore the file from a copy, or start the run again`,
      );
    }
    if (typeof m !== 'object' || m === null || !Number.isInteger(m.epoch)) {
      throw new Error(`wtanet: ${path} line ${i + 1} has no epoch number; restore the file from a copy (or repair that line), then resume again`);
    }
    // Keep exactly the epochs the checkpoint covers (a crash may fall between the two writes).
    if (m.epoch <= epochs) metrics.push(m);
  }
  metrics.forEach((m, i) => {
    if (m.epoch !== i + 1) throw new Error(`wtanet: ${path} lacks the history of epoch ${i + 1} (found epoch ${m.epoch} in its place); restore the file, or start the run again`);
  });
  if (metrics.length < epochs) {
    throw new Error(`wtanet: ${path} holds the history of ${metrics.length} epoch${metrics.length === 1 ? '' : 's'}, but the checkpoint has ${epochs}; restore the file, or start the run again`);
  }
  return metrics;
}
