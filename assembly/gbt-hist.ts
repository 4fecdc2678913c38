// A tree's histograms in the gbt's wasm module (gbt.ts): the root's from the stage's sums, a
// node's from its samples, siblings by subtraction, and the threshold scan over them. A cell c
// holds its sum of g at h[2c] and its count at h[2c + 1].

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


// h's cell c += v (a sample's (g, 1)).
// @ts-ignore: decorator
@inline function addCell(h: usize, c: i32, v: v128): void {
  const o = h + (<usize>c << 4);
  v128.store(o, f64x2.add(v128.load(o), v));
}

/**
 * One node's histogram (cell c's sum at h[2c], its count at h[2c + 1]) from its samples, as
 * addNode: dense cells (u16) and off-mode entries (i32), (g, 1) added to a cell in one f64x2 add.
 * A sample's cells are of different features, so they are distinct and may be added in any
 * order: four at a time (V8 checks for interrupts at every turn of a wasm loop; one turn per
 * cell cost a fifth of the time at 64 features).
 */
export function gbtAddNode(h: usize, H: i32, idx: usize, gs: usize, start: i32, end: i32, cell: usize, nd: i32, sStart: usize, sCell: usize): void {
  for (let r = start; r < end; r++) {
    const i = load<i32>(idx + (<usize>r << 2));
    const v = f64x2.replace_lane(f64x2.splat(load<f64>(gs + (<usize>r << 3))), 1, 1);
    const row = cell + (<usize>i * <usize>nd << 1);
    let t = 0;
    for (; t + 4 <= nd; t += 4) {
      const at = row + (<usize>t << 1);
      addCell(h, <i32>load<u16>(at), v);
      addCell(h, <i32>load<u16>(at, 2), v);
      addCell(h, <i32>load<u16>(at, 4), v);
      addCell(h, <i32>load<u16>(at, 6), v);
    }
    for (; t < nd; t++) addCell(h, <i32>load<u16>(row + (<usize>t << 1)), v);
    const b = load<i32>(sStart + (<usize>(i + 1) << 2));
    let e = load<i32>(sStart + (<usize>i << 2));
    for (; e + 2 <= b; e += 2) {
      addCell(h, load<i32>(sCell + (<usize>e << 2)), v);
      addCell(h, load<i32>(sCell + (<usize>e << 2), 4), v);
    }
    if (e < b) addCell(h, load<i32>(sCell + (<usize>e << 2)), v);
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
    // Two samples a turn, each added as alone (V8 checks for interrupts at every turn of a loop).
    let r = start;
    for (; r + 1 < end; r += 2) {
      const i = <usize>load<i32>(idx + (<usize>r << 2));
      const j = <usize>load<i32>(idx + (<usize>r << 2), 4);
      const v = load<f64>(gs + (<usize>r << 3));
      const w = load<f64>(gs + (<usize>r << 3), 8);
      a0 += v * <f64>load<u8>(o0 + i);
      a1 += v * <f64>load<u8>(o1 + i);
      a2 += v * <f64>load<u8>(o2 + i);
      a3 += v * <f64>load<u8>(o3 + i);
      a0 += w * <f64>load<u8>(o0 + j);
      a1 += w * <f64>load<u8>(o1 + j);
      a2 += w * <f64>load<u8>(o2 + j);
      a3 += w * <f64>load<u8>(o3 + j);
    }
    if (r < end) {
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
 * Each histogrammed feature's best threshold in one node, as bestSplit's scan: feature j's cells
 * are [at[j], at[j + 1]) of h (sum at 2c, count at 2c + 1); every boundary between two cells
 * with samples is scored with the friedman_mse proxy, the first best kept: best[j] (f64), its
 * cell's bin and the next present bin (i32; bin −1: no split, as for a feature without cells).
 * Two neighbouring features with as many cells are scanned side by side (scanPair): the scan is
 * bound by its divisions, and f64x2.div does two.
 */
export function gbtScan(h: usize, at: usize, p: i32, m: f64, sum: f64, best: usize, bin: usize, next: usize): void {
  let j = 0;
  while (j < p) {
    const a = load<i32>(at + (<usize>j << 2));
    const z = load<i32>(at + (<usize>j << 2), 4);
    if (j + 1 < p && z > a && load<i32>(at + (<usize>j << 2), 8) - z == z - a) {
      scanPair(h, a, z, z - a, m, sum, best + (<usize>j << 3), bin + (<usize>j << 2), next + (<usize>j << 2));
      j += 2;
      continue;
    }
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
    j++;
  }
}

/**
 * gbtScan of two features of L cells each, from cells a and b, one per lane: each lane does the
 * scalar scan's operations on its feature's cells in the same order, an empty cell changing
 * nothing (its lane keeps its state through a select, as the scalar scan skips it). Writes both
 * features' best, bin and next (best, bin and next point at the first's).
 */
function scanPair(h: usize, a: i32, b: i32, L: i32, m: f64, sum: f64, best: usize, bin: usize, next: usize): void {
  const mv = f64x2.splat(m);
  const sumv = f64x2.splat(sum);
  const zero = f64x2.splat(0);
  let nL = zero;
  let sL = zero;
  let prev = i64x2.splat(-1);
  let fBest = f64x2.splat(-1);
  let fBin = i64x2.splat(-1);
  let fNext = i64x2.splat(-1);
  let ca = h + (<usize>a << 4);
  let cb = h + (<usize>b << 4);
  for (let q = 0; q < L; q++, ca += 16, cb += 16) {
    const cnt = v128.load64_lane(cb + 8, v128.load64_zero(ca + 8), 1);
    const s = v128.load64_lane(cb, v128.load64_zero(ca), 1);
    const present = f64x2.ne(cnt, zero);
    const nR = f64x2.sub(mv, nL);
    const d = f64x2.sub(f64x2.mul(nR, sL), f64x2.mul(nL, f64x2.sub(sumv, sL)));
    const proxy = f64x2.div(f64x2.mul(d, d), f64x2.mul(nL, nR));
    // A boundary where the cell has samples and one came before; the first best kept (strictly greater).
    const better = v128.and(v128.and(present, i64x2.ge_s(prev, i64x2.splat(0))), f64x2.gt(proxy, fBest));
    const bq = i64x2.splat(q);
    fBest = v128.bitselect(proxy, fBest, better);
    fBin = v128.bitselect(prev, fBin, better);
    fNext = v128.bitselect(bq, fNext, better);
    nL = v128.bitselect(f64x2.add(nL, cnt), nL, present);
    sL = v128.bitselect(f64x2.add(sL, s), sL, present);
    prev = v128.bitselect(bq, prev, present);
  }
  store<f64>(best, f64x2.extract_lane(fBest, 0));
  store<f64>(best, f64x2.extract_lane(fBest, 1), 8);
  store<i32>(bin, <i32>i64x2.extract_lane(fBin, 0));
  store<i32>(bin, <i32>i64x2.extract_lane(fBin, 1), 4);
  store<i32>(next, <i32>i64x2.extract_lane(fNext, 0));
  store<i32>(next, <i32>i64x2.extract_lane(fNext, 1), 4);
}
