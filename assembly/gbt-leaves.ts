// Leaf values and predictions in the gbt's wasm module (gbt.ts).

// @ts-ignore: decorator
@inline function newtonValue(num: f64, den: f64, K: i32): f64 {
  const nu = K > 1 ? (num * <f64>(K - 1)) / <f64>K : num;
  return abs<f64>(den) < 1e-150 ? 0 : nu / den;
}

// The sample's bin in the split's feature: code[col + i], u8 or (wide) i32.
// @ts-ignore: decorator
@inline function binAt(code: usize, wide: i32, col: i32, i: i32): i32 {
  return wide ? load<i32>(code + (<usize>(col + i) << 2)) : <i32>load<u8>(code + <usize>(col + i));
}

// The loops below take two samples a turn, each summed as alone and in sample order: V8 checks
// for interrupts at every turn of a wasm loop, a sizeable part of a loop this short.

/**
 * The two leaves of a split at the maximum depth from one pass over the parent's samples
 * order[start, end) (code[col + i] ≤ bin: left; code u8, or i32 when wide), as leafPair: each
 * sample's g and p(1 − p) go to its side's sums, an exact 0 to the other's. out[0], out[1]:
 * the left and right values; raw[i·K + k] += lr × its side's.
 */
export function gbtLeafPair(order: usize, gs: usize, Y: usize, raw: usize, start: i32, end: i32, K: i32, k: i32, lr: f64, code: usize, wide: i32, col: i32, bin: i32, out: usize): void {
  let numL: f64 = 0;
  let denL: f64 = 0;
  let numR: f64 = 0;
  let denR: f64 = 0;
  let s = start;
  for (; s + 1 < end; s += 2) {
    const i = load<i32>(order + (<usize>s << 2));
    const j = load<i32>(order + (<usize>s << 2), 4);
    const g = load<f64>(gs + (<usize>s << 3));
    const h = load<f64>(gs + (<usize>s << 3), 8);
    const li = <f64>(((bin - binAt(code, wide, col, i)) >>> 31) ^ 1);
    const lj = <f64>(((bin - binAt(code, wide, col, j)) >>> 31) ^ 1);
    const indI = load<f64>(Y + (<usize>(i * K + k) << 3));
    const indJ = load<f64>(Y + (<usize>(j * K + k) << 3));
    const termI = (indI - g) * (1 - indI + g);
    const termJ = (indJ - h) * (1 - indJ + h);
    const gl = g * li;
    const tl = termI * li;
    numL += gl;
    denL += tl;
    numR += g - gl;
    denR += termI - tl;
    const hl = h * lj;
    const ul = termJ * lj;
    numL += hl;
    denL += ul;
    numR += h - hl;
    denR += termJ - ul;
  }
  if (s < end) {
    const i = load<i32>(order + (<usize>s << 2));
    const g = load<f64>(gs + (<usize>s << 3));
    const left = <f64>(((bin - binAt(code, wide, col, i)) >>> 31) ^ 1);
    const ind = load<f64>(Y + (<usize>(i * K + k) << 3));
    const term = (ind - g) * (1 - ind + g);
    const gl = g * left;
    const tl = term * left;
    numL += gl;
    denL += tl;
    numR += g - gl;
    denR += term - tl;
  }
  const vL = newtonValue(numL, denL, K);
  const vR = newtonValue(numR, denR, K);
  s = start;
  for (; s + 1 < end; s += 2) {
    const i = load<i32>(order + (<usize>s << 2));
    const j = load<i32>(order + (<usize>s << 2), 4);
    const oi = raw + (<usize>(i * K + k) << 3);
    const oj = raw + (<usize>(j * K + k) << 3);
    store<f64>(oi, load<f64>(oi) + lr * select<f64>(vL, vR, binAt(code, wide, col, i) <= bin));
    store<f64>(oj, load<f64>(oj) + lr * select<f64>(vL, vR, binAt(code, wide, col, j) <= bin));
  }
  if (s < end) {
    const i = load<i32>(order + (<usize>s << 2));
    const o = raw + (<usize>(i * K + k) << 3);
    store<f64>(o, load<f64>(o) + lr * select<f64>(vL, vR, binAt(code, wide, col, i) <= bin));
  }
  store<f64>(out, vL);
  store<f64>(out, vR, 8);
}


