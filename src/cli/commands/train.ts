import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { ConfigError, parseJson } from '../../base/check.js';
import { parseRunConfig, validateRunConfig } from '../../train/config.js';
import { resumeRun, trainRun, type RunResult } from '../../experiments/run-folder.js';
import type { TrainProgress } from '../../train/trainer.js';
import { intFlag, parse } from '../args.js';
import { errorLine, UsageError, type Command } from '../command.js';
import { startThreads } from '../threads.js';
import { readDatasetFile } from '../../io/dataset-file.js';
import { loadDataSources } from '../../experiments/run-folder.js';
import { RECIPE, recipeConfig } from '../../experiments/recipe.js';
import { createDataset, type DataSources } from '../../data/build.js';
import { validateDataConfig, type DataConfig } from '../../data/config.js';
import { Rng } from '../../base/prng.js';
import { join } from 'node:path';
import { isBestOfFolder, resumeBestOfFolder, trainBestOfFolder, type BestOfRunResult } from '../../experiments/best-of-folder.js';

const help = `Usage: wtanet train --config run.json [--recipe] [--restarts N] --out runs/NAME [--seed N] [--epochs N] [--threads N]
       wtanet train --data FILE [--config run.json] [--recipe] [--restarts N] --out runs/NAME [--seed N] [--epochs N]
       wtanet train --resume runs/NAME [--epochs N] [--threads N]

Trains a model from a JSON run config and writes the run folder: config.json (the
complete config, defaults filled in), metrics.jsonl (loss and accuracy per task on train
and validation, one line per epoch) and checkpoint.safetensors (after every epoch).
Then 'wtanet eval DIR', 'wtanet symbols DIR' and 'wtanet score DIR' read the run.

Options:
  --config FILE   run config (JSON): ready-made ones in the package's examples/ folder
                  (node_modules/wtanet/examples/ when installed); every field and its
                  default is documented on RunConfig (dist/src/train/config.d.ts)
  --data FILE     train on your own data: an .npz (arrays x, factors, optional tasks), x.npy
                  (with factors.npy beside it) or a .csv with a header ('factor:NAME' columns);
                  sets data.dataset 'file' and data.file.path; the other fields come from
                  --config or their defaults, the input shape from the file ('wtanet data check FILE')
  --recipe        train with the regrouping recipe (src/experiments/recipe.ts: Adam + cosine LR,
                  head L2, exclusivity regrouping, encoder pretraining) and the bottleneck
                  and budget chosen from the data as 'reproduce --study general' chooses
                  them: hard WTA, groups = factors with 2+ values, units = the most values
                  (a config's larger groups/units are kept), an MLP sized by groups × units
                  (a CNN encoder: the image budget), 32768 samples (a file: its rows), one
                  indicator task per factor value unless the config sets tasks; with its
                  selection step: best of 5 restarts (--restarts 1: one run). Where it was
                  measured to reach the factorial code, and where not: README, "Reaching
                  the symbolic code"
  --restarts N    best of N (train.restarts): N runs from different initial weights on the
                  same data, each a run folder DIR/restart-R; the one with the lowest
                  penalized training objective is kept (no factor labels), named in
                  DIR/best-of.json. 'wtanet eval DIR' (symbols, score) then reads the kept
                  restart; --resume DIR continues whichever restarts are unfinished
  --out DIR       run folder to create (must not already hold a run)
  --seed N        overrides the config's seed
  --epochs N      overrides train.epochs (with --resume: extends the run)
  --resume DIR    continues the run in DIR from its checkpoint, bit-exactly
  --threads N     threads for this run's large products (default 1); the weights are
                  bit-identical for every N. Falls back to 1 where shared memory is missing

Examples:
  wtanet train --config examples/entangled-wta.json --out runs/wta1
  wtanet train --config node_modules/wtanet/examples/entangled-wta.json --out runs/wta1
  wtanet train --resume runs/wta1
  wtanet train --data examples/data/toy.npz --config examples/file-wta-regroup.json --out runs/mine
  wtanet train --data examples/data/toy.npz --recipe --out runs/mine`;

