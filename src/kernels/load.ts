import { WASM_BASE64 } from './wasm-bytes.js';
import type { Kernels } from './types.js';

// One module instance per JS realm (main thread, each worker). The module has no
// imports, so it is instantiated directly from its exports: no binding layer.

let instance: Kernels | null = null;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * The kernel module, compiled synchronously on first use. Browsers limit synchronous
 * compilation on the main thread; there, `await ready()` once before using wtanet.
 */
export function kernels(): Kernels {
  if (instance === null) {
    const module = new WebAssembly.Module(decodeBase64(WASM_BASE64));
    instance = new WebAssembly.Instance(module, {}).exports as unknown as Kernels;
  }
  return instance;
}

/** Compiles and instantiates the kernel module asynchronously (safe on browser main threads). */
export async function ready(): Promise<void> {
  if (instance !== null) return;
  const module = await WebAssembly.compile(decodeBase64(WASM_BASE64));
  const inst = await WebAssembly.instantiate(module, {});
  instance ??= inst.exports as unknown as Kernels;
}

/** True once this realm's kernel module exists (created by first use or installed). */
export function kernelsInUse(): boolean {
  return instance !== null;
}

/**
 * Makes `k` this realm's kernels instead of the embedded default module: how intra-run threads
 * (./threads/) install the shared-memory build. Only before first use (tensors live in the
 * module's memory).
 */
export function installKernels(k: Kernels): void {
  if (instance !== null) throw new Error('wtanet: the kernel module is already in use; install kernels before the first tensor');
  instance = k;
}
