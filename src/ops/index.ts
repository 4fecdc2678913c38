// Every differentiable op. One file per op family, forward and backward side by side.
export { matmul, type MatmulOptions } from './matmul.js';
export { add } from './add.js';
export { sum } from './reduce.js';
export { reshape, flatten, concat, slice } from './shape.js';
export { conv2d, convOutputSize, type Conv2dOptions } from './conv.js';
