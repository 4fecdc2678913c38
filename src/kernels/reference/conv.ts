// TypeScript twins of assembly/conv.ts (element-indexed arrays). Same loop orders as
// the kernels, with f32 rounding after every addition, so results are bit-identical.

export interface ConvGeometry {
  n: number; c: number; h: number; w: number; kh: number; kw: number;
  stride: number; pad: number; ho: number; wo: number;
}

export function addChannelBias(y: Float32Array, bias: Float32Array, n: number, c: number, hw: number): void {
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let p = 0; p < hw; p++) {
        const i = (b * c + ch) * hw + p;
        y[i] = Math.fround(y[i] + bias[ch]);
      }
}

/** im2row: rows[q, r] with q = (b·Ho + oy)·Wo + ox, r = (ci·kh + ki)·kw + kj. */
export function im2row(x: Float32Array, g: ConvGeometry, rows: Float32Array): void {
  const { n, c, h, w, kh, kw, stride, pad, ho, wo } = g;
  const ckk = c * kh * kw;
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < ho; oy++)
      for (let ox = 0; ox < wo; ox++) {
        const q = (b * ho + oy) * wo + ox;
        for (let ci = 0; ci < c; ci++)
          for (let ki = 0; ki < kh; ki++)
            for (let kj = 0; kj < kw; kj++) {
              const iy = oy * stride - pad + ki;
              const ix = ox * stride - pad + kj;
              const inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
              rows[q * ckk + (ci * kh + ki) * kw + kj] = inside ? x[((b * c + ci) * h + iy) * w + ix] : 0;
            }
      }
}

/** row2im: x = 0, then in-image entries added pixel (q) by pixel, r increasing within a pixel. */
export function row2im(rows: Float32Array, g: ConvGeometry, x: Float32Array): void {
  const { n, c, h, w, kh, kw, stride, pad, ho, wo } = g;
  const ckk = c * kh * kw;
  x.fill(0, 0, n * c * h * w);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < ho; oy++)
      for (let ox = 0; ox < wo; ox++) {
        const q = (b * ho + oy) * wo + ox;
        for (let ci = 0; ci < c; ci++)
          for (let ki = 0; ki < kh; ki++)
            for (let kj = 0; kj < kw; kj++) {
              const iy = oy * stride - pad + ki;
              const ix = ox * stride - pad + kj;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              const i = ((b * c + ci) * h + iy) * w + ix;
              x[i] = Math.fround(x[i] + rows[q * ckk + (ci * kh + ki) * kw + kj]);
            }
      }
}

/** Channels-last geometry: the same numbers, x read as NHWC [n, h, w, c]. */
export function im2rowNhwc(x: Float32Array, g: ConvGeometry, rows: Float32Array): void {
  const { n, c, h, w, kh, kw, stride, pad, ho, wo } = g;
  const ckk = c * kh * kw;
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < ho; oy++)
      for (let ox = 0; ox < wo; ox++) {
        const q = (b * ho + oy) * wo + ox;
        for (let ki = 0; ki < kh; ki++)
          for (let kj = 0; kj < kw; kj++)
            for (let ci = 0; ci < c; ci++) {
              const iy = oy * stride - pad + ki;
              const ix = ox * stride - pad + kj;
              const inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
              rows[q * ckk + (ki * kw + kj) * c + ci] = inside ? x[((b * h + iy) * w + ix) * c + ci] : 0;
            }
      }
}

/** Adjoint of im2rowNhwc: x = 0, then in-image entries added pixel (q) by pixel. */
export function row2imNhwc(rows: Float32Array, g: ConvGeometry, x: Float32Array): void {
  const { n, c, h, w, kh, kw, stride, pad, ho, wo } = g;
  const ckk = c * kh * kw;
  x.fill(0, 0, n * c * h * w);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < ho; oy++)
      for (let ox = 0; ox < wo; ox++) {
        const q = (b * ho + oy) * wo + ox;
        for (let ki = 0; ki < kh; ki++)
          for (let kj = 0; kj < kw; kj++)
            for (let ci = 0; ci < c; ci++) {
              const iy = oy * stride - pad + ki;
              const ix = ox * stride - pad + kj;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              const i = ((b * h + iy) * w + ix) * c + ci;
              x[i] = Math.fround(x[i] + rows[q * ckk + (ki * kw + kj) * c + ci]);
            }
      }
}

/** Math.max, like wasm's f32.max: NaN propagates and max(−0, 0) = +0. */
export function addBiasRelu(y: Float32Array, bias: Float32Array, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) y[i * cols + j] = Math.max(Math.fround(y[i * cols + j] + bias[j]), 0);
}
