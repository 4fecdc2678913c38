import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as lib from '../../src/index.js';
import { getHeap } from '../../src/tensor/heap.js';
import { loss, makeBatch, makeParams } from '../helpers/engine-workload.js';

interface Footprint { heapReserved: number; memoryBytes: number; scratchReserved: number }

const footprint = (): Footprint => ({
  heapReserved: getHeap().bytesReserved,
  memoryBytes: lib.kernels().memory.buffer.byteLength,
  scratchReserved: lib.scratch().bytesReserved,
});

describe('engine memory', () => {
  it('a steady-state training step allocates no new wasm memory and leaks nothing', () => {
    const params = new lib.Arena('params');
    try {
      const p = lib.withArena(params, () => makeParams(lib));
      const tensors = Object.values(p);
      const k = lib.kernels();
      const scratchStart = lib.scratch().bytesInUse;
      const losses: number[] = [];
      let at10: Footprint | null = null;
      for (let step = 1; step <= 1000; step++) {
        const mark = lib.scratch().mark();
        const { x, labels } = makeBatch(lib, step % 7);
        const l = loss(lib, p, x, labels);
        lib.backward(l);
        losses.push(l.data()[0]);
        for (const t of tensors) k.sgd(t.ptr, t.grad!.ptr, t.size, 0.05, 0);
        for (const t of tensors) t.grad = null; // gradients live in the scratch arena
        lib.scratch().release(mark);
        assert.equal(lib.scratch().bytesInUse, scratchStart, `scratch bytes in use after step ${step}`);
        if (step === 10) at10 = footprint();
      }
      assert.deepEqual(footprint(), at10, 'memory after step 1000 equals memory after step 10');
      // The loop really trained (so the steps above did real work).
      const early = losses.slice(0, 7).reduce((a, b) => a + b) / 7;
      const late = losses.slice(-7).reduce((a, b) => a + b) / 7;
      assert.ok(late < 0.5 * early, `loss fell from ${early} to ${late}`);
    } finally {
      params.dispose();
    }
  });
});
