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
  memory: WebAssembly.Memory;
  gbtHeapBase(): number;
  gbtGradients(raw: number, G: number, Y: number, n: number, K: number): void;
  gbtRootDense(hK: number, K: number, cell: number, nd: number, G: number, n: number): void;
  gbtRootSparse(hK: number, K: number, sStart: number, sCell: number, G: number, n: number): void;
  gbtPredict(xs: number, rows: number, raw: number, K: number, lr: number, nodes: number, treeStart: number, most: number, trees: number): void;
  gbtExp(x: number): number;
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

/** Switches the module off (false) or on again: the tests compare it with the TypeScript twins. */
export function useGbtWasm(on: boolean): void {
  enabled = on;
}

/**
 * A fit's stage arrays in the module's memory: typed-array views for the TypeScript code and
 * byte offsets for the wasm. Laid out once per fit from the module's heap base (fits run one
 * at a time; the next fit's layout replaces this one), the memory grown before any view is
 * taken, so the views stay valid for the whole fit.
 */
export interface StageMemory {
  ex: GbtExports;
  raw: Float64Array;
  G: Float64Array;
  Y: Float64Array;
  /** The stage's root sums, K per cell. */
  hK: Float64Array;
  at: { raw: number; G: number; Y: number; hK: number; cell: number; sStart: number; sCell: number };
}

/** The stage arrays of a fit with n samples and K trees per stage on `layout`, or null when the wasm cannot serve it. */
export function stageMemory(n: number, K: number, layout: GrowerLayout): StageMemory | null {
  const ex = gbtWasm();
  // The wasm reads 16-bit cells (every layout with at most 65 536 cells).
  if (!ex || !(layout.cell instanceof Uint16Array)) return null;
  const [raw, G, Y, hK, cell, sStart, sCell] = wasmLayout(ex, [
    n * K * 8, n * K * 8, n * K * 8, layout.H * K * 8, layout.cell.length * 2, layout.sStart.length * 4, layout.sCell.length * 4,
  ]);
  const at = { raw, G, Y, hK, cell, sStart, sCell };
  const buf = ex.memory.buffer;
  new Uint16Array(buf, at.cell, layout.cell.length).set(layout.cell);
  new Int32Array(buf, at.sStart, layout.sStart.length).set(layout.sStart);
  new Int32Array(buf, at.sCell, layout.sCell.length).set(layout.sCell);
  const f64 = (offset: number, length: number) => new Float64Array(buf, offset, length).fill(0);
  return { ex, raw: f64(at.raw, n * K), G: f64(at.G, n * K), Y: f64(at.Y, n * K), hK: f64(at.hK, layout.H * K), at };
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
