// sgemm: C = alpha·op(A)·op(B) + beta·C, row-major, op ∈ {N (0), T (1)}.
//
// Evaluation order (the determinism contract; src/kernels/reference/gemm.ts is the
// scalar twin and must match bit for bit). For every element C[i][j], in f32:
//   acc = beta == 0 ? 0 : (beta == 1 ? C[i][j] : beta·C[i][j])
//   for p = 0 .. k-1 (increasing):  acc = acc + (alpha·A(i,p))·B(p,j)
//   C[i][j] = acc
// where every operation rounds to f32 (wasm never fuses mul+add). beta = 0 never
// reads C, so NaN there is ignored. Blocking over k keeps this order: the next
// k-block continues from the partial sums stored in C.
//
// Structure (Goto/BLIS): C is cut into NC-column blocks, k into KC-deep blocks, and
// A into MC-row blocks. Each B block is packed into k-major NR-wide panels and each A
// block into k-major MR-wide panels (alpha folded in), zero-padded to whole panels, so
// the generated micro-kernel (gemm-tile.ts) reads both strictly in order with constant
// offsets, whatever the transposes and strides. Exception, with alpha = 1 and n ≤ 32:
// whole A panels are read in place (packing A costs as much as the product then) — for
// Aᵀ each p's MR values are contiguous; a row-major A is read from MR row pointers. Tiles that stick out of C go through a
// small scratch tile; panels with ≤ 4 real columns use a 4-wide kernel. Packing buffers
// are static data, below the host's heap.
//
// Tile 5×8 (10 f32x4 accumulators + 2 B vectors + 1 A broadcast + 1 temporary = 14 xmm
// registers: no spills in V8's code). Tiles 4×8, 3×12, 4×12, 6×8, 2×16 measured within
// ±3% of it in ad-hoc tuning runs on the development machine (a scratch script, not
// bench/; that machine is FP-port bound at ≈ 34 GFLOPS); on the machine of
// shared/WASM-NOTES.md 5×8 was clearly best.

import { MR, NR, microKernel, microKernelNarrow, microKernelRows, microKernelRowsNarrow } from './gemm-tile';

/** k-block depth: an MR- and an NR-panel of this depth stay in L1 together. */
const KC: i32 = 256;
/** Rows of A per packed block (a multiple of MR); the block stays in L2. */
const MC: i32 = MR * 24;
/** Columns of B per packed block (a multiple of NR). */
const NC: i32 = NR * 128;

// Packing buffers: static data in the default build. In the shared-memory build
// (assembly/shared.ts) several instances run sgemm at once on one memory, so each instance
// is given its own by the host (setGemmBuffers), and there is no static copy (it would be
// 1.2 MB of zeros in the module: imported memory cannot be assumed zero). The default build
// never writes these globals, so the optimizer folds them back into constants: its wasm is
// byte-identical to the one with `const` buffers.
let packA: usize = ASC_FEATURE_THREADS ? 0 : memory.data(MC * KC * 4, 64);
let packB: usize = ASC_FEATURE_THREADS ? 0 : memory.data(NC * KC * 4, 64);
let edgeTile: usize = ASC_FEATURE_THREADS ? 0 : memory.data(MR * NR * 4, 64);

/** Bytes of one instance's packing buffers (packA, packB, edge tile), in this order. */
// @ts-ignore: decorator (global, not exported: the default build must not export it)
@global function gemmBufferBytes(): usize {
  return <usize>(MC * KC * 4 + NC * KC * 4 + MR * NR * 4);
}

/** Shared-memory build: this instance packs into [base, base + gemmBufferBytes()), base 64-aligned. */
// @ts-ignore: decorator
@global function setGemmBuffers(base: usize): void {
  packA = base;
  packB = base + <usize>(MC * KC * 4);
  edgeTile = packB + <usize>(NC * KC * 4);
}

