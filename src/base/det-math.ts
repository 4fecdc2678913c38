// exp and log in plain float64 arithmetic, for the few losses computed in JavaScript rather
// than in the kernels (validation loss). Math.exp and Math.log are implementation-defined in
// their last bit: measured on 200 000 arguments, Node 20's V8, Deno 2.9's V8 and Chromium 156
// each give different bits for some. These are fdlibm's algorithms (e_exp.c, e_log.c; error
// < 1 ulp) written with +, −, ×, ÷ and exponent bit edits only, which IEEE 754 fixes exactly,
// so every engine computes the same bits.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Which half of the double is the high word (sign, exponent, top of the mantissa).
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

function highWord(x: number): number {
  f64[0] = x;
  return u32[HI] | 0;
}

function withHighWord(x: number, hi: number): number {
  f64[0] = x;
  u32[HI] = hi >>> 0;
  return f64[0];
}

const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700e+00;
const O_THRESHOLD = 7.09782712893383973096e+02;
const U_THRESHOLD = -7.45133219101941108420e+02;
const TWOM1000 = 9.33263618503218878990e-302;
const P1 = 1.66666666666666019037e-01;
const P2 = -2.77777777770155933842e-03;
const P3 = 6.61375632143793436117e-05;
const P4 = -1.65339022054652515390e-06;
const P5 = 4.13813679705723846039e-08;

/** e^x, the same bits in every JavaScript engine. */
export function detExp(x: number): number {
  const hxs = highWord(x);
  const negative = hxs < 0;
  const hx = hxs & 0x7fffffff;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) return Number.isNaN(x) ? x : negative ? 0 : x;
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // Reduce: x = k·ln2 + r, |r| ≤ ln2/2, with ln2 split in two so k·ln2_hi is exact.
    if (hx < 0x3ff0a2b2) {
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = Math.trunc(INV_LN2 * x + (negative ? -0.5 : 0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x; // |x| < 2^-28
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - ((lo - (x * c) / (2 - c)) - hi);
  if (k >= -1021) return withHighWord(y, highWord(y) + (k << 20));
  return withHighWord(y, highWord(y) + ((k + 1000) << 20)) * TWOM1000;
}

const TWO54 = 1.80143985094819840000e+16;
const LG1 = 6.666666666666735130e-01;
const LG2 = 3.999999999940941908e-01;
const LG3 = 2.857142874366239149e-01;
const LG4 = 2.222219843214978396e-01;
const LG5 = 1.818357216161805012e-01;
const LG6 = 1.531383769920937332e-01;
const LG7 = 1.479819860511658591e-01;

/** The natural logarithm, the same bits in every JavaScript engine. */
export function detLog(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    f64[0] = x;
    if (((hx & 0x7fffffff) | u32[LO]) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54; // subnormal: scale up
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i0 ^ 0x3ff00000)); // x or x/2, in [sqrt(2)/2, sqrt(2))
  k += i0 >> 20;
  const f = x - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : dk * LN2_HI - ((R - dk * LN2_LO) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}

/** tanh with the same bits on every engine (e^x from detExp). */
export function detTanh(v: number): number {
  if (v !== v) return v;
  const a = v < 0 ? -v : v;
  if (a > 20) return v < 0 ? -1 : 1;
  const t = 1 - 2 / (detExp(2 * a) + 1);
  return v < 0 ? -t : t;
}

/** sin(π·t/2 ... ) helpers: sin and cos of 2π·u for any finite u, from + − × only (error ~1e-16). */
function sinPoly(x: number): number {
  // |x| ≤ π/4: Taylor series to x^17 (remainder < 1e-19)
  const x2 = x * x;
  let s = 0;
  let term = x;
  for (let k = 1; k <= 17; k += 2) {
    s += term;
    term = (-term * x2) / ((k + 1) * (k + 2));
  }
  return s;
}
function cosPoly(x: number): number {
  const x2 = x * x;
  let s = 0;
  let term = 1;
  for (let k = 0; k <= 16; k += 2) {
    s += term;
    term = (-term * x2) / ((k + 1) * (k + 2));
  }
  return s;
}
/** [cos 2πu, sin 2πu], the same bits on every engine. */
export function detCosSinTurn(u: number): [number, number] {
  let t = u - Math.floor(u); // [0, 1)
  const q = Math.floor(t * 8); // octant 0..7
  t = t * 8 - q; // [0, 1) within the octant
  const a = (t * Math.PI) / 4; // [0, π/4)
  const b = ((1 - t) * Math.PI) / 4; // complement, (0, π/4]
  const sa = sinPoly(a), ca = cosPoly(a), sb = sinPoly(b), cb = cosPoly(b);
  switch (q) {
    case 0: return [ca, sa];
    case 1: return [sb, cb];
    case 2: return [-sa, ca];
    case 3: return [-cb, sb];
    case 4: return [-ca, -sa];
    case 5: return [-sb, -cb];
    case 6: return [sa, -ca];
    default: return [cb, -sb];
  }
}
/** sin x for any finite x, from + − × ÷ and floor only. */
export function detSin(x: number): number {
  return detCosSinTurn(x / (2 * Math.PI))[1];
}
