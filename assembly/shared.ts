// Shared-memory build of the kernels, for intra-run threads (src/kernels/threads/): the same
// exports as index.ts, compiled with --enable simd,threads --importMemory --sharedMemory
// (asconfig.json, target "shared"). Every thread instantiates this module on ONE memory; the
// only static scratch the kernels use is sgemm's packing buffers, so each worker instance
// points its own at a host-reserved region (the main thread's instance keeps the static ones).
export * from "./index";

/** Bytes of one instance's sgemm packing buffers. */
export function gemmScratchBytes(): usize {
  return gemmBufferBytes();
}

/** This instance's sgemm packs into [base, base + gemmScratchBytes()); base 64-byte aligned. */
export function useGemmScratch(base: usize): void {
  setGemmBuffers(base);
}
