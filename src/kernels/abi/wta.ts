/**
 * Winner-take-all kernels (assembly/wta.ts). Per-group kernels see `groups` consecutive
 * blocks of k units (an n × (G·K) activation is groups = n·G, k = K). Ties → lowest index.
 */
export interface WtaKernels {
  /** winners[q] (int32) = argmax of group q. */
  groupArgmax(x: number, winners: number, groups: number, k: number): void;
  /** y = one-hot of each group's argmax. */
  wtaHard(x: number, y: number, groups: number, k: number): void;
  /** Straight-through gradient: gx = J_softmax(x/τ)ᵀ·g per group. */
  wtaHardBackward(x: number, g: number, gx: number, groups: number, k: number, temperature: number): void;
  /** y = softmax(x/τ) per group (backward: softmaxBackward with rows = groups). */
  groupSoftmax(x: number, y: number, groups: number, k: number, temperature: number): void;
  /**
   * y = x at the top k of each row (ties → lowest index, NaN ranks last), 0 elsewhere.
   * 1 ≤ k; y must not alias x (it is the selection's scratch).
   */
  kWta(x: number, y: number, rows: number, cols: number, k: number): void;
  /** gx = g at kWta's winners, 0 elsewhere; gx must not alias x or g. */
  kWtaBackward(x: number, g: number, gx: number, rows: number, cols: number, k: number): void;
}
