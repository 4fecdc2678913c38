import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { intFlag, parse } from '../args.js';
import { errorLine, UsageError, type Command } from '../command.js';
import { parseShard } from '../../experiments/grid.js';
import { reproduce, appendStudiesToReport, withOutputLock, type ReproduceResult } from '../../experiments/reproduce.js';
import { runStudy } from '../../experiments/studies/run-study.js';
import { STUDIES, type StudyName } from '../../experiments/studies/rows.js';
import { MAX_THREADS } from '../../kernels/threads/index.js';
import { createRunBackend } from '../../experiments/reproduce-backend.js';
import { startThreads } from '../threads.js';
import { reproduceParallel } from '../../experiments/reproduce-parallel.js';
import { createProgress, type ProgressMode } from '../reproduce-progress.js';

const list = (v: unknown) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

/** --study a,b → the studies to run, in a fixed order (main first: its report gets the studies' tables). */
function parseStudies(text: string | undefined, mode: 'quick' | 'full'): ('main' | StudyName)[] {
  const all = ['main', ...STUDIES] as const;
  if (text === undefined) return mode === 'quick' ? ['main', 'theorem', 'basin', 'general'] : [...all];
  const asked = list(text) ?? [];
  if (asked.includes('all')) return [...all];
  for (const a of asked) if (!(all as readonly string[]).includes(a)) throw new UsageError(`--study: unknown study '${a}'; allowed: ${all.join(', ')}, all`);
  if (asked.length === 0) throw new UsageError(`--study: give one or more of ${all.join(', ')}, all`);
  return all.filter((s) => asked.includes(s));
}

