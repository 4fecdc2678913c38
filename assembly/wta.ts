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
// Selection order: larger values first, and among equal values (−0 == +0) the LOWEST INDEX
// first; NaN ranks after every number (ties among NaNs by index). So a row keeps exactly
// k entries even with NaNs, and a NaN is kept (and seen downstream) only when the row has
// fewer than k numbers.
//
// Per row: the numbers are copied into the output row (used as scratch, so the output
// must not alias x), the k-th largest value t is found by quickselect (3-way partition,
// median-of-3 pivot: expected linear, and fast on the many ties a WTA layer produces),
// then one pass in index order keeps every value > t and the first (k − #{v > t}) values
// equal to t. Deterministic: no randomness, and the result depends only on the values.

// Per-row selection state, set by selectRow (module globals: kernels never allocate).
let selAll = false; // fewer than k numbers: all numbers win, plus the first selNaN NaNs
let selNaN: i32 = 0;
let selT: f32 = 0; // the k-th largest number
let selTies: i32 = 0; // how many entries equal to selT win (the lowest-indexed ones)

// @ts-ignore: decorator
@inline function swap(a: usize, i: i32, j: i32): void {
  const t = load<f32>(at(a, i));
  store<f32>(at(a, i), load<f32>(at(a, j)));
  store<f32>(at(a, j), t);
}

// The k-th largest (1-based) of a[0 .. m), NaN-free, 1 ≤ k ≤ m. Permutes a.
function kthLargest(a: usize, m: i32, k: i32): f32 {
  const target = k - 1; // position in descending order
  let lo = 0;
  let hi = m;
  while (hi - lo > 1) {
    const x0 = load<f32>(at(a, lo));
    const x1 = load<f32>(at(a, lo + ((hi - lo) >> 1)));
    const x2 = load<f32>(at(a, hi - 1));
    const pivot = max<f32>(min<f32>(x0, x1), min<f32>(max<f32>(x0, x1), x2));
    // Descending 3-way partition: [lo, lt) > pivot, [lt, gt) == pivot, [gt, hi) < pivot.
    let lt = lo;
    let i = lo;
    let gt = hi;
    while (i < gt) {
      const v = load<f32>(at(a, i));
      if (v > pivot) { swap(a, lt, i); lt++; i++; }
      else if (v < pivot) { gt--; swap(a, i, gt); }
      else i++;
    }
    if (target < lt) hi = lt;
    else if (target >= gt) lo = gt;
    else return pivot;
  }
  return load<f32>(at(a, lo));
}

// @ts-ignore: decorator
@inline function selectRow(x: usize, work: usize, cols: i32, k: i32): void {
  let m = 0;
  for (let j = 0; j < cols; j++) {
    const v = load<f32>(at(x, j));
    if (v == v) { store<f32>(at(work, m), v); m++; }
  }
  if (m <= k) {
    selAll = true;
    selNaN = k - m;
    return;
  }
  selAll = false;
  const t = kthLargest(work, m, k);
  let above = 0;
  for (let j = 0; j < m; j++) if (load<f32>(at(work, j)) > t) above++;
  selT = t;
  selTies = k - above;
}

// out[j] = src[j] where x[j] is among the winners selectRow just chose for row x, else 0.
// One pass in index order, so ties and NaNs are taken lowest index first.
// @ts-ignore: decorator
@inline function keepWinners(x: usize, src: usize, out: usize, cols: i32): void {
  let ties = selTies;
  let nans = selNaN;
  for (let j = 0; j < cols; j++) {
    const v = load<f32>(at(x, j));
    let win = false;
    if (selAll) {
      if (v == v) win = true;
      else if (nans > 0) { win = true; nans--; }
    } else if (v > selT) win = true;
    else if (v == selT && ties > 0) { win = true; ties--; }
    store<f32>(at(out, j), win ? load<f32>(at(src, j)) : <f32>0);
  }
}

// y = x at the k largest entries of each row (ties → lowest index), 0 elsewhere.
// y must not alias x (it is the selection's scratch).
export function kWta(x: usize, y: usize, rows: i32, cols: i32, k: i32): void {
  for (let i = 0; i < rows; i++) {
    const xr = at(x, i * cols);
    const yr = at(y, i * cols);
    selectRow(xr, yr, cols, k);
    keepWinners(xr, xr, yr, cols);
  }
}

// gx = g at the winners of kWta(x) (the same selection, recomputed from x), 0 elsewhere.
// gx must not alias x or g (it is the selection's scratch).
export function kWtaBackward(x: usize, g: usize, gx: usize, rows: i32, cols: i32, k: i32): void {
  for (let i = 0; i < rows; i++) {
    const xr = at(x, i * cols);
    const gxr = at(gx, i * cols);
    selectRow(xr, gxr, cols, k);
    keepWinners(xr, at(g, i * cols), gxr, cols);
  }
}
