import assert from 'node:assert/strict';
import { backward } from '../../src/autodiff/tape.js';
import { scratch } from '../../src/tensor/context.js';
import { fromArray, type Tensor } from '../../src/tensor/tensor.js';

/** A small deterministic generator for projection vectors (tests only). */
export function lcg(seed: number): () => number {
  let s = (seed >>> 0) || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

/** n deterministic values in [-scale/2, scale/2) from lcg(seed): test inputs. */
export function randoms(n: number, seed: number, scale = 2): number[] {
  const r = lcg(seed);
  return Array.from({ length: n }, () => scale * r());
}

export interface GradCase {
  /** Input values (any numbers; rounded to f32 before use) and their shapes. */
  inputs: number[][];
  shapes: number[][];
  /** The op under test, on wasm tensors. */
  forward: (xs: Tensor[]) => Tensor;
  /** The same function in float64 JavaScript: the reference for values and derivatives. */
  reference: (xs: Float64Array[]) => Float64Array;
  /** Inputs to differentiate (default: all). */
  differentiable?: boolean[];
  seed?: number;
  /** Relative tolerance of the forward values (default 1e-4). */
  forwardTol?: number;
  /** Tolerance of the directional derivative, relative to ‖g‖·‖v‖ (default 2e-3). */
  gradTol?: number;
  /** Finite-difference step (default 1e-5). */
  h?: number;
}

/**
 * Checks an op's forward against its float64 reference, and its gradient by random
 * projection (HIPS/autograd style): for a random seed u and direction v,
 * ⟨∇_x ⟨u, f(x)⟩, v⟩ from the tape must match the central difference of ⟨u, f(x)⟩ along v
 * in float64. One scalar comparison covers every element of every input.
 */
export function checkGradient(c: GradCase): void {
  const rand = lcg(c.seed ?? 1);
  const mark = scratch().mark();
  try {
    const x32 = c.inputs.map((v) => Float64Array.from(Float32Array.from(v)));
    const diff = c.differentiable ?? c.inputs.map(() => true);
    const ts = x32.map((v, i) => {
      const t = fromArray(v, c.shapes[i]);
      t.requiresGrad = diff[i];
      return t;
    });
    const out = c.forward(ts);
    const ref = c.reference(x32);
    assert.equal(out.size, ref.length, 'forward output size differs from the reference');
    const got = out.toArray();
    const fTol = c.forwardTol ?? 1e-4;
    for (let i = 0; i < ref.length; i++) {
      const tol = fTol * (1 + Math.abs(ref[i]));
      assert.ok(Math.abs(got[i] - ref[i]) <= tol, `forward[${i}] = ${got[i]}, reference ${ref[i]}`);
    }
    const u = Float64Array.from(ref, () => rand());
    backward(out, fromArray(u, out.shape));
    const vs = x32.map((v) => Float64Array.from(v, () => rand()));
    let analytic = 0;
    let gNorm = 0;
    let vNorm = 0;
    for (let i = 0; i < ts.length; i++) {
      if (!diff[i]) continue;
      const g = ts[i].grad === null ? new Float32Array(ts[i].size) : ts[i].grad!.toArray();
      for (let j = 0; j < g.length; j++) {
        analytic += g[j] * vs[i][j];
        gNorm += g[j] * g[j];
        vNorm += vs[i][j] * vs[i][j];
      }
    }
    const h = c.h ?? 1e-5;
    const loss = (sign: number): number => {
      const xs = x32.map((v, i) => (diff[i] ? v.map((e, j) => e + sign * h * vs[i][j]) : v));
      const y = c.reference(xs);
      let s = 0;
      for (let i = 0; i < y.length; i++) s += u[i] * y[i];
      return s;
    };
    const numeric = (loss(1) - loss(-1)) / (2 * h);
    const scale = Math.sqrt(gNorm * vNorm) + 1e-6;
    const tol = (c.gradTol ?? 2e-3) * scale;
    assert.ok(
      Math.abs(analytic - numeric) <= tol,
      `directional derivative: tape ${analytic}, finite difference ${numeric} (tolerance ${tol})`,
    );
  } finally {
    scratch().release(mark);
  }
}
