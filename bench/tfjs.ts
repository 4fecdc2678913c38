// tfjs-backend-wasm set up the same way for every bench module: SIMD build, single thread unless
// a realm of its own asks for the threaded build (bench/tfjs-threaded-worker.ts).
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';

/**
 * tfjs-backend-wasm: by default forced to its single-threaded build; with `threaded` (the default
 * when threads > 1), its threaded SIMD build with a pool of `threads` (in Node, only after
 * installNodePthreads from bench/tfjs-pthreads-node.ts). Returns the binary it loads and the
 * pool's thread count.
 */
export async function initTfjs(threads = 1, threaded = threads > 1): Promise<string> {
  const require = createRequire(import.meta.url);
  const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
  // Without threads support tfjs picks tfjs-backend-wasm-simd.wasm (or the scalar build
  // if SIMD is missing); setThreadsCount(1) is belt and braces for the threaded build.
  // tfjs reports no threads support in Node whatever the runtime can do, hence the override.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threaded);
  tfWasm.setWasmPaths(dist);
  tfWasm.setThreadsCount(threads);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs wasm backend failed to initialize');
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const binary = simd ? (threaded ? 'tfjs-backend-wasm-threaded-simd.wasm' : 'tfjs-backend-wasm-simd.wasm') : 'tfjs-backend-wasm.wasm';
  return `${binary}, threads=${tfWasm.getThreadsCount()}`;
}
