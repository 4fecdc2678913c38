/** Pointwise activations (assembly/activation.ts). Backward rules take the upstream gradient g. */
export interface ActivationKernels {
  /** y = max(x, 0); NaN propagates. */
  relu(x: number, y: number, n: number): void;
  /** gx = g where x > 0, else 0. */
  reluBackward(x: number, g: number, gx: number, n: number): void;
  /**
   * reluBackward(y, g, gx, rows·cols) with y the ReLU's output, and gb[j] = Σ_i gx[i, j] as
   * colSum sums it (from 0, increasing i): a bias + ReLU layer's backward in one pass,
   * bit-identical to the two kernels.
   */
  reluBackwardColSum(y: number, g: number, gx: number, gb: number, rows: number, cols: number): void;
  /** y = 1 / (1 + e^−x), overflow-free form. */
  sigmoid(x: number, y: number, n: number): void;
  /** gx = g·y(1 − y) from the forward output y. */
  sigmoidBackward(y: number, g: number, gx: number, n: number): void;
  tanh(x: number, y: number, n: number): void;
  /** gx = g·(1 − y²) from the forward output y. */
  tanhBackward(y: number, g: number, gx: number, n: number): void;
}
