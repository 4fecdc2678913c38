import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseFormula } from '../../src/data/formula.js';
import type { Factor } from '../../src/data/types.js';

const factors: Factor[] = [
  { name: 'shape', values: ['square', 'circle', 'triangle', 'cross'] },
  { name: 'color', values: ['red', 'green', 'blue', 'yellow'] },
  { name: 'pos', values: ['0', '1', '2', '3', '4', '5', '6', '7', '8'] },
  { name: 'size', values: ['large', 'medium', 'small'] },
];
const row = fc.tuple(fc.nat(3), fc.nat(3), fc.nat(8), fc.nat(2));

describe('formula parser', () => {
  const valid: [string, (z: number[]) => boolean, number[]][] = [
    ['color in {red, blue} and pos = 4', ([, c, p]) => (c === 0 || c === 2) && p === 4, [1, 2]],
    ['shape = circle or size > 1', ([s, , , z]) => s === 1 || z > 1, [0, 3]],
    ['not (shape = square) and color != 3', ([s, c]) => s !== 0 && c !== 3, [0, 1]],
    ['pos < 2 or pos >= 7', ([, , p]) => p < 2 || p >= 7, [2]],
    ['size <= medium and not not color = green', ([, c, , z]) => z <= 1 && c === 1, [1, 3]],
    ['shape=0 or shape=1 and color=red', ([s, c]) => s === 0 || (s === 1 && c === 0), [0, 1]], // and binds tighter
    ['(shape = 0 or shape = 1) and color = red', ([s, c]) => (s === 0 || s === 1) && c === 0, [0, 1]],
    ['pos in {0, 8}', ([, , p]) => p === 0 || p === 8, [2]],
  ];
  for (const [text, truth, deps] of valid) {
    it(`evaluates '${text}'`, () => {
      const f = parseFormula(text, factors);
      assert.deepEqual(f.dependsOn, deps);
      assert.equal(f.text, text);
      fc.assert(fc.property(row, (z) => f.evaluate(z) === truth(z)), { numRuns: 200 });
    });
  }

  const invalid: [string, RegExp][] = [
    ['colour = red', /^formula: at column 1: unknown factor 'colour'; factors: shape, color, pos, size$/],
    ['color = purple', /^formula: at column 9: unknown value 'purple'; values of color: red, green, blue, yellow \(or indices 0\.\.3\)$/],
    ['color = red and', /^formula: at column 16: expected a factor name, 'not' or '\(', found end of formula$/],
    ['color red', /^formula: at column 7: expected '=', '!=', '<', '<=', '>', '>=' or 'in', found 'red'$/],
    ['(shape = circle', /^formula: at column 16: expected '\)', found end of formula$/],
    ['color in {red blue}', /^formula: at column 15: expected ',' or '}', found 'blue'$/],
    ['color in red', /^formula: at column 10: expected '\{', found 'red'$/],
    ['pos = 9', /^formula: at column 7: value index 9 out of range; values of pos: 0, 1/],
    ['shape = circle color = red', /^formula: at column 16: expected 'and', 'or' or end of formula, found 'color'$/],
    ['shape = circle & color = red', /^formula: unexpected character '&' at column 16$/],
    ['', /^formula: at column 1: expected a factor name, 'not' or '\(', found end of formula$/],
  ];
  for (const [text, re] of invalid) {
    it(`rejects '${text}' with a positioned message`, () => {
      assert.throws(() => parseFormula(text, factors), (e: Error) => {
        assert.match(e.message, re);
        return true;
      });
    });
  }
});
