// Statistics across seeds: mean with a 95% Student-t interval, and the paired t-test.
// The t distribution is computed here (no dependency): its CDF through the regularized
// incomplete beta function (Lentz's continued fraction), the quantile by bisection on the CDF.

/** log Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error ~1e-15). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the incomplete beta (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/**
 * Regularized incomplete beta I_x(a, b). `y` = 1 − x may be passed when the caller can
 * compute it without cancellation (the t CDF near t = 0 has x within rounding of 1).
 */
export function incompleteBeta(x: number, a: number, b: number, y = 1 - x): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(y));
  // The fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, y)) / b;
}

/** P(T ≤ t) for Student's t with ν degrees of freedom. */
export function studentTCdf(t: number, nu: number): number {
  if (!(nu > 0)) throw new Error(`stats: degrees of freedom must be positive, got ${nu}`);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * incompleteBeta(nu / (nu + t * t), nu / 2, 0.5, (t * t) / (nu + t * t));
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t with ν degrees of freedom (bisection to ~1e-12). */
export function studentTQuantile(p: number, nu: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`stats: quantile probability must be in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, nu);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, nu) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, nu) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function sampleStd(xs: readonly number[], m: number): number {
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / (xs.length - 1));
}

function checkValues(name: string, xs: readonly number[]): void {
  if (xs.length === 0) throw new Error(`stats: ${name} needs at least one value`);
  xs.forEach((x, i) => {
    if (!Number.isFinite(x)) throw new Error(`stats: ${name} value ${i} is ${x}; values must be finite`);
  });
}

/**
 * Mean and 95% confidence interval mean ± t(0.975, n−1)·s/√n. A single value has no
 * interval: lo = hi = mean (n = 1 in the result says so).
 */
/** A mean with its confidence interval over n values. */
export interface CI {
  mean: number;
  lo: number;
  hi: number;
  n: number;
}

export function meanCI(values: readonly number[], level = 0.95): CI {
  checkValues('meanCI', values);
  const n = values.length;
  const m = mean(values);
  if (n === 1) return { mean: m, lo: m, hi: m, n };
  const half = (studentTQuantile(1 - (1 - level) / 2, n - 1) * sampleStd(values, m)) / Math.sqrt(n);
  return { mean: m, lo: m - half, hi: m + half, n };
}

/**
 * Paired two-sided t-test of a against b (e.g. two variants on the same seeds):
 * t = mean(d) / (sd(d)/√n), d = a − b, p = 2·P(T_{n−1} ≥ |t|). Identical differences (sd = 0)
 * give t = ±∞, p = 0 when they are nonzero, and t = 0, p = 1 when a = b.
 */
export function pairedTest(a: readonly number[], b: readonly number[]): { meanDiff: number; t: number; p: number; n: number } {
  checkValues('pairedTest a', a);
  checkValues('pairedTest b', b);
  if (a.length !== b.length) throw new Error(`stats: pairedTest needs equally many values, got ${a.length} and ${b.length}`);
  if (a.length < 2) throw new Error('stats: pairedTest needs at least two pairs');
  const diffs = a.map((x, i) => x - b[i]);
  const n = diffs.length;
  const m = mean(diffs);
  const s = sampleStd(diffs, m);
  if (s === 0) return m === 0 ? { meanDiff: 0, t: 0, p: 1, n } : { meanDiff: m, t: m > 0 ? Infinity : -Infinity, p: 0, n };
  const t = m / (s / Math.sqrt(n));
  // Two-sided tail straight from the incomplete beta: no 1 − (1 − ε) cancellation for tiny p.
  const p = Math.min(1, incompleteBeta((n - 1) / (n - 1 + t * t), (n - 1) / 2, 0.5, (t * t) / (n - 1 + t * t)));
  return { meanDiff: m, t, p, n };
}
