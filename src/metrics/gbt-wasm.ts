import { GBT_WASM_BASE64 } from './gbt-wasm-bytes.js';
import type { GrowerLayout } from './gbt-layout.js';

// The gbt's stage loops in WebAssembly (assembly/gbt.ts): the gradients (exp per sample and
// class, fdlibm's exp as V8's Math.exp) and the root sums of a stage's K trees (f64x2 adds). A
// module of its own, apart from the training kernels (src/kernels/): it owns its memory and
// holds only the arrays of the fit under way. It is an accelerator, not a requirement: where it
// cannot be compiled (an edge runtime that forbids compiling wasm from bytes, a browser main
// thread's limit on synchronous compiles) the TypeScript twins run instead, with the same bits
// (test/metrics/gbt-wasm.test.ts).

export interface GbtExports {
  /** The module's WebAssembly.Memory, typed by what is used: the published types need no WebAssembly lib. */
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  gbtHeapBase(): number;
  gbtGradients(raw: number, G: number, Y: number, n: number, K: number): void;
  gbtRootDense(hK: number, K: number, cell: number, nd: number, G: number, n: number): void;
  gbtRootSparse(hK: number, K: number, sStart: number, sCell: number, G: number, n: number): void;
  gbtStartTree(G: number, K: number, k: number, idx: number, gs: number, n: number, out: number): void;
  gbtStageSums(G: number, K: number, n: number, out: number): void;
  gbtPartitionRoot(G: number, K: number, k: number, idx: number, gs: number, tmpIdx: number, tmpG: number, code: number, wide: number, col: number, n: number, bin: number, out: number): number;
  gbtPartition(idx: number, gs: number, tmpIdx: number, tmpG: number, code: number, wide: number, col: number, start: number, end: number, bin: number, out: number): number;
  gbtAddNode(h: number, H: number, idx: number, gs: number, start: number, end: number, cell: number, nd: number, sStart: number, sCell: number): void;
  gbtAddModes(h: number, idx: number, gs: number, start: number, end: number, inMode: number, n: number, list: number, m: number, modeCell: number): void;
  gbtLeaf(order: number, gs: number, Y: number, raw: number, start: number, end: number, K: number, k: number, lr: number): number;
  gbtRootHist(h: number, hK: number, K: number, k: number, counts: number, H: number): void;
  gbtSubtract(h: number, s: number, length: number): void;
  gbtGather(out: number, order: number, G: number, K: number, k: number, n: number): void;
  gbtWalkFeature(order: number, code: number, g: number, slotOf: number, n: number, L: number, m: number, sum: number, nL: number, sL: number, last: number, best: number, bin: number, next: number): void;
  gbtScan(h: number, at: number, p: number, m: number, sum: number, best: number, bin: number, next: number): void;
  gbtLeafPair(order: number, gs: number, Y: number, raw: number, start: number, end: number, K: number, k: number, lr: number, code: number, wide: number, col: number, bin: number, out: number): void;
  gbtRootDense8(hK: number, start: number, samples: number, H: number, G: number): void;
  gbtPredict(xs: number, rows: number, raw: number, K: number, lr: number, nodes: number, treeStart: number, most: number, trees: number, narrow: boolean): void;
  gbtExp(x: number): number;
  gbtExp2(x: number, y: number, out: number): void;
}

/** undefined: not tried yet; null: cannot be compiled here. */
let instance: GbtExports | null | undefined;
let enabled = true;

