// TypeScript twins of assembly/optim.ts over plain arrays. Every f32 operation of the
// kernel is one Math.fround here, in the same order: f64 arithmetic on f32 inputs
// rounded once gives the correctly rounded f32 result for + − × ÷ and √, so the twins
// are bit-identical to the kernels.

const f = Math.fround;

export function adam(
  p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, n: number,
  beta1: number, beta2: number, oneMinusB1: number, oneMinusB2: number, eps: number, l2: number,
  decay: number, stepSize: number, sqrtBc2: number,
): void {
  [beta1, beta2, oneMinusB1, oneMinusB2, eps, l2, decay, stepSize, sqrtBc2] =
    [beta1, beta2, oneMinusB1, oneMinusB2, eps, l2, decay, stepSize, sqrtBc2].map(f);
  for (let i = 0; i < n; i++) {
    const gi = f(g[i] + f(l2 * p[i]));
    const mi = f(f(beta1 * m[i]) + f(oneMinusB1 * gi));
    const vi = f(f(beta2 * v[i]) + f(oneMinusB2 * f(gi * gi)));
    let pi = f(p[i] * decay);
    const denom = f(f(f(Math.sqrt(vi)) / sqrtBc2) + eps);
    pi = f(pi - f(stepSize * f(mi / denom)));
    m[i] = mi;
    v[i] = vi;
    p[i] = pi;
  }
}

export function sgd(p: Float32Array, g: Float32Array, n: number, lr: number, weightDecay: number): void {
  [lr, weightDecay] = [f(lr), f(weightDecay)];
  for (let i = 0; i < n; i++) {
    const gi = f(g[i] + f(weightDecay * p[i]));
    p[i] = f(p[i] - f(lr * gi));
  }
}

export function sgdMomentum(
  p: Float32Array, g: Float32Array, buf: Float32Array, n: number,
  lr: number, momentum: number, dampening: number, weightDecay: number, nesterov: number,
): void {
  [lr, momentum, dampening, weightDecay] = [lr, momentum, dampening, weightDecay].map(f);
  const oneMinusD = f(1 - dampening);
  for (let i = 0; i < n; i++) {
    const gi = f(g[i] + f(weightDecay * p[i]));
    const bi = f(f(momentum * buf[i]) + f(oneMinusD * gi));
    const d = nesterov ? f(gi + f(momentum * bi)) : bi;
    buf[i] = bi;
    p[i] = f(p[i] - f(lr * d));
  }
}

/** Returns what the kernel stores at `out`. Squares of f32 values are exact in f64. */
export function sumSquares(x: Float32Array, n: number): number {
  const s = [0, 0, 0, 0];
  let i = 0;
  for (; i + 4 <= n; i += 4) for (let l = 0; l < 4; l++) s[l] += x[i + l] * x[i + l];
  let t = (s[0] + s[1]) + (s[2] + s[3]);
  for (; i < n; i++) t += x[i] * x[i];
  return f(t);
}

export function scaleInPlace(x: Float32Array, n: number, s: number): void {
  s = f(s);
  for (let i = 0; i < n; i++) x[i] = f(x[i] * s);
}

export function countNonFinite(x: Float32Array, n: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (!Number.isFinite(x[i])) count++;
  return count;
}
