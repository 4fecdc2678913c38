/** Row softmax over a rows × cols matrix (assembly/softmax.ts). */
export interface SoftmaxKernels {
  /** y = softmax(x / temperature) per row (max-subtracted). y may alias x. */
  softmax(x: number, y: number, rows: number, cols: number, temperature: number): void;
  /** gx = (1/τ)·y ⊙ (g − ⟨g, y⟩) per row, from the forward output y. */
  softmaxBackward(y: number, g: number, gx: number, rows: number, cols: number, temperature: number): void;
  /** y = (x − max) − log Σ exp(x − max) per row. */
  logSoftmax(x: number, y: number, rows: number, cols: number): void;
  /** gx = g − exp(y)·Σ g per row, from the forward output y. */
  logSoftmaxBackward(y: number, g: number, gx: number, rows: number, cols: number): void;
}
