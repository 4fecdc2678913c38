// TypeScript twins of assembly/elementwise.ts: same names and argument order, arrays in
// place of byte pointers. Every step is rounded to f32 as the kernel does, so results
// must match bit for bit.
const f = Math.fround;

export function fill(y: Float32Array, n: number, value: number): void {
  for (let i = 0; i < n; i++) y[i] = value;
}

export function copy(x: Float32Array, y: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = x[i];
}

export function add(a: Float32Array, b: Float32Array, y: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = a[i] + b[i];
}

export function accumulate(x: Float32Array, y: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = y[i] + x[i];
}

export function addBias(x: Float32Array, bias: Float32Array, y: Float32Array, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) y[i * cols + j] = x[i * cols + j] + bias[j];
}

export function sub(a: Float32Array, b: Float32Array, y: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = a[i] - b[i];
}

export function mul(a: Float32Array, b: Float32Array, y: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = a[i] * b[i];
}

export function scale(x: Float32Array, s: number, y: Float32Array, n: number): void {
  const sf = f(s);
  for (let i = 0; i < n; i++) y[i] = x[i] * sf;
}

export function axpy(alpha: number, x: Float32Array, y: Float32Array, n: number): void {
  const af = f(alpha);
  for (let i = 0; i < n; i++) y[i] = y[i] + f(af * x[i]);
}
