// A tree's samples in the gbt's wasm module (gbt.ts): kept grouped by node in idx (i32 sample
// numbers) and gs (f64 gradients in that order); started, partitioned at each split, and walked
// in a feature's value order.

/**
 * Starts tree k of a stage: idx[i] = i, gs[i] = G[i·K + k]; out[0] = Σ gs, out[1] = Σ gs² (in
 * sample order). Two samples a turn (V8 checks for interrupts at every turn of a wasm loop).
 */
export function gbtStartTree(G: usize, K: i32, k: i32, idx: usize, gs: usize, n: i32, out: usize): void {
  let sum: f64 = 0;
  let sq: f64 = 0;
  const row = <usize>K << 3;
  let g = G + (<usize>k << 3);
  let i = 0;
  for (; i + 1 < n; i += 2, g += row << 1) {
    const v = load<f64>(g);
    const w = load<f64>(g + row);
    store<i32>(idx + (<usize>i << 2), i);
    store<i32>(idx + (<usize>i << 2), i + 1, 4);
    store<f64>(gs + (<usize>i << 3), v);
    store<f64>(gs + (<usize>i << 3), w, 8);
    sum += v;
    sq += v * v;
    sum += w;
    sq += w * w;
  }
  if (i < n) {
    const v = load<f64>(g);
    store<i32>(idx + (<usize>i << 2), i);
    store<f64>(gs + (<usize>i << 3), v);
    sum += v;
    sq += v * v;
  }
  store<f64>(out, sum);
  store<f64>(out, sq, 8);
}

// The bin of sample i in the partition's feature: code[col + i], u8 or (wide) i32.
// @ts-ignore: decorator
@inline function binOf(code: usize, wide: i32, col: i32, i: i32): i32 {
  return wide ? load<i32>(code + (<usize>(col + i) << 2)) : <i32>load<u8>(code + <usize>(col + i));
}

/**
 * Stable partition of idx/gs[start, end) by code[col + i] ≤ bin (code: u8, or i32 when wide),
 * as HistGrower.partition: returns where the right part starts; out[0..3] = the left part's Σ g
 * and Σ g², the right part's (a sample enters the other side's sums as an exact 0). Two samples
 * a step, each written and summed as alone, in sample order: V8 checks for interrupts at every
 * turn of a wasm loop, and one turn per sample made the loop a quarter slower (both samples are
 * read before either is written: the writes go to positions ≤ the first's, already read).
 */
