/**
 * Best of N restarts on disk (`wtanet train` with train.restarts > 1, `--restarts N`, `--recipe`):
 * the selection step of trainBestOf (src/train/restarts.ts), with every restart an ordinary run
 * folder, so each one resumes bit-exactly after a kill and `eval`, `symbols` and `score` read it:
 *
 *   OUT/best-of.json     the config (with train.restarts), then every restart's objective and the choice
 *   OUT/restart-R/       run folder of restart R (restartConfig: data of the run's seed, its own weights)
 *
 * All restarts train on one DataBundle built from the run's seed, as trainBestOf does, and the one
 * with the lowest penalized training objective is kept (strict <: the earliest wins a tie). The
 * choice uses no factor labels.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../base/check.js';
import { readJson, writeJson } from '../io/run-store.js';
import { withFolderLock } from '../io/lock.js';
import { validateRunConfig, type RunConfig } from '../train/config.js';
import { restartConfig, selectionPenalty } from '../train/restarts.js';
import type { StopReason } from '../train/trainer.js';
import { BEST_OF_FILE, checkNewRunFolder, CONFIG_FILE, loadRunData, resumeRun, trainRun, type RunOptions, type RunResult } from './run-folder.js';

export { BEST_OF_FILE };

export interface BestOfFile {
  /** The run's config, train.restarts included (each restart folder holds its restartConfig with restarts 1). */
  config: RunConfig;
  /** Per restart, in order: its folder, seed and final objective (null: not finished yet). */
  restarts: { run: string; seed: number; objective: number | null }[];
  /** The folder of the kept restart, once every restart has finished. */
  chosen: string | null;
  /** The selection rule, in words. */
  rule: string;
}

export interface BestOfRunResult {
  file: BestOfFile;
  /** Why training stopped: 'completed' when every restart finished, else the stopping restart's reason. */
  reason: StopReason;
  message?: string;
}

export const restartDir = (r: number) => `restart-${r}`;

/** Options of a best-of folder: a run folder's, plus a call as each restart starts (or resumes). */
export interface BestOfOptions extends Omit<RunOptions, 'outDir' | 'data'> {
  onRestart?: (restart: number, of: number, dir: string) => void;
}

/** Does `dir` hold a best-of folder (resume it with resumeBestOfFolder)? */
export function isBestOfFolder(dir: string): boolean {
  return existsSync(join(dir, BEST_OF_FILE));
}

/**
 * A best-of folder's best-of.json, checked: it alone holds the number of restarts (the folders of
 * restarts not yet started do not exist), so a damaged one is named, never silently rebuilt.
 */
function readBestOf(dir: string): BestOfFile {
  const path = join(dir, BEST_OF_FILE);
  const damaged = (why: string) => new Error(`wtanet: ${path} is damaged (${why}); restore it from a copy, or train the restarts again into another folder`);
  let f: BestOfFile;
  try {
    f = readJson<BestOfFile>(path);
  } catch (e) {
    throw damaged((e as Error).message.replace(/^wtanet: .*? is /, '').replace(/; delete the file.*$/, ''));
  }
  const n = (f as { config?: { train?: { restarts?: unknown } } } | null)?.config?.train?.restarts;
  const ok = typeof f === 'object' && f !== null && Number.isInteger(n) && Array.isArray(f.restarts) && f.restarts.length === n &&
    f.restarts.every((r, i) => typeof r === 'object' && r !== null && r.run === restartDir(i)) && (f.chosen === null || f.restarts.some((r) => r.run === f.chosen));
  if (!ok) throw damaged('it needs the config, one entry per restart and the kept one');
  return f;
}

/** The folder `wtanet eval` and friends should read: the kept restart of a best-of folder, else `dir` itself. */
export function chosenRunDir(dir: string): string {
  if (!isBestOfFolder(dir)) return dir;
  const f = readBestOf(dir);
  if (f.chosen === null) {
    throw new Error(`wtanet: ${dir} is a best-of folder whose restarts have not all finished; resume it with 'wtanet train --resume ${dir}', or read one restart (${dir}/restart-0)`);
  }
  return join(dir, f.chosen);
}

