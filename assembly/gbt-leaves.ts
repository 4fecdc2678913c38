// Leaf values and predictions in the gbt's wasm module (gbt.ts).

// @ts-ignore: decorator
@inline function newtonValue(num: f64, den: f64, K: i32): f64 {
  const nu = K > 1 ? (num * <f64>(K - 1)) / <f64>K : num;
  return abs<f64>(den) < 1e-150 ? 0 : nu / den;
}

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
  for (let s = start; s < end; s++) {
    const i = load<i32>(order + (<usize>s << 2));
    const g = load<f64>(gs + (<usize>s << 3));
    const c = wide ? load<i32>(code + (<usize>(col + i) << 2)) : <i32>load<u8>(code + <usize>(col + i));
    const left = <f64>(((bin - c) >>> 31) ^ 1);
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
  for (let s = start; s < end; s++) {
    const i = load<i32>(order + (<usize>s << 2));
    const c = wide ? load<i32>(code + (<usize>(col + i) << 2)) : <i32>load<u8>(code + <usize>(col + i));
    const o = raw + (<usize>(i * K + k) << 3);
    store<f64>(o, load<f64>(o) + lr * select<f64>(vL, vR, c <= bin));
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
  for (let r = start; r < end; r++) {
    const g = load<f64>(gs + (<usize>r << 3));
    const ind = load<f64>(Y + (<usize>(load<i32>(order + (<usize>r << 2)) * K + k) << 3));
    num += g;
    den += (ind - g) * (1 - ind + g);
  }
  const nu = K > 1 ? (num * <f64>(K - 1)) / <f64>K : num;
  const v = abs<f64>(den) < 1e-150 ? 0 : nu / den;
  for (let r = start; r < end; r++) {
    const o = raw + (<usize>(load<i32>(order + (<usize>r << 2)) * K + k) << 3);
    store<f64>(o, load<f64>(o) + lr * v);
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
    if (steps == 3 && narrow) {
      // The same with the rows as bytes (every value a whole number in [0, 255]: the same
      // comparisons), a quarter of the memory: a tree's columns stay in the first-level cache.
      for (let i = 0; i < rows; i++) {
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
