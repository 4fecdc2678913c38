// Issue 22, items 1 and 3: run folders from anyone. Names read from a file never become paths
// outside --out, and never land raw in report.md; files are read only when they are regular
// files of a size they can legitimately have (no /dev/zero, no FIFO, no endless read).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { mergeReport } from '../../src/experiments/reproduce.js';
import { buildReport } from '../../src/report/markdown.js';
import { readFileBounded, FileReadError } from '../../src/io/read-bounded.js';
import { loadCheckpoint } from '../../src/io/checkpoint.js';
import { readMatrix } from '../../src/io/matrix-file.js';
import { readJson } from '../../src/io/run-store.js';
import { withFolderLock, LOCK_FILE } from '../../src/io/lock.js';
import { syntheticEvals } from '../helpers/synthetic-evals.js';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');
const root = mkdtempSync(join(tmpdir(), 'wtanet-hostile-'));
after(() => rmSync(root, { recursive: true, force: true }));
const wtanet = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', cwd: root, timeout: 60_000 });

const evals = syntheticEvals({ mode: 'quick', seeds: 2 }, (v, m) => (v === 'wta' ? 0.9 : 0.5) + (m.length % 3) * 0.01);
let n = 0;
/** A folder of finished runs (eval.json each), the first one edited by `hostile`. */
function runsFolder(hostile: (e: Record<string, unknown>) => void): string {
  const dir = join(root, `runs${n++}`);
  evals.forEach((e, i) => {
    const copy = JSON.parse(JSON.stringify(e)) as Record<string, unknown>;
    if (i === 0) hostile(copy);
    mkdirSync(join(dir, `r${i}`), { recursive: true });
    writeFileSync(join(dir, `r${i}`, 'eval.json'), JSON.stringify(copy));
  });
  return dir;
}
const settingsOf = (e: Record<string, unknown>) => e.settings as Record<string, unknown>;
/** Every file under `dir`, relative. */
const tree = (dir: string): string[] => (existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]).sort() : []);

describe('report: names from files are safe file names or refused (item 1)', () => {
  for (const [field, value] of [
    ['dataset', '../../../../x/y'],
    ['dataset', '/tmp/abs'],
    ['head', '../escape'],
    ['variant', 'wta/../../z'],
    ['dataset', '..'],
    ['study', 'main\n# injected'],
    ['dataset', 'a\\b'],
  ] as const) {
    it(`settings.${field} = ${JSON.stringify(value)} is refused; nothing is written anywhere`, () => {
      const dir = runsFolder((e) => (settingsOf(e)[field] = value));
      const out = join(root, `out${n}`, 'deep', 'report');
      const before = tree(root).length;
      assert.throws(() => mergeReport([dir], out), new RegExp(`eval\\.json cannot be reported: settings\\.${field} is not a plain name`));
      assert.equal(existsSync(out), false);
      assert.equal(existsSync(join(root, 'x')), false);
      assert.equal(tree(root).length, before, 'a file was written');
    });
  }

  it('the CLI refuses a traversal dataset with one line, exit 1, writing nothing outside --out', () => {
    const dir = runsFolder((e) => (settingsOf(e).dataset = '../../../../x/y'));
    const r = wtanet('report', dir, '--out', join(root, 'cli-out', 'a', 'b'));
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /settings\.dataset is not a plain name/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.equal(existsSync(join(root, 'x')), false);
    assert.equal(existsSync(join(root, 'cli-out')), false);
  });

  it('a run id with a newline and HTML does not land raw in report.md', () => {
    const id = 'evil\n<script>alert(1)</script>\u2028`code`|x\u0085';
    const dir = runsFolder((e) => {
      e.id = id;
      settingsOf(e).seed = -1; // sorts first among the main study's runs: its id is the example shown
    });
    const out = join(root, 'md-out');
    mergeReport([dir], out);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    assert.ok(!md.includes('<script>'), 'raw HTML in report.md');
    assert.ok(!md.includes('evil\n'), 'raw newline from the id');
    assert.ok(!/[\u0085\u2028]/.test(md), 'raw line separators');
    assert.match(md, /evil\\\\u000a&lt;script&gt;/);
    for (const f of tree(join(out, 'figures'))) assert.match(f, /^[A-Za-z0-9][A-Za-z0-9._-]*\.svg$/);
  });

  it('buildReport (the library) refuses such names too', () => {
    const bad = evals.map((e, i) => (i === 0 ? { ...e, settings: { ...e.settings, dataset: '../x' as never } } : e));
    assert.throws(() => buildReport(bad), /cannot be reported: settings\.dataset is not a plain name/);
  });

  it('a 10⁶-deep field in eval.json (id in two folders) is refused at once, no stack overflow (item 7)', () => {
    // Written as text: building the value here would need the recursion the test is about.
    const a = runsFolder(() => {});
    const b = runsFolder(() => {});
    const text = JSON.stringify(evals[0]).replace('"config":{', `"deep":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)},"config":{`);
    writeFileSync(join(a, 'r0', 'eval.json'), text);
    writeFileSync(join(b, 'r0', 'eval.json'), text);
    const t0 = Date.now();
    assert.throws(() => mergeReport([a, b], join(root, 'deep-out')), /nested deeper than 256 levels/);
    assert.ok(Date.now() - t0 < 5000);
  });
});

