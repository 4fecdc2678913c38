// Lets tfjs-backend-wasm's threaded build (emscripten pthreads) start in Node. Call once, in a
// realm of its own (bench/tfjs-threaded-worker.ts), before tf.setBackend('wasm'): it changes
// globals of that realm. Why each patch:
// - tfjs hands emscripten two scripts as Blobs: the pthread worker script (as a blob: URL from
//   URL.createObjectURL) and the main script (Module.mainScriptUrlOrBlob, posted to each worker).
//   worker_threads only run files, and the worker script's own Node branch loads the main script
//   with fs.readFileSync. So Blobs are recorded at construction (Node cannot read one
//   synchronously), the worker script is written to a file whose path replaces the blob: URL,
//   and the main script becomes a file path in the 'load' message.
// - The main-script Blob holds the factory's source as rollup bundled it (its require calls
//   renamed to bundle-level variables it does not define), so a worker cannot evaluate it; the
//   package's unbundled emscripten output (wasm-out/, the same build: its .wasm is byte-identical)
//   is loaded instead.
// - tfjs caps its thread pool at emscripten_num_logical_cores() / 2 (it assumes two hardware
//   threads per core), which is os.cpus().length in Node: 1 on a 2-core machine without SMT.
//   os.cpus() reports 2 × `threads` entries so the cap is the count asked for.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import workerThreads from 'node:worker_threads';

/** Patches this realm; the pthread worker script is written into `dir` (the caller's to remove). */
export function installNodePthreads(threads: number, dir: string): void {
  const require = createRequire(import.meta.url);
  const mainScript = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
  const parts = new WeakMap<Blob, string>();
  const files = new Map<string, string>();
  const NativeBlob = globalThis.Blob;
  globalThis.Blob = class RecordedBlob extends NativeBlob {
    constructor(blobParts?: BlobPart[], options?: BlobPropertyBag) {
      super(blobParts, options);
      if (blobParts !== undefined && blobParts.every((p) => typeof p === 'string')) parts.set(this, blobParts.join(''));
    }
  };
  /** The file standing for a recorded Blob: the same text always maps to the same file. */
  const fileOf = (blob: Blob): string => {
    const text = parts.get(blob);
    if (text === undefined) throw new Error('tfjs-pthreads-node: a Blob not built from strings reached a worker');
    if (text.startsWith('var WasmBackendModuleThreadedSimd')) return mainScript;
    let file = files.get(text);
    if (file === undefined) {
      file = path.join(dir, `pthread-worker-${files.size}.cjs`);
      fs.writeFileSync(`${file}.tmp`, text);
      fs.renameSync(`${file}.tmp`, file);
      files.set(text, file);
    }
    return file;
  };
  const nativeCreateObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (obj: Blob | MediaSource) => (obj instanceof NativeBlob && parts.has(obj) ? fileOf(obj) : nativeCreateObjectURL(obj as Blob));
  // emscripten's Node branch does `global.Worker = require('worker_threads').Worker` when the
  // factory runs, so the subclass goes on the module object.
  const NativeWorker = workerThreads.Worker;
  class PthreadWorker extends NativeWorker {
    override postMessage(message: unknown, transfer?: readonly workerThreads.TransferListItem[]): void {
      const m = message as { cmd?: string; urlOrBlob?: unknown } | null;
      if (m !== null && typeof m === 'object' && m.cmd === 'load' && m.urlOrBlob instanceof NativeBlob) message = { ...m, urlOrBlob: fileOf(m.urlOrBlob) };
      super.postMessage(message, transfer);
    }
  }
  (workerThreads as { Worker: typeof NativeWorker }).Worker = PthreadWorker;
  const cpus = os.cpus.bind(os);
  os.cpus = () => {
    const real = cpus();
    return Array.from({ length: 2 * threads }, (_, i) => real[i % real.length]);
  };
}
