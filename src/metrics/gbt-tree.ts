import type { Rng } from '../base/prng.js';
import type { FeatureBins } from './gbt-bins.js';
import { growerLayout } from './gbt-layout.js';
import { addModes, addNode, rootDense, rootSparse, walkFeature } from './gbt-loops.js';
import type { StageMemory } from './gbt-wasm.js';

// One regression tree of gbt.ts on the negative gradients g, grown level by level from
// histograms: per node and feature, the count and sum of g in each bin (gbt-bins.ts), from which
// every threshold between two bins is scored with sklearn's friedman_mse proxy. Work per tree:
// - the samples are kept grouped by node (idx, stably partitioned at each split, so each node's
//   samples stay in ascending order and its feature columns are read forward);
// - of two siblings only the smaller's histogram is counted; the larger's is the parent's minus
//   it (histogram subtraction);
// - the root's counts are the same for every tree (computed once); its sums are counted for all
//   K trees of a stage in one pass (stage(): the trees share the samples, only g differs);
// - a feature whose most frequent bin holds most samples (a one-hot unit) is read only off that
//   bin: the mode's cell is the node's total minus the other cells. Those off-mode entries are
//   kept per sample (a sparse row), so a node reads only its own samples' entries. Below the
//   root, when the samples counted at a level are no more than a feature's off-mode samples,
//   its mode cell is instead summed directly: the rule the sums were first written with, kept
//   because the two ways round differently, and the gbt's splits of nodes whose gains are all
//   near zero follow the rounding (switching moved D by 0.001 on bench/dci.ts's WTA code);
// - a node is read sample by sample (its dense features' cells stored row-major), which spreads
//   consecutive adds over different cells;
// - the samples' layout (gbt-layout.ts) is built once per set of bins, for all factors;
// - a split whose children are at the maximum depth is not partitioned: its two leaves' values
//   come from one pass over its samples (pairs, gbt-stage.ts);
// - with the fit's arrays in the gbt's wasm module (mem, gbt-wasm.ts) the loops over samples
//   and cells run there, on the same arrays (the TypeScript reads them as views), with the same
//   float operations in the same order.
// Splits and importances are those of an exact search over the bins' edges; sums are added in
// another order than sklearn's, so gains differ by rounding (~1e-16 relative).
// A feature with more than WALK_ABOVE bins (a raw continuous unit under exact splits: one bin
// per distinct value) is not histogrammed — its histograms would be as large as the data, and
// filling and subtracting them cost more than the samples — but walked: per level, one pass over
// its samples in value order (sorted once) scores every node's thresholds at once.