export function sgemm(
  transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f32,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f32, c: usize, ldc: i32,
): void {
  if (m <= 0 || n <= 0) return;
  if (beta != 0 && beta != 1) scaleC(m, n, beta, c, ldc);
  if (k <= 0) {
    if (beta == 0) zeroC(m, n, c, ldc);
    return;
  }
  // Blocks of equal size (rounded up to whole panels), so e.g. k = KC + 1 is two blocks of
  // about KC/2 rather than a full block and a 1-deep one that pays a C load/store per tile.
  const ncStep = evenBlock(n, NC, NR);
  const kcStep = evenBlock(k, KC, 1);
  const mcStep = evenBlock(m, MC, MR);
  // With alpha = 1 and a small n (packing A would not be amortized over many columns),
  // whole MR-row panels of A are read in place and only a partial last panel is packed:
  // Aᵀ has each p's MR values contiguous; a row-major A is read from MR row pointers.
  const aMode = alpha != 1 || n > IN_PLACE_MAX_N ? A_PACKED : transA ? A_LANES : A_ROWS;
  for (let jc = 0; jc < n; jc += ncStep) {
    const nc = min(ncStep, n - jc);
    for (let pc = 0; pc < k; pc += kcStep) {
      const kc = min(kcStep, k - pc);
      packPanelsB(transB, b, ldb, pc, kc, jc, nc);
      // The first k-block starts from 0 when beta = 0, else from (scaled) C; later blocks
      // continue from the partial sums in C, so the k order is unchanged.
      const load = pc > 0 || beta != 0;
      for (let ic = 0; ic < m; ic += mcStep) {
        const mc = min(mcStep, m - ic);
        const aBlock = transA ? a + ((<usize>pc * lda + ic) << 2) : a + ((<usize>ic * lda + pc) << 2);
        packPanelsA(transA, a, lda, alpha, ic, mc, pc, kc, aMode != A_PACKED ? mc / MR * MR : 0);
        macroKernel(mc, nc, kc, aMode, aBlock, <usize>lda << 2, c + ((<usize>ic * ldc + jc) << 2), ldc, load);
      }
    }
  }
}

/** Size of ceil(total / maxBlock) near-equal blocks, rounded up to a multiple of unit (≤ maxBlock). */
function evenBlock(total: i32, maxBlock: i32, unit: i32): i32 {
  const blocks = (total + maxBlock - 1) / maxBlock;
  const size = (total + blocks - 1) / blocks;
  return (size + unit - 1) / unit * unit;
}

/** How the micro-kernel reads whole MR-row panels of A. */
const A_PACKED: i32 = 0; // from packA
const A_LANES: i32 = 1; // Aᵀ in place: MR contiguous values per p, lda apart
const A_ROWS: i32 = 2; // row-major A in place: MR rows lda apart, each contiguous in p
/**
 * Largest n for which A is read in place rather than packed. Ad-hoc tuning runs: +10–40%
 * at n ≤ 32; about −3% at n = 64; and for large n a power-of-two lda makes the in-place
 * reads alias in L1 (Aᵀ·B at n = 1024 lost ≈ 25% in bench/ until this limit applied to Aᵀ).
 */
const IN_PLACE_MAX_N: i32 = 32;

/**
 * All MR×NR tiles of one mc×nc block of C over the packed panels; whole MR-row panels of
 * A come from aDirect instead when aMode ≠ A_PACKED (see above), with aDirectStep = lda bytes.
 */
function macroKernel(mc: i32, nc: i32, kc: i32, aMode: i32, aDirect: usize, aDirectStep: usize, c: usize, ldc: i32, load: bool): void {
  const packedStep: usize = <usize>MR << 2;
  const ldcBytes = <usize>ldc << 2;
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    const bp = packB + ((<usize>jr * kc) << 2);
    for (let ir = 0; ir < mc; ir += MR) {
      const mr = min(MR, mc - ir);
      const inPlace = aMode != A_PACKED && mr == MR;
      const rows = inPlace && aMode == A_ROWS;
      const ap = !inPlace ? packA + ((<usize>ir * kc) << 2) : rows ? aDirect + <usize>ir * aDirectStep : aDirect + (<usize>ir << 2);
      const aStep = inPlace ? aDirectStep : packedStep;
      const cp = c + <usize>ir * ldcBytes + ((<usize>jr) << 2);
      if (mr == MR && nr == NR) {
        if (rows) microKernelRows(kc, ap, aStep, bp, cp, ldcBytes, load);
        else microKernel(kc, ap, aStep, bp, cp, ldcBytes, load);
      } else {
        edgeKernel(mr, nr, kc, ap, aStep, rows, bp, cp, ldcBytes, load);
      }
    }
  }
}

