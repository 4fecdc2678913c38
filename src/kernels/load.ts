import { WASM_BASE64 } from './wasm-bytes.js';
import type { Kernels } from './types.js';

// One module instance per JS realm (main thread, each worker). The module has no
// imports, so it is instantiated directly from its exports: no binding layer.
//
// Three ways in: kernels() compiles the embedded bytes synchronously on first use (Node, Deno,
// Bun, workers); ready() compiles them asynchronously (browser main threads limit synchronous
// compilation); initWasm() takes a module the host compiled, for runtimes that forbid compiling
// wasm from bytes at all (Cloudflare Workers, Vercel Edge): `import wasm from 'wtanet/wasm'`.

let instance: Kernels | null = null;
/** What initWasm was given, so that calling it again with the same module is harmless. */
let initSource: object | null = null;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Edge runtimes refuse code generation from bytes: say what to do instead of their bare error. */
function explainCompileError(e: unknown): Error {
  const message = e instanceof Error ? e.message : String(e);
  if (/disallowed|not allowed|CompileError/i.test(message)) {
    return new Error(
      `wtanet: this runtime does not allow compiling WebAssembly from bytes (${message}); ` +
        "pass wtanet the precompiled module first: import wasm from 'wtanet/wasm'; initWasm(wasm)",
    );
  }
  return e instanceof Error ? e : new Error(message);
}

/**
 * The kernel module, compiled synchronously on first use. Browsers limit synchronous
 * compilation on the main thread; there, `await ready()` once before using wtanet.
 */
export function kernels(): Kernels {
  if (instance === null) {
    let module: WebAssembly.Module;
    try {
      module = new WebAssembly.Module(decodeBase64(WASM_BASE64));
    } catch (e) {
      throw explainCompileError(e);
    }
    instance = new WebAssembly.Instance(module, {}).exports as unknown as Kernels;
  }
  return instance;
}

/** Compiles and instantiates the kernel module asynchronously (safe on browser main threads). */
export async function ready(): Promise<void> {
  if (instance !== null) return;
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(decodeBase64(WASM_BASE64));
  } catch (e) {
    throw explainCompileError(e);
  }
  const inst = await WebAssembly.instantiate(module, {});
  instance ??= inst.exports as unknown as Kernels;
}

/**
 * Uses a kernel module compiled by the host instead of the embedded bytes: a
 * `WebAssembly.Module` of wtanet's wasm file (`wtanet/wasm`, as Cloudflare Workers and
 * Vercel Edge hand wasm imports to code) or a `WebAssembly.Instance` of it. Call it once,
 * before any other wtanet call; synchronous, so it may run at module top level or in a
 * request handler. (Typed `object` so the published types need no WebAssembly lib.)
 */
export function initWasm(wasm: object): void {
  if (instance !== null && wasm === initSource) return; // the same module again (e.g. from every request)
  const isInstance = wasm instanceof WebAssembly.Instance;
  if (!isInstance && !(wasm instanceof WebAssembly.Module)) {
    const what = wasm === null ? 'null' : (wasm as { constructor?: { name?: string } }).constructor?.name ?? typeof wasm;
    throw new TypeError(`wtanet: initWasm expects a WebAssembly.Module or WebAssembly.Instance of wtanet's wasm ('wtanet/wasm'), got ${what}`);
  }
  if (instance !== null) {
    throw new Error('wtanet: initWasm called after the kernels were already loaded; call it once, before any other wtanet call');
  }
  const exports = isInstance ? (wasm as WebAssembly.Instance).exports : new WebAssembly.Instance(wasm as WebAssembly.Module, {}).exports;
  if (!(exports.memory instanceof WebAssembly.Memory) || typeof exports.heapBase !== 'function' || typeof exports.sgemm !== 'function') {
    throw new TypeError("wtanet: initWasm was given a WebAssembly module that is not wtanet's kernels (no memory, heapBase or sgemm export); pass the module of 'wtanet/wasm'");
  }
  instance = exports as unknown as Kernels;
  initSource = wasm;
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