export interface GbtTree {
  feature: Int32Array; // −1: leaf
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

/** float64 machine epsilon: sklearn's EPSILON (a node this pure is a leaf). */
const EPSILON = 2.220446049250313e-16;
/** Gains of different features equal within this (relative) are ties, drawn with the seeded stream. */
const TIE = 1e-9;
/** Features with more bins than this are walked in sorted order rather than histogrammed (default). */
export const WALK_ABOVE = 256;

interface Node {
  id: number; // tree node id
  start: number; // its samples: idx[start, end)
  end: number;
  /**
   * Its histogram once known: per cell c the sum of g at 2c and the count at 2c + 1 (side by
   * side, so the wasm adds a sample's (g, 1) to a cell in one f64x2 add).
   */
  hist: Float64Array | null;
  /** The parent's histogram (the two children of a split are consecutive in a level). */
  parentHist: Float64Array | null;
  /** Sum of g and of g² over its samples. */
  sum: number;
  sq: number;
}

export class HistGrower {
  /** After grow(): the samples grouped by leaf, leaf t's (ascending) in order[start[t], end[t]). */
  readonly order: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /**
   * After grow(): the splits whose two children are leaves at the maximum depth, six numbers
   * each: the parent's samples order[start, end), the feature and the bin (≤ bin: left), and the
   * left and right leaves' ids (their start is −1: they have no range of their own).
   */
  readonly pairs: number[] = [];
  // In the fit's wasm memory when it has one (mem): the wasm's loops then read them in place.
  private readonly idx: Int32Array;
  private readonly tmpIdx: Int32Array;
  private readonly gs: Float64Array; // g in idx order
  private readonly tmpG: Float64Array;
  private readonly slotOf: Int32Array; // open node of each sample in walkLevel, −1: none
  private readonly at: Int32Array; // feature j's cells: [at[j], at[j + 1])
  private readonly H: number;
  private readonly rootCounts: Float64Array;
  private readonly mode: Int32Array; // per feature: its most frequent bin, −1 when read densely
  private readonly restLength: Int32Array; // per feature with a mode: its samples off the mode
  /** The features with a mode, and whether each (by feature) is read sparsely at the current level. */
  private readonly sparse: Int32Array;
  private readonly now: Uint8Array;
  /** The dense features (neither walked nor with a mode), and each sample's cells in them: cell[i · nd + t]. */
  private readonly dense: Int32Array;
  private readonly cell: Uint16Array | Int32Array;
  /** Off-mode entries, sample by sample: sample i's cells are sCell[sStart[i], sStart[i + 1]). */
  private readonly sStart: Int32Array;
  private readonly sCell: Int32Array;
  /** Whether each sample is in each sparse feature's mode, column-major (inMode[u · n + i]), and the mode cells. */
  private readonly inMode: Uint8Array;
  private readonly modeCell: Int32Array;
  private readonly denseNow: Int32Array; // positions u (in sparse) whose mode cell is summed directly at the current level
  /** The stage's root sums, K per cell: rootSums[c · rootK + k] (stage()). */
  private rootSums: Float64Array = new Float64Array(0);
  private rootK = 0;
  private readonly pool: Float64Array[] = [];
  /** The stage's gradients and the tree grown (grow()). */
  private G: Float64Array = new Float64Array(0);
  private k = 0;
  /** Per feature: its samples in bin order when walked, else null. */
  private readonly walk: readonly (Int32Array | null)[];
  /** Whether any feature is walked (looked up once: walkLevel runs at every level of every tree). */
  private readonly walks: boolean;
  /** Per walked feature: the bins in that order, and g in that order (gathered per tree). */
  private readonly walkCode: readonly (Int32Array | null)[];
  private readonly walkG: (Float64Array | null)[];
  /** Per walked feature and open node of the level (t · p + j): best proxy, its bin and the next bin. */
  private wBest = new Float64Array(0);
  private wBin = new Int32Array(0);
  private wNext = new Int32Array(0);

  constructor(
    private readonly bins: FeatureBins,
    private readonly n: number,
    private readonly p: number,
    private readonly maxDepth: number,
    private readonly rng: Rng,
    private readonly importance: Float64Array,
    walkAbove = WALK_ABOVE,
    /**
     * The fit's arrays in the gbt's wasm module (gbt-wasm.ts), or null: with them the root sums,
     * a tree's start, its histograms and partitions run in wasm (the same numbers).
     */
    private readonly mem: StageMemory | null = null,
  ) {
    this.idx = mem?.idx ?? new Int32Array(n);
    this.order = this.idx;
    // Node ids run to at most 2^(depth+1) − 1, and 2n − 1.
    this.start = new Int32Array(Math.min(2 ** (maxDepth + 1), 2 * n));
    this.end = new Int32Array(this.start.length);
    this.tmpIdx = mem?.tmpIdx ?? new Int32Array(n);
    this.gs = mem?.gs ?? new Float64Array(n);
    this.tmpG = mem?.tmpG ?? new Float64Array(n);
    this.slotOf = mem?.slotOf ?? new Int32Array(n).fill(-1);
    // What depends on the bins only is laid out once per bins (DCI fits one model per factor on them).
    const L = growerLayout(bins, n, p, walkAbove);
    this.at = L.at;
    this.H = L.H;
    this.rootCounts = L.rootCounts;
    this.mode = L.mode;
    this.restLength = L.restLength;
    this.sparse = L.sparse;
    this.dense = L.dense;
    this.cell = L.cell;
    this.sStart = L.sStart;
    this.sCell = L.sCell;
    this.inMode = mem?.inMode ?? L.inMode;
    this.modeCell = mem?.modeCell ?? L.modeCell;
    this.walk = mem?.walk ?? L.walk;
    this.walks = this.walk.some(Boolean);
    this.walkCode = mem?.walkCode ?? L.walkCode;
    this.walkG = mem?.walkG ?? L.walk.map((order) => (order ? new Float64Array(n) : null));
    this.now = new Uint8Array(p);
    this.denseNow = mem?.denseNow ?? new Int32Array(this.sparse.length);
    if (mem) this.pool.push(...mem.pool);
  }

