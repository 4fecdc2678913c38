// The hot loops of gbt-tree.ts, as small functions of their own so that V8 optimizes each alone:
// the stage's root sums (rootDense, rootSparse), a node's histogram (addNode, addModes), and
// walking a feature in value order. Every histogram cell receives its samples in ascending
// sample order, whichever loop fills it, so the sums are the same numbers in every path. They
// are also the twins of assembly/gbt.ts's loops, which gbt-tree.ts runs when the wasm module is
// available (test/metrics/gbt-wasm.test.ts checks the two give the same bits).

/**
 * Root sums of K gradients at once: hK[c · K + k] += G[i · K + k] for each sample i and each of
 * its dense cells c (cell[i · nd + t]). Row by row, so a sample's K gradients are read once and
 * consecutive adds go to different cells (no chain of adds into one cell).
 */
export function rootDense(hK: Float64Array, K: number, cell: Uint16Array | Int32Array, nd: number, G: Float64Array, n: number): void {
  if (K === 8) {
    // The common case (8-valued factors), unrolled: the 8 gradients stay in registers.
    for (let i = 0, q = 0, r = 0; i < n; i++, q += 8, r += nd) {
      const g0 = G[q], g1 = G[q + 1], g2 = G[q + 2], g3 = G[q + 3], g4 = G[q + 4], g5 = G[q + 5], g6 = G[q + 6], g7 = G[q + 7];
      for (let t = r; t < r + nd; t++) {
        const o = cell[t] * 8;
        hK[o] += g0; hK[o + 1] += g1; hK[o + 2] += g2; hK[o + 3] += g3;
        hK[o + 4] += g4; hK[o + 5] += g5; hK[o + 6] += g6; hK[o + 7] += g7;
      }
    }
    return;
  }
  for (let i = 0, q = 0, r = 0; i < n; i++, q += K, r += nd) {
    for (let t = r; t < r + nd; t++) {
      const o = cell[t] * K;
      for (let k = 0; k < K; k++) hK[o + k] += G[q + k];
    }
  }
}

/** rootDense for the off-mode entries of the sparse features: sample i's cells are sCell[sStart[i], sStart[i + 1]). */
export function rootSparse(hK: Float64Array, K: number, sStart: Int32Array, sCell: Int32Array, G: Float64Array, n: number): void {
  if (K === 8) {
    for (let i = 0, q = 0; i < n; i++, q += 8) {
      const g0 = G[q], g1 = G[q + 1], g2 = G[q + 2], g3 = G[q + 3], g4 = G[q + 4], g5 = G[q + 5], g6 = G[q + 6], g7 = G[q + 7];
      for (let e = sStart[i]; e < sStart[i + 1]; e++) {
        const o = sCell[e] * 8;
        hK[o] += g0; hK[o + 1] += g1; hK[o + 2] += g2; hK[o + 3] += g3;
        hK[o + 4] += g4; hK[o + 5] += g5; hK[o + 6] += g6; hK[o + 7] += g7;
      }
    }
    return;
  }
  for (let i = 0, q = 0; i < n; i++, q += K) {
    for (let e = sStart[i]; e < sStart[i + 1]; e++) {
      const o = sCell[e] * K;
      for (let k = 0; k < K; k++) hK[o + k] += G[q + k];
    }
  }
}

/**
 * One node's histogram (cell c's sum at 2c, its count at 2c + 1) from its samples idx[start, end)
 * and their gradients gs: every dense cell, and the off-mode cells of the sparse features.
 */
export function addNode(
  h: Float64Array, H: number, idx: Int32Array, gs: Float64Array, start: number, end: number,
  cell: Uint16Array | Int32Array, nd: number, sStart: Int32Array, sCell: Int32Array,
): void {
  for (let r = start; r < end; r++) {
    const i = idx[r];
    const v = gs[r];
    for (let t = i * nd; t < (i + 1) * nd; t++) {
      const c = cell[t];
      h[2 * c] += v;
      h[2 * c + 1]++;
    }
    for (let e = sStart[i]; e < sStart[i + 1]; e++) {
      const c = sCell[e];
      h[2 * c] += v;
      h[2 * c + 1]++;
    }
  }
}

/**
 * The mode cells of some sparse features (positions list[q], q < m) summed directly over the
 * node's samples: inMode[u · n + i] is 1 when sample i is in feature u's mode. A sample off the
 * mode adds v × 0, an exact zero, so each cell's sum is its samples' in sample order. Feature by
 * feature, four at a time, each sum in a register: the four chains of adds overlap, and no add
 * waits on a store to memory.
 */
export function addModes(
  h: Float64Array, idx: Int32Array, gs: Float64Array, start: number, end: number,
  inMode: Uint8Array, n: number, list: Int32Array, m: number, modeCell: Int32Array,
): void {
  let q = 0;
  for (; q + 4 <= m; q += 4) {
    const u0 = list[q], u1 = list[q + 1], u2 = list[q + 2], u3 = list[q + 3];
    const o0 = u0 * n, o1 = u1 * n, o2 = u2 * n, o3 = u3 * n;
    let a0 = h[2 * modeCell[u0]], a1 = h[2 * modeCell[u1]], a2 = h[2 * modeCell[u2]], a3 = h[2 * modeCell[u3]];
    for (let r = start; r < end; r++) {
      const i = idx[r];
      const v = gs[r];
      a0 += v * inMode[o0 + i];
      a1 += v * inMode[o1 + i];
      a2 += v * inMode[o2 + i];
      a3 += v * inMode[o3 + i];
    }
    h[2 * modeCell[u0]] = a0;
    h[2 * modeCell[u1]] = a1;
    h[2 * modeCell[u2]] = a2;
    h[2 * modeCell[u3]] = a3;
  }
  for (; q < m; q++) {
    const u = list[q];
    const o = u * n;
    let a = h[2 * modeCell[u]];
    for (let r = start; r < end; r++) a += gs[r] * inMode[o + idx[r]];
    h[2 * modeCell[u]] = a;
  }
}

/**
 * One pass over a walked feature's samples in bin order: for each open node t (slotOf), every
 * boundary between two bins present in the node is scored; the first best is kept per node.
 */
export function walkFeature(
  order: Int32Array, code: Int32Array, g: Float64Array, slotOf: Int32Array, m: Float64Array, sum: Float64Array,
  nL: Float64Array, sL: Float64Array, last: Int32Array, best: Float64Array, bin: Int32Array, next: Int32Array,
): void {
  // order[q]: the q-th sample in value order; code[q] and g[q]: its bin and gradient.
  for (let q = 0; q < order.length; q++) {
    const t = slotOf[order[q]];
    if (t < 0) continue;
    const b = code[q];
    const prev = last[t];
    if (prev >= 0 && b !== prev) {
      const nR = m[t] - nL[t];
      const d = nR * sL[t] - nL[t] * (sum[t] - sL[t]);
      const proxy = (d * d) / (nL[t] * nR);
      if (proxy > best[t]) {
        best[t] = proxy;
        bin[t] = prev;
        next[t] = b;
      }
    }
    nL[t]++;
    sL[t] += g[q];
    last[t] = b;
  }
}
