// Elementwise kernels over contiguous f32 buffers. SIMD body + scalar tail.
// Every result lane depends only on the same lane of the inputs, so SIMD and
// scalar produce identical bits.

export function fill(y: usize, n: i32, value: f32): void {
  const v = f32x4.splat(value);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(y + (<usize>i << 2), v);
  for (; i < n; i++) store<f32>(y + (<usize>i << 2), value);
}

export function copy(x: usize, y: usize, n: i32): void {
  memory.copy(y, x, <usize>n << 2);
}

// y = a + b
export function add(a: usize, b: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, load<f32>(a + o) + load<f32>(b + o));
  }
}

// y += x  (gradient accumulation)
export function accumulate(x: usize, y: usize, n: i32): void {
  add(y, x, y, n);
}

// y[i, j] = x[i, j] + bias[j]  (row-major, rows × cols)
export function addBias(x: usize, bias: usize, y: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const row = <usize>i * cols;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = (row + j) << 2;
      v128.store(y + o, f32x4.add(v128.load(x + o), v128.load(bias + (<usize>j << 2))));
    }
    for (; j < cols; j++) {
      const o = (row + j) << 2;
      store<f32>(y + o, load<f32>(x + o) + load<f32>(bias + (<usize>j << 2)));
    }
  }
}

// y = a - b
export function sub(a: usize, b: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.sub(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, load<f32>(a + o) - load<f32>(b + o));
  }
}

// y = a * b (elementwise)
export function mul(a: usize, b: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, load<f32>(a + o) * load<f32>(b + o));
  }
}

// y = s * x  (y may alias x)
export function scale(x: usize, s: f32, y: usize, n: i32): void {
  const v = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.mul(v128.load(x + o), v));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, load<f32>(x + o) * s);
  }
}

// y += alpha * x, rounded as (alpha * x) then the sum: WebAssembly never fuses the two.
export function axpy(alpha: f32, x: usize, y: usize, n: i32): void {
  const v = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.add(v128.load(y + o), f32x4.mul(v, v128.load(x + o))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, load<f32>(y + o) + alpha * load<f32>(x + o));
  }
}