/** The module, compiled on first use; null where wasm is unavailable or switched off (useGbtWasm). */
export function gbtWasm(): GbtExports | null {
  if (!enabled) return null;
  if (instance === undefined) {
    try {
      const bin = atob(GBT_WASM_BASE64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as GbtExports;
    } catch {
      instance = null;
    }
  }
  return instance;
}

/**
 * Compiles the module asynchronously (ready() in the package root awaits it): a browser's main
 * thread compiles only small modules synchronously, so there gbtWasm() alone would fall back to
 * the TypeScript twins. Never throws; where wasm cannot be compiled the twins stay in use.
 */
export async function gbtWasmReady(): Promise<void> {
  if (instance) return;
  try {
    const bin = atob(GBT_WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const made = await WebAssembly.instantiate(await WebAssembly.compile(bytes), {});
    instance ??= made.exports as unknown as GbtExports;
  } catch {
    instance ??= null;
  }
}

/** Switches the module off (false) or on again: the tests compare it with the TypeScript twins. */
export function useGbtWasm(on: boolean): void {
  enabled = on;
}

/**
 * A fit's arrays in the module's memory: typed-array views for the TypeScript code (which
 * reads and writes them as its own) and their byte offsets (view.byteOffset) for the wasm. Laid
 * out once per fit from the module's heap base (fits run one at a time; the next fit's layout
 * replaces this one), the memory grown before any view is taken, so the views stay valid for
 * the whole fit.
 */
export interface StageMemory {
  ex: GbtExports;
  /** The stage's scores, gradients and one-hot labels (n × K each), and its root sums (K per cell). */
  raw: Float64Array;
  G: Float64Array;
  Y: Float64Array;
  hK: Float64Array;
  /** The grower's samples grouped by node, their gradients, and the partition's scratch. */
  idx: Int32Array;
  gs: Float64Array;
  tmpIdx: Int32Array;
  tmpG: Float64Array;
  /** Copies of the layout's root counts, cells, off-mode entries and mode flags, and of the bins' codes. */
  rootCounts: Float64Array;
  cell: Uint16Array;
  sStart: Int32Array;
  sCell: Int32Array;
  inMode: Uint8Array;
  modeCell: Int32Array;
  code: Uint8Array | Int32Array;
  /** Scratch: the sparse features whose mode cells are summed directly, and four sums out of the wasm. */
  denseNow: Int32Array;
  out: Float64Array;
  /** Histogram buffers (2H each), as many as a tree of the fit's depth holds at once. */
  pool: Float64Array[];
  /** Walked features (gbt-tree.ts): copies of their samples and bins in value order, their gradients in that order, each sample's open node. */
  walk: (Int32Array | null)[];
  walkCode: (Int32Array | null)[];
  walkG: (Float64Array | null)[];
  slotOf: Int32Array;
  /** A level's per-node walk state (as many nodes as the widest level): m, sum, nL, sL, best; last, bin, next. */
  wf: Float64Array[];
  wi: Int32Array[];
  /** The layout's cell ranges per feature, and a node's per-feature best threshold (gbtScan): proxy; bin, next bin. */
  at: Int32Array;
  scanBest: Float64Array;
  scanBin: Int32Array;
  scanNext: Int32Array;
  /** Copies of the layout's samples grouped by cell (gbtRootDense8). */
  cellStart: Int32Array;
  cellSamples: Int32Array;
  /** Each tree of the stage's Σ g (at k) and Σ g² (at K + k), in sample order (gbtStageSums). */
  stageSums: Float64Array;
}

/**
 * The arrays of a fit with n samples, K trees per stage and trees of depth `depth` on `layout`
 * (of `code`, the bins' codes), or null when the wasm cannot serve it.
 */
export function stageMemory(n: number, K: number, layout: GrowerLayout, code: Uint8Array | Int32Array, depth: number): StageMemory | null {
  const ex = gbtWasm();
  // The wasm reads 16-bit cells (every layout with at most 65 536 cells); the histograms a tree
  // holds at once are at most one per node of its widest open level, and the parents'.
  const hists = 2 ** Math.max(0, depth - 1) + 2;
  if (!ex || !(layout.cell instanceof Uint16Array) || depth > 12) return null;
  const ns = layout.sparse.length;
  const p = layout.walk.length;
  const H2 = 2 * layout.H;
  const sizes = [
    n * K * 8, n * K * 8, n * K * 8, layout.H * K * 8, n * 4, n * 8, n * 4, n * 8,
    layout.cell.length * 2, layout.sStart.length * 4, layout.sCell.length * 4, layout.inMode.length, ns * 4,
    code.byteLength, ns * 4, 4 * 8, hists * H2 * 8, layout.H * 8, n * 4, layout.at.length * 4, p * 8, p * 4, p * 4, layout.cellStart.length * 4, layout.cellSamples.length * 4, 2 * K * 8,
  ];
  // Per walked feature: its order, bins and gradients; then a level's walk state, 8 arrays.
  const walked = layout.walk.flatMap((order, j) => (order ? [j] : []));
  const widest = Math.min(2 ** depth, n);
  const at = wasmLayout(ex, [...sizes, ...walked.flatMap(() => [n * 4, n * 4, n * 8]), ...Array<number>(8).fill(widest * 8)]);
  const walkAt = (j: number, w: number) => at[sizes.length + 3 * walked.indexOf(j) + w];
  const stateAt = (w: number) => at[sizes.length + 3 * walked.length + w];
  const buf = ex.memory.buffer;
  const f64 = (a: number, length: number) => new Float64Array(buf, a, length);
  const i32 = (a: number, length: number) => new Int32Array(buf, a, length);
  const copy = <T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(view: T, from: ArrayLike<number>) => {
    view.set(from);
    return view;
  };
  return {
    ex,
    raw: f64(at[0], n * K).fill(0),
    G: f64(at[1], n * K).fill(0),
    Y: f64(at[2], n * K).fill(0),
    hK: f64(at[3], layout.H * K),
    idx: i32(at[4], n),
    gs: f64(at[5], n),
    tmpIdx: i32(at[6], n),
    tmpG: f64(at[7], n),
    cell: copy(new Uint16Array(buf, at[8], layout.cell.length), layout.cell),
    sStart: copy(i32(at[9], layout.sStart.length), layout.sStart),
    sCell: copy(i32(at[10], layout.sCell.length), layout.sCell),
    inMode: copy(new Uint8Array(buf, at[11], layout.inMode.length), layout.inMode),
    modeCell: copy(i32(at[12], ns), layout.modeCell),
    code: code instanceof Uint8Array ? copy(new Uint8Array(buf, at[13], code.length), code) : copy(i32(at[13], code.length), code),
    denseNow: i32(at[14], ns),
    out: f64(at[15], 4),
    pool: Array.from({ length: hists }, (_, b) => f64(at[16] + b * H2 * 8, H2)),
    rootCounts: copy(f64(at[17], layout.H), layout.rootCounts),
    slotOf: i32(at[18], n).fill(-1),
    at: copy(i32(at[19], layout.at.length), layout.at),
    scanBest: f64(at[20], p),
    scanBin: i32(at[21], p),
    scanNext: i32(at[22], p),
    cellStart: copy(i32(at[23], layout.cellStart.length), layout.cellStart),
    cellSamples: copy(i32(at[24], layout.cellSamples.length), layout.cellSamples),
    stageSums: f64(at[25], 2 * K),
    walk: layout.walk.map((order, j) => (order ? copy(i32(walkAt(j, 0), n), order) : null)),
    walkCode: layout.walkCode.map((c, j) => (c ? copy(i32(walkAt(j, 1), n), c) : null)),
    walkG: layout.walk.map((order, j) => (order ? f64(walkAt(j, 2), n) : null)),
    wf: [0, 1, 2, 3, 4].map((w) => f64(stateAt(w), widest)),
    wi: [5, 6, 7].map((w) => i32(stateAt(w), widest)),
  };
}

/**
 * Lays out arrays of the given sizes (bytes) in the module's memory from its heap base, each
 * 16-byte aligned, and grows the memory to hold them; returns their offsets. Whatever the last
 * layout held is forfeit (and views of it may detach): one user at a time, as the fits and
 * predictions of a DCI call run one after another.
 */
export function wasmLayout(ex: GbtExports, sizes: number[]): number[] {
  let top = ex.gbtHeapBase();
  const at = sizes.map((bytes) => {
    const a = (top + 15) & ~15;
    top = a + bytes;
    return a;
  });
  const have = ex.memory.buffer.byteLength;
  if (top > have) ex.memory.grow(Math.ceil((top - have) / 65536));
  return at;
}
