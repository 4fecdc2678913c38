import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import * as lib from '../../src/index.js';
import { gradientBytes } from '../helpers/engine-workload.js';

describe('engine determinism', () => {
  it('the same forward + backward twice gives bit-identical loss and gradient bytes', () => {
    const first = gradientBytes(lib);
    // Disturb the allocator between runs: different addresses must not change any bit.
    const mark = lib.scratch().mark();
    lib.zeros([1234]);
    const second = gradientBytes(lib);
    lib.scratch().release(mark);
    assert.ok(first.length > 400, 'the workload produced gradients');
    const nonZero = first.some((b) => b !== 0);
    assert.ok(nonZero, 'gradients are not all zero');
    assert.equal(createHash('sha256').update(second).digest('hex'), createHash('sha256').update(first).digest('hex'));
    assert.deepEqual(second, first);
  });
});
