import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/base/check.js';
import { Rng } from '../../src/base/prng.js';
import { dci, dciScores } from '../../src/metrics/dci.js';
import { dciSettings } from '../../src/metrics/dci-presets.js';
import { fitGbt, predictGbt } from '../../src/metrics/gbt.js';
import { computeInformationMetrics, dciCalls } from '../../src/metrics/report.js';
import { referenceCodes } from '../helpers/dci-reference-codes.js';

// disentanglement_lib's DCI (its dci.py run by scripts/reference/dci_disentanglement_lib.py with
// scikit-learn 1.2.1) on the fixed codes of test/helpers/dci-reference-codes.ts: for each case the
// smallest and largest D, C and test informativeness over the classifier's random_state 0–9
// (the library leaves it unset: its seed-to-seed spread). wtanet's 'disentanglement_lib' preset
// must land within that range widened by its width on each side.
const REFERENCE: Record<string, { D: [number, number]; C: [number, number]; I: [number, number] }> = {
  'wta-group-index': { D: [0.7718613409376255, 0.7725058790475446], C: [0.7470973417509594, 0.7479124948986661], I: [0.86, 0.86] },
  'wta-unit': { D: [0.7410532750051302, 0.7442557453640255], C: [0.38718681769789465, 0.3874512408750266], I: [0.8533333333333334, 0.8533333333333334] },
  'grid-unit': { D: [0.8024508138942146, 0.8031160926148431], C: [0.7046980512748133, 0.7051253358306153], I: [0.8733333333333334, 0.875] },
  'grid-unit-12-dead': { D: [0.8024491209322555, 0.803336053381155], C: [0.7950999801276994, 0.7953283139848777], I: [0.8733333333333334, 0.875] },
  'continuous-unit': { D: [0.9209676866455037, 0.9232055937545345], C: [0.821478608623054, 0.8220104759100958], I: [0.9216666666666665, 0.9266666666666667] },
  'wta-group-index-binary': { D: [0.8057774835088735, 0.8102910233910956], C: [0.7812560452667676, 0.7819152033120472], I: [0.9075, 0.9075] },
};

describe("DCI under the 'disentanglement_lib' preset", () => {
  const codes = referenceCodes();
  const binary = { ...codes.wta, z: Int32Array.from({ length: codes.wta.n * 2 }, (_, k) => codes.wta.z[Math.floor(k / 2) * 3 + (k % 2)] % 2), factors: [0, 1].map((f) => ({ name: `b${f}`, values: ['0', '1'] })) };
  const cases = {
    'wta-group-index': { input: codes.wta, level: 'group' },
    'wta-unit': { input: codes.wta, level: 'unit' },
    'grid-unit': { input: codes.grid, level: 'unit' },
    'grid-unit-12-dead': { input: codes.gridDead, level: 'unit' },
    'continuous-unit': { input: codes.continuous, level: 'unit' },
    'wta-group-index-binary': { input: binary, level: 'group' },
  } as const;

  for (const [name, { input, level }] of Object.entries(cases)) {
    it(`matches the library within its seed spread: ${name}`, () => {
      const ref = REFERENCE[name];
      const dci = computeInformationMetrics(input, { seed: 0, dciPreset: 'disentanglement_lib' }).report[level].dci!;
      const got = { D: dci.disentanglement, C: dci.completeness, I: dci.informativeness };
      for (const k of ['D', 'C', 'I'] as const) {
        const [lo, hi] = ref[k];
        const w = hi - lo + 1e-9;
        assert.ok(got[k] >= lo - w && got[k] <= hi + w, `${name} ${k}: ${got[k]} outside the library's [${lo}, ${hi}] ± ${w}`);
      }
      assert.equal(dci.preset, 'disentanglement_lib');
    });
  }

  it('the grid codes have no value on a rounding half step (NumPy rounds half to even)', () => {
    for (const v of codes.continuous.codes) assert.ok(Math.abs(Math.abs((v * 8) % 1) - 0.5) > 1e-9);
  });
});

describe('gradient-boosted trees', () => {
  const rng = new Rng(4, 'gbt-data');
  const n = 300;
  // y = x0 (3 values), x1 a copy of x0, x2 noise.
  const x = new Float64Array(n * 3);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.int(3);
    x[i * 3] = y[i];
    x[i * 3 + 1] = y[i];
    x[i * 3 + 2] = rng.int(4);
  }

  it('is deterministic for a seed, fits a clean code, and shares importance between a duplicated feature pair', () => {
    const a = fitGbt({ x, n, p: 3, y }, new Rng(1, 'gbt'));
    const b = fitGbt({ x, n, p: 3, y }, new Rng(1, 'gbt'));
    assert.deepEqual(Array.from(a.importance), Array.from(b.importance));
    assert.deepEqual(Array.from(predictGbt(a, x, n)), Array.from(y));
    const [i0, i1, i2] = a.importance;
    assert.ok(i2 < 1e-9, `noise importance ${i2}`);
    // Equal gains are tied and drawn with the seeded stream, never by index: both copies are used.
    assert.ok(i0 > 0.25 && i1 > 0.25, `${i0} ${i1}`);
  });

  it('with one class in training fits nothing and predicts that class', () => {
    const m = fitGbt({ x, n, p: 3, y: new Int32Array(n).fill(2) }, new Rng(1, 'gbt'));
    assert.equal(m.trees.length, 0);
    assert.deepEqual(Array.from(m.importance), [0, 0, 0]);
    assert.deepEqual(Array.from(predictGbt(m, x.subarray(0, 6), 2)), [2, 2]);
  });
});

