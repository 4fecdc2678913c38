// A small fixed forward + backward through the public API, shared by the Node,
// worker_thread and browser determinism tests. Browser-safe: it imports nothing at
// run time and receives the library as an argument (the page passes the module it
// loaded from dist/src/index.js).
import type * as Wtanet from '../../src/index.js';

export type Lib = typeof Wtanet;

/** Deterministic values in [-scale/2, scale/2): an LCG, so every realm gets the same numbers. */
function values(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = scale * (s / 2 ** 32 - 0.5);
  }
  return out;
}

export interface WorkloadParams {
  conv: Wtanet.Tensor; convBias: Wtanet.Tensor;
  w1: Wtanet.Tensor; b1: Wtanet.Tensor; w2: Wtanet.Tensor; b2: Wtanet.Tensor;
}

export const BATCH = 6;
const IMAGE = [2, 6, 6]; // C, H, W
const CLASSES = 5;

/** Parameters of the workload model, with requiresGrad set, in the current arena. */
export function makeParams(lib: Lib): WorkloadParams {
  const p = (shape: number[], seed: number, scale: number) => {
    const t = lib.fromArray(values(shape.reduce((a, b) => a * b, 1), seed, scale), shape);
    t.requiresGrad = true;
    return t;
  };
  // conv 2→4 channels, 3×3, stride 2, pad 1: 6×6 → 3×3, so 36 features after flatten.
  return {
    conv: p([4, 2, 3, 3], 11, 0.8), convBias: p([4], 12, 0.2),
    w1: p([36, 16], 13, 0.5), b1: p([16], 14, 0.2),
    w2: p([16, CLASSES], 15, 0.5), b2: p([CLASSES], 16, 0.2),
  };
}

/** Input batch and labels for step `step` (fresh tensors in the current arena). */
export function makeBatch(lib: Lib, step: number): { x: Wtanet.Tensor; labels: Wtanet.Tensor } {
  const x = lib.fromArray(values(BATCH * IMAGE[0] * IMAGE[1] * IMAGE[2], 100 + step, 2), [BATCH, ...IMAGE]);
  const labels = lib.fromInts(Array.from({ length: BATCH }, (_, i) => (i * 3 + step) % CLASSES));
  return { x, labels };
}

/** conv → relu → flatten → linear → relu → (concat of two slices) → linear → softmax cross-entropy. */
export function loss(lib: Lib, p: WorkloadParams, x: Wtanet.Tensor, labels: Wtanet.Tensor): Wtanet.Tensor {
  const h0 = lib.flatten(lib.relu(lib.conv2d(x, p.conv, p.convBias, { stride: 2, padding: 1 })));
  const h1 = lib.relu(lib.add(lib.matmul(h0, p.w1), p.b1));
  const mixed = lib.concat([lib.slice(h1, 8), lib.slice(h1, 0, 8)]);
  const logits = lib.add(lib.matmul(mixed, p.w2), p.b2);
  return lib.softmaxCrossEntropy(logits, labels);
}

/** One forward + backward from fresh parameters; returns the loss and every gradient's bytes, concatenated. */
export function gradientBytes(lib: Lib): Uint8Array {
  const arena = new lib.Arena('workload');
  const mark = lib.scratch().mark();
  try {
    const p = lib.withArena(arena, () => makeParams(lib));
    const { x, labels } = makeBatch(lib, 0);
    const l = loss(lib, p, x, labels);
    lib.backward(l);
    const parts = [l.toArray(), ...Object.values(p).map((t) => t.grad!.toArray())];
    const total = parts.reduce((s, a) => s + a.byteLength, 0);
    const out = new Uint8Array(total);
    let off = 0;
    for (const a of parts) {
      out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), off);
      off += a.byteLength;
    }
    return out;
  } finally {
    lib.scratch().release(mark);
    arena.dispose();
  }
}
