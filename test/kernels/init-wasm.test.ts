import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import * as lib from '../../src/index.js';
import { trainLosses } from '../helpers/train-workload.js';

// initWasm(): the way in for runtimes that forbid compiling wasm from bytes. Checked here in a
// worker_thread; test/runtime-workerd.test.ts checks it in workerd itself.

describe('initWasm', () => {
  it('trains with a precompiled module to the same losses as the embedded kernels', async () => {
    const worker = new Worker(new URL('../helpers/init-wasm-worker.js', import.meta.url));
    try {
      const result = await new Promise<{ losses: string; again: string; foreign: string }>((ok, fail) => {
        worker.once('message', ok);
        worker.once('error', fail);
      });
      assert.equal(result.losses, await trainLosses(lib));
      assert.match(result.foreign, /initWasm was given a WebAssembly module that is not wtanet's kernels/);
      assert.match(result.again, /initWasm called after the kernels were already loaded; call it once, before any other wtanet call/);
    } finally {
      await worker.terminate();
    }
  });

  it('refuses what is not a WebAssembly module, with one line saying what to pass', () => {
    assert.throws(() => lib.initWasm({}), /initWasm expects a WebAssembly\.Module or WebAssembly\.Instance of wtanet's wasm \('wtanet\/wasm'\), got Object/);
    assert.throws(() => lib.initWasm(new Uint8Array(8)), /got Uint8Array/);
  });
});