describe("the 'disentanglement_lib' preset's rows", () => {
  // Sorted by factor 0, the first rows of the file hold only its first values. Beyond the caps
  // the preset samples its rows with the seed (as the library draws its points at random), so
  // the sorted file scores as the original does; within the caps it splits in file order.
  const { wta } = referenceCodes();
  const perm = Int32Array.from({ length: wta.n }, (_, i) => i).sort((a, b) => wta.z[a * 3] - wta.z[b * 3] || a - b);
  const d = wta.d;
  const sorted = {
    ...wta,
    codes: Float64Array.from({ length: wta.n * d }, (_, k) => wta.codes[perm[Math.floor(k / d)] * d + (k % d)]),
    z: Int32Array.from({ length: wta.n * 3 }, (_, k) => wta.z[perm[Math.floor(k / 3)] * 3 + (k % 3)]),
  };
  const score = (input: typeof wta, caps: { maxSamples: number; maxTest: number }) =>
    computeInformationMetrics(input, { seed: 0, dciPreset: 'disentanglement_lib', dci: { ...caps, stages: 20 } }).report.group.dci!;

  it('beyond the caps: a seeded sample, so a sorted file scores as the original', () => {
    const caps = { maxSamples: 200, maxTest: 100 }; // 600 rows > 300
    const a = score(wta, caps);
    const b = score(sorted, caps);
    assert.ok(Math.abs(a.informativeness - b.informativeness) < 0.1, `${a.informativeness} vs ${b.informativeness}`);
    assert.ok(Math.abs(a.disentanglement - b.disentanglement) < 0.1, `${a.disentanglement} vs ${b.disentanglement}`);
    assert.deepEqual(score(sorted, caps), b); // the seed fixes the sample
  });

  it('within the caps: the first 2/3 train, in file order', () => {
    // The sorted file's test third holds only factor 0's last values, which training never saw.
    const caps = { maxSamples: 400, maxTest: 200 };
    assert.ok(score(sorted, caps).informativeness < score(wta, caps).informativeness - 0.1);
  });
});

describe('DCI options', () => {
  it('the log base of completeness counts active or all code variables', () => {
    // Two active codes each fully for one factor, one dead: C = 1 either way for a diagonal R;
    // spread evenly over the two active codes, C = 1 − log 2 / log L.
    const R = [[0.25, 0.25], [0.25, 0.25], [0, 0]];
    const active = [true, true, false];
    assert.ok(Math.abs(dciScores(R, active, 'active').completeness - 0) < 1e-12);
    assert.ok(Math.abs(dciScores(R, active, 'all').completeness - (1 - Math.log(2) / Math.log(3))) < 1e-12);
  });

  it('dciCalls are the calls the metrics make (the bench times the estimator alone with them)', () => {
    const { wta } = referenceCodes();
    for (const options of [{ seed: 3 }, { seed: 3, dciPreset: 'disentanglement_lib', dci: { stages: 10 } }]) {
      const report = computeInformationMetrics(wta, options).report;
      const calls = dciCalls(wta, options);
      assert.deepEqual(calls.map((c) => c.level), ['group', 'unit']);
      for (const c of calls) {
        const { disentanglement, completeness, informativeness } = report[c.level].dci!;
        const direct = dci(c.features, c.factors, c.settings);
        assert.deepEqual([direct.disentanglement, direct.completeness, direct.informativeness], [disentanglement, completeness, informativeness], `${options.dciPreset ?? 'wtanet'} ${c.level}`);
      }
    }
  });

  it('presets set estimator, features, log base and split; bad values are one-line errors', () => {
    assert.deepEqual(
      (({ estimator, groupFeature, unitFeature, logBase, split }) => ({ estimator, groupFeature, unitFeature, logBase, split }))(dciSettings('disentanglement_lib')),
      { estimator: 'gbt', groupFeature: 'index', unitFeature: 'values', logBase: 'all', split: 'first' },
    );
    assert.equal(dciSettings().estimator, 'forest');
    assert.equal(dciSettings('wtanet', { estimator: 'gbt' }).estimator, 'gbt');
    const oneLine = (f: () => unknown, re: RegExp) => assert.throws(f, (e: Error) => e instanceof ConfigError && re.test(e.message) && !e.message.includes('\n'));
    oneLine(() => dciSettings('sklearn'), /dci preset 'sklearn' is not one of wtanet, disentanglement_lib/);
    oneLine(() => dciSettings('wtanet', { estimator: 'xgb' as 'gbt' }), /dci\.estimator: 'xgb' is not one of forest, gbt/);
    oneLine(() => dciSettings('wtanet', { unitFeature: 'values' }), /needs dci\.estimator 'gbt'/);
  });
});
