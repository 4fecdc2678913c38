#!/usr/bin/env node
// The `wtanet` command as installed (package.json "bin"): starts the CLI (main.js) in a child
// Node with the engine flags it needs, and passes signals and the exit status through.
//
// Why a second process: Node ≤ 24 can deadlock at exit (nodejs/node#54918): the main thread
// drains background tasks while a concurrent TurboFan job waits for a garbage collection that
// only the main thread can run. Measured on `train --resume` of a finished run: 9 of 40 never
// exited; `process.exit` hangs the same way (it drains too); with `--no-concurrent-recompilation`
// 0 of 30 hung at the same speed. V8 reads that flag only at start-up (`v8.setFlagsFromString`
// later leaves compilation concurrent, checked with --trace-opt), and `#!/usr/bin/env -S node
// --flag` fails with BusyBox's env (Alpine images), so the flag is given here.
//
// The child runs in its own process group, so a signal reaches it once: Ctrl-C and group
// signals (Slurm, `kill -- -PGID`) arrive here and are forwarded; a second Ctrl-C is forwarded
// as well (train and reproduce stop at once on the second one).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FLAGS = ['--no-concurrent-recompilation'];
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGWINCH'] as const;

const main = fileURLToPath(new URL('./main.js', import.meta.url));
const child = spawn(process.execPath, [...process.execArgv, ...FLAGS, main, ...process.argv.slice(2)], {
  stdio: 'inherit',
  // On Windows a detached child gets a console window of its own; there the console's Ctrl-C
  // reaches every process attached to it anyway.
  detached: process.platform !== 'win32',
});
const forwarders = FORWARDED.map((signal) => {
  const forward = (): void => {
    child.kill(signal);
  };
  process.on(signal, forward);
  return [signal, forward] as const;
});
child.on('error', (e) => {
  console.error(`wtanet: cannot start node (${process.execPath}): ${e.message}`);
  process.exitCode = 1;
});
child.on('exit', (code, signal) => {
  for (const [s, f] of forwarders) process.off(s, f);
  // A child ended by a signal ends this process by the same signal, so shells and schedulers
  // see what they would have seen without the launcher (e.g. 130 for Ctrl-C in a shell).
  if (signal !== null) process.kill(process.pid, signal);
  else process.exitCode = code ?? 1;
});
