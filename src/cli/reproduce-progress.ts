/**
 * Progress output for `wtanet reproduce`: on a TTY, an overall bar and a per-run bar with ETA
 * (cli-progress); otherwise one plain log line per run; with --json, one JSON object per line.
 */
import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../experiments/reproduce.js';

export type ProgressMode = 'tty' | 'plain' | 'json';

export interface ProgressReporter {
  onEvent(e: ProgressEvent): void;
  stop(): void;
}

function fmtAcc(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3);
}

export function createProgress(mode: ProgressMode, out: NodeJS.WritableStream = process.stderr): ProgressReporter {
  if (mode === 'json') {
    return { onEvent: (e) => process.stdout.write(JSON.stringify(e) + '\n'), stop: () => {} };
  }
  if (mode === 'plain') {
    let lastEpochLine = 0;
    return {
      onEvent(e) {
        const line = (s: string) => out.write(s + '\n');
        if (e.type === 'grid') line(`reproduce: ${e.total} runs in this grid; ${e.skipped} already finished, ${e.toRun} to run`);
        else if (e.type === 'run-start') line(`[${e.index + 1}/${e.total}] ${e.id}${e.resumed ? ' (resuming from checkpoint)' : ''}`);
        else if (e.type === 'epoch' && e.step === e.steps && e.epoch !== lastEpochLine) {
          lastEpochLine = e.epoch;
          if (e.epoch === e.epochs || e.epoch % 5 === 0) line(`  epoch ${e.epoch}/${e.epochs}${e.valAccuracy !== undefined ? ` val acc ${fmtAcc(e.valAccuracy)}` : ''}`);
        } else if (e.type === 'run-end') line(`  done in ${e.seconds.toFixed(1)} s: test acc ${fmtAcc(e.accTest)}, held-out acc ${fmtAcc(e.accHeldout)}`);
        else if (e.type === 'report') line(`report: ${e.path} (${e.runs} runs)`);
        if (e.type === 'run-start') lastEpochLine = 0;
      },
      stop: () => {},
    };
  }
  const multi = new cliProgress.MultiBar(
    { clearOnComplete: false, hideCursor: true, format: '{label} |{bar}| {value}/{total} {unit} | ETA {eta_formatted} | {info}', stream: out as NodeJS.WriteStream, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let overall: cliProgress.SingleBar | undefined;
  let run: cliProgress.SingleBar | undefined;
  return {
    onEvent(e) {
      if (e.type === 'grid') {
        overall = multi.create(e.toRun, 0, { label: 'all runs'.padEnd(9), unit: 'runs', info: `${e.skipped} already done` });
        run = multi.create(1, 0, { label: 'this run'.padEnd(9), unit: 'steps', info: '' });
      } else if (e.type === 'run-start') {
        run?.start(1, 0, { label: 'this run'.padEnd(9), unit: 'steps', info: e.id + (e.resumed ? ' (resumed)' : '') });
      } else if (e.type === 'epoch') {
        const total = e.epochs * e.steps;
        run?.setTotal(total);
        run?.update((e.epoch - 1) * e.steps + e.step, { info: `${e.id} epoch ${e.epoch}/${e.epochs}` });
      } else if (e.type === 'run-phase' && e.phase === 'evaluating') {
        run?.update({ info: `${e.id} evaluating` });
      } else if (e.type === 'run-end') {
        overall?.update(e.index, { info: `last: ${e.id} test ${fmtAcc(e.accTest)} held-out ${fmtAcc(e.accHeldout)}` });
      }
    },
    stop: () => multi.stop(),
  };
}
