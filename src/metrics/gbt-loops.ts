// The hot loops of gbt-tree.ts, as small functions of their own so that V8 optimizes each alone:
// adding a node's samples into its histogram (add*), and walking a feature in value order.

export function addRoot(h: Float64Array, h0: number, code: Uint8Array | Int32Array, col: number, gs: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) h[h0 + code[col + i]] += gs[i];
}

export function addDense(h: Float64Array, H: number, h0: number, code: Uint8Array | Int32Array, col: number, idx: Int32Array, gs: Float64Array, start: number, end: number): void {
  for (let r = start; r < end; r++) {
    const c = h0 + code[col + idx[r]];
    h[c] += gs[r];
    h[H + c]++;
  }
}

export function addSparseRoot(h: Float64Array, H: number, h0: number, code: Uint8Array | Int32Array, col: number, rest: Int32Array, g: Float64Array): void {
  for (let r = 0; r < rest.length; r++) {
    const i = rest[r];
    const c = h0 + code[col + i];
    h[c] += g[i];
    h[H + c]++;
  }
}

export function addSparse(hists: Float64Array[], H: number, h0: number, code: Uint8Array | Int32Array, col: number, rest: Int32Array, g: Float64Array, slotOf: Int32Array): void {
  for (let r = 0; r < rest.length; r++) {
    const i = rest[r];
    const s = slotOf[i];
    if (s < 0) continue;
    const h = hists[s];
    const c = h0 + code[col + i];
    h[c] += g[i];
    h[H + c]++;
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
