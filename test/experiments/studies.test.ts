import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { STUDIES, studyRows, type StudyRunResult } from '../../src/experiments/studies/rows.js';
import { runRow } from '../../src/experiments/studies/run-study.js';
import { studyHeadline, studyMarkdown } from '../../src/experiments/studies/table.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');

describe('studies (wtanet reproduce --study)', () => {
  it('has stable, unique row keys and ≥ 5 seeds per row in both modes', () => {
    for (const study of STUDIES) {
      for (const mode of ['quick', 'full'] as const) {
        const rows = studyRows(study, mode);
        assert.equal(new Set(rows.map((r) => r.key)).size, rows.length, `${study}/${mode}: duplicate keys`);
        for (const r of rows) assert.ok(r.seeds >= 5, `${r.key}: ${r.seeds} seeds`);
      }
    }
  });

  it('a basin run that starts at the factorial code without noise stays factorial', async () => {
    const row = studyRows('basin', 'quick').find((r) => r.key === 'noise0')!;
    const r = await runRow({ ...row, config: { ...row.config, train: { ...(row.config.train as object), epochs: 3 } } }, 1);
    assert.equal(r.factorial, 1);
    assert.equal(r.bestGroupNmi, 1);
    assert.equal(r.symbolicity, 1);
    assert.equal(r.accIid, 1);
  });

  it('sums factorial seeds over factor shapes per procedure, and tables every row with its count', () => {
    const rows = studyRows('search', 'quick').filter((r) => r.key.endsWith('/indicator/sgd+L2+regroup'));
    const results: StudyRunResult[] = rows.flatMap((row, i) =>
      [1, 2].map((seed) => ({ key: row.key, seed, factorial: i === 0 && seed === 2 ? 0 : 1, bestGroupNmi: 1, symbolicity: 1, accIid: 1, accHeldout: 1, objective: 0, restart: 0, diverged: 0 })),
    );
    assert.deepEqual(studyHeadline(rows, results), [`- \`indicator/sgd+L2+regroup\`: factorial in **${2 * rows.length - 1} of ${2 * rows.length}** runs (${rows.length} rows)`]);
    const md = studyMarkdown('search', 'quick', rows, results);
    assert.ok(md.includes(`| \`${rows[0].key}\` | ${rows[0].label} | **1/2** |`), md);
  });

  it('refuses an unknown study and --shard with the studies: one line naming the problem, then the usage line', () => {
    for (const [args, re] of [
      [['reproduce', '--study', 'bogus'], /^wtanet reproduce: --study: unknown study 'bogus'; allowed: main, theorem, basin, search, all$/],
      [['reproduce', '--study', 'theorem', '--shard', '0/2'], /--shard splits the main grid only/],
    ] as const) {
      const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
      assert.equal(r.status, 2, r.stderr);
      const lines = r.stderr.trim().split('\n');
      assert.match(lines[0], re);
      assert.deepEqual(lines.slice(1).map((l) => l.startsWith('Usage: wtanet reproduce')), [true], r.stderr);
    }
  });
});
