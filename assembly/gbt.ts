// The gradient-boosted trees' stage loops (src/metrics/gbt.ts), as a wasm module of their own:
// the metrics load it apart from the training kernels (src/metrics/gbt-wasm.ts), with its own
// memory, and fall back to their TypeScript twins (src/metrics/gbt-stage.ts, gbt-loops.ts)
// where wasm cannot be compiled. Each function does the twin's float operations on the same
// numbers in the same order, so both give the same bits (test/metrics/gbt-wasm.test.ts).
// Pointers are byte offsets into this module's memory, which the host grows; nothing here
// allocates.
import { fdlibmExp } from "./gbt-exp";

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
 * and each of its cells c = cell[i·nd + t] (u16). Sample by sample, as rootDense.
 */
export function gbtRootDense(hK: usize, K: i32, cell: usize, nd: i32, G: usize, n: i32): void {
  const row = <usize>K << 3;
  for (let i = 0; i < n; i++) {
    const g = G + <usize>i * row;
    const c = cell + (<usize>i * <usize>nd << 1);
    for (let t = 0; t < nd; t++) addRow(hK + <usize>load<u16>(c + (<usize>t << 1)) * row, g, K);
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
 * adds to class t mod K), as predictGbt's addTree. xs: the rows column-major (f32). A tree's
 * nodes are 32-byte records from nodes + treeStart[t]·32: the byte offset of the node's column
 * in xs (i32), its left child (a leaf: itself), right − left (a leaf: 0), padding, the threshold
 * (f64, at 16) and the leaf value (f64, at 24); most[t] steps take every row to its leaf (a leaf
 * steps to itself). The side is a select, not a branch: left when x ≤ threshold, NaN right.
 */
export function gbtPredict(xs: usize, rows: i32, raw: usize, K: i32, lr: f64, nodes: usize, treeStart: usize, most: usize, trees: i32): void {
  const row = <usize>K << 3;
  for (let t = 0; t < trees; t++) {
    const base = nodes + (<usize>load<i32>(treeStart + (<usize>t << 2)) << 5);
    const steps = load<i32>(most + (<usize>t << 2));
    const out = raw + (<usize>(t % K) << 3);
    for (let i = 0; i < rows; i++) {
      const x = xs + (<usize>i << 2);
      let rec = base;
      for (let d = 0; d < steps; d++) {
        const v = <f64>load<f32>(x + <usize>load<i32>(rec));
        const next = load<i32>(rec, 4) + select<i32>(0, load<i32>(rec, 8), v <= load<f64>(rec, 16));
        rec = base + (<usize>next << 5);
      }
      const o = out + <usize>i * row;
      store<f64>(o, load<f64>(o) + lr * load<f64>(rec, 24));
    }
  }
}

/** Where the host's arrays may start: after this module's static data. */
export function gbtHeapBase(): usize {
  return __heap_base;
}

/** exp(x) as V8's Math.exp (fdlibm): for the test that checks the two agree. */
export function gbtExp(x: f64): f64 {
  return fdlibmExp(x);
}
