// conv2d support. The convolution of a whole minibatch is ONE gemm over patch rows: one
// row per output pixel holding every input its kernel window sees (im2row for NCHW input,
// im2rowNhwc for channels-last), multiplied by the transposed weight; the adjoints
// (row2im, row2imNhwc) scatter the rows' gradient back. Plus the bias helpers. TS twins in
// src/kernels/reference/conv.ts (same loop orders, so results are bit-identical).

// Rows here are short (a few to a few dozen floats), where a memory.fill/copy call costs
// more than the data it moves: explicit loops instead.
@inline function zero(p: usize, count: i32): void {
  for (let i = 0; i < count; i++) store<f32>(p + (<usize>i << 2), 0);
}

// y[b, ch, p] += bias[ch] for y of shape [n, c, hw] (NCHW with hw = H·W), in place.
export function addChannelBias(y: usize, bias: usize, n: i32, c: i32, hw: i32): void {
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const v = load<f32>(bias + (<usize>ch << 2));
      const vv = f32x4.splat(v);
      const row = y + ((<usize>(b * c + ch) * hw) << 2);
      let p = 0;
      for (; p + 4 <= hw; p += 4) {
        const o = row + (<usize>p << 2);
        v128.store(o, f32x4.add(v128.load(o), vv));
      }
      for (; p < hw; p++) {
        const o = row + (<usize>p << 2);
        store<f32>(o, load<f32>(o) + v);
      }
    }
  }
}

// ---- Patch rows from NCHW input (conv2d) -----------------------------------------------
// `rows`, the im2row matrix: shape [n·Ho·Wo, C·kh·kw], row-major — one row per output
// pixel q = (b·Ho + oy)·Wo + ox, column r = (ci·kh + ki)·kw + kj (the weight's order), so
//   rows[q, r] = x[b, ci, oy·stride − pad + ki, ox·stride − pad + kj], 0 outside the image.
// conv2d computes rows·Wᵀ = [n·Ho·Wo, O]: the long dimension is the gemm's m, the short
// output-channel count its n (whole register tiles), and every row is written contiguously.

export function im2row(
  x: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32, stride: i32, pad: i32,
  ho: i32, wo: i32, rows: usize,
): void {
  const hw = h * w;
  const planeBytes: usize = <usize>hw << 2;
  const rowBytes: usize = <usize>(c * kh * kw) << 2;
  const kwBytes: usize = <usize>kw << 2;
  const wBytes: usize = <usize>w << 2;
  const runs = c * kh;
  let dst = rows;
  for (let b = 0; b < n; b++) {
    const img = x + <usize>(b * c) * planeBytes;
    for (let oy = 0; oy < ho; oy++) {
      const iy0 = oy * stride - pad;
      const kiLo = max(0, -iy0);
      const kiHi = min(kh, h - iy0);
      for (let ox = 0; ox < wo; ox++) {
        const ix0 = ox * stride - pad;
        const kjLo = max(0, -ix0);
        const kjHi = min(kw, w - ix0);
        if (kiLo == 0 && kiHi == kh && kjLo == 0 && kjHi == kw) {
          // Interior pixel: C·kh runs of kw consecutive inputs. (4-float vector moves per
          // 3-wide run measured no faster here than these scalar moves.)
          let src = img + (<usize>(iy0 * w + ix0) << 2);
          let d = dst;
          for (let ci = 0; ci < c; ci++) {
            let s = src;
            for (let ki = 0; ki < kh; ki++) {
              for (let kj: usize = 0; kj < kwBytes; kj += 4) store<f32>(d + kj, load<f32>(s + kj));
              d += kwBytes;
              s += wBytes;
            }
            src += planeBytes;
          }
        } else {
          // Border pixel: valid taps kj ∈ [kjLo, kjHi), ki ∈ [kiLo, kiHi).
          const copyBytes: usize = kjHi > kjLo ? <usize>(kjHi - kjLo) << 2 : 0;
          let d = dst;
          for (let run = 0; run < runs; run++) {
            const ci = run / kh;
            const ki = run - ci * kh;
            if (ki < kiLo || ki >= kiHi || copyBytes == 0) {
              zero(d, kw);
            } else {
              zero(d, kjLo);
              const s = img + <usize>ci * planeBytes + (<usize>((iy0 + ki) * w + ix0 + kjLo) << 2);
              const o = d + (<usize>kjLo << 2);
              for (let q: usize = 0; q < copyBytes; q += 4) store<f32>(o + q, load<f32>(s + q));
              zero(o + copyBytes, kw - max(kjHi, kjLo));
            }
            d += kwBytes;
          }
        }
        dst += rowBytes;
      }
    }
  }
}

