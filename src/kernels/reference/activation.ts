// TypeScript twins of assembly/activation.ts (arrays in place of pointers). relu and the
// backward rules match bit for bit; sigmoid and tanh use the host's exp/tanh in float64,
// which differ from AssemblyScript's software f32 math by a few ulp (tests state the
// tolerance).
const f = Math.fround;

export function relu(x: Float32Array, y: Float32Array, n: number): void {
  // Math.max, like wasm's max, propagates NaN and gives +0 for max(−0, 0).
  for (let i = 0; i < n; i++) y[i] = Math.max(x[i], 0);
}

export function reluBackward(x: Float32Array, g: Float32Array, gx: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) gx[i] = x[i] > 0 ? g[i] : 0;
}

export function reluBackwardColSum(y: Float32Array, g: Float32Array, gx: Float32Array, gb: Float32Array, rows: number, cols: number): void {
  gb.fill(0, 0, cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = y[i * cols + j] > 0 ? g[i * cols + j] : 0;
      gx[i * cols + j] = v;
      gb[j] = f(gb[j] + v);
    }
  }
}

export function sigmoidScalar(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

export function sigmoid(x: Float32Array, y: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = sigmoidScalar(x[i]);
}

export function sigmoidBackward(y: Float32Array, g: Float32Array, gx: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) gx[i] = g[i] * f(y[i] * f(1 - y[i]));
}

export function tanh(x: Float32Array, y: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
}

export function tanhBackward(y: Float32Array, g: Float32Array, gx: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) gx[i] = g[i] * f(1 - f(y[i] * y[i]));
}