export const reproduceCommand: Command = {
  name: 'reproduce',
  summary: "run the paper's experiment grid and write report.md, results.json and figures",
  help: [
    'Usage: wtanet reproduce [--quick|--full] [--study a,b] [--out DIR] [--seeds N] [--datasets a,b] [--variants a,b] [--shard i/n] [--workers N] [--threads N] [--json]',
    '',
    'Trains every run of the grid (datasets × bottleneck variants × head types × seeds, plus the',
    'number-of-tasks and bottleneck-shape sweeps), evaluates each (IID and held-out accuracy,',
    'few-shot and zero-shot transfer, every disentanglement and symbolicity metric) and writes',
    'DIR/report.md, DIR/results.json, DIR/figures/*.svg and one folder per run in DIR/runs/.',
    'Started again with the same --out, it skips finished runs and resumes an interrupted one',
    'from its checkpoint; the report is the same as from an uninterrupted run.',
    '',
    'Options:',
    '  --quick            reduced grid, ~5 minutes on 2 cores (default)',
    '  --full             the whole grid (both datasets, all 7 variants, linear and MLP heads, 5 seeds)',
    '  --study a,b        what to run: main (the grid), theorem, basin, search, general, or all',
    '                     (default: main,theorem,basin,general with --quick; all with --full).',
    '                     general: the regrouping recipe on the data shapes of issue 17 (10',
    '                     seeds per setting with --full, beside relu/softmax/sigmoid of the same',
    '                     width and each factor\'s supervised ceiling; with --quick one setting,',
    '                     5 seeds, and its ceiling). The',
    "                     studies train with the same --workers and write DIR/studies/NAME.md and .json;",
    "                     report.md then includes their tables",
    '  --out DIR          output folder (default: report/)',
    '  --seeds N          seeds per setting of the main grid (each study row fixes its own, ≥ 5)',
    '  --datasets a,b     entangled, shapes',
    '  --variants a,b     wta, wta+regroup, softmax, topk, relu, sigmoid, linear',
    '                     (wta+regroup: wta trained with the regrouping recipe,',
    '                     src/experiments/recipe.ts)',
    '  --shard i/n        run only every n-th run of the grid, starting at run i (0 ≤ i < n);',
    "                     merge the shards' folders with 'wtanet report'",
    '  --workers N        train N runs at a time in worker threads (default: 2, or 1 on a',
    '                     single-core machine; with --threads T: cores / T); results do not',
    '                     depend on N',
    '  --threads T        threads per run for its large products (default 1); results do',
    '                     not depend on T. Workers × threads should not exceed the cores',
    '  --json             machine-readable progress: one JSON object per line on stdout',
    '',
    'Examples:',
    '  wtanet reproduce --quick',
    '  wtanet reproduce --study theorem --out t/      # the theorem setting only',
    '  wtanet reproduce --study search,basin --full --out s/',
    '  wtanet reproduce --study general --full --out docs/results-full/   # studies/general.json',
    '  wtanet reproduce --full --out full/ --seeds 10',
    '  wtanet reproduce --full --variants wta,relu --datasets entangled',
    '  wtanet reproduce --full --study main --shard 0/4 --out shard-0/   # docs/scaling-out.md',
  ].join('\n'),
  async run(argv) {
    const { values } = parse(argv, {
      quick: { type: 'boolean' }, full: { type: 'boolean' }, out: { type: 'string' }, seeds: { type: 'string' },
      datasets: { type: 'string' }, variants: { type: 'string' }, shard: { type: 'string' }, json: { type: 'boolean' },
      workers: { type: 'string' }, study: { type: 'string' }, threads: { type: 'string' },
    });
    if (values.quick && values.full) throw new UsageError('give --quick or --full, not both');
    const mode = values.full ? 'full' : 'quick';
    const studies = parseStudies(values.study as string | undefined, mode);
    if (values.shard !== undefined && studies.some((s) => s !== 'main')) throw new UsageError("--shard splits the main grid only; add --study main (run the studies once, unsharded)");
    let shard;
    try {
      shard = typeof values.shard === 'string' ? parseShard(values.shard) : undefined;
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const threadsFlag = values.threads as string | undefined;
    const threads = intFlag('threads', threadsFlag, 1, MAX_THREADS) ?? 1;
    // Cores are divided between runs (workers) and threads per run.
    const cores = availableParallelism();
    const workers = intFlag('workers', values.workers as string | undefined, 1, 64) ?? (threadsFlag === undefined ? Math.min(2, cores) : Math.max(1, Math.floor(cores / threads)));
    // This process trains too when the grid runs here or studies follow.
    if (workers === 1 || studies.some((s) => s !== 'main')) await startThreads('reproduce', threadsFlag);
    const progressMode: ProgressMode = values.json ? 'json' : process.stderr.isTTY ? 'tty' : 'plain';
    const progress = createProgress(progressMode);
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    // SIGTERM too: schedulers stop jobs with it (Slurm's scancel and requeue, Kubernetes' pod
    // deletion). Stopping here releases the folder locks; dying on the signal would leave them,
    // and a retry on another host cannot take over a lock it cannot check.
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const t0 = performance.now();
    try {
      const options = {
        mode, outDir: resolve((values.out as string | undefined) ?? 'report'), shard,
        seeds: intFlag('seeds', values.seeds as string | undefined, 1, 1000),
        datasets: list(values.datasets), variants: list(values.variants),
        signal: controller.signal, onProgress: progress.onEvent, now: () => performance.now(),
        onNotice: (line: string) => console.error(errorLine(line)),
      } as const;
      let result: ReproduceResult | undefined;
      if (studies.includes('main')) {
        try {
          result = workers > 1 ? await reproduceParallel(options, workers, threads) : await reproduce(options, createRunBackend());
        } catch (e) {
          if (/^unknown (dataset|variant)/.test((e as Error).message)) throw new UsageError((e as Error).message);
          throw e;
        }
        progress.stop();
      }
      // The studies' files and the report's studies section are written under the same lock
      // of --out as the grid (one writer per selection; src/experiments/reproduce.ts).
      await withOutputLock(options, async () => {
        for (const study of studies) {
          if (study === 'main') continue;
          const { markdownPath, file } = await runStudy(study, mode, options.outDir, {
            signal: controller.signal, workers, threads,
            onProgress: (p) => {
              if (values.json) console.log(JSON.stringify({ type: 'study', ...p }));
              else if (p.done % 10 === 0 || p.done === p.total) console.error(`study ${p.study}: ${p.done}/${p.total} runs`);
            },
          });
          if (!values.json) console.log(`wrote ${markdownPath} (${file.results.length} runs)`);
        }
        if (result) {
          appendStudiesToReport(options.outDir, result.reportPath);
          if (!values.json) console.log(`wrote ${result.reportPath} (${result.evaluations.length} runs, ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
        }
      });
      return 0;
    } catch (e) {
      progress.stop();
      if ((e as Error).name === 'AbortError') {
        console.error('wtanet reproduce: interrupted; run the same command again to resume');
        return 130;
      }
      throw e;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
