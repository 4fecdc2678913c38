import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { STUDIES, studyRows, type StudyRunResult } from '../../src/experiments/studies/rows.js';
import { runRow } from '../../src/experiments/studies/run-study.js';
import { studyHeadline, studyMarkdown } from '../../src/experiments/studies/table.js';
import { RECIPE } from '../../src/experiments/recipe.js';
import { validateRunConfig } from '../../src/train/config.js';

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

  it('general: the recipe on every setting of issue 17, 10 seeds in full, bottleneck G ≥ factors and K ≥ values', () => {
    const full = studyRows('general', 'full');
    assert.deepEqual(full.map((r) => r.key), [
      'ring-4,4,4,4/4x4', 'ring-6,6,6,6/4x6', 'ring-3,5,2,4/4x6', 'ring-3,6,8,4,7/5x8', 'ring-2,7,5,8,3,6/6x8', 'ring-4,4,4,4/6x6', 'deep-4,4,4,4/4x4', 'shapes-16px-grid2/3x4',
    ]);
    for (const r of full) {
      assert.equal(r.seeds, 10);
      const c = validateRunConfig({ ...r.config, seed: 1 });
      assert.ok(c.model.bottleneck.groups >= r.cardinalities.length && c.model.bottleneck.units >= Math.max(...r.cardinalities), r.key);
      assert.equal(c.train.headL2, RECIPE.train.headL2);
      assert.equal(c.train.regroup?.every, RECIPE.train.regroup.every);
      assert.deepEqual(c.data.tasks.map((t) => t.family), ['indicator']);
    }
    assert.match(full[1].label, /64 × 64 MLP, 32768 samples, 60 epochs/);
    assert.ok(studyRows('general', 'quick').every((r) => full.some((f) => f.key === r.key) && r.seeds === 5));
  });

  it('general: a tiny run records the strict factorial and each factor\'s matched NMI; the table shows them', async () => {
    const row = studyRows('general', 'quick')[0];
    const cfg = row.config as { data: object; train: object };
    const tiny = { ...row, config: { ...row.config, data: { ...cfg.data, nTrain: 256, nVal: 64, nTest: 128, nHeldout: 128 }, train: { ...cfg.train, epochs: 2 } } };
    const r = await runRow(tiny, 1);
    assert.equal(r.matchedNmi?.length, row.cardinalities.length);
    assert.ok(r.matchedNmi!.every((x) => x >= 0 && x <= 1));
    assert.equal(r.factorial, r.matchedNmi!.every((x) => x >= 0.95) ? 1 : 0);
    const md = studyMarkdown('general', 'quick', [row], [r]);
    assert.match(md, /factorial seeds \(strict\) \| matched NMI per factor/);
    assert.ok(md.includes(`| \`${row.key}\` | ${row.label} | **${r.factorial}/1** | ${r.matchedNmi!.map((x) => x.toFixed(2)).join(', ')} |`), md);
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
      [['reproduce', '--study', 'bogus'], /^wtanet reproduce: --study: unknown study 'bogus'; allowed: main, theorem, basin, search, general, all$/],
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