function progressReporter(): { update: (p: TrainProgress) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'epoch {epoch}/{epochs} [{bar}] {value}/{total} steps | loss {loss}', hideCursor: true, stream: process.stderr, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        if (!started) { bar.start(p.stepsPerEpoch, 0, { epoch: p.epoch, epochs: p.epochs, loss: '-' }); started = true; }
        if (p.metrics !== undefined) {
          bar.stop();
          started = false;
          console.error(epochLine(p));
          return;
        }
        bar.setTotal(p.stepsPerEpoch);
        bar.update(p.step, { epoch: p.epoch, epochs: p.epochs, loss: p.loss.toFixed(4) });
      },
      stop: () => bar.stop(),
    };
  }
  // Not a terminal: one plain line per epoch.
  return { update: (p) => { if (p.metrics !== undefined) console.error(epochLine(p)); }, stop: () => {} };
}

function epochLine(p: TrainProgress): string {
  const m = p.metrics!;
  const accs = Object.values(m.val.tasks).map((t) => t.accuracy);
  const mean = accs.reduce((a, b) => a + b, 0) / Math.max(1, accs.length);
  return `epoch ${m.epoch}/${p.epochs}: train loss ${m.train.loss.toFixed(4)}, val loss ${m.val.loss.toFixed(4)}, val accuracy (mean over tasks) ${(100 * mean).toFixed(2)}%`;
}

/** Task names can be whole formulas over many values: shorten them so the table stays a table. */
const MAX_NAME = 60;
export function shortTaskName(name: string): string {
  return name.length <= MAX_NAME ? name : `${name.slice(0, MAX_NAME - 1)}…`;
}

/** Every restart's objective and the one kept (or why training stopped). */
function reportBestOf(result: BestOfRunResult, dir: string): void {
  const { file } = result;
  console.log(`best of ${file.restarts.length} restarts, by ${file.rule}:`);
  for (const r of file.restarts) {
    console.log(`  ${r.run.padEnd(11)} seed ${String(r.seed).padEnd(10)} objective ${r.objective === null ? '(not finished)' : r.objective.toFixed(5)}${r.run === file.chosen ? '  ← kept' : ''}`);
  }
  if (file.chosen !== null) console.log(`kept ${join(dir, file.chosen)}; 'wtanet eval ${dir}' reads it`);
  if (result.message !== undefined) console.error(`wtanet train: ${result.message}`);
}

function report(result: RunResult): void {
  const last = result.allEpochs[result.allEpochs.length - 1];
  if (last !== undefined) {
    console.log(`final (epoch ${last.epoch}) accuracy per task:`);
    const width = Math.max(4, ...Object.keys(last.val.tasks).map((k) => shortTaskName(k).length));
    console.log(`  ${'task'.padEnd(width)}    train      val`);
    for (const [name, v] of Object.entries(last.val.tasks)) {
      const tr = last.train.tasks[name].accuracy;
      console.log(`  ${shortTaskName(name).padEnd(width)}  ${(100 * tr).toFixed(2).padStart(6)}%  ${(100 * v.accuracy).toFixed(2).padStart(6)}%`);
    }
  }
  if (result.message !== undefined) console.error(`wtanet train: ${result.message}`);
}

/**
 * --recipe: the recipe with its bottleneck shape and budget chosen from the data's factors (their
 * numbers of values, known before any sample is drawn). The files read for that are returned, so
 * the run does not read them again.
 */
