/**
 * The part of a WebAssembly.Memory wtanet uses. Spelt out rather than `WebAssembly.Memory` so
 * the published types compile for consumers whose libs declare no WebAssembly namespace
 * (lib ES2022 with older @types/node).
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(deltaPages: number): number;
}

/** Exports every module has: memory and the start of the host-owned heap. */
export interface CoreKernels {
  readonly memory: WasmMemory;
  heapBase(): number;
}
