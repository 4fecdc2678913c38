// exp(x) as fdlibm's e_exp.c computes it, operation for operation: the function V8's Math.exp
// is (checked bit for bit on 5 million arguments over [−800, 1]), so the gbt's gradients come
// out the same numbers in wasm and in the TypeScript twin on V8, and the same in every engine
// that runs the wasm (Math.exp itself is not specified to the bit). Not re-exported from
// index.ts: part of the gbt module only (gbt.ts).

// @ts-ignore: decorator
@inline const LN2_HI: f64 = 6.93147180369123816490e-01;
// @ts-ignore: decorator
@inline const LN2_LO: f64 = 1.90821492927058770002e-10;

// @ts-ignore: decorator
@inline export function fdlibmExp(x: f64): f64 {
  let hi: f64 = 0;
  let lo: f64 = 0;
  let k: i32 = 0;
  let hx = <i32>(reinterpret<u64>(x) >> 32);
  const xsb = (hx >>> 31) & 1;
  hx &= 0x7fffffff;
  // Overflow, underflow, NaN and ±Infinity.
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | <i32>reinterpret<u64>(x)) != 0) return x + x;
      return xsb == 0 ? x : 0;
    }
    if (x > 7.09782712893383973096e+02) return Infinity;
    if (x < -7.45133219101941108420e+02) return 0;
  }
  // Argument reduction: x = k·ln2 + r, |r| ≤ ln2/2, r = hi − lo.
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      if (x == 1) return 2.718281828459045;
      if (xsb == 0) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = <i32>(1.44269504088896338700e+00 * x + (xsb == 0 ? 0.5 : -0.5));
      const t = <f64>k;
      hi = x - t * LN2_HI;
      lo = t * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    if (1e300 + x > 1) return 1 + x; // |x| < 2^−28 (raising inexact, in C)
  }
  const t = x * x;
  const twopk = reinterpret<f64>(<u64>(0x3ff00000 + ((k >= -1021 ? k : k + 1000) << 20)) << 32);
  const c = x - t * (1.66666666666666019037e-01 + t * (-2.77777777770155933842e-03 + t * (6.61375632143793436117e-05 + t * (-1.65339022054652515390e-06 + t * 4.13813679705723846039e-08))));
  if (k == 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - ((lo - (x * c) / (2 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2 * 8.98846567431157953865e+307;
    return y * twopk;
  }
  return y * twopk * 9.33263618503218878990e-302;
}

/**
 * fdlibmExp of both lanes at once, the same bits: for arguments in [−708, 0] (a softmax's
 * x − max) fdlibm's three cases are one formula. Reduced (|x| > ln2/2 by fdlibm's test on the
 * high word): k = trunc(x/ln2 − 1/2), which is fdlibm's k = −1 below 1.5·ln2 too, with the same
 * hi and lo. Not reduced: k = 0, and 1 − ((lo − x·c/(2 − c)) − hi) with lo = 0, hi = x is
 * fdlibm's 1 − (x·c/(c − 2) − x) exactly (a/(−b) = −(a/b)). Tiny (|x| < 2^−28): 1 + x. Any
 * other argument (positive, below −708, NaN) takes fdlibmExp lane by lane.
 */
// @ts-ignore: decorator
@inline export function fdlibmExp2(x: v128): v128 {
  if (!i64x2.all_true(v128.and(f64x2.le(x, f64x2.splat(0)), f64x2.ge(x, f64x2.splat(-708))))) {
    return f64x2.replace_lane(f64x2.splat(fdlibmExp(f64x2.extract_lane(x, 0))), 1, fdlibmExp(f64x2.extract_lane(x, 1)));
  }
  // fdlibm's tests on the high word hx of |x|, as float comparisons: hx > 0x3fd62e42 is
  // |x| ≥ 0x3fd62e43_00000000, and hx < 0x3e300000 is |x| < 2^−28.
  const ax = f64x2.abs(x);
  const reduced = f64x2.ge(ax, f64x2.splat(reinterpret<f64>(0x3fd62e4300000000)));
  const tiny = f64x2.lt(ax, f64x2.splat(reinterpret<f64>(0x3e30000000000000)));
  const kf = v128.and(f64x2.trunc(f64x2.sub(f64x2.mul(f64x2.splat(1.44269504088896338700e+00), x), f64x2.splat(0.5))), reduced);
  const hi = f64x2.sub(x, f64x2.mul(kf, f64x2.splat(LN2_HI)));
  const lo = f64x2.mul(kf, f64x2.splat(LN2_LO));
  const r = f64x2.sub(hi, lo);
  const t = f64x2.mul(r, r);
  let p = f64x2.mul(t, f64x2.splat(4.13813679705723846039e-08));
  p = f64x2.mul(t, f64x2.add(f64x2.splat(-1.65339022054652515390e-06), p));
  p = f64x2.mul(t, f64x2.add(f64x2.splat(6.61375632143793436117e-05), p));
  p = f64x2.mul(t, f64x2.add(f64x2.splat(-2.77777777770155933842e-03), p));
  p = f64x2.mul(t, f64x2.add(f64x2.splat(1.66666666666666019037e-01), p));
  const c = f64x2.sub(r, p);
  const q = f64x2.div(f64x2.mul(r, c), f64x2.sub(f64x2.splat(2), c));
  const y = f64x2.sub(f64x2.splat(1), f64x2.sub(f64x2.sub(lo, q), hi));
  // 2^k from the whole number kf: kf + 1.5·2^52 holds k in its low bits (exact for |k| < 2^51).
  const k = i64x2.sub(f64x2.add(kf, f64x2.splat(6755399441055744.0)), i64x2.splat(0x4338000000000000));
  const twopk = i64x2.add(i64x2.shl(k, 52), i64x2.splat(0x3ff0000000000000));
  return v128.bitselect(f64x2.add(f64x2.splat(1), x), f64x2.mul(y, twopk), tiny);
}
