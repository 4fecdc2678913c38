import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Arena } from '../../src/tensor/arena.js';
import { scratch } from '../../src/tensor/context.js';
import { fromArray, fromInts } from '../../src/tensor/tensor.js';
import { reshape } from '../../src/ops/shape.js';

describe('tensor lifetime', () => {
  it('refuses to read a scratch tensor after its step released the arena, even when the bytes are reused', () => {
    const mark = scratch().mark();
    const old = fromArray([1, 2, 3, 4], [2, 2]);
    const view = reshape(old, [4]);
    assert.deepEqual([...old.toArray()], [1, 2, 3, 4]);
    scratch().release(mark);
    // The next step allocates the same bytes: without the check, `old` would read 9s.
    const reused = fromArray([9, 9, 9, 9], [2, 2]);
    assert.equal(reused.ptr, old.ptr, 'the test needs the slot to be reused');
    assert.throws(() => old.data(), /was released with its arena 'scratch'.*toArray\(\) before the release/);
    assert.throws(() => old.toArray(), /was released/);
    assert.throws(() => view.data(), /was released/, 'a view shares its source lifetime');
    assert.deepEqual([...reused.toArray()], [9, 9, 9, 9]);
    scratch().release(mark);
  });

  it('keeps tensors made before a mark readable after releasing to it', () => {
    const outer = scratch().mark();
    const kept = fromArray([5, 6], [2]);
    const inner = scratch().mark();
    fromArray([7, 8], [2]);
    scratch().release(inner);
    assert.ok(kept.isLive);
    assert.deepEqual([...kept.toArray()], [5, 6]);
    scratch().release(outer);
    assert.ok(!kept.isLive);
  });

  it('refuses reads from a disposed arena (e.g. a disposed model)', () => {
    const arena = new Arena('params');
    const w = fromArray([1, 2], [2], arena);
    const labels = fromInts([0, 1], [2], arena);
    arena.dispose();
    assert.throws(() => w.data(), /released with its arena 'params'/);
    assert.throws(() => labels.ints(), /released with its arena 'params'/);
  });
});