  /**
   * The root sums of the K trees of a stage, in one pass over the samples: G[i · K + k] is
   * sample i's gradient for tree k (grow(G, K, k) then uses them).
   */
  stage(G: Float64Array, K: number): void {
    const { n, H, mem } = this;
    this.rootK = K;
    if (mem && G === mem.G) {
      const { ex, hK } = mem;
      // Each tree's Σ g and Σ g² (in sample order, as a tree's start sums them): a tree whose
      // root is split then starts in its root's partition (grow, startRoot).
      ex.gbtStageSums(G.byteOffset, K, n, mem.stageSums.byteOffset);
      this.rootHasSums = true;
      this.rootSums = hK.fill(0);
      // K = 8: every cell's sums from its own samples in registers, the sparse features' off-mode
      // cells too (each cell gets its samples in ascending order either way: the same sums).
      if (K === 8) {
        ex.gbtRootDense8(hK.byteOffset, mem.cellStart.byteOffset, mem.cellSamples.byteOffset, H, G.byteOffset);
        return;
      }
      ex.gbtRootDense(hK.byteOffset, K, mem.cell.byteOffset, this.dense.length, G.byteOffset, n);
      ex.gbtRootSparse(hK.byteOffset, K, mem.sStart.byteOffset, mem.sCell.byteOffset, G.byteOffset, n);
      return;
    }
    this.rootHasSums = false;
    if (this.rootSums.length !== H * K || this.rootSums === mem?.hK) this.rootSums = new Float64Array(H * K);
    else this.rootSums.fill(0);
    rootDense(this.rootSums, K, this.cell, this.dense.length, G, n);
    rootSparse(this.rootSums, K, this.sStart, this.sCell, G, n);
  }

  /** Whether stage() has summed each tree's g and g² (mem.stageSums). */
  private rootHasSums = false;
  /** Whether the tree being grown has not been started yet (idx, gs: its root's partition starts it). */
  private unstarted = false;

  /**
   * Starts the tree being grown if its root's partition has not (idx[i] = i, gs[i] its g): for
   * a root that is a leaf or not partitioned, and before a walk reads the root's samples.
   */
  private startRoot(): void {
    if (!this.unstarted) return;
    this.unstarted = false;
    const mem = this.mem!;
    mem.ex.gbtStartTree(this.G.byteOffset, this.rootK, this.k, this.idx.byteOffset, this.gs.byteOffset, this.n, mem.out.byteOffset);
  }

  /** The root's histogram for tree k of the stage (sum: the sum of its g over all samples). */
  private rootHist(k: number, sum: number): Float64Array {
    const { H, at, rootK: K, rootSums } = this;
    const h = this.buffer(false); // every cell is written below
    const mem = this.mem;
    if (mem && rootSums === mem.hK && h.buffer === mem.ex.memory.buffer) mem.ex.gbtRootHist(h.byteOffset, rootSums.byteOffset, K, k, mem.rootCounts.byteOffset, H);
    else {
      for (let c = 0; c < H; c++) {
        h[2 * c] = rootSums[c * K + k];
        h[2 * c + 1] = this.rootCounts[c];
      }
    }
    // The mode's cell of a sparse feature: the total minus the other cells (added in cell order).
    for (const j of this.sparse) {
      const mode = at[j] + this.mode[j];
      let s = 0;
      for (let c = at[j]; c < at[j + 1]; c++) if (c !== mode) s += h[2 * c];
      h[2 * mode] = sum - s;
    }
    return h;
  }

  /** A histogram buffer from the pool, zeroed unless `zero` is false (the caller writes every cell). */
  private buffer(zero = true): Float64Array {
    const h = this.pool.pop() ?? new Float64Array(2 * this.H);
    if (zero) h.fill(0);
    return h;
  }

  private levelSum = new Float64Array(0);
  private levelFeature = new Int32Array(0);
  private levelBin = new Int32Array(0);
  private levelGain = new Float64Array(0);
  private levelTh = new Float64Array(0);

  /** After grow(): the gradients of the samples in `order`'s order. */
  get sortedG(): Float64Array {
    return this.gs;
  }

