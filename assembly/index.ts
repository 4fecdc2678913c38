// wtanet kernels. Contract for every export (see src/kernels/README.md):
//  - pointers are byte offsets into this module's memory, 16-byte aligned for tensors
//  - sizes are element counts (i32), scalars are f32
//  - no allocation, no imports: the host owns memory and grows it
export { heapBase } from "./memory";
export * from "./elementwise";
export * from "./gemm";
export * from "./reduce";
export * from "./copy2d";
export * from "./conv";
export * from "./activation";
export * from "./softmax";
export * from "./loss";
export * from "./wta";
export * from "./optim";
