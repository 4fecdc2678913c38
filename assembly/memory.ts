// The host's allocator starts at the first byte after this module's static data
// (e.g. the gemm packing buffer), so it must ask where that is.
export function heapBase(): usize {
  return __heap_base;
}
