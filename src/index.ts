// Public API of wtanet. Internal helpers are not exported from here.
export { kernels, ready } from './kernels/load.js';
export { Arena } from './tensor/arena.js';
export { scratch, withArena, currentArena } from './tensor/context.js';
export { Tensor, empty, full, zeros, fromArray, fromInts, type Shape, type DType } from './tensor/tensor.js';
export { backward, noGrad, record, type BackwardFn } from './autodiff/tape.js';
export * from './ops/index.js';
export * from './metrics/index.js';
