#!/usr/bin/env node
// Shows that a change kept behaviour: recomputes the example checkpoints' bytes and the
// numbers of `npm start`'s report, and compares them with scripts/outputs.expected.json
// (recorded from the code before the change).
//
//   node scripts/compare-outputs.mjs            compare (exit 1 on any difference)
//   node scripts/compare-outputs.mjs --record   write the expected file from this build
//   node scripts/compare-outputs.mjs --no-reproduce   only the checkpoints (seconds, not minutes)
//   node scripts/compare-outputs.mjs --keep DIR       keep the reproduce output in DIR (to diff
//                                                     report.md and figures against another build)
//
// Needs a build (npm run build). The reproduce part takes ~2–4 min on 2 cores.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/src/cli/main.js');
const expectedFile = join(root, 'scripts/outputs.expected.json');
const record = process.argv.includes('--record');
const withReproduce = !process.argv.includes('--no-reproduce');
const keep = process.argv.includes('--keep') ? process.argv[process.argv.indexOf('--keep') + 1] : undefined;

// Few epochs each, so the whole check is quick; together they cover MLP and CNN encoders,
// every head kind in the examples, SGD + head L2 + regrouping, Adam + schedules, and softmax annealing.
const RUNS = [
  { config: 'examples/onehot-wta-regroup.json', epochs: 6 },
  { config: 'examples/quick-entangled.json', epochs: 2 },
  { config: 'examples/entangled-softmax-annealed.json', epochs: 1 },
  { config: 'examples/shapes-cnn-wta.json', epochs: 1 },
];

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const tmp = mkdtempSync(join(tmpdir(), 'wtanet-compare-'));
const actual = { checkpoints: {}, reproduce: undefined };
try {
  for (const r of RUNS) {
    const out = join(tmp, r.config.replace(/\W/g, '_'));
    execFileSync(process.execPath, [cli, 'train', '--config', join(root, r.config), '--out', out, '--epochs', String(r.epochs)], { stdio: ['ignore', 'ignore', 'inherit'] });
    actual.checkpoints[`${r.config} --epochs ${r.epochs}`] = sha256(readFileSync(join(out, 'checkpoint.safetensors')));
    console.error(`trained ${r.config} (${r.epochs} epochs)`);
  }
  if (withReproduce) {
    const out = keep ?? join(tmp, 'report');
    console.error('running reproduce --quick …');
    execFileSync(process.execPath, [cli, 'reproduce', '--quick', '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    const results = readFileSync(join(out, 'results.json'));
    actual.reproduce = { resultsSha256: sha256(results), results: JSON.parse(results.toString('utf8')) };
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

if (record) {
  writeFileSync(expectedFile, JSON.stringify(actual, null, 1) + '\n');
  console.log(`recorded ${expectedFile}`);
  process.exit(0);
}
if (!existsSync(expectedFile)) throw new Error(`no ${expectedFile}: run with --record first (on the code before the change)`);
const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
let diffs = 0;
for (const [k, v] of Object.entries(actual.checkpoints)) {
  const ok = expected.checkpoints[k] === v;
  if (!ok) diffs++;
  console.log(`${ok ? 'same' : 'DIFFERENT'}  checkpoint ${k}  ${v.slice(0, 16)}`);
}
if (withReproduce) {
  // results.json holds wall-clock times too; compare everything else, number for number.
  const strip = (o) => JSON.stringify(o, (key, val) => (/time|seconds|duration|elapsed|date|ms$/i.test(key) ? undefined : val));
  const ok = strip(expected.reproduce.results) === strip(actual.reproduce.results);
  if (!ok) diffs++;
  const bytes = expected.reproduce.resultsSha256 === actual.reproduce.resultsSha256;
  console.log(`${ok ? 'same' : 'DIFFERENT'}  reproduce --quick results.json numbers${bytes ? ' (byte-identical file)' : ' (file differs in timing fields only)'}`);
}
console.log(diffs === 0 ? 'all outputs identical' : `${diffs} output(s) differ`);
process.exit(diffs === 0 ? 0 : 1);
