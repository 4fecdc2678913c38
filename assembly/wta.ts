// Winner-take-all kernels. Layout: a bottleneck activation is n × (G·K) row-major; group g
// of row i is the K contiguous units at i·G·K + g·K, so every per-group kernel sees
// `groups` = n·G consecutive blocks of K values. Twins: src/kernels/reference/wta.ts.
//
// TIE RULE: the argmax is found with a strict `>` scanning from the lowest index, so among
// equal maxima the LOWEST index wins (as in XNNPACK's argmax). NaN ranks below every
// number (as in k-WTA below): a NaN unit wins only when its whole group is NaN (then
// unit 0). Kernels never crash or read out of bounds on NaN.
// Scalar code: the per-group softmax's exp dominates (WASM-NOTES), a SIMD argmax gains nothing.
import { at } from "./helpers";
import { softmaxRow, softmaxRowBackward } from "./softmax-row";

// @ts-ignore: decorator
@inline function argmaxOf(x: usize, k: i32): i32 {
  let best = load<f32>(x);
  let win = 0;
  for (let j = 1; j < k; j++) {
    const v = load<f32>(at(x, j));
    // `best != best`: a NaN best is replaced by the first number after it.
    if (v > best || (best != best && v == v)) { best = v; win = j; }
  }
  return win;
}

// winners[q] = index in [0, k) of the maximum of group q (ties → lowest index).
export function groupArgmax(x: usize, winners: usize, groups: i32, k: i32): void {
  for (let q = 0; q < groups; q++) store<i32>(at(winners, q), argmaxOf(at(x, q * k), k));
}

// y = one-hot of each group's argmax: exactly one 1.0 per group, 0.0 elsewhere.
export function wtaHard(x: usize, y: usize, groups: i32, k: i32): void {
  for (let q = 0; q < groups; q++) {
    const xg = at(x, q * k);
    const yg = at(y, q * k);
    const win = argmaxOf(xg, k);
    for (let j = 0; j < k; j++) store<f32>(at(yg, j), j == win ? <f32>1 : <f32>0);
  }
}

// Straight-through backward of wtaHard: the one-hot's derivative is zero almost
// everywhere, so the gradient is taken through the group's softmax at temperature τ:
// gx = J_softmax(x/τ)ᵀ g = (1/τ) · p ⊙ (g − ⟨g, p⟩), p = softmax(x/τ). p is built in gx
// itself (no scratch memory), then overwritten by the product.
export function wtaHardBackward(x: usize, g: usize, gx: usize, groups: i32, k: i32, temperature: f32): void {
  const invT: f32 = 1 / temperature;
  for (let q = 0; q < groups; q++) {
    const o = q * k;
    softmaxRow(at(x, o), at(gx, o), k, invT);
    softmaxRowBackward(at(gx, o), at(g, o), at(gx, o), k, invT);
  }
}

// Softmax of each group at temperature τ (the soft WTA). Its backward is the softmax
// backward with rows = groups (softmaxBackward in softmax.ts).
export function groupSoftmax(x: usize, y: usize, groups: i32, k: i32, temperature: f32): void {
  const invT: f32 = 1 / temperature;
  for (let q = 0; q < groups; q++) softmaxRow(at(x, q * k), at(y, q * k), k, invT);
}

// ---- k-WTA: the top k of each row of a rows × cols matrix ----
// Selection order (a total order): (v, i) comes before (w, j) when v > w, or v == w and
// i < j, so the top k are the first k in this order and TIES GO TO THE LOWEST INDEX.
// NaN ranks after every number (ties among NaNs by index): a row keeps exactly k
// entries even with NaNs, and a NaN is only kept, and seen downstream, when fewer
// than k numbers are present.
// @ts-ignore: decorator
@inline function before(v: f32, i: i32, w: f32, j: i32): bool {
  if (v != v) return w != w && i < j;
  if (w != w) return true;
  return v > w || (v == w && i < j);
}

// The threshold of the current row, set by findThreshold: (thrV, thrI) and whether it is
// itself a winner (the k-th element) or the first loser.
let thrV: f32 = 0;
let thrI: i32 = 0;
let thrInclusive = true;

// min(k, cols − k) linear passes and no scratch memory. Small k: walk down from the top,
// each pass picking the first element after the previous pick; the k-th pick is the
// worst winner. Large k: walk up from the bottom over the cols − k losers; the last
// pick is the best loser. Requires 1 ≤ k < cols.
// @ts-ignore: decorator
@inline function findThreshold(x: usize, cols: i32, k: i32): void {
  const fromTop = k <= cols - k;
  const passes = fromTop ? k : cols - k;
  let lv: f32 = 0;
  let li: i32 = -1;
  for (let t = 0; t < passes; t++) {
    let bv: f32 = 0;
    let bi: i32 = -1;
    for (let j = 0; j < cols; j++) {
      const v = load<f32>(at(x, j));
      if (fromTop) {
        if (li >= 0 && !before(lv, li, v, j)) continue; // already picked
        if (bi < 0 || before(v, j, bv, bi)) { bv = v; bi = j; }
      } else {
        if (li >= 0 && !before(v, j, lv, li)) continue; // already picked
        if (bi < 0 || before(bv, bi, v, j)) { bv = v; bi = j; }
      }
    }
    lv = bv;
    li = bi;
  }
  thrV = lv;
  thrI = li;
  thrInclusive = fromTop;
}

// @ts-ignore: decorator
@inline function isWinner(v: f32, j: i32): bool {
  return thrInclusive ? !before(thrV, thrI, v, j) : before(v, j, thrV, thrI);
}

// y = x at the k largest entries of each row (ties → lowest index), 0 elsewhere.
export function kWta(x: usize, y: usize, rows: i32, cols: i32, k: i32): void {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    const xr = at(x, o);
    const yr = at(y, o);
    if (k >= cols) {
      for (let j = 0; j < cols; j++) store<f32>(at(yr, j), load<f32>(at(xr, j)));
      continue;
    }
    if (k <= 0) {
      for (let j = 0; j < cols; j++) store<f32>(at(yr, j), 0);
      continue;
    }
    findThreshold(xr, cols, k);
    for (let j = 0; j < cols; j++) {
      const v = load<f32>(at(xr, j));
      store<f32>(at(yr, j), isWinner(v, j) ? v : <f32>0);
    }
  }
}

// gx = g at the winners of kWta(x) (recomputed from x: the same selection), 0 elsewhere.
export function kWtaBackward(x: usize, g: usize, gx: usize, rows: i32, cols: i32, k: i32): void {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    const xr = at(x, o);
    const gr = at(g, o);
    const gxr = at(gx, o);
    if (k >= cols || k <= 0) {
      for (let j = 0; j < cols; j++) store<f32>(at(gxr, j), k > 0 ? load<f32>(at(gr, j)) : <f32>0);
      continue;
    }
    findThreshold(xr, cols, k);
    for (let j = 0; j < cols; j++) {
      store<f32>(at(gxr, j), isWinner(load<f32>(at(xr, j)), j) ? load<f32>(at(gr, j)) : <f32>0);
    }
  }
}
