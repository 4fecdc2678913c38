/** Exports every module has: memory and the start of the host-owned heap. */
export interface CoreKernels {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
}