/**
 * A partial tile: computed whole in a scratch tile, valid part copied in and out with plain
 * loops (memory.copy/fill are runtime calls in V8, which cost more than these few floats).
 * The scratch tile is not cleared: its padded lanes hold zeros, earlier C values or
 * products with the zero padding of A and B (never anything slow such as subnormals that
 * real lanes would not also produce), and they are discarded.
 */
function edgeKernel(mr: i32, nr: i32, kc: i32, ap: usize, aStep: usize, rows: bool, bp: usize, cp: usize, ldcBytes: usize, fromC: bool): void {
  const tileRow: usize = <usize>NR << 2;
  const rowBytes = <usize>nr << 2;
  if (fromC) {
    for (let i = 0; i < mr; i++) {
      const src = cp + <usize>i * ldcBytes;
      const dst = edgeTile + <usize>i * tileRow;
      for (let q: usize = 0; q < rowBytes; q += 4) store<f32>(dst + q, load<f32>(src + q));
    }
  }
  if (rows) {
    if (nr <= 4) microKernelRowsNarrow(kc, ap, aStep, bp, edgeTile, tileRow, fromC);
    else microKernelRows(kc, ap, aStep, bp, edgeTile, tileRow, fromC);
  } else {
    if (nr <= 4) microKernelNarrow(kc, ap, aStep, bp, edgeTile, tileRow, fromC);
    else microKernel(kc, ap, aStep, bp, edgeTile, tileRow, fromC);
  }
  for (let i = 0; i < mr; i++) {
    const src = edgeTile + <usize>i * tileRow;
    const dst = cp + <usize>i * ldcBytes;
    for (let q: usize = 0; q < rowBytes; q += 4) store<f32>(dst + q, load<f32>(src + q));
  }
}

/**
 * Packs rows ic+from..ic+mc of op(A), columns pc..pc+kc, times alpha, into MR-row panels:
 * panel r holds element (i, p) at (r·kc + p)·MR + i; rows past mc are zero. `from` is a
 * multiple of MR (rows before it are read in place).
 */
function packPanelsA(transA: i32, a: usize, lda: i32, alpha: f32, ic: i32, mc: i32, pc: i32, kc: i32, from: i32): void {
  const ldaBytes = <usize>lda << 2;
  const scale = f32x4.splat(alpha);
  for (let ir = from; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    const dst = packA + ((<usize>ir * kc) << 2);
    if (transA) {
      // A is stored k × m: the values of one p are contiguous.
      packAlongRows(dst, a + <usize>pc * ldaBytes + ((<usize>(ic + ir)) << 2), ldaBytes, mr, MR, kc, scale);
    } else {
      packAcrossRows(dst, a + <usize>(ic + ir) * ldaBytes + ((<usize>pc) << 2), ldaBytes, mr, MR, kc, scale);
    }
  }
}

/**
 * Packs rows pc..pc+kc, columns jc..jc+nc of op(B) into NR-column panels: panel r holds
 * element (p, j) at (r·kc + p)·NR + j; columns past nc are zero.
 */
function packPanelsB(transB: i32, b: usize, ldb: i32, pc: i32, kc: i32, jc: i32, nc: i32): void {
  const ldbBytes = <usize>ldb << 2;
  // Multiplying by 1 is exact, so B shares A's scaling pack routines.
  const one = f32x4.splat(1);
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    const dst = packB + ((<usize>jr * kc) << 2);
    if (transB) {
      // B is stored n × k: each column of op(B) is a contiguous row.
      packAcrossRows(dst, b + <usize>(jc + jr) * ldbBytes + ((<usize>pc) << 2), ldbBytes, nr, NR, kc, one);
    } else {
      packAlongRows(dst, b + <usize>pc * ldbBytes + ((<usize>(jc + jr)) << 2), ldbBytes, nr, NR, kc, one);
    }
  }
}

/**
 * One panel (width w, `valid` real lanes, kc deep) from a source where the lanes of one
 * p are contiguous and consecutive p are `ld` bytes apart: dst[p·w + i] = s·src(p, i).
 */