export function gbtPartition(idx: usize, gs: usize, tmpIdx: usize, tmpG: usize, code: usize, wide: i32, col: i32, start: i32, end: i32, bin: i32, out: usize): i32 {
  let l = start;
  let r = 0;
  let sL: f64 = 0;
  let qL: f64 = 0;
  let sR: f64 = 0;
  let qR: f64 = 0;
  let q = start;
  for (; q + 1 < end; q += 2) {
    const i = load<i32>(idx + (<usize>q << 2));
    const j = load<i32>(idx + (<usize>q << 2), 4);
    const v = load<f64>(gs + (<usize>q << 3));
    const w = load<f64>(gs + (<usize>q << 3), 8);
    const li = ((bin - binOf(code, wide, col, i)) >>> 31) ^ 1;
    const lj = ((bin - binOf(code, wide, col, j)) >>> 31) ^ 1;
    store<i32>(idx + (<usize>l << 2), i);
    store<f64>(gs + (<usize>l << 3), v);
    store<i32>(tmpIdx + (<usize>r << 2), i);
    store<f64>(tmpG + (<usize>r << 3), v);
    l += li;
    r += li ^ 1;
    store<i32>(idx + (<usize>l << 2), j);
    store<f64>(gs + (<usize>l << 3), w);
    store<i32>(tmpIdx + (<usize>r << 2), j);
    store<f64>(tmpG + (<usize>r << 3), w);
    l += lj;
    r += lj ^ 1;
    const vl = v * <f64>li;
    const vr = v - vl;
    sL += vl;
    qL += vl * vl;
    sR += vr;
    qR += vr * vr;
    const wl = w * <f64>lj;
    const wr = w - wl;
    sL += wl;
    qL += wl * wl;
    sR += wr;
    qR += wr * wr;
  }
  if (q < end) {
    const i = load<i32>(idx + (<usize>q << 2));
    const v = load<f64>(gs + (<usize>q << 3));
    const left = ((bin - binOf(code, wide, col, i)) >>> 31) ^ 1;
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
 * Each tree's Σ g and Σ g² over all samples, in sample order, for the K trees of a stage:
 * out[k] and out[K + k] (what gbtStartTree returns for tree k, so a tree whose root is split
 * need not be started before its root partition: gbtPartitionRoot). K = 8: the classes two a
 * lane pair, two samples a turn; else one strided pass per class.
 */
export function gbtStageSums(G: usize, K: i32, n: i32, out: usize): void {
  const row = <usize>K << 3;
  if (K == 8) {
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let s2 = f64x2.splat(0);
    let s3 = f64x2.splat(0);
    let q0 = f64x2.splat(0);
    let q1 = f64x2.splat(0);
    let q2 = f64x2.splat(0);
    let q3 = f64x2.splat(0);
    let g = G;
    const stop = G + <usize>n * row;
    for (; g < stop; g += row) {
      const a0 = v128.load(g);
      const a1 = v128.load(g, 16);
      const a2 = v128.load(g, 32);
      const a3 = v128.load(g, 48);
      s0 = f64x2.add(s0, a0);
      q0 = f64x2.add(q0, f64x2.mul(a0, a0));
      s1 = f64x2.add(s1, a1);
      q1 = f64x2.add(q1, f64x2.mul(a1, a1));
      s2 = f64x2.add(s2, a2);
      q2 = f64x2.add(q2, f64x2.mul(a2, a2));
      s3 = f64x2.add(s3, a3);
      q3 = f64x2.add(q3, f64x2.mul(a3, a3));
      g += row;
      if (g >= stop) break;
      const b0 = v128.load(g);
      const b1 = v128.load(g, 16);
      const b2 = v128.load(g, 32);
      const b3 = v128.load(g, 48);
      s0 = f64x2.add(s0, b0);
      q0 = f64x2.add(q0, f64x2.mul(b0, b0));
      s1 = f64x2.add(s1, b1);
      q1 = f64x2.add(q1, f64x2.mul(b1, b1));
      s2 = f64x2.add(s2, b2);
      q2 = f64x2.add(q2, f64x2.mul(b2, b2));
      s3 = f64x2.add(s3, b3);
      q3 = f64x2.add(q3, f64x2.mul(b3, b3));
    }
    v128.store(out, s0);
    v128.store(out, s1, 16);
    v128.store(out, s2, 32);
    v128.store(out, s3, 48);
    v128.store(out, q0, 64);
    v128.store(out, q1, 80);
    v128.store(out, q2, 96);
    v128.store(out, q3, 112);
    return;
  }
  for (let k = 0; k < K; k++) {
    let sum: f64 = 0;
    let sq: f64 = 0;
    let g = G + (<usize>k << 3);
    let i = 0;
    for (; i + 1 < n; i += 2, g += row << 1) {
      const v = load<f64>(g);
      const w = load<f64>(g + row);
      sum += v;
      sq += v * v;
      sum += w;
      sq += w * w;
    }
    if (i < n) {
      const v = load<f64>(g);
      sum += v;
      sq += v * v;
    }
    store<f64>(out + (<usize>k << 3), sum);
    store<f64>(out + (<usize>(K + k) << 3), sq);
  }
}

/**
 * A tree's start fused with its root's partition: gbtStartTree then gbtPartition(…, 0, n, …)
 * in one pass, sample i's g read from G[i·K + k] (the start's idx[i] = i, gs[i] = G[i·K + k]):
 * the same idx, gs, return and out.
 */
export function gbtPartitionRoot(G: usize, K: i32, k: i32, idx: usize, gs: usize, tmpIdx: usize, tmpG: usize, code: usize, wide: i32, col: i32, n: i32, bin: i32, out: usize): i32 {
  const row = <usize>K << 3;
  let g = G + (<usize>k << 3);
  let l = 0;
  let r = 0;
  let sL: f64 = 0;
  let qL: f64 = 0;
  let sR: f64 = 0;
  let qR: f64 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2, g += row << 1) {
    const j = i + 1;
    const v = load<f64>(g);
    const w = load<f64>(g + row);
    const li = ((bin - binOf(code, wide, col, i)) >>> 31) ^ 1;
    const lj = ((bin - binOf(code, wide, col, j)) >>> 31) ^ 1;
    store<i32>(idx + (<usize>l << 2), i);
    store<f64>(gs + (<usize>l << 3), v);
    store<i32>(tmpIdx + (<usize>r << 2), i);
    store<f64>(tmpG + (<usize>r << 3), v);
    l += li;
    r += li ^ 1;
    store<i32>(idx + (<usize>l << 2), j);
    store<f64>(gs + (<usize>l << 3), w);
    store<i32>(tmpIdx + (<usize>r << 2), j);
    store<f64>(tmpG + (<usize>r << 3), w);
    l += lj;
    r += lj ^ 1;
    const vl = v * <f64>li;
    const vr = v - vl;
    sL += vl;
    qL += vl * vl;
    sR += vr;
    qR += vr * vr;
    const wl = w * <f64>lj;
    const wr = w - wl;
    sL += wl;
    qL += wl * wl;
    sR += wr;
    qR += wr * wr;
  }
  if (i < n) {
    const v = load<f64>(g);
    const left = ((bin - binOf(code, wide, col, i)) >>> 31) ^ 1;
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
