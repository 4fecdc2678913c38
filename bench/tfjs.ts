// tfjs-backend-wasm set up the same way for every bench module: single thread, SIMD build.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';

/** tfjs-backend-wasm, forced to its single-threaded build. Returns the binary it loads. */
export async function initTfjs(): Promise<string> {
  const require = createRequire(import.meta.url);
  const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
  // Without threads support tfjs picks tfjs-backend-wasm-simd.wasm (or the scalar build
  // if SIMD is missing); setThreadsCount(1) is belt and braces for the threaded build.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tfWasm.setWasmPaths(dist);
  tfWasm.setThreadsCount(1);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs wasm backend failed to initialize');
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return `${simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm'}, threads=${tfWasm.getThreadsCount()}`;
}