describe('reads: regular files only, bounded (item 3)', () => {
  const fifo = join(root, 'fifo');
  const hasFifo = spawnSync('mkfifo', [fifo]).status === 0;
  const hasZero = existsSync('/dev/zero');

  it('readFileBounded refuses /dev/zero, a symlink to it, a FIFO, a folder; a file over the limit', { skip: !hasZero || !hasFifo }, () => {
    const link = join(root, 'zero-link');
    symlinkSync('/dev/zero', link);
    for (const p of ['/dev/zero', link]) assert.throws(() => readFileBounded(p, 1 << 20), /is a character device, not a regular file/);
    const t0 = Date.now();
    assert.throws(() => readFileBounded(fifo, 1 << 20), /is a FIFO, not a regular file/);
    assert.ok(Date.now() - t0 < 2000, 'a FIFO was waited on');
    assert.throws(() => readFileBounded(root, 1 << 20), /is a folder, not a regular file/);
    const big = join(root, 'big');
    writeFileSync(big, new Uint8Array(1001));
    assert.throws(() => readFileBounded(big, 1000), (e: unknown) => e instanceof FileReadError && /more than such a file can hold/.test(e.message));
    assert.equal(readFileBounded(big, 1001).length, 1001);
    const good = join(root, 'good-link');
    symlinkSync(big, good);
    assert.equal(readFileBounded(good, 2000).length, 1001, 'a symlink to a regular file is read');
  });

  it('eval.json, run.json, symbols.json, config.json, codes.npy, a checkpoint, a lock: /dev/zero and a FIFO are refused at once', { skip: !hasZero || !hasFifo }, async () => {
    const t0 = Date.now();
    for (const target of ['/dev/zero', fifo]) {
      const dir = join(root, `folder-${n++}`);
      mkdirSync(dir);
      for (const f of ['eval.json', 'run.json', 'symbols.json', 'codes.npy', 'checkpoint.safetensors', LOCK_FILE]) symlinkSync(target, join(dir, f));
      for (const f of ['eval.json', 'run.json', 'symbols.json']) assert.throws(() => readJson(join(dir, f)), /not a regular file/);
      assert.throws(() => readMatrix(join(dir, 'codes.npy')), /not a regular file/);
      assert.throws(() => loadCheckpoint(join(dir, 'checkpoint.safetensors')), /checkpoint .* not a regular file/);
      await assert.rejects(withFolderLock(dir, 'test', async () => {}), /cannot be read: ENOTREG/);
    }
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
  });

  it('the CLI: report on a folder of /dev/zero and FIFO links exit at once with one line', { skip: !hasZero || !hasFifo }, () => {
    const dir = join(root, 'cli-hostile');
    mkdirSync(join(dir, 'runs', 'a'), { recursive: true });
    mkdirSync(join(dir, 'runs', 'b'), { recursive: true });
    symlinkSync('/dev/zero', join(dir, 'runs', 'a', 'eval.json'));
    symlinkSync(fifo, join(dir, 'runs', 'b', 'eval.json'));
    const t0 = Date.now();
    const r = wtanet('report', dir, '--out', join(root, 'cli-hostile-out'));
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /not a regular file/);
    assert.ok(Date.now() - t0 < 20_000, `took ${Date.now() - t0} ms`);
  });
});
