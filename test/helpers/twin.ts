import assert from 'node:assert/strict';
import fc from 'fast-check';
import { scratch } from '../../src/tensor/context.js';
import { empty, fromArray, fromInts, type Tensor } from '../../src/tensor/tensor.js';

/** Sizes around the SIMD width (4) and a few larger ones, for kernel-vs-twin tests. */
export const edgeSize = fc.oneof(fc.constantFrom(1, 3, 4, 5, 7, 8, 9), fc.integer({ min: 1, max: 40 }));

/** n f32 values in [-lim, lim] (no NaN), including exact zeros and repeated values. */
export function f32s(n: number, lim = 8): fc.Arbitrary<Float32Array> {
  return fc.float32Array({ minLength: n, maxLength: n, min: -lim, max: lim, noNaN: true });
}

/** Runs fn with tensors in the scratch arena, releasing them afterwards. */
export function inScratch<T>(fn: () => T): T {
  const mark = scratch().mark();
  try {
    return fn();
  } finally {
    scratch().release(mark);
  }
}

export const wasmF32 = (values: ArrayLike<number>): Tensor => fromArray(values, [Math.max(1, values.length)]);
export const wasmI32 = (values: ArrayLike<number>): Tensor => fromInts(values, [Math.max(1, values.length)]);
export const wasmEmpty = (n: number): Tensor => empty([Math.max(1, n)]);

/** Bit-level equality of f32 arrays (NaN equals NaN; −0 differs from +0). */
export function assertSameBits(got: Float32Array, want: Float32Array, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) assert.fail(`${what}[${i}]: kernel ${got[i]}, twin ${want[i]}`);
  }
}

/** |got − want| ≤ rel·|want| + abs elementwise; NaN must match NaN. */
export function assertClose(got: Float32Array, want: Float32Array, rel: number, abs: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i]) && Number.isNaN(got[i])) continue;
    const tol = rel * Math.abs(want[i]) + abs;
    if (!(Math.abs(got[i] - want[i]) <= tol)) {
      assert.fail(`${what}[${i}]: kernel ${got[i]}, twin ${want[i]} (tolerance ${tol})`);
    }
  }
}