  /**
   * Grows tree k of the stage on its gradients G[i · K + k] (the stage's, as given to stage(),
   * which has summed its root). Read from G in place: the one pass that starts the tree.
   */
  grow(G: Float64Array, K: number, k: number): GbtTree {
    const { n, idx, gs } = this;
    if (K !== this.rootK) throw new Error(`gbt: grow(…, K = ${K}) without stage(…, ${K})`);
    this.G = G;
    this.k = k;
    this.pairs.length = 0;
    const feature: number[] = [-1];
    const threshold: number[] = [0];
    const left: number[] = [-1];
    const right: number[] = [-1];
    let sum0 = 0;
    let sq0 = 0;
    const mem = this.mem;
    this.unstarted = false;
    if (mem && G === mem.G && this.rootHasSums) {
      // The sums a start would give (stage()); the start itself is fused with the root's
      // partition (partition), or done when something reads the root's samples (startRoot).
      sum0 = mem.stageSums[k];
      sq0 = mem.stageSums[K + k];
      this.unstarted = true;
    } else if (mem && G === mem.G) {
      mem.ex.gbtStartTree(G.byteOffset, K, k, idx.byteOffset, gs.byteOffset, n, mem.out.byteOffset);
      sum0 = mem.out[0];
      sq0 = mem.out[1];
    } else {
      for (let i = 0, q = k; i < n; i++, q += K) {
        const v = G[q];
        idx[i] = i;
        gs[i] = v;
        sum0 += v;
        sq0 += v * v;
      }
    }
    let level: Node[] = [{ id: 0, start: 0, end: n, hist: null, parentHist: null, sum: sum0, sq: sq0 }];
    for (let depth = 0; level.length > 0; depth++) {
      const L = level.length;
      // A level's per-node arrays, kept across levels and trees (indices < L used).
      if (this.levelSum.length < L) {
        this.levelSum = new Float64Array(L);
        this.levelFeature = new Int32Array(L);
        this.levelBin = new Int32Array(L);
        this.levelGain = new Float64Array(L);
        this.levelTh = new Float64Array(L);
      }
      const { levelSum: sum, levelFeature: bestFeature, levelBin: bestBin, levelGain: bestGain, levelTh: bestTh } = this;
      bestFeature.fill(-1, 0, L);
      // Leaves: too deep, too small, or pure (sklearn: impurity ≤ EPSILON).
      const open = level.map((node, t) => {
        sum[t] = node.sum;
        const m = node.end - node.start;
        return depth < this.maxDepth && m >= 2 && node.sq / m - (node.sum / m) ** 2 > EPSILON;
      });
      this.histograms(level, open, sum, k);
      this.walkLevel(level, open, sum);
      level.forEach((node, t) => {
        if (open[t]) this.bestSplit(node, sum[t], t, bestFeature, bestBin, bestGain, bestTh);
      });
      // Split the nodes that found a split (stable partition of their samples); the rest are leaves.
      const next: Node[] = [];
      level.forEach((node, t) => {
        const j = bestFeature[t];
        if (j < 0) {
          this.start[node.id] = node.start;
          this.end[node.id] = node.end;
          if (node.hist) this.pool.push(node.hist);
          return;
        }
        this.importance[j] += bestGain[t] / (node.end - node.start);
        feature[node.id] = j;
        threshold[node.id] = bestTh[t];
        const a = feature.length;
        for (let k = 0; k < 2; k++) {
          feature.push(-1);
          threshold.push(0);
          left.push(-1);
          right.push(-1);
        }
        left[node.id] = a;
        right[node.id] = a + 1;
        if (depth + 1 >= this.maxDepth) {
          // Both children are leaves (too deep to split): their samples are not partitioned but
          // stay in the parent's range, told apart by the split when the leaf values are set
          // (pairs; the same sums in the same order, one pass over the samples fewer).
          this.start[a] = this.start[a + 1] = -1;
          this.pairs.push(node.start, node.end, j, bestBin[t], a, a + 1);
          if (node.hist) this.pool.push(node.hist);
          return;
        }
        const [mid, sL, qL, sR, qR] = this.partition(node, j, bestBin[t]);
        next.push(
          { id: a, start: node.start, end: mid, hist: null, parentHist: node.hist, sum: sL, sq: qL },
          { id: a + 1, start: mid, end: node.end, hist: null, parentHist: node.hist, sum: sR, sq: qR },
        );
      });
      level = next;
    }
    this.startRoot();
    return this.treeArrays(feature, threshold, left, right);
  }

