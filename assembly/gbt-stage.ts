// The stage loops of the gbt's wasm module (gbt.ts): the K trees' gradients and their root sums.
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


/**
 * The root sums for K = 8 (gbtRootDense and gbtRootSparse in one) from the samples grouped by
 * cell (cell c's, ascending, are samples[start[c], start[c + 1]); the layout lists every cell
 * of a dense feature and the off-mode cells of a sparse one): a cell's 8 sums stay in registers (four f64x2 chains of
 * adds, which overlap) while its samples' gradients are added, in the same order, and are
 * stored once. Where gbtRootDense stores every add (store-bound), this only loads. One cell at a
 * time: two cells interleaved (eight chains) took 1.8× as long on 64 features × 20 bins, the
 * loop's bookkeeping for two ranges outweighing the extra overlap.
 */
export function gbtRootDense8(hK: usize, start: usize, samples: usize, H: i32, G: usize): void {
  for (let c = 0; c < H; c++) {
    let pa = load<i32>(start + (<usize>c << 2));
    const ea = load<i32>(start + (<usize>c << 2), 4);
    if (pa >= ea) continue;
    const oa = hK + (<usize>c << 6);
    let a0 = v128.load(oa), a1 = v128.load(oa, 16), a2 = v128.load(oa, 32), a3 = v128.load(oa, 48);
    // Two samples a step, added one after the other (the same chain of adds, less loop overhead).
    for (; pa + 1 < ea; pa += 2) {
      const ga = G + (<usize>load<i32>(samples + (<usize>pa << 2)) << 6);
      const gb = G + (<usize>load<i32>(samples + (<usize>pa << 2), 4) << 6);
      a0 = f64x2.add(f64x2.add(a0, v128.load(ga)), v128.load(gb));
      a1 = f64x2.add(f64x2.add(a1, v128.load(ga, 16)), v128.load(gb, 16));
      a2 = f64x2.add(f64x2.add(a2, v128.load(ga, 32)), v128.load(gb, 32));
      a3 = f64x2.add(f64x2.add(a3, v128.load(ga, 48)), v128.load(gb, 48));
    }
    for (; pa < ea; pa++) {
      const ga = G + (<usize>load<i32>(samples + (<usize>pa << 2)) << 6);
      a0 = f64x2.add(a0, v128.load(ga));
      a1 = f64x2.add(a1, v128.load(ga, 16));
      a2 = f64x2.add(a2, v128.load(ga, 32));
      a3 = f64x2.add(a3, v128.load(ga, 48));
    }
    v128.store(oa, a0);
    v128.store(oa, a1, 16);
    v128.store(oa, a2, 32);
    v128.store(oa, a3, 48);
  }
}

/** The same from the sparse features' off-mode entries: sample i's cells are sCell[sStart[i] … sStart[i + 1]) (i32), as rootSparse. */
export function gbtRootSparse(hK: usize, K: i32, sStart: usize, sCell: usize, G: usize, n: i32): void {
  const row = <usize>K << 3;
  for (let i = 0; i < n; i++) {
    const g = G + <usize>i * row;
    const a = load<i32>(sStart + (<usize>i << 2));
    const b = load<i32>(sStart + (<usize>(i + 1) << 2));
    // A sample's entries are of different features (distinct cells): two a turn, as V8 checks for interrupts at every turn.
    let e = a;
    for (; e + 2 <= b; e += 2) {
      addRow(hK + <usize>load<i32>(sCell + (<usize>e << 2)) * row, g, K);
      addRow(hK + <usize>load<i32>(sCell + (<usize>e << 2), 4) * row, g, K);
    }
    if (e < b) addRow(hK + <usize>load<i32>(sCell + (<usize>e << 2)) * row, g, K);
  }
}
