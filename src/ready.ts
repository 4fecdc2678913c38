import { ready as kernelsReady } from './kernels/load.js';
import { gbtWasmReady } from './metrics/gbt-wasm.js';

/**
 * Compiles wtanet's WebAssembly asynchronously: the training kernels, and the loops of DCI's
 * gradient-boosted trees (a module of their own, src/metrics/gbt-wasm.ts). Browsers limit
 * synchronous compilation on the main thread; there, `await ready()` once before using wtanet.
 * (Without it the gbt runs its TypeScript twins there: the same numbers, slower.)
 */
export async function ready(): Promise<void> {
  await Promise.all([kernelsReady(), gbtWasmReady()]);
}
