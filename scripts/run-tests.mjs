#!/usr/bin/env node
// `npm test`'s runner: `node --test` with the given arguments and Node's usual reporter (spec on a
// terminal, TAP otherwise), then the list of skipped tests and why (scripts/skipped-reporter.mjs),
// after everything else. Exits with node --test's exit code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'wtanet-test-'));
const list = join(dir, 'skipped.txt');
const reporter = process.stdout.isTTY ? 'spec' : 'tap';
let status = 1;
try {
  const r = spawnSync(process.execPath, [
    '--test',
    `--test-reporter=${reporter}`, '--test-reporter-destination=stdout',
    `--test-reporter=${join(here, 'skipped-reporter.mjs')}`, `--test-reporter-destination=${list}`,
    ...process.argv.slice(2),
  ], { stdio: 'inherit' });
  status = r.status ?? 1;
  let summary = '';
  try {
    summary = readFileSync(list, 'utf8');
  } catch {
    summary = '# skipped tests: (no list: the test run ended early)\n';
  }
  process.stdout.write(summary);
  if (r.signal) process.stderr.write(`node --test ended on ${r.signal}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
