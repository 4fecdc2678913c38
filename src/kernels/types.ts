import type { CoreKernels } from './abi/core.js';
import type { Copy2dKernels } from './abi/copy2d.js';
import type { ConvKernels } from './abi/conv.js';
import type { ElementwiseKernels } from './abi/elementwise.js';
import type { GemmKernels } from './abi/gemm.js';
import type { OptimKernels } from './abi/optim.js';
import type { ReduceKernels } from './abi/reduce.js';
import type { ActivationKernels } from './abi/activation.js';
import type { SoftmaxKernels } from './abi/softmax.js';
import type { LossKernels } from './abi/loss.js';
import type { WtaKernels } from './abi/wta.js';

/** Everything the wasm module exports. One interface per kernel family in ./abi/. */
export type Kernels = CoreKernels & ElementwiseKernels & GemmKernels & ReduceKernels & Copy2dKernels & ConvKernels
  & ActivationKernels & SoftmaxKernels & LossKernels & WtaKernels
  & OptimKernels;
