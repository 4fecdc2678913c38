// Reductions with a fixed summation order, so results are bit-identical across runs
// and equal to their TypeScript twins (src/kernels/reference/reduce.ts).

// y[j] = sum over rows i (in increasing i) of x[i, j]. Columns are independent lanes.
export function colSum(x: usize, y: usize, rows: i32, cols: i32): void {
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    let acc = f32x4.splat(0);
    for (let i = 0; i < rows; i++) {
      acc = f32x4.add(acc, v128.load(x + ((<usize>i * cols + j) << 2)));
    }
    v128.store(y + (<usize>j << 2), acc);
  }
  for (; j < cols; j++) {
    let acc: f32 = 0;
    for (let i = 0; i < rows; i++) acc += load<f32>(x + ((<usize>i * cols + j) << 2));
    store<f32>(y + (<usize>j << 2), acc);
  }
}

// y[0] = sum of x[0..n). Four interleaved partial sums s_l = x[l] + x[l+4] + ...
// (over the largest multiple of 4), combined as (s0 + s1) + (s2 + s3), then the tail
// added in order.
export function sumAll(x: usize, n: i32, y: usize): void {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) acc = f32x4.add(acc, v128.load(x + (<usize>i << 2)));
  let s: f32 = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) +
    (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; i < n; i++) s += load<f32>(x + (<usize>i << 2));
  store<f32>(y, s);
}
