// The gradient-boosted trees' stage loops (src/metrics/gbt.ts), as a wasm module of their own:
// the metrics load it apart from the training kernels (src/metrics/gbt-wasm.ts), with its own
// memory, and fall back to their TypeScript twins (src/metrics/gbt-stage.ts, gbt-loops.ts)
// where wasm cannot be compiled. Each function does the twin's float operations on the same
// numbers in the same order, so both give the same bits (test/metrics/gbt-wasm.test.ts).
// Pointers are byte offsets into this module's memory, which the host grows; nothing here
// allocates.
import { fdlibmExp, fdlibmExp2 } from "./gbt-exp";

/**
 * The gradients of the K trees of a stage: G[i·K + k] = Y[i·K + k] − softmax(raw[i·K …])_k
 * (K ≥ 2), or Y[i] − logistic(raw[i]) (K = 1). As stageGradients.
 */
export function gbtGradients(raw: usize, G: usize, Y: usize, n: i32, K: i32): void {
  if (K == 1) {
    for (let i = 0; i < n; i++) {
      const o = <usize>i << 3;
      store<f64>(G + o, load<f64>(Y + o) - 1 / (1 + fdlibmExp(-load<f64>(raw + o))));
    }
    return;
  }
  const row = <usize>K << 3;
  if ((K & 1) == 0) {
    // Two samples at a time, lane l holding sample i + l's class k (the rows' pairs shuffled):
    // each lane's max, exps and sum (in class order) are its sample's, with no lane extracted
    // into a serial chain of scalar adds.
    let i = 0;
    for (; i + 2 <= n; i += 2) {
      const ra = raw + <usize>i * row;
      const rb = ra + row;
      let mm = f64x2.max(v128.shuffle<i64>(v128.load(ra), v128.load(rb), 0, 2), v128.shuffle<i64>(v128.load(ra), v128.load(rb), 1, 3));
      for (let b: usize = 16; b < row; b += 16) {
        const A = v128.load(ra + b);
        const B = v128.load(rb + b);
        mm = f64x2.max(mm, f64x2.max(v128.shuffle<i64>(A, B, 0, 2), v128.shuffle<i64>(A, B, 1, 3)));
      }
      const ga = G + <usize>i * row;
      const gb = ga + row;
      let sum = f64x2.splat(0);
      for (let b: usize = 0; b < row; b += 16) {
        const A = v128.load(ra + b);
        const B = v128.load(rb + b);
        const e0 = fdlibmExp2(f64x2.sub(v128.shuffle<i64>(A, B, 0, 2), mm));
        const e1 = fdlibmExp2(f64x2.sub(v128.shuffle<i64>(A, B, 1, 3), mm));
        sum = f64x2.add(sum, e0);
        sum = f64x2.add(sum, e1);
        v128.store(ga + b, v128.shuffle<i64>(e0, e1, 0, 2));
        v128.store(gb + b, v128.shuffle<i64>(e0, e1, 1, 3));
      }
      const sa = f64x2.splat(f64x2.extract_lane(sum, 0));
      const sb = f64x2.splat(f64x2.extract_lane(sum, 1));
      const ya = Y + <usize>i * row;
      const yb = ya + row;
      for (let b: usize = 0; b < row; b += 16) {
        v128.store(ga + b, f64x2.sub(v128.load(ya + b), f64x2.div(v128.load(ga + b), sa)));
        v128.store(gb + b, f64x2.sub(v128.load(yb + b), f64x2.div(v128.load(gb + b), sb)));
      }
    }
    // An odd last sample: its classes two at a time.
    for (; i < n; i++) {
      const r = raw + <usize>i * row;
      const g = G + <usize>i * row;
      const y = Y + <usize>i * row;
      let mm = v128.load(r);
      for (let b: usize = 16; b < row; b += 16) mm = f64x2.max(mm, v128.load(r + b));
      const m = f64x2.splat(max<f64>(f64x2.extract_lane(mm, 0), f64x2.extract_lane(mm, 1)));
      let sum: f64 = 0;
      for (let b: usize = 0; b < row; b += 16) {
        const e = fdlibmExp2(f64x2.sub(v128.load(r + b), m));
        v128.store(g + b, e);
        sum += f64x2.extract_lane(e, 0);
        sum += f64x2.extract_lane(e, 1);
      }
      const s = f64x2.splat(sum);
      for (let b: usize = 0; b < row; b += 16) v128.store(g + b, f64x2.sub(v128.load(y + b), f64x2.div(v128.load(g + b), s)));
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const r = raw + <usize>i * row;
    const g = G + <usize>i * row;
    const y = Y + <usize>i * row;
    let m: f64 = -Infinity;
    for (let k = 0; k < K; k++) m = max<f64>(m, load<f64>(r + (<usize>k << 3)));
    let sum: f64 = 0;
    for (let k = 0; k < K; k++) {
      const e = fdlibmExp(load<f64>(r + (<usize>k << 3)) - m);
      store<f64>(g + (<usize>k << 3), e);
      sum += e;
    }
    for (let k = 0; k < K; k++) {
      const o = <usize>k << 3;
      store<f64>(g + o, load<f64>(y + o) - load<f64>(g + o) / sum);
    }
  }
}

// hK[c·K …] += G[i·K …]: the K sums of one cell, f64x2 two at a time (each lane the same add as
// the twin's), a scalar add for an odd K's last one.
// @ts-ignore: decorator
@inline function addRow(o: usize, g: usize, K: i32): void {
  if (K == 8) {
    v128.store(o, f64x2.add(v128.load(o), v128.load(g)));
    v128.store(o, f64x2.add(v128.load(o, 16), v128.load(g, 16)), 16);
    v128.store(o, f64x2.add(v128.load(o, 32), v128.load(g, 32)), 32);
    v128.store(o, f64x2.add(v128.load(o, 48), v128.load(g, 48)), 48);
    return;
  }
  let b: usize = 0;
  const end = <usize>K << 3;
  for (; b + 16 <= end; b += 16) v128.store(o + b, f64x2.add(v128.load(o + b), v128.load(g + b)));
  if (b < end) store<f64>(o + b, load<f64>(o + b) + load<f64>(g + b));
}

/**
 * The stage's root sums from the dense features: hK[c·K + k] += G[i·K + k] for each sample i
 * and each of its cells c = cell[i·nd + t] (u16), as rootDense. In blocks of 128 samples, one
 * feature at a time within a block: a feature's cells (20 × 64 bytes for 20 bins and K = 8)
 * stay in the first-level cache while the block's samples add to them, where sample by sample
 * every add went to another of all features' cells (80 KB); a fifth faster. Each cell still
 * receives its samples in ascending order.
 */
export function gbtRootDense(hK: usize, K: i32, cell: usize, nd: i32, G: usize, n: i32): void {
  const row = <usize>K << 3;
  const step = <usize>nd << 1;
  for (let i0 = 0; i0 < n; i0 += 128) {
    const i1 = min<i32>(n, i0 + 128);
    for (let t = 0; t < nd; t++) {
      let c = cell + (<usize>(i0 * nd + t) << 1);
      let g = G + <usize>i0 * row;
      for (let i = i0; i < i1; i++, c += step, g += row) addRow(hK + <usize>load<u16>(c) * row, g, K);
    }
  }
}

/** Tree k's root histogram from the stage's sums: h[2c] = hK[c·K + k], h[2c + 1] = counts[c]. */
export function gbtRootHist(h: usize, hK: usize, K: i32, k: i32, counts: usize, H: i32): void {
  const row = <usize>K << 3;
  let from = hK + (<usize>k << 3);
  for (let c = 0; c < H; c++, from += row) {
    store<f64>(h + (<usize>c << 4), load<f64>(from));
    store<f64>(h + (<usize>c << 4), load<f64>(counts + (<usize>c << 3)), 8);
  }
}

/** h[0, length) −= s[0, length): a larger sibling's histogram from its parent's and the smaller's (length even). */
export function gbtSubtract(h: usize, s: usize, length: i32): void {
  const end = <usize>length << 3;
  for (let b: usize = 0; b < end; b += 16) v128.store(h + b, f64x2.sub(v128.load(h + b), v128.load(s + b)));
}

/**
 * gbtRootDense for K = 8 from the dense features' samples grouped by cell (cell c's, ascending,
 * are samples[start[c], start[c + 1])): a cell's 8 sums stay in registers while its samples'
 * gradients are added, in the same order, and are stored once; two cells at a time, so that
 * two chains of adds overlap. Where gbtRootDense stores every add (store-bound), this only loads.
 */
export function gbtRootDense8(hK: usize, start: usize, samples: usize, H: i32, G: usize): void {
  for (let c = 0; c < H; c += 2) {
    const two = c + 1 < H;
    let pa = load<i32>(start + (<usize>c << 2));
    const ea = load<i32>(start + (<usize>c << 2), 4);
    let pb = ea;
    const eb = two ? load<i32>(start + (<usize>c << 2), 8) : ea;
    const oa = hK + (<usize>c << 6);
    const ob = oa + 64;
    let a0 = v128.load(oa), a1 = v128.load(oa, 16), a2 = v128.load(oa, 32), a3 = v128.load(oa, 48);
    let b0 = a0, b1 = a1, b2 = a2, b3 = a3;
    if (two) {
      b0 = v128.load(ob);
      b1 = v128.load(ob, 16);
      b2 = v128.load(ob, 32);
      b3 = v128.load(ob, 48);
    }
    for (; pa < ea && pb < eb; pa++, pb++) {
      const ga = G + (<usize>load<i32>(samples + (<usize>pa << 2)) << 6);
      const gb = G + (<usize>load<i32>(samples + (<usize>pb << 2)) << 6);
      a0 = f64x2.add(a0, v128.load(ga));
      b0 = f64x2.add(b0, v128.load(gb));
      a1 = f64x2.add(a1, v128.load(ga, 16));
      b1 = f64x2.add(b1, v128.load(gb, 16));
      a2 = f64x2.add(a2, v128.load(ga, 32));
      b2 = f64x2.add(b2, v128.load(gb, 32));
      a3 = f64x2.add(a3, v128.load(ga, 48));
      b3 = f64x2.add(b3, v128.load(gb, 48));
    }
    for (; pa < ea; pa++) {
      const ga = G + (<usize>load<i32>(samples + (<usize>pa << 2)) << 6);
      a0 = f64x2.add(a0, v128.load(ga));
      a1 = f64x2.add(a1, v128.load(ga, 16));
      a2 = f64x2.add(a2, v128.load(ga, 32));
      a3 = f64x2.add(a3, v128.load(ga, 48));
    }
    for (; pb < eb; pb++) {
      const gb = G + (<usize>load<i32>(samples + (<usize>pb << 2)) << 6);
      b0 = f64x2.add(b0, v128.load(gb));
      b1 = f64x2.add(b1, v128.load(gb, 16));
      b2 = f64x2.add(b2, v128.load(gb, 32));
      b3 = f64x2.add(b3, v128.load(gb, 48));
    }
    v128.store(oa, a0);
    v128.store(oa, a1, 16);
    v128.store(oa, a2, 32);
    v128.store(oa, a3, 48);
    if (two) {
      v128.store(ob, b0);
      v128.store(ob, b1, 16);
      v128.store(ob, b2, 32);
      v128.store(ob, b3, 48);
    }
  }
}

/** The same from the sparse features' off-mode entries: sample i's cells are sCell[sStart[i] … sStart[i + 1]) (i32), as rootSparse. */
export function gbtRootSparse(hK: usize, K: i32, sStart: usize, sCell: usize, G: usize, n: i32): void {
  const row = <usize>K << 3;
  for (let i = 0; i < n; i++) {
    const g = G + <usize>i * row;
    const a = load<i32>(sStart + (<usize>i << 2));
    const b = load<i32>(sStart + (<usize>(i + 1) << 2));
    for (let e = a; e < b; e++) addRow(hK + <usize>load<i32>(sCell + (<usize>e << 2)) * row, g, K);
  }
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

// A tree's loops (gbt-tree.ts, gbt-loops.ts, gbt-stage.ts). The grower keeps its samples grouped
// by node: idx (i32 sample numbers) and gs (f64 gradients in that order).

/** Starts tree k of a stage: idx[i] = i, gs[i] = G[i·K + k]; out[0] = Σ gs, out[1] = Σ gs² (in sample order). */
export function gbtStartTree(G: usize, K: i32, k: i32, idx: usize, gs: usize, n: i32, out: usize): void {
  let sum: f64 = 0;
  let sq: f64 = 0;
  const row = <usize>K << 3;
  let g = G + (<usize>k << 3);
  for (let i = 0; i < n; i++, g += row) {
    const v = load<f64>(g);
    store<i32>(idx + (<usize>i << 2), i);
    store<f64>(gs + (<usize>i << 3), v);
    sum += v;
    sq += v * v;
  }
  store<f64>(out, sum);
  store<f64>(out, sq, 8);
}

/**
 * Stable partition of idx/gs[start, end) by code[col + i] ≤ bin (code: u8, or i32 when wide),
 * as HistGrower.partition: returns where the right part starts; out[0..3] = the left part's Σ g
 * and Σ g², the right part's (a sample enters the other side's sums as an exact 0).
 */
export function gbtPartition(idx: usize, gs: usize, tmpIdx: usize, tmpG: usize, code: usize, wide: i32, col: i32, start: i32, end: i32, bin: i32, out: usize): i32 {
  let l = start;
  let r = 0;
  let sL: f64 = 0;
  let qL: f64 = 0;
  let sR: f64 = 0;
  let qR: f64 = 0;
  for (let q = start; q < end; q++) {
    const i = load<i32>(idx + (<usize>q << 2));
    const v = load<f64>(gs + (<usize>q << 3));
    const c = wide ? load<i32>(code + (<usize>(col + i) << 2)) : <i32>load<u8>(code + <usize>(col + i));
    const left = ((bin - c) >>> 31) ^ 1;
    store<i32>(idx + (<usize>l << 2), i);
    store<f64>(gs + (<usize>l << 3), v);
    store<i32>(tmpIdx + (<usize>r << 2), i);
    store<f64>(tmpG + (<usize>r << 3), v);
    l += left;
    r += left ^ 1;
    const vl = v * <f64>left;
    const vr = v - vl;
    sL += vl;
    qL += vl * vl;
    sR += vr;
    qR += vr * vr;
  }
  memory.copy(idx + (<usize>l << 2), tmpIdx, <usize>r << 2);
  memory.copy(gs + (<usize>l << 3), tmpG, <usize>r << 3);
  store<f64>(out, sL);
  store<f64>(out, qL, 8);
  store<f64>(out, sR, 16);
  store<f64>(out, qR, 24);
  return l;
}

/**
 * One node's histogram (cell c's sum at h[2c], its count at h[2c + 1]) from its samples, as
 * addNode: dense cells (u16) and off-mode entries (i32), (g, 1) added to a cell in one f64x2 add.
 */
export function gbtAddNode(h: usize, H: i32, idx: usize, gs: usize, start: i32, end: i32, cell: usize, nd: i32, sStart: usize, sCell: usize): void {
  for (let r = start; r < end; r++) {
    const i = load<i32>(idx + (<usize>r << 2));
    const v = f64x2.replace_lane(f64x2.splat(load<f64>(gs + (<usize>r << 3))), 1, 1);
    const row = cell + (<usize>i * <usize>nd << 1);
    for (let t = 0; t < nd; t++) {
      const c = h + (<usize>load<u16>(row + (<usize>t << 1)) << 4);
      v128.store(c, f64x2.add(v128.load(c), v));
    }
    const b = load<i32>(sStart + (<usize>(i + 1) << 2));
    for (let e = load<i32>(sStart + (<usize>i << 2)); e < b; e++) {
      const c = h + (<usize>load<i32>(sCell + (<usize>e << 2)) << 4);
      v128.store(c, f64x2.add(v128.load(c), v));
    }
  }
}

/**
 * The mode cells of the sparse features list[0, m) summed directly over the node's samples, as
 * addModes: h[2·modeCell[u]] += g × inMode[u·n + i] (u8) in sample order, four features at a time.
 */
export function gbtAddModes(h: usize, idx: usize, gs: usize, start: i32, end: i32, inMode: usize, n: i32, list: usize, m: i32, modeCell: usize): void {
  let q = 0;
  for (; q + 4 <= m; q += 4) {
    const u0 = load<i32>(list + (<usize>q << 2));
    const u1 = load<i32>(list + (<usize>q << 2), 4);
    const u2 = load<i32>(list + (<usize>q << 2), 8);
    const u3 = load<i32>(list + (<usize>q << 2), 12);
    const o0 = inMode + <usize>u0 * <usize>n;
    const o1 = inMode + <usize>u1 * <usize>n;
    const o2 = inMode + <usize>u2 * <usize>n;
    const o3 = inMode + <usize>u3 * <usize>n;
    const c0 = h + (<usize>load<i32>(modeCell + (<usize>u0 << 2)) << 4);
    const c1 = h + (<usize>load<i32>(modeCell + (<usize>u1 << 2)) << 4);
    const c2 = h + (<usize>load<i32>(modeCell + (<usize>u2 << 2)) << 4);
    const c3 = h + (<usize>load<i32>(modeCell + (<usize>u3 << 2)) << 4);
    let a0 = load<f64>(c0);
    let a1 = load<f64>(c1);
    let a2 = load<f64>(c2);
    let a3 = load<f64>(c3);
    for (let r = start; r < end; r++) {
      const i = <usize>load<i32>(idx + (<usize>r << 2));
      const v = load<f64>(gs + (<usize>r << 3));
      a0 += v * <f64>load<u8>(o0 + i);
      a1 += v * <f64>load<u8>(o1 + i);
      a2 += v * <f64>load<u8>(o2 + i);
      a3 += v * <f64>load<u8>(o3 + i);
    }
    store<f64>(c0, a0);
    store<f64>(c1, a1);
    store<f64>(c2, a2);
    store<f64>(c3, a3);
  }
  for (; q < m; q++) {
    const u = load<i32>(list + (<usize>q << 2));
    const o = inMode + <usize>u * <usize>n;
    const c = h + (<usize>load<i32>(modeCell + (<usize>u << 2)) << 4);
    let a = load<f64>(c);
    for (let r = start; r < end; r++) a += load<f64>(gs + (<usize>r << 3)) * <f64>load<u8>(o + <usize>load<i32>(idx + (<usize>r << 2)));
    store<f64>(c, a);
  }
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
 * Each histogrammed feature's best threshold in one node, as bestSplit's scan: feature j's cells
 * are [at[j], at[j + 1]) of h (sum at 2c, count at 2c + 1); every boundary between two cells
 * with samples is scored with the friedman_mse proxy, the first best kept: best[j] (f64), its
 * cell's bin and the next present bin (i32; bin −1: no split, as for a feature without cells).
 */
export function gbtScan(h: usize, at: usize, p: i32, m: f64, sum: f64, best: usize, bin: usize, next: usize): void {
  for (let j = 0; j < p; j++) {
    const a = load<i32>(at + (<usize>j << 2));
    const z = load<i32>(at + (<usize>j << 2), 4);
    let nL: f64 = 0;
    let sL: f64 = 0;
    let prev = -1;
    let fBest: f64 = -1;
    let fBin = -1;
    let fNext = -1;
    for (let c = a; c < z; c++) {
      const cell = h + (<usize>c << 4);
      const cnt = load<f64>(cell, 8);
      if (cnt == 0) continue;
      const b = c - a;
      if (prev >= 0) {
        const nR = m - nL;
        const d = nR * sL - nL * (sum - sL);
        const proxy = (d * d) / (nL * nR);
        if (proxy > fBest) {
          fBest = proxy;
          fBin = prev;
          fNext = b;
        }
      }
      nL += cnt;
      sL += load<f64>(cell);
      prev = b;
    }
    store<f64>(best + (<usize>j << 3), fBest);
    store<i32>(bin + (<usize>j << 2), fBin);
    store<i32>(next + (<usize>j << 2), fNext);
  }
}

/** out[q] = G[order[q]·K + k]: a walked feature's gradients in its value order, at a tree's root. */
export function gbtGather(out: usize, order: usize, G: usize, K: i32, k: i32, n: i32): void {
  for (let q = 0; q < n; q++) store<f64>(out + (<usize>q << 3), load<f64>(G + (<usize>(load<i32>(order + (<usize>q << 2)) * K + k) << 3)));
}

/**
 * One walked feature over its samples in value order for the L nodes of a level, as walkFeature
 * (the per-node state reset first): for each open node t (slotOf[sample] = t, else −1) every
 * boundary between two bins present in the node is scored, the first best kept (best, bin,
 * next). m, sum, nL, sL, best: f64 × L; last, bin, next: i32 × L.
 */
export function gbtWalkFeature(order: usize, code: usize, g: usize, slotOf: usize, n: i32, L: i32, m: usize, sum: usize, nL: usize, sL: usize, last: usize, best: usize, bin: usize, next: usize): void {
  for (let t = 0; t < L; t++) {
    const o = <usize>t << 3;
    const a = <usize>t << 2;
    store<f64>(nL + o, 0);
    store<f64>(sL + o, 0);
    store<f64>(best + o, -1);
    store<i32>(last + a, -1);
    store<i32>(bin + a, -1);
  }
  for (let q = 0; q < n; q++) {
    const t = load<i32>(slotOf + (<usize>load<i32>(order + (<usize>q << 2)) << 2));
    if (t < 0) continue;
    const o = <usize>t << 3;
    const a = <usize>t << 2;
    const b = load<i32>(code + (<usize>q << 2));
    const prev = load<i32>(last + a);
    const left = load<f64>(nL + o);
    const sumL = load<f64>(sL + o);
    if (prev >= 0 && b != prev) {
      const nR = load<f64>(m + o) - left;
      const d = nR * sumL - left * (load<f64>(sum + o) - sumL);
      const proxy = (d * d) / (left * nR);
      if (proxy > load<f64>(best + o)) {
        store<f64>(best + o, proxy);
        store<i32>(bin + a, prev);
        store<i32>(next + a, b);
      }
    }
    store<f64>(nL + o, left + 1);
    store<f64>(sL + o, sumL + load<f64>(g + (<usize>q << 3)));
    store<i32>(last + a, b);
  }
}

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

/** Where the host's arrays may start: after this module's static data. */
export function gbtHeapBase(): usize {
  return __heap_base;
}

/** exp(x) as V8's Math.exp (fdlibm): for the test that checks the two agree. */
export function gbtExp(x: f64): f64 {
  return fdlibmExp(x);
}

/** exp of x and y two lanes at once (fdlibmExp2), into out[0] and out[1]: for the same test. */
export function gbtExp2(x: f64, y: f64, out: usize): void {
  v128.store(out, fdlibmExp2(f64x2.replace_lane(f64x2.splat(x), 1, y)));
}
