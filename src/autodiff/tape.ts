import { accumulateInto, cloneTensor, onesLike } from './grad-buffers.js';
import { sameShape, shapeString, type Tensor } from '../tensor/tensor.js';

/**
 * Local backward rule of one recorded op: given the gradient of the loss with respect
 * to the op's output, returns the gradient for each input (null where none flows).
 */
export type BackwardFn = (gradOutput: Tensor) => readonly (Tensor | null)[];

interface Entry {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly backward: BackwardFn;
}

// The tape is a flat list in recording order, which is already a topological order:
// backward() walks it once in reverse, with no recursion (deep graphs cannot overflow
// the JS stack) and no sort. Entries whose output received no gradient are skipped,
// which prunes everything not on a path to the loss.
const entries: Entry[] = [];
let gradEnabled = true;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` without recording: inference, metrics, optimizer updates. */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** Called by every op after computing `output`. Records only if a gradient can flow. */
export function record(op: string, inputs: readonly Tensor[], output: Tensor, backward: BackwardFn): void {
  if (!gradEnabled) return;
  let needed = false;
  for (const t of inputs) needed ||= t.requiresGrad;
  if (!needed) return;
  output.requiresGrad = true;
  entries.push({ op, inputs, output, backward });
}

/** Number of recorded entries (for tests and for scopes that discard a forward pass). */
export function tapeLength(): number {
  return entries.length;
}

/** Drops entries recorded after position `length` (a forward pass that will not be backpropagated). */
export function truncateTape(length = 0): void {
  entries.length = Math.min(entries.length, length);
}

/**
 * Backpropagates from `loss` (a scalar, or any tensor with an explicit `seed` gradient
 * of the same shape), accumulating into `.grad` of every tensor that requires it, then
 * clears the tape. Gradients are allocated in the current (scratch) arena.
 */
export function backward(loss: Tensor, seed?: Tensor): void {
  if (seed === undefined && loss.size !== 1) {
    throw new Error(`wtanet: backward() needs a scalar loss, got shape ${shapeString(loss.shape)}; pass a seed gradient`);
  }
  if (seed !== undefined && !sameShape(seed.shape, loss.shape)) {
    throw new Error(`wtanet: backward() seed shape ${shapeString(seed.shape)} differs from loss shape ${shapeString(loss.shape)}`);
  }
  if (!loss.requiresGrad) {
    truncateTape();
    return;
  }
  // A gradient tensor adopted by one input must not be shared with another, because
  // later accumulation writes into it in place.
  const adopted = new Set<Tensor>();
  loss.grad = seed ?? onesLike(loss);
  adopted.add(loss.grad);
  try {
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i];
      const g = e.output.grad;
      if (g === null) continue;
      const grads = e.backward(g);
      if (grads.length !== e.inputs.length) {
        throw new Error(`wtanet: backward of '${e.op}' returned ${grads.length} gradients for ${e.inputs.length} inputs`);
      }
      for (let j = 0; j < grads.length; j++) {
        const x = e.inputs[j];
        const gx = grads[j];
        if (gx === null || !x.requiresGrad) continue;
        if (!sameShape(gx.shape, x.shape)) {
          throw new Error(
            `wtanet: backward of '${e.op}' gave input ${j} a gradient of shape ${shapeString(gx.shape)}, ` +
              `but the input has shape ${shapeString(x.shape)}`,
          );
        }
        if (x.grad === null) {
          x.grad = adopted.has(gx) ? cloneTensor(gx) : gx;
          adopted.add(x.grad);
        } else {
          accumulateInto(x.grad, gx);
        }
      }
    }
  } finally {
    truncateTape();
  }
}
