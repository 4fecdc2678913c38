/**
 * conv2d kernels (assembly/conv.ts). Pointers are byte offsets; sizes in elements.
 *
 * im2row matrix `rows`: [n·Ho·Wo, C·kh·kw] row-major, one row per output pixel
 * q = (b·Ho + oy)·Wo + ox, column r = (ci·kh + ki)·kw + kj, value
 * x[b, ci, oy·stride − pad + ki, ox·stride − pad + kj] (0 outside the image).
 * Caller guarantees ho = ⌊(h + 2·pad − kh)/stride⌋ + 1 ≥ 1 (same for wo).
 */
export interface ConvKernels {
  /** y[b, ch, p] += bias[ch] in place, y of shape [n, c, hw]. */
  addChannelBias(y: number, bias: number, n: number, c: number, hw: number): void;
  /** Fills `rows` [n·Ho·Wo, C·kh·kw] from NCHW `x` [n, c, h, w] (one row per output pixel). */
  im2row(
    x: number, n: number, c: number, h: number, w: number, kh: number, kw: number,
    stride: number, pad: number, ho: number, wo: number, rows: number,
  ): void;
  /** Adjoint of im2row: x = 0, then scatter-adds every in-image entry of `rows`, pixel by pixel. */
  row2im(
    rows: number, n: number, c: number, h: number, w: number, kh: number, kw: number,
    stride: number, pad: number, ho: number, wo: number, x: number,
  ): void;
  /**
   * Channels-last patch rows: x NHWC [n, h, w, c] → rows [n·Ho·Wo, kh·kw·c] with column
   * r = (ki·kw + kj)·c + ci (0 outside the image).
   */
  im2rowNhwc(
    x: number, n: number, h: number, w: number, c: number, kh: number, kw: number,
    stride: number, pad: number, ho: number, wo: number, rows: number,
  ): void;
  /** Adjoint of im2rowNhwc: x = 0, then scatter-adds every in-image entry, pixel by pixel. */
  row2imNhwc(
    rows: number, n: number, h: number, w: number, c: number, kh: number, kw: number,
    stride: number, pad: number, ho: number, wo: number, x: number,
  ): void;
  /** y[i, j] = max(y[i, j] + bias[j], 0) in place (rows × cols): bias then ReLU in one pass. */
  addBiasRelu(y: number, bias: number, rows: number, cols: number): void;
}
