// The rows a gbt predicts (gbt.ts), laid out as its wasm reads them: column-major, as bytes when
// every value is a whole number in [0, 255] (one-hot units, winners, bin indices: the same
// comparisons on a quarter of the memory), else as float32 (exact: the trees read values
// rounded to float32 anyway). Laid out once for several models: DCI predicts the same test rows
// with each factor's model, and checking and transposing them took as long as a factor's
// predictions on a 3000 × 64 code.

export interface GbtRows {
  rows: number;
  p: number;
  /** Whether every value is a whole number in [0, 255], and the values column-major: cols[j · rows + i]. */
  narrow: boolean;
  cols: Uint8Array | Float32Array;
}

/** x (rows × p, row-major) laid out for predictGbt; valid while x is unchanged. */
export function gbtRows(x: Float64Array, rows: number, p: number): GbtRows {
  let narrow = true;
  for (let q = 0; q < rows * p && narrow; q++) narrow = x[q] >= 0 && x[q] <= 255 && x[q] === Math.floor(x[q]);
  const cols = narrow ? new Uint8Array(rows * p) : new Float32Array(rows * p);
  for (let i = 0; i < rows; i++) for (let j = 0; j < p; j++) cols[j * rows + i] = x[i * p + j];
  return { rows, p, narrow, cols };
}
