// How a kernel call is cut into chunks for threads: only along dimensions that index the
// OUTPUT (rows or columns of C, samples of a batch), never along a reduction, so each output
// element is computed by one thread exactly as the whole call computes it. Threads claim
// chunks as they go (protocol.ts), so a few chunks per thread even out threads that run at
// different speeds (another process on a core, a late wake-up, a ragged last tile).

/** sgemm's register tile (assembly/gemm-tile.ts): parts start at whole tiles. */
export const MR = 5;
export const NR = 8;

/** Sum of the guided weights of chunks 0 … c−1: 1 for each chunk of the first group, halving per group. */
function weightBefore(c: number, group: number): number {
  const g = Math.floor(c / group);
  const half = 2 ** -g;
  return group * 2 * (1 - half) + (c - g * group) * half;
}

/**
 * Start of chunk c of `chunks` over [0, total), at a multiple of `unit` (chunk `chunks` starts
 * at total). Guided sizes: the first `group` chunks (one per thread) are the largest, and each
 * next group is half as large, so threads take the big chunks first and the job ends on small
 * ones: whichever thread finishes last overshoots the other by at most the smallest chunk.
 * Small chunks may be empty when there are few units; an empty chunk does nothing.
 */
export function chunkStart(c: number, chunks: number, total: number, unit: number, group: number): number {
  if (c >= chunks) return total;
  const units = Math.ceil(total / unit);
  return Math.min(total, unit * Math.round((units * weightBefore(c, group)) / weightBefore(chunks, group)));
}

/**
 * Relative cost of packing one element of A or B into sgemm's panels, in multiply-adds
 * (rough: a packed element is a load, maybe a shuffle, and a store; a tile does 40 MACs in
 * about 5 cycles).
 */
const PACK_COST = 4;
/** sgemm reads A in place instead of packing it when alpha = 1 and n ≤ this (gemm.ts). */
const IN_PLACE_MAX_N = 32;

export interface GemmSplit {
  /** 'rows' cuts m (rows of C), 'cols' cuts n (columns of C). */
  dim: 'rows' | 'cols';
  parts: number;
}

/**
 * How to cut an m×n×k product over `threads`: along whichever of m and n gives the smaller
 * estimated time of the slowest part (rows unless columns are clearly faster), counting whole register tiles and the packing every part
 * repeats (a row split packs all of B in every part; a column split all of A, unless A is
 * read in place).
 */
export function planGemm(m: number, n: number, k: number, alpha: number, threads: number): GemmSplit {
  const unitsM = Math.ceil(m / MR);
  const unitsN = Math.ceil(n / NR);
  const pr = Math.min(threads, unitsM);
  const pc = Math.min(threads, unitsN);
  const rowsPart = Math.ceil(unitsM / pr) * MR;
  const colsPart = Math.ceil(unitsN / pc) * NR;
  const packsA = (cols: number) => (alpha !== 1 || cols > IN_PLACE_MAX_N ? 1 : 0);
  const costRows = rowsPart * unitsN * NR * k + PACK_COST * k * (n + rowsPart * packsA(n));
  const costCols = unitsM * MR * colsPart * k + PACK_COST * k * (colsPart + m * packsA(colsPart));
  // Near-ties go to rows: each part then reads and writes whole contiguous rows of A and C.
  return costCols < 0.9 * costRows ? { dim: 'cols', parts: pc } : { dim: 'rows', parts: pr };
}

/** Most chunks of a job (protocol.ts CHUNK_BITS). */
const MAX_JOB_CHUNKS = 1023;

/**
 * Chunks of `units` units for `threads` threads: a multiple of the thread count (so equal
 * chunks come out even), at most chunksPerThread per thread, each at least `minUnits` units,
 * and never fewer than min(threads, units) — below that a split would leave a thread idle.
 */
export function chunkCount(units: number, minUnits: number, threads: number, chunksPerThread: number): number {
  const perThread = Math.max(1, Math.min(chunksPerThread, Math.floor(units / (threads * Math.max(1, minUnits)))));
  return Math.max(1, Math.min(units, threads * perThread, MAX_JOB_CHUNKS));
}

/**
 * Fewest units per sgemm chunk. Every row chunk packs all of B again, so a row chunk needs
 * ≥ 20 packed elements of work per element of B (≤ 5% overhead at PACK_COST): 16 tiles of
 * MR rows. A column chunk of ≤ IN_PLACE_MAX_N columns reads A in place (alpha = 1), repacking
 * nothing; wider or scaled ones pack all of A again, the same 5% rule giving 10 tiles of NR.
 */
const MIN_ROW_UNITS = Math.ceil(PACK_COST / (0.05 * MR));
const MIN_COL_UNITS_PACKED = Math.ceil(PACK_COST / (0.05 * NR));
const MIN_COL_UNITS_IN_PLACE = 3;

/** How to cut an m×n×k product into chunks for `threads` threads (planGemm picks the dimension). */
export function gemmChunks(m: number, n: number, k: number, alpha: number, threads: number, chunksPerThread: number, minChunkMacs: number): GemmSplit & { chunks: number } {
  const { dim } = planGemm(m, n, k, alpha, threads);
  const units = dim === 'rows' ? Math.ceil(m / MR) : Math.ceil(n / NR);
  const macsPerUnit = Math.max(1, dim === 'rows' ? MR * n * k : NR * m * k);
  const minUnits = Math.max(
    dim === 'rows' ? MIN_ROW_UNITS : alpha === 1 ? MIN_COL_UNITS_IN_PLACE : MIN_COL_UNITS_PACKED,
    Math.ceil(minChunkMacs / macsPerUnit),
  );
  const chunks = chunkCount(units, minUnits, threads, chunksPerThread);
  return { dim, parts: Math.min(threads, chunks), chunks };
}

/** Chunks of a copy or elementwise kernel over `units` units (images, rows, cache lines) of `floats` floats. */
export function copyChunks(floats: number, units: number, threads: number, chunksPerThread: number, minChunkFloats: number): number {
  return chunkCount(units, Math.ceil(minChunkFloats / Math.max(1, floats / units)), threads, chunksPerThread);
}
