import type { FeatureBins } from './gbt-bins.js';

// How gbt-tree.ts reads the training samples, laid out once per set of bins (DCI fits one model
// per factor on the same bins; nothing here depends on the labels or the gradients):
// - cells: feature j's bins are histogram cells [at[j], at[j + 1]); a walked feature has none;
// - a feature whose most frequent bin (its mode) holds at least half the samples (a one-hot
//   unit) is "sparse": its samples off the mode are kept per sample (sStart/sCell), whether each
//   sample is in the mode per feature (inMode, column-major), and its mode's cell (modeCell);
// - the other, dense, features' cells row-major per sample (cell[i · nd + t]);
// - a feature with more than walkAbove bins is walked: its samples in bin order (walk) and their
//   bins in that order (walkCode).

export interface GrowerLayout {
  at: Int32Array;
  H: number;
  /** Samples per cell over all training samples. */
  rootCounts: Float64Array;
  /** Per feature: its mode, −1 when not sparse; and the number of samples off it. */
  mode: Int32Array;
  restLength: Int32Array;
  /** The sparse features, and for each (by position u) its mode's cell. */
  sparse: Int32Array;
  modeCell: Int32Array;
  inMode: Uint8Array;
  sStart: Int32Array;
  sCell: Int32Array;
  /** The dense features, and each sample's cells in them. */
  dense: Int32Array;
  cell: Uint16Array | Int32Array;
  /**
   * The samples grouped by cell, ascending within a cell: cell c's are
   * cellSamples[cellStart[c], cellStart[c + 1]), for every cell of a dense feature and every
   * cell but the mode's of a sparse one (the mode's is empty: the root's is the total minus the
   * rest), for the wasm's root sums, which add a cell's samples in registers and store them once.
   */
  cellStart: Int32Array;
  cellSamples: Int32Array;
  walk: (Int32Array | null)[];
  walkCode: (Int32Array | null)[];
}

const cache = new WeakMap<FeatureBins, Map<string, GrowerLayout>>();

export function growerLayout(bins: FeatureBins, n: number, p: number, walkAbove: number): GrowerLayout {
  const key = `${n} ${p} ${walkAbove}`;
  let byKey = cache.get(bins);
  if (!byKey) cache.set(bins, (byKey = new Map()));
  let layout = byKey.get(key);
  if (!layout) byKey.set(key, (layout = build(bins, n, p, walkAbove)));
  return layout;
}

function build(bins: FeatureBins, n: number, p: number, walkAbove: number): GrowerLayout {
  const code = bins.code;
  const walk: (Int32Array | null)[] = [];
  const walkCode: (Int32Array | null)[] = [];
  const at = new Int32Array(p + 1);
  for (let j = 0; j < p; j++) {
    const B = bins.count[j];
    if (B <= walkAbove) {
      walk.push(null);
      walkCode.push(null);
    } else {
      // Counting sort by bin (ties in sample order).
      const start = new Int32Array(B + 1);
      for (let i = 0; i < n; i++) start[code[j * n + i] + 1]++;
      for (let b = 0; b < B; b++) start[b + 1] += start[b];
      const order = new Int32Array(n);
      for (let i = 0; i < n; i++) order[start[code[j * n + i]]++] = i;
      walk.push(order);
      // Read in order (sequentially) rather than through the sample number at each level.
      walkCode.push(Int32Array.from(order, (i) => code[j * n + i]));
    }
    at[j + 1] = at[j] + (walk[j] ? 0 : B);
  }
  const H = at[p];
  const rootCounts = new Float64Array(H);
  const mode = new Int32Array(p).fill(-1);
  const restLength = new Int32Array(p);
  const sparse: number[] = [];
  const dense: number[] = [];
  let entries = 0;
  for (let j = 0; j < p; j++) {
    if (walk[j]) continue;
    const col = j * n;
    const h0 = at[j];
    countCells(rootCounts, code, col, n, h0);
    let m = 0;
    for (let b = 1; b < bins.count[j]; b++) if (rootCounts[h0 + b] > rootCounts[h0 + m]) m = b;
    const off = n - rootCounts[h0 + m];
    // Worth it when at most half the samples are off the mode.
    if (off * 2 > n) {
      dense.push(j);
      continue;
    }
    mode[j] = m;
    restLength[j] = off;
    sparse.push(j);
    entries += off;
  }
  const nd = dense.length;
  const cell = H <= 65536 ? new Uint16Array(n * nd) : new Int32Array(n * nd);
  dense.forEach((j, t) => {
    for (let i = 0; i < n; i++) cell[i * nd + t] = at[j] + code[j * n + i];
  });
  const cellStart = new Int32Array(H + 1);
  for (const j of dense) for (let b = 0; b < bins.count[j]; b++) cellStart[at[j] + b + 1] = rootCounts[at[j] + b];
  for (const j of sparse) for (let b = 0; b < bins.count[j]; b++) if (b !== mode[j]) cellStart[at[j] + b + 1] = rootCounts[at[j] + b];
  for (let c = 0; c < H; c++) cellStart[c + 1] += cellStart[c];
  const cellSamples = new Int32Array(n * nd + entries);
  const put = cellStart.slice(0, H);
  for (const j of dense) listCells(cellSamples, put, code, j * n, n, at[j], -1);
  for (const j of sparse) listCells(cellSamples, put, code, j * n, n, at[j], mode[j]);
  const ns = sparse.length;
  const inMode = new Uint8Array(n * ns);
  const modeCell = new Int32Array(ns);
  sparse.forEach((j, u) => {
    modeCell[u] = at[j] + mode[j];
    for (let i = 0; i < n; i++) inMode[u * n + i] = code[j * n + i] === mode[j] ? 1 : 0;
  });
  const sStart = new Int32Array(n + 1);
  const sCell = new Int32Array(entries);
  for (const j of sparse) for (let i = 0; i < n; i++) if (code[j * n + i] !== mode[j]) sStart[i + 1]++;
  for (let i = 0; i < n; i++) sStart[i + 1] += sStart[i];
  const fill = sStart.slice(0, n);
  for (const j of sparse) {
    for (let i = 0; i < n; i++) {
      const b = code[j * n + i];
      if (b !== mode[j]) sCell[fill[i]++] = at[j] + b;
    }
  }
  return { at, H, rootCounts, mode, restLength, sparse: Int32Array.from(sparse), modeCell, inMode, sStart, sCell, dense: Int32Array.from(dense), cell, cellStart, cellSamples, walk, walkCode };
}

// The hot loops of build as functions of their own: called once per feature, V8 optimizes them
// within the first layout, where the loops inside build ran unoptimized for several calls.

/** counts[h0 + b] += 1 for each sample's bin b = code[col + i]. */
function countCells(counts: Float64Array, code: Uint8Array | Int32Array, col: number, n: number, h0: number): void {
  for (let i = 0; i < n; i++) counts[h0 + code[col + i]]++;
}

/** Appends each sample i (ascending) to its cell's list, at put[h0 + b]++, unless its bin b is `skip`. */
function listCells(samples: Int32Array, put: Int32Array, code: Uint8Array | Int32Array, col: number, n: number, h0: number, skip: number): void {
  for (let i = 0; i < n; i++) {
    const b = code[col + i];
    if (b !== skip) samples[put[h0 + b]++] = i;
  }
}