/**
 * A leaf's Newton value over its samples order[start, end) (gradients gs, one-hot labels Y) and
 * raw[i·K + k] += lr × it for each of them; returns the value. As newtonLeaves, one leaf.
 */
export function gbtLeaf(order: usize, gs: usize, Y: usize, raw: usize, start: i32, end: i32, K: i32, k: i32, lr: f64): f64 {
  let num: f64 = 0;
  let den: f64 = 0;
  let r = start;
  for (; r + 1 < end; r += 2) {
    const g = load<f64>(gs + (<usize>r << 3));
    const h = load<f64>(gs + (<usize>r << 3), 8);
    const indG = load<f64>(Y + (<usize>(load<i32>(order + (<usize>r << 2)) * K + k) << 3));
    const indH = load<f64>(Y + (<usize>(load<i32>(order + (<usize>r << 2), 4) * K + k) << 3));
    num += g;
    den += (indG - g) * (1 - indG + g);
    num += h;
    den += (indH - h) * (1 - indH + h);
  }
  if (r < end) {
    const g = load<f64>(gs + (<usize>r << 3));
    const ind = load<f64>(Y + (<usize>(load<i32>(order + (<usize>r << 2)) * K + k) << 3));
    num += g;
    den += (ind - g) * (1 - ind + g);
  }
  const nu = K > 1 ? (num * <f64>(K - 1)) / <f64>K : num;
  const v = abs<f64>(den) < 1e-150 ? 0 : nu / den;
  const add = lr * v;
  r = start;
  for (; r + 1 < end; r += 2) {
    const oa = raw + (<usize>(load<i32>(order + (<usize>r << 2)) * K + k) << 3);
    const ob = raw + (<usize>(load<i32>(order + (<usize>r << 2), 4) * K + k) << 3);
    store<f64>(oa, load<f64>(oa) + add);
    store<f64>(ob, load<f64>(ob) + add);
  }
  if (r < end) {
    const o = raw + (<usize>(load<i32>(order + (<usize>r << 2)) * K + k) << 3);
    store<f64>(o, load<f64>(o) + add);
  }
  return v;
}


/**
 * Predictions: raw[i·K + k] += lr × the leaf value of row i in each tree, tree by tree (tree t
 * adds to class t mod K), as predictGbt's addTree. xs: the rows column-major (f32, or u8 when
 * narrow). A tree's
 * nodes are 32-byte records from nodes + treeStart[t]·32: the byte offset of the node's column
 * in xs (i32), its left child (a leaf: itself), right − left (a leaf: 0), padding, the threshold
 * (f64, at 16) and the leaf value (f64, at 24); most[t] steps take every row to its leaf (a leaf
 * steps to itself). The side is a select, not a branch: left when x ≤ threshold, NaN right.
 */