/** Trains config.train.restarts runs into OUT/restart-R and keeps the best. Nothing is written if the config or data is refused. */
export async function trainBestOfFolder(config: RunConfig | unknown, outDir: string, options: BestOfOptions = {}): Promise<BestOfRunResult> {
  const cfg = validateRunConfig(config);
  if (cfg.train.restarts < 2) throw new ConfigError(`train.restarts: a best-of folder needs 2 or more restarts, not ${cfg.train.restarts}; train a single run with trainRun`);
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new Error(`wtanet: ${outDir} is a file, not a folder; choose another --out`);
  return withFolderLock(outDir, 'train', async () => {
    checkNewRunFolder(outDir);
    // The data is built (and a data file read) before anything is written: a refused input leaves nothing.
    const data = await loadRunData(single(cfg), options.sources);
    const file: BestOfFile = {
      config: cfg,
      restarts: Array.from({ length: cfg.train.restarts }, (_, r) => ({ run: restartDir(r), seed: restartConfig(cfg, r).seed, objective: null })),
      chosen: null,
      rule: `lowest training objective: cross-entropy + ${selectionPenalty(cfg)}·‖W_heads‖² on the training split (no factor labels); the earliest restart wins a tie`,
    };
    writeJson(join(outDir, BEST_OF_FILE), file);
    return runRestarts(outDir, file, data, options);
  }, { onNotice: options.onNotice });
}

/** Continues a best-of folder: finished restarts are read, the others resumed (or started), then the choice is made. */
export async function resumeBestOfFolder(outDir: string, options: BestOfOptions & { epochs?: number } = {}): Promise<BestOfRunResult> {
  return withFolderLock(outDir, 'train --resume', async () => {
    const path = join(outDir, BEST_OF_FILE);
    const raw = readBestOf(outDir);
    let cfg: RunConfig;
    try {
      cfg = validateRunConfig(raw.config);
    } catch (e) {
      throw new Error(`wtanet: ${path} holds an invalid config (${(e as Error).message}); restore it (restart-0/config.json has the run's config with restarts 1)`);
    }
    if (options.epochs !== undefined) cfg = { ...cfg, train: { ...cfg.train, epochs: options.epochs } };
    const file: BestOfFile = { ...raw, config: cfg, chosen: null };
    const data = await loadRunData(single(cfg), options.sources);
    return runRestarts(outDir, file, data, options);
  }, { onNotice: options.onNotice });
}

/** The run's config as one run (restart 0): train.restarts 1. */
const single = (cfg: RunConfig): RunConfig => ({ ...cfg, train: { ...cfg.train, restarts: 1 } });

async function runRestarts(outDir: string, file: BestOfFile, data: Awaited<ReturnType<typeof loadRunData>>, options: BestOfOptions & { epochs?: number }): Promise<BestOfRunResult> {
  const path = join(outDir, BEST_OF_FILE);
  const cfg = file.config;
  const lambda = selectionPenalty(cfg);
  for (let r = 0; r < cfg.train.restarts; r++) {
    const dir = join(outDir, restartDir(r));
    options.onRestart?.(r, cfg.train.restarts, dir);
    const run: RunResult = existsSync(join(dir, CONFIG_FILE))
      ? await resumeRun(dir, { ...options, data })
      : await trainRun(restartConfig(single(cfg), r), { ...options, outDir: dir, data });
    try {
      if (run.reason !== 'completed' && run.reason !== 'early-stopping') {
        writeJson(path, file);
        return { file, reason: run.reason, message: `${restartDir(r)}: ${run.message ?? run.reason}` };
      }
      file.restarts[r] = { run: restartDir(r), seed: run.trainer.config.seed, objective: run.trainer.trainingObjective(lambda) };
      writeJson(path, file);
    } finally {
      run.dispose();
    }
  }
  let best = 0;
  file.restarts.forEach((x, r) => {
    if (x.objective! < file.restarts[best].objective!) best = r;
  });
  file.chosen = restartDir(best);
  writeJson(path, file);
  return { file, reason: 'completed' };
}
