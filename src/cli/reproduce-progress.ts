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
    // Several runs may be in flight (--workers), so every line names its run.
    return {
      onEvent(e) {
        const line = (s: string) => out.write(s + '\n');
        if (e.type === 'grid') line(`reproduce: ${e.total} runs in this grid; ${e.skipped} already finished, ${e.toRun} to run`);
        else if (e.type === 'run-start') line(`start ${e.id}${e.resumed ? ' (resuming from its checkpoint)' : ''}`);
        else if (e.type === 'epoch' && e.step === e.steps && e.epoch < e.epochs && e.epoch % 10 === 0) {
          line(`  ${e.id} epoch ${e.epoch}/${e.epochs}${e.valAccuracy !== undefined ? ` val acc ${fmtAcc(e.valAccuracy)}` : ''}`);
        } else if (e.type === 'run-end') {
          line(`[${e.index}/${e.total}] done ${e.id} in ${e.seconds.toFixed(1)} s: test acc ${fmtAcc(e.accTest)}, held-out acc ${fmtAcc(e.accHeldout)}`);
        } else if (e.type === 'report') line(`report: ${e.path} (${e.runs} runs)`);
      },
      stop: () => {},
    };
  }
  const multi = new cliProgress.MultiBar(
    { clearOnComplete: false, hideCursor: true, format: '{label} |{bar}| {value}/{total} {unit} | ETA {eta_formatted} | {info}', stream: out as NodeJS.WriteStream, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let overall: cliProgress.SingleBar | undefined;
  // One bar per run in flight (several with --workers), removed when the run ends.
  const running = new Map<string, cliProgress.SingleBar>();
  const barOf = (id: string) => {
    let bar = running.get(id);
    if (bar === undefined) {
      bar = multi.create(1, 0, { label: 'run'.padEnd(8), unit: 'steps', info: id });
      running.set(id, bar);
    }
    return bar;
  };
  return {
    onEvent(e) {
      if (e.type === 'grid') {
        overall = multi.create(Math.max(1, e.toRun), 0, { label: 'all runs', unit: 'runs', info: `${e.skipped} already done` });
      } else if (e.type === 'run-start') {
        barOf(e.id).update(0, { info: e.id + (e.resumed ? ' (resumed)' : '') });
      } else if (e.type === 'epoch') {
        const bar = barOf(e.id);
        bar.setTotal(e.epochs * e.steps);
        bar.update((e.epoch - 1) * e.steps + e.step, { info: `${e.id} epoch ${e.epoch}/${e.epochs}` });
      } else if (e.type === 'run-phase' && e.phase === 'evaluating') {
        barOf(e.id).update({ info: `${e.id} evaluating` });
      } else if (e.type === 'run-end') {
        const bar = running.get(e.id);
        if (bar) multi.remove(bar);
        running.delete(e.id);
        overall?.update(e.index, { info: `last: ${e.id} test ${fmtAcc(e.accTest)} held-out ${fmtAcc(e.accHeldout)}` });
      }
    },
    stop: () => multi.stop(),
  };
}
