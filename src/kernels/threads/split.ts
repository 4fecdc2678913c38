// How a kernel call is cut into parts for threads: only along dimensions that index the
// OUTPUT (rows or columns of C, samples of a batch), never along a reduction, so each output
// element is computed by one thread exactly as the whole call computes it.

/** sgemm's register tile (assembly/gemm-tile.ts): parts start at whole tiles. */
export const MR = 5;
export const NR = 8;

/**
 * Start of part i of p over [0, total), boundaries at multiples of `unit` (the last part
 * ends at total). Parts are as even as whole units allow; none is empty when p ≤ units.
 */
export function partStart(i: number, p: number, total: number, unit: number): number {
  const units = Math.ceil(total / unit);
  return Math.min(total, unit * Math.floor((i * units) / p));
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