  /** Tree arrays are carved from shared blocks of this size (bytes). */
  private static readonly BLOCK = 1 << 16;
  private block = new ArrayBuffer(0);
  private used = 0;

  /**
   * The grown tree's typed arrays, views of a block shared with the trees grown before it: one
   * memory block per few hundred trees instead of five per tree (a fit grows thousands, and
   * their allocation and collection showed in the profiles, not measured apart). A block lives as
   * long as any tree in it.
   */
  private treeArrays(feature: number[], threshold: number[], left: number[], right: number[]): GbtTree {
    const m = feature.length;
    const bytes = 8 * m * 2 + 4 * m * 3 + 8;
    if (this.used + bytes > this.block.byteLength) {
      this.block = new ArrayBuffer(Math.max(HistGrower.BLOCK, bytes));
      this.used = 0;
    }
    const f64 = (length: number) => {
      const v = new Float64Array(this.block, this.used, length);
      this.used += 8 * length;
      return v;
    };
    const i32 = (from: number[]) => {
      const v = new Int32Array(this.block, this.used, from.length);
      v.set(from);
      this.used += 4 * from.length;
      return v;
    };
    const t = f64(m);
    t.set(threshold);
    const value = f64(m);
    const tree = { feature: i32(feature), threshold: t, left: i32(left), right: i32(right), value };
    this.used = (this.used + 7) & ~7; // the next block's Float64Arrays aligned
    return tree;
  }

  /**
   * Sets node.hist for every open node of the level: the root counted; of two siblings the
   * smaller counted and the larger the parent's histogram minus it. Frees what is not needed.
   */
  private histograms(level: Node[], open: boolean[], sum: Float64Array, k: number): void {
    const build: number[] = [];
    const derive: [number, number][] = []; // [larger, smaller]: larger = parent − smaller
    if (level[0].id === 0) {
      if (open[0]) level[0].hist = this.rootHist(k, sum[0]);
      return;
    }
    for (let t = 0; t < level.length; t += 2) {
      const parent = level[t].parentHist!;
      level[t].parentHist = level[t + 1].parentHist = null;
      if (!open[t] && !open[t + 1]) {
        this.pool.push(parent);
        continue;
      }
      const [small, large] = level[t].end - level[t].start <= level[t + 1].end - level[t + 1].start ? [t, t + 1] : [t + 1, t];
      build.push(small);
      if (open[large]) {
        level[large].hist = parent;
        derive.push([large, small]);
      } else this.pool.push(parent);
    }
    if (build.length === 0) return;
    const nodes = build.map((t) => level[t]);
    for (const node of nodes) node.hist = this.buffer();
    this.count(nodes, build.map((t) => sum[t]));
    const wasm = this.mem?.ex;
    for (const [large, small] of derive) {
      const h = level[large].hist!;
      const s = level[small].hist!;
      if (wasm && h.buffer === wasm.memory.buffer && s.buffer === h.buffer) wasm.gbtSubtract(h.byteOffset, s.byteOffset, h.length);
      else for (let c = 0; c < h.length; c++) h[c] -= s[c];
    }
    for (const t of build) {
      if (open[t]) continue;
      this.pool.push(level[t].hist!);
      level[t].hist = null;
    }
  }

  /** Counts the histograms of `nodes` (not the root) from their samples (sums[s]: the sum of g in nodes[s]). */
  private count(nodes: Node[], sums: number[]): void {
    const { idx, gs, H, at, now, sparse, denseNow } = this;
    const nd = this.dense.length;
    let total = 0;
    for (const node of nodes) total += node.end - node.start;
    // The mode's cell of a feature with a mode is its node's total minus the other cells when
    // its off-mode samples are fewer than the samples counted, else summed sample by sample
    // (the rule these sums have always followed: the two differ in the last bits). The other
    // cells and all counts (whole numbers) come from the off-mode entries either way.
    let m = 0;
    for (let u = 0; u < sparse.length; u++) {
      const j = sparse[u];
      now[j] = this.restLength[j] < total ? 1 : 0;
      if (now[j] === 0) denseNow[m++] = u;
    }
    for (let s = 0; s < nodes.length; s++) {
      const node = nodes[s];
      const h = node.hist!;
      const mem = this.mem;
      if (mem && h.buffer === mem.ex.memory.buffer) {
        const { ex } = mem;
        ex.gbtAddNode(h.byteOffset, H, idx.byteOffset, gs.byteOffset, node.start, node.end, mem.cell.byteOffset, nd, mem.sStart.byteOffset, mem.sCell.byteOffset);
        if (m > 0) ex.gbtAddModes(h.byteOffset, idx.byteOffset, gs.byteOffset, node.start, node.end, this.inMode.byteOffset, this.n, denseNow.byteOffset, m, this.modeCell.byteOffset);
      } else {
        addNode(h, H, idx, gs, node.start, node.end, this.cell, nd, this.sStart, this.sCell);
        if (m > 0) addModes(h, idx, gs, node.start, node.end, this.inMode, this.n, denseNow, m, this.modeCell);
      }
      for (const j of sparse) {
        const mode = at[j] + this.mode[j];
        let cnt = 0;
        let sum = 0;
        for (let c = at[j]; c < at[j + 1]; c++) {
          if (c === mode) continue;
          cnt += h[2 * c + 1];
          sum += h[2 * c];
        }
        if (now[j] === 1) h[2 * mode] = sums[s] - sum; // (the others added in cell order)
        h[2 * mode + 1] = node.end - node.start - cnt;
      }
    }
  }

