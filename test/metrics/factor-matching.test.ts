// The factor → group matching behind `factorial` (src/metrics/factor-matching.ts), against brute
// force over every assignment.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { matchFactorsToGroups } from '../../src/metrics/factor-matching.js';

/** Every injective map of F rows into G columns (F ≤ G). */
function* injections(F: number, G: number, prefix: number[] = []): Generator<number[]> {
  if (prefix.length === F) {
    yield prefix;
    return;
  }
  for (let g = 0; g < G; g++) if (!prefix.includes(g)) yield* injections(F, G, [...prefix, g]);
}

const held = (nmi: number[][], group: number[], t: number) => group.filter((g, f) => g >= 0 && nmi[f][g] >= t).length;
const sum = (nmi: number[][], group: number[]) => group.reduce((a, g, f) => a + (g >= 0 ? nmi[f][g] : 0), 0);

describe('matchFactorsToGroups', () => {
  it('holds as many factors as any assignment can, then has the largest NMI sum (brute force)', () => {
    const matrix = fc.integer({ min: 1, max: 5 }).chain((F) => fc.integer({ min: F, max: 6 }).chain((G) =>
      fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: G, maxLength: G }), { minLength: F, maxLength: F })));
    fc.assert(fc.property(matrix, fc.constantFrom(0.5, 0.95), (nmi, t) => {
      const m = matchFactorsToGroups(nmi, t);
      const F = nmi.length;
      const G = nmi[0].length;
      assert.equal(new Set(m.group).size, F, 'groups are distinct');
      let bestHeld = -1;
      let bestSum = -1;
      for (const a of injections(F, G)) {
        const h = held(nmi, a, t);
        const s = sum(nmi, a);
        if (h > bestHeld || (h === bestHeld && s > bestSum)) [bestHeld, bestSum] = [h, s];
      }
      assert.equal(held(nmi, m.group, t), bestHeld);
      assert.ok(Math.abs(sum(nmi, m.group) - bestSum) < 1e-9, `${sum(nmi, m.group)} vs ${bestSum}`);
      assert.equal(m.factorial, bestHeld === F ? 1 : 0);
    }), { numRuns: 300, seed: 17 });
  });

  it('prefers a matching in which every group holds its factor over one with a larger NMI sum', () => {
    // A–1, B–2 holds both (0.96, 0.96); A–2, B–1 sums more (1.0 + 0.94) but B misses.
    const m = matchFactorsToGroups([[0.96, 1.0], [0.94, 0.96]]);
    assert.deepEqual(m.group, [0, 1]);
    assert.equal(m.factorial, 1);
  });

  it('more factors than groups: the extra factors stay unmatched and the code is not factorial', () => {
    const m = matchFactorsToGroups([[1, 0], [0, 1], [1, 0]]);
    assert.equal(m.factorial, 0);
    assert.equal(m.group.filter((g) => g === -1).length, 1);
    assert.deepEqual(m.failing.length, 1);
    assert.deepEqual(m.jointGroups, [{ group: 0, factors: [0, 2] }]);
  });

  it('no factors: not factorial', () => {
    assert.equal(matchFactorsToGroups([]).factorial, 0);
  });
});
