import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ops from '../../src/ops/index.js';
import { scratch } from '../../src/tensor/context.js';
import { fromInts, zeros, type Tensor } from '../../src/tensor/tensor.js';

// One wrong-shape case per op exported from src/ops/index.ts. The error must be one line
// naming the op and every shape involved. A new export fails the completeness test below
// until it gets a case here (or is listed as shape-agnostic / not an op, with a reason).

interface Case {
  /** Runs the op on wrong shapes. */
  run: () => unknown;
  /** Texts the message must contain besides `<op>:` (the shapes, or a shape and the bad parameter). */
  mentions: string[];
}

const z = (...shape: number[]): Tensor => zeros(shape);

const cases: Record<string, Case> = {
  matmul: { run: () => ops.matmul(z(2, 3), z(2, 2)), mentions: ['[2, 3]', '[2, 2]'] },
  add: { run: () => ops.add(z(2, 3), z(2)), mentions: ['[2, 3]', '[2]'] },
  linear: { run: () => ops.linear(z(2, 3), z(4, 5), z(5)), mentions: ['[2, 3]', '[4, 5]'] },
  sub: { run: () => ops.sub(z(2, 3), z(3, 2)), mentions: ['[2, 3]', '[3, 2]'] },
  mul: { run: () => ops.mul(z(2, 3), z(2, 4)), mentions: ['[2, 3]', '[2, 4]'] },
  mse: { run: () => ops.mse(z(4, 1), z(4)), mentions: ['[4, 1]', '[4]'] },
  bceWithLogits: { run: () => ops.bceWithLogits(z(3, 2), z(2, 3)), mentions: ['[3, 2]', '[2, 3]'] },
  softmaxCrossEntropy: { run: () => ops.softmaxCrossEntropy(z(4, 3), fromInts([0, 1, 2])), mentions: ['[4, 3]', '[3]'] },
  conv2d: { run: () => ops.conv2d(z(1, 3, 5, 5), z(2, 1, 3, 3)), mentions: ['[1, 3, 5, 5]', '[2, 1, 3, 3]'] },
  conv2dNhwc: { run: () => ops.conv2dNhwc(z(1, 5, 5, 3), z(2, 1, 3, 3)), mentions: ['[1, 5, 5, 3]', '[2, 1, 3, 3]'] },
  nchwToNhwc: { run: () => ops.nchwToNhwc(z(3, 5, 5)), mentions: ['[3, 5, 5]', 'rank-4'] },
  nhwcToNchw: { run: () => ops.nhwcToNchw(z(2, 3)), mentions: ['[2, 3]', 'rank-4'] },
  concat: { run: () => ops.concat([z(2, 3), z(3, 3)]), mentions: ['[2, 3]', '[3, 3]'] },
  reshape: { run: () => ops.reshape(z(2, 3), [4, 2]), mentions: ['[2, 3]', '[4, 2]'] },
  slice: { run: () => ops.slice(z(2, 3), 1, 5), mentions: ['[2, 3]', '[1, 5)'] },
  wtaHard: { run: () => ops.wtaHard(z(2, 6), 4), mentions: ['[2, 6]', '4 groups'] },
  wtaSoft: { run: () => ops.wtaSoft(z(2, 6), 4), mentions: ['[2, 6]', '4 groups'] },
  groupWinners: { run: () => ops.groupWinners(z(2, 6), 4), mentions: ['[2, 6]', '4 groups'] },
  kWta: { run: () => ops.kWta(z(2, 3), 4), mentions: ['[2, 3]', 'got 4'] },
};

/** Ops defined for every shape: no wrong shape exists. Checked to accept odd ranks. */
const shapeAgnostic: Record<string, (x: Tensor) => unknown> = {
  relu: (x) => ops.relu(x),
  sigmoid: (x) => ops.sigmoid(x),
  tanh: (x) => ops.tanh(x),
  scale: (x) => ops.scale(x, 2),
  sum: (x) => ops.sum(x),
  mean: (x) => ops.mean(x),
  softmax: (x) => ops.softmax(x),
  logSoftmax: (x) => ops.logSoftmax(x),
  flatten: (x) => ops.flatten(x),
};

/** Exports that are not ops on tensors. */
const notOps = new Set(['convOutputSize']);

describe('wrong shapes into every op', () => {
  it('every exported op has a case (add one here when an op lands)', () => {
    const exported = Object.entries(ops).filter(([, v]) => typeof v === 'function').map(([name]) => name);
    const missing = exported.filter((name) => !(name in cases) && !(name in shapeAgnostic) && !notOps.has(name));
    assert.deepEqual(missing, [], `ops without a wrong-shape case in test/engine-shape-errors.test.ts: ${missing.join(', ')}`);
    const stale = [...Object.keys(cases), ...Object.keys(shapeAgnostic)].filter((name) => !exported.includes(name));
    assert.deepEqual(stale, [], `cases for ops that are no longer exported: ${stale.join(', ')}`);
  });

  for (const [op, c] of Object.entries(cases)) {
    it(`${op}: one line naming the op and the shapes`, () => {
      const mark = scratch().mark();
      try {
        assert.throws(c.run, (e: unknown) => {
          assert.ok(e instanceof Error);
          assert.ok(!e.message.includes('\n'), `one line: ${e.message}`);
          assert.ok(e.message.includes(`${op}:`), `names the op: ${e.message}`);
          for (const m of c.mentions) assert.ok(e.message.includes(m), `mentions ${m}: ${e.message}`);
          return true;
        });
      } finally {
        scratch().release(mark);
      }
    });
  }

  it('shape-agnostic ops accept rank-1 and rank-4 tensors', () => {
    const mark = scratch().mark();
    try {
      for (const [op, run] of Object.entries(shapeAgnostic)) {
        for (const shape of [[5], [2, 1, 3, 2]]) {
          assert.doesNotThrow(() => run(zeros(shape)), `${op} on [${shape.join(', ')}]`);
        }
      }
    } finally {
      scratch().release(mark);
    }
  });
});