// The adjoint of im2row: x = 0, then x[b, ci, iy, ix] += rows[q, r] for every in-image
// entry, visiting q, then r in increasing order (so each x element receives its
// contributions in increasing q: a fixed summation order).
export function row2im(
  rows: usize, n: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32, stride: i32, pad: i32,
  ho: i32, wo: i32, x: usize,
): void {
  const hw = h * w;
  const rowBytes: usize = <usize>(c * kh * kw) << 2;
  const kwBytes: usize = <usize>kw << 2;
  const wBytes: usize = <usize>w << 2;
  memory.fill(x, 0, (<usize>n * c * hw) << 2);
  let src = rows;
  for (let b = 0; b < n; b++) {
    const img = x + ((<usize>(b * c) * hw) << 2);
    for (let oy = 0; oy < ho; oy++) {
      const iy0 = oy * stride - pad;
      const rowsInside = iy0 >= 0 && iy0 + kh <= h;
      for (let ox = 0; ox < wo; ox++) {
        const ix0 = ox * stride - pad;
        let s = src;
        if (rowsInside && ix0 >= 0 && ix0 + kw <= w) {
          let dst = img + ((<usize>(iy0 * w + ix0)) << 2);
          for (let ci = 0; ci < c; ci++) {
            let d = dst;
            for (let ki = 0; ki < kh; ki++) {
              for (let kj: usize = 0; kj < kwBytes; kj += 4) store<f32>(d + kj, load<f32>(d + kj) + load<f32>(s + kj));
              s += kwBytes;
              d += wBytes;
            }
            dst += (<usize>hw) << 2;
          }
        } else {
          for (let ci = 0; ci < c; ci++) {
            const plane = img + ((<usize>(ci * hw)) << 2);
            for (let ki = 0; ki < kh; ki++) {
              const iy = iy0 + ki;
              if (iy >= 0 && iy < h) {
                const line = plane + ((<usize>(iy * w)) << 2);
                for (let kj = 0; kj < kw; kj++) {
                  const ix = ix0 + kj;
                  if (ix >= 0 && ix < w) {
                    const p = line + (<usize>ix << 2);
                    store<f32>(p, load<f32>(p) + load<f32>(s + (<usize>kj << 2)));
                  }
                }
              }
              s += kwBytes;
            }
          }
        }
        src += rowBytes;
      }
    }
  }
}

// ---- Channels-last (NHWC) patch rows ----------------------------------------------------
// x is NHWC [n, H, W, C]; rows is [n·Ho·Wo, kh·kw·C] with column r = (ki·kw + kj)·C + ci:
//   rows[q, r] = x[b, oy·stride − pad + ki, ox·stride − pad + kj, ci], 0 outside the image.
// For one (pixel, ki) the valid kj taps are ONE contiguous span of x (kw·C floats inside),
// so a row is kh vector copies instead of C·kh runs of kw floats.

@inline function copySpan(dst: usize, src: usize, bytes: usize): void {
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(dst + i, v128.load(src + i));
  for (; i < bytes; i += 4) store<f32>(dst + i, load<f32>(src + i));
}

@inline function zeroSpan(dst: usize, bytes: usize): void {
  for (let i: usize = 0; i < bytes; i += 4) store<f32>(dst + i, 0);
}

export function im2rowNhwc(
  x: usize, n: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, stride: i32, pad: i32,
  ho: i32, wo: i32, rows: usize,
): void {
  const pixBytes: usize = <usize>c << 2;
  const lineBytes: usize = <usize>w * pixBytes;
  const runBytes: usize = <usize>kw * pixBytes;
  const rowBytes: usize = <usize>kh * runBytes;
  const stepBytes: usize = <usize>stride * pixBytes;
  // Output columns whose taps all fall inside the image: ox·stride − pad ≥ 0 and
  // ox·stride − pad + kw ≤ w.
  const oxLo = min(wo, (pad + stride - 1) / stride);
  const oxHi = max(oxLo, min(wo, w - kw + pad >= 0 ? (w - kw + pad) / stride + 1 : 0));
  let dst = rows;
  for (let b = 0; b < n; b++) {
    const img = x + <usize>b * <usize>h * lineBytes;
    for (let oy = 0; oy < ho; oy++) {
      const iy0 = oy * stride - pad;
      if (iy0 < 0 || iy0 + kh > h) {
        for (let ox = 0; ox < wo; ox++) {
          patchNhwc(img, h, w, kh, kw, pixBytes, lineBytes, runBytes, iy0, ox * stride - pad, dst);
          dst += rowBytes;
        }
        continue;
      }
      for (let ox = 0; ox < oxLo; ox++) {
        patchNhwc(img, h, w, kh, kw, pixBytes, lineBytes, runBytes, iy0, ox * stride - pad, dst);
        dst += rowBytes;
      }
      // Interior: kh spans of kw·C floats each, the next pixel `stride` pixels further on.
      let src = img + <usize>iy0 * lineBytes + <usize>(oxLo * stride - pad) * pixBytes;
      for (let ox = oxLo; ox < oxHi; ox++) {
        let s = src;
        for (let ki = 0; ki < kh; ki++) {
          copySpan(dst, s, runBytes);
          dst += runBytes;
          s += lineBytes;
        }
        src += stepBytes;
      }
      for (let ox = oxHi; ox < wo; ox++) {
        patchNhwc(img, h, w, kh, kw, pixBytes, lineBytes, runBytes, iy0, ox * stride - pad, dst);
        dst += rowBytes;
      }
    }
  }
}