export function gbtPredict(xs: usize, rows: i32, raw: usize, K: i32, lr: f64, nodes: usize, treeStart: usize, most: usize, trees: i32, narrow: bool): void {
  const row = <usize>K << 3;
  for (let t = 0; t < trees; t++) {
    const base = nodes + (<usize>load<i32>(treeStart + (<usize>t << 2)) << 5);
    const steps = load<i32>(most + (<usize>t << 2));
    const out = raw + (<usize>(t % K) << 3);
    if (steps <= 3 && narrow) {
      // The rows as bytes (every value a whole number in [0, 255]): sixteen rows at a time (predictNarrow16), the rest one by one.
      const i0 = predictNarrow16(xs, rows, out, row, lr, base);
      for (let i = i0; i < rows; i++) {
        const x = xs + <usize>i;
        let rec = base + (<usize>(load<i32>(base, 4) + select<i32>(0, load<i32>(base, 8), <f64>load<u8>(x + <usize>load<i32>(base)) <= load<f64>(base, 16))) << 5);
        rec = base + (<usize>(load<i32>(rec, 4) + select<i32>(0, load<i32>(rec, 8), <f64>load<u8>(x + <usize>load<i32>(rec)) <= load<f64>(rec, 16))) << 5);
        rec = base + (<usize>(load<i32>(rec, 4) + select<i32>(0, load<i32>(rec, 8), <f64>load<u8>(x + <usize>load<i32>(rec)) <= load<f64>(rec, 16))) << 5);
        const o = out + <usize>i * row;
        store<f64>(o, load<f64>(o) + lr * load<f64>(rec, 24));
      }
      continue;
    }
    if (steps == 3) {
      // The default depth written out: no inner loop to count.
      for (let i = 0; i < rows; i++) {
        const x = xs + (<usize>i << 2);
        let rec = base + (<usize>(load<i32>(base, 4) + select<i32>(0, load<i32>(base, 8), <f64>load<f32>(x + <usize>load<i32>(base)) <= load<f64>(base, 16))) << 5);
        rec = base + (<usize>(load<i32>(rec, 4) + select<i32>(0, load<i32>(rec, 8), <f64>load<f32>(x + <usize>load<i32>(rec)) <= load<f64>(rec, 16))) << 5);
        rec = base + (<usize>(load<i32>(rec, 4) + select<i32>(0, load<i32>(rec, 8), <f64>load<f32>(x + <usize>load<i32>(rec)) <= load<f64>(rec, 16))) << 5);
        const o = out + <usize>i * row;
        store<f64>(o, load<f64>(o) + lr * load<f64>(rec, 24));
      }
      continue;
    }
    for (let i = 0; i < rows; i++) {
      const x = xs + (<usize>i << (narrow ? 0 : 2));
      let rec = base;
      for (let d = 0; d < steps; d++) {
        const v = narrow ? <f64>load<u8>(x + <usize>load<i32>(rec)) : <f64>load<f32>(x + <usize>load<i32>(rec));
        const next = load<i32>(rec, 4) + select<i32>(0, load<i32>(rec, 8), v <= load<f64>(rec, 16));
        rec = base + (<usize>next << 5);
      }
      const o = out + <usize>i * row;
      store<f64>(o, load<f64>(o) + lr * load<f64>(rec, 24));
    }
  }
}

// The child of node id a of the tree whose records start at base (a leaf is its own child).
// @ts-ignore: decorator
@inline function child(base: usize, a: i32, right: bool): i32 {
  const rec = base + (<usize>a << 5);
  return load<i32>(rec, 4) + (right ? load<i32>(rec, 8) : 0);
}

// The node's threshold t as a byte bound T: for a whole number x, x ≤ t is x ≤ floor(t).
// −1 when t is outside [0, 255) (or NaN), which predictNarrow16 leaves to the walk.
// @ts-ignore: decorator
@inline function byteBound(base: usize, a: i32): i32 {
  const t = load<f64>(base + (<usize>a << 5), 16);
  return t >= 0 && t < 255 ? <i32>floor<f64>(t) : -1;
}

// The byte column of node a's feature.
// @ts-ignore: decorator
@inline function column(xs: usize, base: usize, a: i32): usize {
  return xs + <usize>load<i32>(base + (<usize>a << 5));
}

// raw[o] += lr × the value of the node whose id is lane L of ids.
// @ts-ignore: decorator
@inline function addLeaf(o: usize, lr: f64, base: usize, id: i32): void {
  store<f64>(o, load<f64>(o) + lr * load<f64>(base + (<usize>id << 5), 24));
}

/**
 * gbtPredict's walk for a tree of depth ≤ 3 on byte rows, sixteen rows at a time: the tree laid
 * out as a complete one (a leaf above the last level stands for its whole subtree: its own
 * child), every node's comparison made for the sixteen rows at once (i8x16.le_u, the same
 * outcome as the walk's x ≤ threshold), the path's three sides picked by masks, and the leaf's
 * id looked up from the eight (i8x16.swizzle); then each row adds its leaf's value as the walk
 * does. Returns the first row not done (rows − rows mod 16).
 */
