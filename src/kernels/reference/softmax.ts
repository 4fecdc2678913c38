// TypeScript twins of assembly/softmax.ts (arrays in place of pointers). Sums run left to
// right in f32 like the kernel; exp/log are the host's float64 functions rounded to f32,
// a few ulp from AssemblyScript's software f32 math (tests state the tolerance). The
// backward of softmax has no transcendental function and matches bit for bit.
const f = Math.fround;

function rowMax(x: Float32Array, o: number, cols: number): number {
  let m = x[o];
  // Math.max propagates NaN like wasm's max.
  for (let j = 1; j < cols; j++) m = Math.max(m, x[o + j]);
  return m;
}

/** Softmax of one row at temperature 1/invT, as the kernel's softmaxRow. */
export function softmaxRow(x: Float32Array, xo: number, y: Float32Array, yo: number, cols: number, invT: number): void {
  const m = rowMax(x, xo, cols);
  let s = 0;
  for (let j = 0; j < cols; j++) {
    const e = f(Math.exp(f(f(x[xo + j] - m) * invT)));
    y[yo + j] = e;
    s = f(s + e);
  }
  for (let j = 0; j < cols; j++) y[yo + j] = y[yo + j] / s;
}

/** Softmax backward of one row, as the kernel's softmaxRowBackward. */
export function softmaxRowBackward(
  p: Float32Array, po: number, g: Float32Array, go: number, gx: Float32Array, gxo: number, cols: number, invT: number,
): void {
  let dot = 0;
  for (let j = 0; j < cols; j++) dot = f(dot + f(g[go + j] * p[po + j]));
  for (let j = 0; j < cols; j++) gx[gxo + j] = f(p[po + j] * f(g[go + j] - dot)) * invT;
}

export function softmax(x: Float32Array, y: Float32Array, rows: number, cols: number, temperature: number): void {
  const invT = f(1 / f(temperature));
  for (let i = 0; i < rows; i++) softmaxRow(x, i * cols, y, i * cols, cols, invT);
}

export function softmaxBackward(
  y: Float32Array, g: Float32Array, gx: Float32Array, rows: number, cols: number, temperature: number,
): void {
  const invT = f(1 / f(temperature));
  for (let i = 0; i < rows; i++) softmaxRowBackward(y, i * cols, g, i * cols, gx, i * cols, cols, invT);
}

export function logSoftmax(x: Float32Array, y: Float32Array, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    const m = rowMax(x, o, cols);
    let s = 0;
    for (let j = 0; j < cols; j++) s = f(s + f(Math.exp(f(x[o + j] - m))));
    const logS = f(Math.log(s));
    for (let j = 0; j < cols; j++) y[o + j] = f(x[o + j] - m) - logS;
  }
}

export function logSoftmaxBackward(y: Float32Array, g: Float32Array, gx: Float32Array, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let sg = 0;
    for (let j = 0; j < cols; j++) sg = f(sg + g[o + j]);
    for (let j = 0; j < cols; j++) gx[o + j] = g[o + j] - f(f(Math.exp(y[o + j])) * sg);
  }
}