async function withRecipe(input: Record<string, unknown>): Promise<{ input: Record<string, unknown>; sources: DataSources }> {
  const data = validateDataConfig((input.data ?? {}) as Partial<DataConfig>);
  const sources = await loadDataSources(data);
  const { factors } = createDataset(data, new Rng(0, 'recipe'), sources);
  return { input: recipeConfig(input, factors.map((f) => f.values.length)), sources };
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a model from a JSON config (or resume a run)',
  help,
  async run(argv) {
    const { values } = parse(argv, {
      config: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, epochs: { type: 'string' }, resume: { type: 'string' },
      threads: { type: 'string' }, data: { type: 'string' }, recipe: { type: 'boolean' }, restarts: { type: 'string' },
    });
    const restarts = intFlag('restarts', values.restarts as string | undefined, 1, 1000);
    const recipe = values.recipe === true;
    const dataFile = values.data as string | undefined;
    const seed = intFlag('seed', values.seed as string | undefined, 0, 0xffffffff);
    const epochs = intFlag('epochs', values.epochs as string | undefined, 1, 1_000_000);
    const resume = values.resume as string | undefined;
    await startThreads('train', values.threads as string | undefined);
    const progress = progressReporter();
    const onNotice = (line: string) => console.error(errorLine(line));
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    // Data generation cannot observe the signal and writes nothing: Ctrl-C then ends the process
    // at once (its lock is taken over by the next run, as after any kill).
    const onDataPhase = (generating: boolean) => {
      process.removeListener('SIGINT', onSigint);
      if (!generating && !controller.signal.aborted) process.once('SIGINT', onSigint);
    };
    // A best-of folder's restarts train one after another: say which one the epochs below belong to.
    const onRestart = (r: number, of: number, dir: string) => console.error(`restart ${r + 1} of ${of}: ${dir}`);
    let result: RunResult | BestOfRunResult;
    try {
      if (resume !== undefined) {
        if (values.config !== undefined || values.out !== undefined || seed !== undefined || dataFile !== undefined || recipe || restarts !== undefined) throw new UsageError('--resume takes only --epochs besides the run folder');
        const options = { epochs, onProgress: progress.update, signal: controller.signal, onNotice, onDataPhase, onRestart };
        result = isBestOfFolder(resume) ? await resumeBestOfFolder(resume, options) : await resumeRun(resume, options);
      } else {
        const configPath = values.config as string | undefined;
        const out = values.out as string | undefined;
        if ((configPath === undefined && dataFile === undefined) || out === undefined) throw new UsageError('needs --config FILE and --out DIR (or --data FILE --out DIR, or --resume DIR)');
        let text = '{}';
        if (configPath !== undefined) {
          try {
            text = readFileSync(configPath, 'utf8');
          } catch (e) {
            throw new UsageError(`cannot read --config ${configPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
          }
        }
        let config;
        let sources: DataSources | undefined;
        // --recipe brings its selection step unless the config or --restarts says how many.
        let restartsGiven = restarts !== undefined;
        try {
          if (dataFile === undefined && !recipe) config = parseRunConfig(text, configPath);
          else {
            const raw = parseJson(text, configPath ?? '--config');
            let input = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
            if (dataFile !== undefined) {
              // The file's path goes in before validation: a config may say dataset 'file' without one.
              const data: Record<string, unknown> = { ...(input.data as object), dataset: 'file' };
              data.file = { ...(data.file as object), path: dataFile };
              input = { ...input, data };
            }
            restartsGiven ||= (input.train as { restarts?: unknown } | undefined)?.restarts !== undefined;
            if (recipe) ({ input, sources } = await withRecipe(input));
            config = validateRunConfig(input);
          }
          if (seed !== undefined) config.seed = seed;
          if (restarts !== undefined) config.train.restarts = restarts;
          else if (recipe && !restartsGiven) config.train.restarts = RECIPE.bestOf;
          if (epochs !== undefined) config.train.epochs = epochs;
          config = validateRunConfig(config);
        } catch (e) {
          if (e instanceof ConfigError) throw new UsageError(`invalid config ${configPath ?? '(defaults)'}: ${e.message}`, { usage: false });
          throw e;
        }
        // A data file is read before the run folder is made: a file it cannot use leaves nothing behind.
        sources ??= config.data.dataset === 'file' ? { file: readDatasetFile(config.data.file!) } : undefined;
        const options = { onProgress: progress.update, signal: controller.signal, onNotice, onDataPhase, sources, onRestart };
        result = config.train.restarts > 1 ? await trainBestOfFolder(config, out, options) : await trainRun(config, { ...options, outDir: out });
      }
    } catch (e) {
      // Raised past validation (by the data or the model), so name where the config came from.
      if (e instanceof ConfigError) throw new UsageError(resume !== undefined ? `cannot resume ${resume}: ${e.message}` : `invalid config ${(values.config as string | undefined) ?? '(defaults)'}: ${e.message}`, { usage: false });
      throw e;
    } finally {
      progress.stop();
      process.removeListener('SIGINT', onSigint);
    }
    if ('file' in result) reportBestOf(result, (resume ?? values.out) as string);
    else {
      report(result);
      result.dispose();
    }
    return result.reason === 'non-finite' ? 1 : result.reason === 'aborted' ? 130 : 0;
  },
};
