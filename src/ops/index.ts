// Every differentiable op. One file per op family, forward and backward side by side.
export { matmul, type MatmulOptions } from './matmul.js';
export { add } from './add.js';
export { linear, type LinearOptions } from './linear.js';
export { sum } from './reduce.js';
export { reshape, flatten, concat, slice } from './shape.js';
export { conv2d, conv2dNhwc, convOutputSize, type Conv2dOptions, type Conv2dNhwcOptions } from './conv.js';
export { nchwToNhwc, nhwcToNchw } from './layout.js';
export { sub, mul, scale } from './elementwise.js';
export { relu, sigmoid, tanh } from './activation.js';
export { softmax, logSoftmax, type SoftmaxOptions } from './softmax.js';
export { softmaxCrossEntropy, bceWithLogits, mse } from './loss.js';
export { mean } from './reduce.js';
export { wtaHard, wtaSoft, kWta, groupWinners } from './wta.js';
