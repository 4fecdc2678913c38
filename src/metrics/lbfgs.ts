// L-BFGS (Nocedal & Wright, Algorithm 7.4/7.5) for the convex readouts in readout.ts.
//
// The objective f and its gradient come from a callback (there: wtanet's engine, in float32);
// the iteration itself is float64. Line search: backtracking from the unit step (the first
// iteration scales its step to 1/‖g‖∞) until the Armijo condition holds; a curvature pair is
// kept only when sᵀy > 0, so the inverse-Hessian approximation stays positive definite without
// a Wolfe search. Stopping rule, in this order:
//   1. every gradient component ≤ gradTol (converged);
//   2. no step along the search direction lowers f any more — at float32 precision of the
//      objective this is convergence as far as it can be measured;
//   3. maxIterations (a safety cap; the readouts converge in tens to a few hundred).
// Deterministic: no randomness, no timing.

export interface LbfgsOptions {
  gradTol: number;
  maxIterations: number;
  /** Curvature pairs kept (default 10). */
  memory?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  /** Largest |gradient| component at x. */
  gradMax: number;
}

const ARMIJO = 1e-4;
const MAX_HALVINGS = 40;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) if (Math.abs(v) > m) m = Math.abs(v);
  return m;
}

/**
 * Minimizes f from x0 (not modified). `evaluate(x, grad)` returns f(x) and writes ∇f(x) into grad.
 * Returns the last accepted iterate as `x`.
 */
export function lbfgs(evaluate: (x: Float64Array, grad: Float64Array) => number, x0: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const memory = options.memory ?? 10;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = evaluate(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const alpha = new Float64Array(memory);
  const xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  let iterations = 0;
  for (; iterations < options.maxIterations; iterations++) {
    if (maxAbs(g) <= options.gradTol) break;
    // Two-loop recursion: d = −H·g.
    for (let i = 0; i < n; i++) d[i] = -g[i];
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(S[k], d);
      for (let i = 0; i < n; i++) d[i] -= alpha[k] * Y[k][i];
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
      for (let i = 0; i < n; i++) d[i] *= gamma;
    }
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k] * dot(Y[k], d);
      for (let i = 0; i < n; i++) d[i] += (alpha[k] - beta) * S[k][i];
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (should not happen with sᵀy > 0): restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i];
      slope = dot(g, d);
    }
    let t = S.length === 0 ? Math.min(1, 1 / maxAbs(g)) : 1;
    let fNew = Infinity;
    let accepted = false;
    for (let h = 0; h < MAX_HALVINGS; h++, t *= 0.5) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + t * d[i];
      fNew = evaluate(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= f + ARMIJO * t * slope && fNew < f) {
        accepted = true;
        break;
      }
    }
    if (!accepted) break; // no representable decrease left along d: converged to f's precision
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (S.length === memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    x = Float64Array.from(xNew);
    [g, gNew] = [gNew, g];
    f = fNew;
  }
  return { x, f, iterations, gradMax: maxAbs(g) };
}