function predictNarrow16(xs: usize, rows: i32, out: usize, row: usize, lr: f64, base: usize): i32 {
  const n1 = child(base, 0, false), n2 = child(base, 0, true);
  const n3 = child(base, n1, false), n4 = child(base, n1, true), n5 = child(base, n2, false), n6 = child(base, n2, true);
  let leaves = i8x16.splat(0);
  leaves = i8x16.replace_lane(leaves, 0, <i8>child(base, n3, false));
  leaves = i8x16.replace_lane(leaves, 1, <i8>child(base, n3, true));
  leaves = i8x16.replace_lane(leaves, 2, <i8>child(base, n4, false));
  leaves = i8x16.replace_lane(leaves, 3, <i8>child(base, n4, true));
  leaves = i8x16.replace_lane(leaves, 4, <i8>child(base, n5, false));
  leaves = i8x16.replace_lane(leaves, 5, <i8>child(base, n5, true));
  leaves = i8x16.replace_lane(leaves, 6, <i8>child(base, n6, false));
  leaves = i8x16.replace_lane(leaves, 7, <i8>child(base, n6, true));
  const b0 = byteBound(base, 0), b1 = byteBound(base, n1), b2 = byteBound(base, n2), b3 = byteBound(base, n3);
  const b4 = byteBound(base, n4), b5 = byteBound(base, n5), b6 = byteBound(base, n6);
  if ((b0 | b1 | b2 | b3 | b4 | b5 | b6) < 0) return 0;
  const t0 = i8x16.splat(<i8>b0), t1 = i8x16.splat(<i8>b1), t2 = i8x16.splat(<i8>b2), t3 = i8x16.splat(<i8>b3);
  const t4 = i8x16.splat(<i8>b4), t5 = i8x16.splat(<i8>b5), t6 = i8x16.splat(<i8>b6);
  const x0 = column(xs, base, 0), x1 = column(xs, base, n1), x2 = column(xs, base, n2), x3 = column(xs, base, n3);
  const x4 = column(xs, base, n4), x5 = column(xs, base, n5), x6 = column(xs, base, n6);
  const four = i8x16.splat(4), two = i8x16.splat(2), one = i8x16.splat(1);
  let i = 0;
  for (; i + 16 <= rows; i += 16) {
    const r = <usize>i;
    // Left (all ones) or right (zero) at each level of the path.
    const m0 = i8x16.le_u(v128.load(x0 + r), t0);
    const m1 = v128.bitselect(i8x16.le_u(v128.load(x1 + r), t1), i8x16.le_u(v128.load(x2 + r), t2), m0);
    const m2 = v128.bitselect(
      v128.bitselect(i8x16.le_u(v128.load(x3 + r), t3), i8x16.le_u(v128.load(x4 + r), t4), m1),
      v128.bitselect(i8x16.le_u(v128.load(x5 + r), t5), i8x16.le_u(v128.load(x6 + r), t6), m1),
      m0,
    );
    const leaf = v128.or(v128.or(v128.andnot(four, m0), v128.andnot(two, m1)), v128.andnot(one, m2));
    const ids = i8x16.swizzle(leaves, leaf);
    const o = out + r * row;
    addLeaf(o, lr, base, i8x16.extract_lane_u(ids, 0));
    addLeaf(o + row, lr, base, i8x16.extract_lane_u(ids, 1));
    addLeaf(o + 2 * row, lr, base, i8x16.extract_lane_u(ids, 2));
    addLeaf(o + 3 * row, lr, base, i8x16.extract_lane_u(ids, 3));
    addLeaf(o + 4 * row, lr, base, i8x16.extract_lane_u(ids, 4));
    addLeaf(o + 5 * row, lr, base, i8x16.extract_lane_u(ids, 5));
    addLeaf(o + 6 * row, lr, base, i8x16.extract_lane_u(ids, 6));
    addLeaf(o + 7 * row, lr, base, i8x16.extract_lane_u(ids, 7));
    addLeaf(o + 8 * row, lr, base, i8x16.extract_lane_u(ids, 8));
    addLeaf(o + 9 * row, lr, base, i8x16.extract_lane_u(ids, 9));
    addLeaf(o + 10 * row, lr, base, i8x16.extract_lane_u(ids, 10));
    addLeaf(o + 11 * row, lr, base, i8x16.extract_lane_u(ids, 11));
    addLeaf(o + 12 * row, lr, base, i8x16.extract_lane_u(ids, 12));
    addLeaf(o + 13 * row, lr, base, i8x16.extract_lane_u(ids, 13));
    addLeaf(o + 14 * row, lr, base, i8x16.extract_lane_u(ids, 14));
    addLeaf(o + 15 * row, lr, base, i8x16.extract_lane_u(ids, 15));
  }
  return i;
}
