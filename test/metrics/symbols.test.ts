import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { symbolicity, symbolTable } from '../../src/metrics/symbols.js';
import { evaluateFormulaZeroShot, type FormulaLike } from '../../src/metrics/zero-shot.js';
import { bijectionCode, factorial, oneHot, perfectCode, permuteUnits } from '../helpers/metric-codes.js';

const fx = factorial([3, 4, 2], 4);
const G = 3;
const U = 4;
const table = (codes: Float32Array) => symbolTable({ codes, n: fx.n, d: G * U, groups: G, z: fx.z, factors: fx.factors, kind: 'wta' });

// "f0 = v1 and f1 < 2", written by hand in the shape of the data layer's Formula.
const formula: FormulaLike = { dependsOn: [0, 1], text: 'f0=v1 and f1<2', evaluate: (z) => z[0] === 1 && z[1] < 2 };

describe('symbol table', () => {
  it('names each unit of a perfect code by its factor value, with purity and coverage 1', () => {
    const t = table(perfectCode(fx, U));
    assert.equal(t.units.length, 12);
    const u = t.units[1 * U + 2]; // group 1, unit 2 ↔ f1 = v2
    assert.deepEqual([u.factor, u.value, u.purity, u.coverage, u.symbol], ['f1', 'v2', 1, 1, true]);
    assert.deepEqual([t.units[3].wins, t.units[3].factor, t.units[3].symbol], [0, null, false]); // f0 has 3 values: unit 3 dead
    const red = t.values.find((v) => v.factor === 'f0' && v.value === 'v1')!;
    assert.deepEqual([red.symbol, red.units], ['unit', [1]]);
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(t)));
  });

  it('finds population symbols when a value is split across units of one group', () => {
    // One binary factor, one group of 4 units: value 0 → unit 0 or 1 alternately, value 1 → unit 2 or 3.
    const bin = factorial([2], 20);
    const winners = Int32Array.from({ length: bin.n }, (_, i) => 2 * bin.z[i] + (Math.floor(i / 2) % 2));
    const t = symbolTable({ codes: oneHot(winners, bin.n, 1, 4), n: bin.n, d: 4, groups: 1, z: bin.z, factors: bin.factors, kind: 'wta' });
    assert.deepEqual(t.values.map((v) => [v.symbol, v.units, v.purity, v.coverage]), [
      ['population', [0, 1], 1, 1],
      ['population', [2, 3], 1, 1],
    ]);
    assert.ok(t.units.every((u) => u.purity === 1 && u.coverage === 0.5 && !u.symbol));
    const s = symbolicity(t);
    assert.deepEqual([s.symbolicity, s.valuesWithPopulationSymbol, s.valuesWithUnitSymbol], [1, 2, 0]);
  });

  it('finds a two-unit population symbol exactly where a greedy search (purest unit first) misses it', () => {
    // One factor, 100 samples of each value; a continuous code of one group of 4 units whose
    // "on" sets (value 1, below the median share so "on" = 1) are laid out by hand.
    // v0 (samples 0–99): Z on v0 samples 89–99 (pure); Y on v0 0–88 plus 4 v1 samples (purity
    // 89/93 = 0.957, coverage 0.89: no unit symbol); X on v0 0–49 plus 2 other v1 samples
    // (purity 0.962). Y ∪ Z is a symbol (purity 100/104, coverage 1). Purest-first greedy takes
    // Z, then X, then cannot add Y (100/106 < 0.95): coverage 0.61, no symbol.
    // v1 (samples 100–199): W is on exactly there (a unit symbol). Symbolicity: exact 1, greedy 0.5.
    const n = 200;
    const d = 4;
    const codes = new Float32Array(n * d);
    const on = (unit: number, from: number, to: number) => { for (let i = from; i <= to; i++) codes[i * d + unit] = 1; };
    on(0, 89, 99); // Z
    on(1, 0, 49); on(1, 100, 101); // X
    on(2, 0, 88); on(2, 102, 105); // Y
    on(3, 100, 199); // W
    const z = Int32Array.from({ length: n }, (_, i) => (i < 100 ? 0 : 1));
    const t = symbolTable({ codes, n, d, groups: 1, z, factors: [{ name: 'f', values: ['a', 'b'] }], kind: 'continuous' });
    const v0 = t.values[0];
    assert.equal(v0.symbol, 'population');
    assert.deepEqual(v0.units, [0, 2]);
    assert.equal(v0.coverage, 1);
    assert.equal(v0.purity, 100 / 104);
    assert.equal(symbolicity(t).symbolicity, 1);
  });

  it('rejects a unit that is pure but does not cover its value', () => {
    // Unit 0 wins on half of value 0's samples only; the rest of value 0 goes to unit 1, which also takes value 1.
    const bin = factorial([2], 20);
    const winners = Int32Array.from({ length: bin.n }, (_, i) => (bin.z[i] === 0 && i % 4 === 0 ? 0 : 1));
    const t = symbolTable({ codes: oneHot(winners, bin.n, 1, 2), n: bin.n, d: 2, groups: 1, z: bin.z, factors: bin.factors, kind: 'wta' });
    assert.equal(t.units[0].purity, 1);
    assert.equal(t.units[0].coverage, 0.5);
    assert.equal(symbolicity(t).symbolicity, 0);
  });
});

describe('zero-shot formula tasks', () => {
  it('answer exactly through the table of a perfect code, also after permuting units', () => {
    for (const codes of [perfectCode(fx, U), permuteUnits(perfectCode(fx, U), fx.n, G, U, 3)]) {
      const r = evaluateFormulaZeroShot(formula, table(codes), codes, fx.n, fx.z);
      assert.equal(r.accuracy, 1);
      assert.equal(r.undecided, 0);
    }
  });

  it('decode new samples with a table built on other samples', () => {
    const train = perfectCode(fx, U);
    const fresh = factorial([3, 4, 2], 1);
    const r = evaluateFormulaZeroShot(formula, table(train), perfectCode(fresh, U), fresh.n, fresh.z);
    assert.equal(r.accuracy, 1);
    assert.deepEqual(Array.from(r.decoded.subarray(0, 3)), [0, 0, -1]); // f2 is not needed by the formula
  });

  it('are no better than the base rate through the table of a random bijection', () => {
    const codes = bijectionCode(fx, U, 5);
    const r = evaluateFormulaZeroShot(formula, table(codes), codes, fx.n, fx.z);
    const positives = Array.from({ length: fx.n }, (_, i) => formula.evaluate(fx.z.subarray(i * 3, i * 3 + 3))).filter(Boolean).length;
    assert.ok(r.accuracy! < 0.95, `accuracy ${r.accuracy}`);
    assert.ok(positives / fx.n < 0.2);
  });

  it('rejects a formula over a factor the table does not have', () => {
    const bad: FormulaLike = { dependsOn: [5], text: 'f5=1', evaluate: () => true };
    assert.throws(() => evaluateFormulaZeroShot(bad, table(perfectCode(fx, U)), perfectCode(fx, U), fx.n), /uses factor 5/);
  });
});