  /** The best threshold of every walked feature for every open node of the level (wBest, wBin, wNext). */
  private walkLevel(level: Node[], open: boolean[], sum: Float64Array): void {
    const { n, p, idx, G, rootK: K, k, slotOf } = this;
    if (!this.walks || !open.some(Boolean)) return;
    this.startRoot();
    const L = level.length;
    if (this.wBest.length < L * p) {
      this.wBest = new Float64Array(L * p);
      this.wBin = new Int32Array(L * p);
      this.wNext = new Int32Array(L * p);
    }
    // In the fit's wasm memory (mem): the wasm walks there, with the same numbers.
    const mem = this.mem && G === this.mem.G && L <= this.mem.wi[0].length ? this.mem : null;
    const [m, sums, nL, sL, best] = mem ? mem.wf : [new Float64Array(L), sum, new Float64Array(L), new Float64Array(L), new Float64Array(L)];
    const [last, bin, next] = mem ? mem.wi : [new Int32Array(L), new Int32Array(L), new Int32Array(L)];
    if (mem) sums.set(sum.subarray(0, L));
    level.forEach((node, t) => {
      m[t] = node.end - node.start;
      if (open[t]) for (let r = node.start; r < node.end; r++) slotOf[idx[r]] = t;
    });
    for (let j = 0; j < p; j++) {
      const order = this.walk[j];
      if (!order) continue;
      const gj = this.walkG[j]!;
      if (mem) {
        const { ex } = mem;
        if (level[0].id === 0) ex.gbtGather(gj.byteOffset, order.byteOffset, G.byteOffset, K, k, n);
        ex.gbtWalkFeature(order.byteOffset, this.walkCode[j]!.byteOffset, gj.byteOffset, slotOf.byteOffset, n, L, m.byteOffset, sums.byteOffset, nL.byteOffset, sL.byteOffset, last.byteOffset, best.byteOffset, bin.byteOffset, next.byteOffset);
        for (let t = 0; t < L; t++) {
          this.wBest[t * p + j] = best[t];
          this.wBin[t * p + j] = bin[t];
          this.wNext[t * p + j] = next[t];
        }
        continue;
      }
      nL.fill(0);
      sL.fill(0);
      last.fill(-1);
      best.fill(-1);
      bin.fill(-1);
      if (level[0].id === 0) for (let q = 0; q < n; q++) gj[q] = G[order[q] * K + k];
      walkFeature(order, this.walkCode[j]!, gj, slotOf, m, sum, nL, sL, last, best, bin, next);
      for (let t = 0; t < L; t++) {
        this.wBest[t * p + j] = best[t];
        this.wBin[t * p + j] = bin[t];
        this.wNext[t * p + j] = next[t];
      }
    }
    for (const node of level) for (let r = node.start; r < node.end; r++) slotOf[idx[r]] = -1;
  }

