// Regression tests for defects found by using the CLI as a researcher would (QA pass):
// every bad input gives ONE line naming the problem, exit 2 for usage/config and 1 at
// run time, and leaves nothing half-written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { shortTaskName } from '../../src/cli/commands/train.js';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');
const wtanet = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

const root = mkdtempSync(join(tmpdir(), 'wtanet-qa-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A tiny but complete run config (trains in well under a second). */
const tiny = {
  seed: 1,
  data: { dataset: 'entangled', entangled: { cardinalities: [2, 3], dim: 8, depth: 1, width: 8 }, tasks: [{ family: 'factor' }], nTrain: 64, nVal: 16, nTest: 16, nHeldout: 0, heldoutFraction: 0 },
  model: { encoder: { type: 'mlp', hidden: [8] }, bottleneck: { variant: 'wta', groups: 2, units: 3 } },
  train: { epochs: 1, batchSize: 32 },
};

function configFile(name: string, value: unknown): string {
  const path = join(root, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

/** Exit code, and the error as exactly one line (no stack trace) before the optional usage line. */
function failsWith(r: ReturnType<typeof wtanet>, status: number, pattern: RegExp): void {
  assert.equal(r.status, status, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.match(lines[0], pattern);
  assert.ok(lines.length === 1 || (status === 2 && lines.length === 2 && lines[1].startsWith('Usage:')), r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

describe('QA: wtanet train, bad input', () => {
  it('config problems found by the data layer or the model exit 2 naming the file and field, writing nothing', () => {
    const out = join(root, 'never');
    const unknownFactor = configFile('unknown-factor.json', { ...tiny, data: { ...tiny.data, tasks: [{ family: 'factor', factors: ['colour'] }] } });
    failsWith(wtanet('train', '--config', unknownFactor, '--out', out), 2, /invalid config .*unknown-factor\.json: data\.tasks\[0\]: unknown factor 'colour'; allowed: f0, f1$/);
    const formula = configFile('formula.json', { ...tiny, data: { ...tiny.data, tasks: [{ family: 'formula', formula: 'f0 = v9' }] } });
    failsWith(wtanet('train', '--config', formula, '--out', out), 2, /data\.tasks\[0\]\.formula: at column 6: unknown value 'v9'/);
    const cnn = configFile('cnn.json', { ...tiny, model: { ...tiny.model, encoder: { type: 'cnn' } } });
    failsWith(wtanet('train', '--config', cnn, '--out', out), 2, /model\.encoder\.type: 'cnn' needs image inputs/);
    const inf = configFile('inf.json', '{"train": {"optimizer": {"lr": 1e999}}}');
    failsWith(wtanet('train', '--config', inf, '--out', out), 2, /train\.optimizer\.lr: Infinity is not a number > 0$/);
    assert.equal(existsSync(out), false);
  });

  it('refuses an --out that holds files of another kind, leaving them untouched', () => {
    const cfg = configFile('tiny.json', tiny);
    failsWith(wtanet('train', '--config', cfg, '--out', configFile('a-file', 'keep')), 1, /a-file is a file, not a folder; choose another --out$/);
    const folder = join(root, 'metrics-folder');
    wtanet('data', 'preview', '--out', join(folder, 'metrics.jsonl'), '--n', '1'); // any file of that name
    const before = readFileSync(join(folder, 'metrics.jsonl'));
    failsWith(wtanet('train', '--config', cfg, '--out', folder), 1, /metrics-folder already has a metrics\.jsonl that this run would overwrite/);
    assert.deepEqual(readdirSync(folder), ['metrics.jsonl']);
    assert.deepEqual(readFileSync(join(folder, 'metrics.jsonl')), before);
  });

  it('a flag value starting with a dash gives one line', () => {
    failsWith(wtanet('train', '--config', 'x.json', '--out', 'y', '--seed', '-3'), 2, /--seed.*ambiguous/);
  });

  it('wtanet with no command prints the help on stderr (exit 2), nothing on stdout', () => {
    const r = wtanet();
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^Usage: wtanet <command>/);
  });
});

describe('QA: wtanet train --resume, damaged run folders', () => {
  const run = join(root, 'run');
  const cfg = configFile('run.json', tiny);
  const made = wtanet('train', '--config', cfg, '--out', run);

  it('a garbled metrics.jsonl line is named, and nothing is rewritten', () => {
    assert.equal(made.status, 0, made.stderr);
    const broken = join(root, 'broken-metrics');
    wtanet('train', '--config', cfg, '--out', broken);
    writeFileSync(join(broken, 'metrics.jsonl'), readFileSync(join(broken, 'metrics.jsonl'), 'utf8') + 'garbage\n');
    const config = readFileSync(join(broken, 'config.json'), 'utf8');
    failsWith(wtanet('train', '--resume', broken, '--epochs', '3'), 1, /metrics\.jsonl line 2 is not valid JSON; repair or delete that line/);
    assert.equal(readFileSync(join(broken, 'config.json'), 'utf8'), config, 'config.json was rewritten by a refused resume');
  });

  it('a checkpoint holding NaN is reported as corrupt instead of being trained on', () => {
    const bytes = readFileSync(join(run, 'checkpoint.safetensors'));
    const headerEnd = 8 + Number(bytes.readBigUInt64LE(0));
    bytes.writeFloatLE(Number.NaN, headerEnd + 4 * 3); // the 4th value of the first tensor
    const damaged = join(root, 'nan-run');
    wtanet('train', '--config', cfg, '--out', damaged);
    writeFileSync(join(damaged, 'checkpoint.safetensors'), new Uint8Array(bytes));
    // The tensor checksums catch it first (a NaN with matching checksums: test/reliability-integrity).
    failsWith(wtanet('train', '--resume', damaged, '--epochs', '2'), 1, /checkpoint\.safetensors is corrupt: tensor '.*\(crc32 [0-9a-f]{8}, recorded [0-9a-f]{8}\); restore it or start the run again$/);
  });

  it('refuses --epochs fewer than the run has completed (exit 2), leaving config.json alone', () => {
    const config = readFileSync(join(run, 'config.json'), 'utf8');
    const twice = join(root, 'two-epochs');
    wtanet('train', '--config', cfg, '--out', twice, '--epochs', '2');
    failsWith(wtanet('train', '--resume', twice, '--epochs', '1'), 2, /cannot resume .*two-epochs: epochs: 1 is fewer than the 2 epochs .* has completed; give more to extend the run$/);
    assert.match(readFileSync(join(twice, 'config.json'), 'utf8'), /"epochs": 2/);
    assert.equal(readFileSync(join(run, 'config.json'), 'utf8'), config);
  });

  it('explains a resume from a folder that holds no run', () => {
    failsWith(wtanet('train', '--resume', join(root, 'no-such-run')), 1, /no-such-run does not exist; start a run with --config FILE --out/);
  });
});

describe('QA: data preview and score, bad input', () => {
  it('data preview: config problems exit 2, an --out folder or a file in the way exit 1, one line each', () => {
    failsWith(wtanet('data', 'preview', '--dataset', 'mnist', '--out', join(root, 'p.png')), 2, /invalid data config: data\.dataset: 'mnist' is not one of entangled, shapes, dsprites, onehot, file$/);
    failsWith(wtanet('data', 'preview', '--config', configFile('bad.json', '{"dataset": '), '--out', join(root, 'p.png')), 2, /bad\.json is not valid JSON/);
    failsWith(wtanet('data', 'preview', '--out', root, '--n', '1'), 1, /could not write .*: it is a folder; give a file name$/);
    failsWith(wtanet('data', 'preview', '--out', join(configFile('plain', 'x'), 'p.png'), '--n', '1'), 1, /plain \(or a folder above it\) is a file, not a folder$/);
    // A whole run config without a data section previews the default data set.
    const r = wtanet('data', 'preview', '--config', configFile('run-no-data.json', { seed: 1, model: {} }), '--out', join(root, 'd.png'), '--n', '1');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(existsSync(join(root, 'p.png')), false);
  });

  it("score reads NumPy's savetxt (spaces) and quoted or BOM-prefixed CSV headers like plain CSV", () => {
    const rows = [[1, 0, 0, 1], [0, 1, 1, 0], [1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 0, 1], [0, 1, 1, 0]];
    const z = [[0, 1], [1, 0], [0, 0], [1, 1], [0, 1], [1, 0]];
    const plain = wtanet('score', '--codes', configFile('c.csv', rows.map((r) => r.join(',')).join('\n')), '--factors', configFile('z.csv', 'a,b\n' + z.map((r) => r.join(',')).join('\n')), '--groups', '2', '--json');
    assert.equal(plain.status, 0, plain.stderr);
    const spaced = wtanet(
      'score',
      '--codes', configFile('c-sp.csv', rows.map((r) => r.map((v) => v.toExponential(18)).join(' ')).join('\n') + '\n'),
      '--factors', configFile('z-q.csv', '\ufeff"a","b"\n' + z.map((r) => r.join(',')).join('\n')),
      '--groups', '2', '--json',
    );
    assert.equal(spaced.status, 0, spaced.stderr);
    assert.deepEqual(JSON.parse(spaced.stdout), JSON.parse(plain.stdout));
    assert.deepEqual(JSON.parse(plain.stdout).factors, ['a', 'b']);
  });

  it('score: an unwritable --out is one line', () => {
    const codes = configFile('codes.csv', '1,0\n0,1\n1,0\n0,1\n');
    const factors = configFile('factors.csv', '0\n1\n0\n1\n');
    failsWith(wtanet('score', '--codes', codes, '--factors', factors, '--out', join(codes, 'r.json')), 1, /codes\.csv \(or a folder above it\) is a file, not a folder$/);
  });
});

describe('QA: the final accuracy table', () => {
  it('shortens task names that are whole formulas (a table, not a page-wide line)', () => {
    const long = `boolean:f0 in {${Array.from({ length: 300 }, (_, i) => `v${i}`).join(', ')}}`;
    assert.equal(shortTaskName('factor:f0'), 'factor:f0');
    const s = shortTaskName(long);
    assert.ok(s.length <= 60 && s.endsWith('…') && long.startsWith(s.slice(0, -1)), s);
  });
});