/** One patch row of im2rowNhwc with any taps outside the image (zeros there). */
function patchNhwc(
  img: usize, h: i32, w: i32, kh: i32, kw: i32, pixBytes: usize, lineBytes: usize, runBytes: usize,
  iy0: i32, ix0: i32, dst: usize,
): void {
  const kjLo = max(0, -ix0);
  const kjHi = max(kjLo, min(kw, w - ix0));
  const before: usize = <usize>kjLo * pixBytes;
  const span: usize = <usize>(kjHi - kjLo) * pixBytes;
  const after: usize = runBytes - before - span;
  for (let ki = 0; ki < kh; ki++) {
    const iy = iy0 + ki;
    if (iy < 0 || iy >= h || span == 0) {
      zeroSpan(dst, runBytes);
    } else {
      zeroSpan(dst, before);
      copySpan(dst + before, img + <usize>iy * lineBytes + <usize>(ix0 + kjLo) * pixBytes, span);
      zeroSpan(dst + before + span, after);
    }
    dst += runBytes;
  }
}

// The adjoint of im2rowNhwc: x = 0, then x[...] += rows[q, r] for every in-image entry,
// pixel q by pixel in increasing order (each x element receives its contributions in
// increasing q; vector adds over distinct elements keep that order per element).
export function row2imNhwc(
  rows: usize, n: i32, h: i32, w: i32, c: i32, kh: i32, kw: i32, stride: i32, pad: i32,
  ho: i32, wo: i32, x: usize,
): void {
  const pixBytes: usize = <usize>c << 2;
  const lineBytes: usize = <usize>w * pixBytes;
  const runBytes: usize = <usize>kw * pixBytes;
  memory.fill(x, 0, <usize>n * <usize>h * lineBytes);
  let src = rows;
  for (let b = 0; b < n; b++) {
    const img = x + <usize>b * <usize>h * lineBytes;
    for (let oy = 0; oy < ho; oy++) {
      const iy0 = oy * stride - pad;
      for (let ox = 0; ox < wo; ox++) {
        const ix0 = ox * stride - pad;
        const kjLo = max(0, -ix0);
        const kjHi = max(kjLo, min(kw, w - ix0));
        const before: usize = <usize>kjLo * pixBytes;
        const span: usize = <usize>(kjHi - kjLo) * pixBytes;
        for (let ki = 0; ki < kh; ki++) {
          const iy = iy0 + ki;
          if (iy >= 0 && iy < h && span != 0) {
            const d = img + <usize>iy * lineBytes + <usize>(ix0 + kjLo) * pixBytes;
            const s = src + before;
            let i: usize = 0;
            for (; i + 16 <= span; i += 16) v128.store(d + i, f32x4.add(v128.load(d + i), v128.load(s + i)));
            for (; i < span; i += 4) store<f32>(d + i, load<f32>(d + i) + load<f32>(s + i));
          }
          src += runBytes;
        }
      }
    }
  }
}

// y[i, j] = max(y[i, j] + bias[j], 0) in place, y of shape rows × cols: conv2dNhwc's bias
// and ReLU in one pass. Same f32 operations as addBias then relu (activation.ts), so the
// same bits.
export function addBiasRelu(y: usize, bias: usize, rows: i32, cols: i32): void {
  const zero = f32x4.splat(0);
  for (let i = 0; i < rows; i++) {
    const row = y + ((<usize>i * cols) << 2);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = row + (<usize>j << 2);
      v128.store(o, f32x4.max(f32x4.add(v128.load(o), v128.load(bias + (<usize>j << 2))), zero));
    }
    for (; j < cols; j++) {
      const o = row + (<usize>j << 2);
      store<f32>(o, max<f32>(load<f32>(o) + load<f32>(bias + (<usize>j << 2)), 0));
    }
  }
}