  private bestSplit(node: Node, sum: number, t: number, bestFeature: Int32Array, bestBin: Int32Array, bestGain: Float64Array, bestTh: Float64Array): void {
    const { p, H, at, bins } = this;
    const h = node.hist!;
    const m = node.end - node.start;
    let ties = 0;
    // The scan of each feature's cells in the wasm module when the histogram is there (the same numbers).
    const mem = this.mem && h.buffer === this.mem.ex.memory.buffer ? this.mem : null;
    if (mem) mem.ex.gbtScan(h.byteOffset, mem.at.byteOffset, p, m, sum, mem.scanBest.byteOffset, mem.scanBin.byteOffset, mem.scanNext.byteOffset);
    for (let j = 0; j < p; j++) {
      const off = bins.offset[j];
      let nL = 0;
      let sL = 0;
      let prev = -1;
      let fBest = -1;
      let fBin = -1;
      let fNext = -1;
      if (mem && !this.walk[j]) {
        fBest = mem.scanBest[j];
        fBin = mem.scanBin[j];
        fNext = mem.scanNext[j];
      } else if (this.walk[j]) {
        fBest = this.wBest[t * p + j];
        fBin = this.wBin[t * p + j];
        fNext = this.wNext[t * p + j];
      } else for (let c = at[j]; c < at[j + 1]; c++) {
        const cnt = h[2 * c + 1];
        if (cnt === 0) continue;
        const b = c - at[j];
        if (prev >= 0) {
          // Left = the node's samples in bins ≤ prev, right = the rest.
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
        sL += h[2 * c];
        prev = b;
      }
      if (fBin < 0) continue;
      // Across features: near-equal gains are tied, one drawn with the seeded stream.
      if (bestFeature[t] < 0 || fBest > bestGain[t] * (1 + TIE)) {
        bestGain[t] = fBest;
        ties = 1;
      } else if (!(fBest >= bestGain[t] * (1 - TIE) && this.rng.int(++ties) === 0)) continue;
      bestFeature[t] = j;
      bestBin[t] = fBin;
      // sklearn's threshold: midway between the largest value going left and the smallest going right.
      const lo = bins.hi[off + fBin];
      const hi = bins.lo[off + fNext];
      let th = lo / 2 + hi / 2;
      if (th === hi || !Number.isFinite(th)) th = lo;
      bestTh[t] = th;
    }
  }

  /**
   * Stable partition of the node's samples (and their g) by bin ≤ bin. Returns where the right
   * part starts and each part's sum of g and of g² (summed in sample order, as a pass over the
   * child would: the same numbers).
   */
  private partition(node: Node, j: number, bin: number): [number, number, number, number, number] {
    const { idx, gs, tmpIdx, tmpG, mem } = this;
    const code = this.bins.code;
    const col = j * this.n;
    if (mem && this.unstarted) {
      // The root (the tree not started yet): its start and partition in one pass over G.
      this.unstarted = false;
      const c = mem.code;
      const mid = mem.ex.gbtPartitionRoot(this.G.byteOffset, this.rootK, this.k, idx.byteOffset, gs.byteOffset, tmpIdx.byteOffset, tmpG.byteOffset, c.byteOffset, c instanceof Int32Array ? 1 : 0, col, this.n, bin, mem.out.byteOffset);
      const out = mem.out;
      return [mid, out[0], out[1], out[2], out[3]];
    }
    if (mem) {
      const c = mem.code;
      const mid = mem.ex.gbtPartition(idx.byteOffset, gs.byteOffset, tmpIdx.byteOffset, tmpG.byteOffset, c.byteOffset, c instanceof Int32Array ? 1 : 0, col, node.start, node.end, bin, mem.out.byteOffset);
      const out = mem.out;
      return [mid, out[0], out[1], out[2], out[3]];
    }
    let l = node.start;
    let r = 0;
    let sL = 0;
    let qL = 0;
    let sR = 0;
    let qR = 0;
    for (let q = node.start; q < node.end; q++) {
      const i = idx[q];
      const v = gs[q];
      // Branch-free (the side is a coin flip to the branch predictor): written to both sides,
      // kept on one; a sample's v enters the other side's sums as an exact 0.
      const left = ((bin - code[col + i]) >>> 31) ^ 1;
      idx[l] = i;
      gs[l] = v;
      tmpIdx[r] = i;
      tmpG[r] = v;
      l += left;
      r += left ^ 1;
      const vl = v * left;
      const vr = v - vl;
      sL += vl;
      qL += vl * vl;
      sR += vr;
      qR += vr * vr;
    }
    for (let q = 0; q < r; q++) {
      idx[l + q] = tmpIdx[q];
      gs[l + q] = tmpG[q];
    }
    return [l, sL, qL, sR, qR];
  }
}
