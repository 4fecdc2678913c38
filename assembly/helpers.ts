// Inline helpers shared by kernels. Not re-exported from index.ts, so nothing here
// becomes a wasm export.

/** Byte address of element i of an f32/i32 array at byte offset p. */
// @ts-ignore: decorator
@inline export function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** Logistic function in the form that never overflows: exp is only taken of −|v|. */
// @ts-ignore: decorator
@inline export function sigmoidScalar(v: f32): f32 {
  if (v >= 0) return 1 / (1 + Mathf.exp(-v));
  const e = Mathf.exp(v);
  return e / (1 + e);
}