function packAlongRows(dst: usize, src: usize, ld: usize, valid: i32, w: i32, kc: i32, s: v128): void {
  const sf = f32x4.extract_lane(s, 0);
  const wBytes = <usize>w << 2;
  for (let p = 0; p < kc; p++) {
    let i = 0;
    for (; i + 4 <= valid; i += 4) v128.store(dst + (<usize>i << 2), f32x4.mul(s, v128.load(src + (<usize>i << 2))));
    for (; i < valid; i++) store<f32>(dst + (<usize>i << 2), sf * load<f32>(src + (<usize>i << 2)));
    for (; i < w; i++) store<f32>(dst + (<usize>i << 2), 0);
    src += ld;
    dst += wBytes;
  }
}

/**
 * One panel (width w, `valid` real lanes, kc deep) from a source where each lane is a
 * contiguous row (`ld` bytes apart): dst[p·w + i] = s·src(i, p). Transposes 4×4 blocks
 * in registers so reads and writes stay vectorized.
 */
function packAcrossRows(dst: usize, src: usize, ld: usize, valid: i32, w: i32, kc: i32, s: v128): void {
  const sf = f32x4.extract_lane(s, 0);
  const wBytes = <usize>w << 2;
  let i = 0;
  for (; i + 4 <= valid; i += 4) {
    const s0 = src + <usize>i * ld;
    const s1 = s0 + ld;
    const s2 = s1 + ld;
    const s3 = s2 + ld;
    let d = dst + (<usize>i << 2);
    let p = 0;
    for (; p + 4 <= kc; p += 4) {
      const off = <usize>p << 2;
      const r0 = f32x4.mul(s, v128.load(s0 + off));
      const r1 = f32x4.mul(s, v128.load(s1 + off));
      const r2 = f32x4.mul(s, v128.load(s2 + off));
      const r3 = f32x4.mul(s, v128.load(s3 + off));
      const t0 = v128.shuffle<i32>(r0, r1, 0, 4, 1, 5);
      const t1 = v128.shuffle<i32>(r0, r1, 2, 6, 3, 7);
      const t2 = v128.shuffle<i32>(r2, r3, 0, 4, 1, 5);
      const t3 = v128.shuffle<i32>(r2, r3, 2, 6, 3, 7);
      v128.store(d, v128.shuffle<i32>(t0, t2, 0, 1, 4, 5));
      v128.store(d + wBytes, v128.shuffle<i32>(t0, t2, 2, 3, 6, 7));
      v128.store(d + 2 * wBytes, v128.shuffle<i32>(t1, t3, 0, 1, 4, 5));
      v128.store(d + 3 * wBytes, v128.shuffle<i32>(t1, t3, 2, 3, 6, 7));
      d += 4 * wBytes;
    }
    for (; p < kc; p++) {
      const off = <usize>p << 2;
      store<f32>(d, sf * load<f32>(s0 + off));
      store<f32>(d, sf * load<f32>(s1 + off), 4);
      store<f32>(d, sf * load<f32>(s2 + off), 8);
      store<f32>(d, sf * load<f32>(s3 + off), 12);
      d += wBytes;
    }
  }
  for (; i < valid; i++) {
    let sp = src + <usize>i * ld;
    let d = dst + (<usize>i << 2);
    for (let p = 0; p < kc; p++) {
      store<f32>(d, sf * load<f32>(sp));
      sp += 4;
      d += wBytes;
    }
  }
  for (; i < w; i++) {
    let d = dst + (<usize>i << 2);
    for (let p = 0; p < kc; p++) {
      store<f32>(d, 0);
      d += wBytes;
    }
  }
}

/** C = beta·C (beta ≠ 0, 1), the first step of the evaluation order. */
function scaleC(m: i32, n: i32, beta: f32, c: usize, ldc: i32): void {
  for (let i = 0; i < m; i++) {
    const row = c + ((<usize>i * ldc) << 2);
    for (let j = 0; j < n; j++) {
      const q = row + (<usize>j << 2);
      store<f32>(q, beta * load<f32>(q));
    }
  }
}

function zeroC(m: i32, n: i32, c: usize, ldc: i32): void {
  for (let i = 0; i < m; i++) memory.fill(c + ((<usize>i * ldc) << 2), 0, <usize>n << 2);
}
