import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Rng, streams } from '../../src/base/prng.js';

describe('xoshiro128** generator', () => {
  it('reproduces the reference outputs from state {1, 2, 3, 4}', () => {
    // First three worked by hand from the reference next():
    //   out1 = rotl(2*5, 7)*9 = 1280*9 = 11520; state -> {7, 0, 1026, 12288}
    //   out2 = rotl(0*5, 7)*9 = 0;              state -> {12295, 1029, 1029, 25165824}
    //   out3 = rotl(1029*5, 7)*9 = 658560*9 = 5927040
    // The rest are the published vectors of Vigna's xoshiro128starstar.c (as in rand_xoshiro's tests).
    const expected = [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804];
    const rng = new Rng(0);
    rng.setState([1, 2, 3, 4]);
    assert.deepEqual(
      expected.map(() => rng.nextU32()),
      expected,
    );
  });

  it('after one step from {1,2,3,4} holds the hand-computed state', () => {
    const rng = new Rng(0);
    rng.setState([1, 2, 3, 4]);
    rng.nextU32();
    assert.deepEqual(rng.getState(), [7, 0, 1026, 12288]);
    rng.nextU32();
    assert.deepEqual(rng.getState(), [12295, 1029, 1029, 25165824]);
  });
});

describe('Rng statistics', () => {
  it('int(n) is uniform (chi-square) and in range', () => {
    const rng = new Rng(7, 'chi');
    for (const n of [2, 7, 10]) {
      const draws = 20000 * n;
      const counts = new Array<number>(n).fill(0);
      for (let i = 0; i < draws; i++) {
        const v = rng.int(n);
        assert.ok(Number.isInteger(v) && v >= 0 && v < n);
        counts[v]++;
      }
      const e = draws / n;
      const chi2 = counts.reduce((s, c) => s + ((c - e) * (c - e)) / e, 0);
      // 99.9% quantile of chi-square with up to 9 degrees of freedom is 27.9
      assert.ok(chi2 < 27.9, `n=${n}: chi2=${chi2}`);
    }
  });

  it('int(n) handles n near 2^32 and rejects bad n', () => {
    const rng = new Rng(1);
    const n = 3 * 2 ** 30; // a quarter of draws must be rejected: result still below n
    for (let i = 0; i < 1000; i++) assert.ok(rng.int(n) < n);
    assert.equal(rng.int(1), 0);
    assert.throws(() => rng.int(0), /n must be an integer/);
    assert.throws(() => rng.int(2.5), /n must be an integer/);
  });

  it('uniform() lies in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = new Rng(3, 'u');
    const n = 100000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      assert.ok(u >= 0 && u < 1);
      s += u;
      s2 += u * u;
    }
    const mean = s / n;
    const v = s2 / n - mean * mean;
    assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
    assert.ok(Math.abs(v - 1 / 12) < 0.002, `var ${v}`);
  });

  it('normal() has mean 0, variance 1 and normal tails', () => {
    const rng = new Rng(11, 'n');
    const n = 100000;
    let s = 0;
    let s2 = 0;
    let beyond2 = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      assert.ok(Number.isFinite(x));
      s += x;
      s2 += x * x;
      if (Math.abs(x) > 2) beyond2++;
    }
    const mean = s / n;
    const v = s2 / n - mean * mean;
    assert.ok(Math.abs(mean) < 0.015, `mean ${mean}`);
    assert.ok(Math.abs(v - 1) < 0.02, `var ${v}`);
    // P(|x| > 2) = 0.0455 for a standard normal
    assert.ok(Math.abs(beyond2 / n - 0.0455) < 0.004, `tail ${beyond2 / n}`);
  });

  it('shuffle is a permutation and every position is uniform', () => {
    const rng = new Rng(5, 'shuffle-test');
    const counts = Array.from({ length: 4 }, () => new Array<number>(4).fill(0));
    for (let t = 0; t < 8000; t++) {
      const a = [0, 1, 2, 3];
      rng.shuffle(a);
      assert.deepEqual([...a].sort(), [0, 1, 2, 3]);
      a.forEach((v, pos) => counts[v][pos]++);
    }
    for (const row of counts) for (const c of row) assert.ok(Math.abs(c - 2000) < 200, `count ${c}`);
    const typed = Int32Array.from([5, 6, 7, 8, 9]);
    rng.shuffle(typed);
    assert.deepEqual(Array.from(typed).sort(), [5, 6, 7, 8, 9]);
  });
});

describe('Rng streams', () => {
  it('same seed and stream give the same sequence; different ones differ', () => {
    const take = (r: Rng) => Array.from({ length: 16 }, () => r.nextU32());
    assert.deepEqual(take(new Rng(42, 'data')), take(new Rng(42, 'data')));
    assert.notDeepEqual(take(new Rng(42, 'data')), take(new Rng(42, 'init')));
    assert.notDeepEqual(take(new Rng(42, 'data')), take(new Rng(43, 'data')));
    // seeds beyond 32 bits use their high word too
    assert.notDeepEqual(take(new Rng(1)), take(new Rng(1 + 2 ** 32)));
  });

  it('named streams are uncorrelated', () => {
    const s = streams(2024);
    const names = ['data', 'init', 'shuffle', 'tasks'] as const;
    const n = 20000;
    const seqs = names.map((k) => Array.from({ length: n }, () => s[k].uniform() - 0.5));
    for (let i = 0; i < 4; i++)
      for (let j = i + 1; j < 4; j++) {
        let c = 0;
        for (let t = 0; t < n; t++) c += seqs[i][t] * seqs[j][t];
        const corr = c / n / (1 / 12);
        // sd of the sample correlation ~ 1/sqrt(n) = 0.007
        assert.ok(Math.abs(corr) < 0.035, `${names[i]} vs ${names[j]}: ${corr}`);
      }
  });

  it('fork depends on seed and name only, not on draws made before', () => {
    const a = new Rng(9, 'tasks');
    const b = new Rng(9, 'tasks');
    for (let i = 0; i < 100; i++) b.nextU32();
    assert.deepEqual(a.fork('x').getState(), b.fork('x').getState());
    assert.notDeepEqual(a.fork('x').getState(), a.fork('y').getState());
    assert.notDeepEqual(a.fork('x').getState(), a.getState());
  });

  it('getState/setState resume exactly', () => {
    fc.assert(
      fc.property(fc.nat(), fc.string(), fc.nat(200), (seed, name, skip) => {
        const r = new Rng(seed, name);
        for (let i = 0; i < skip; i++) r.normal();
        const saved = JSON.parse(JSON.stringify(r.getState())) as number[];
        const next = [r.nextU32(), r.uniform(), r.normal(), r.int(17)];
        const q = new Rng(0, 'other');
        q.setState(saved);
        assert.deepEqual([q.nextU32(), q.uniform(), q.normal(), q.int(17)], next);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects bad seeds and states with clear errors', () => {
    assert.throws(() => new Rng(-1), /seed must be a non-negative safe integer/);
    assert.throws(() => new Rng(1.5), /seed must be a non-negative safe integer/);
    const r = new Rng(1);
    assert.throws(() => r.setState([0, 0, 0, 0]), /all-zero/);
    assert.throws(() => r.setState([1, 2, 3]), /4 uint32 words/);
    assert.throws(() => r.setState([1, 2, 3, 2 ** 32]), /4 uint32 words/);
  });
});
