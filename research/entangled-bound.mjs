// entangled (ring): how well can the factors be decoded at all from x? A near-Bayes decoder that
// knows g: for each sample, fit the 2F ring coordinates u by Levenberg–Marquardt on ||x − g(u)||²
// (many random starts), then read each factor from the fitted radius. If a decoded z is wrong while
// its fit is better than the true u's, x is genuinely ambiguous; if worse, the search failed (so the
// accuracy printed is a lower bound on the Bayes accuracy). node research/entangled-bound.mjs '{"seed":1,"n":300}'
import { buildData, Rng } from '../dist/src/index.js';
const o = { seed: 1, n: 300, starts: 12, iters: 60, entangled: {}, ...JSON.parse(process.argv[2] ?? '{}') };
const data = buildData({ dataset: 'entangled', entangled: { mixing: 'ring', ...o.entangled }, nTrain: 64, nVal: 16, nTest: 16, nHeldout: 16 }, o.seed);
const ds = data.dataset; const F = ds.factors.length; const card = ds.factors.map((f) => f.values.length); const D = ds.inputShape[0];
const noise = o.entangled.noise ?? 0.05;
// g(u) through the dataset's own observe(): a float "z" sets the radius, a fake rng the phases, noise 0.
const zf = new Float64Array(F); let ph = []; let k = 0;
const fake = { uniform: () => ph[k++], normal: () => 0 };
function g(u) {
  ph = []; k = 0;
  for (let f = 0; f < F; f++) {
    const r = Math.hypot(u[2 * f], u[2 * f + 1]); zf[f] = (r * card[f]) / 1.6 - 1;
    let p = Math.atan2(u[2 * f + 1], u[2 * f]) / (2 * Math.PI); if (p < 0) p += 1; ph.push(p);
  }
  return Float64Array.from(ds.observe(zf, 1, fake));
}
const sse = (x, y) => { let s = 0; for (let j = 0; j < D; j++) s += (x[j] - y[j]) ** 2; return s; };
function fit(x, u0) {
  let u = Float64Array.from(u0); let gu = g(u); let e = sse(x, gu); let lam = 1e-2; const P = 2 * F; const h = 1e-4;
  for (let it = 0; it < o.iters; it++) {
    const J = [];
    for (let p = 0; p < P; p++) { const a = Float64Array.from(u); a[p] += h; const b = Float64Array.from(u); b[p] -= h; const ga = g(a), gb = g(b); J.push(ga.map((v, j) => (v - gb[j]) / (2 * h))); }
    const A = Array.from({ length: P }, (_, i) => Array.from({ length: P }, (_, j) => { let s = 0; for (let d = 0; d < D; d++) s += J[i][d] * J[j][d]; return s; }));
    const bv = Array.from({ length: P }, (_, i) => { let s = 0; for (let d = 0; d < D; d++) s += J[i][d] * (x[d] - gu[d]); return s; });
    let improved = false;
    for (let tries = 0; tries < 8 && !improved; tries++) {
      const M = A.map((row, i) => row.map((v, j) => v + (i === j ? lam * (A[i][i] + 1e-9) : 0)));
      const step = solve(M, bv.slice()); const un = u.map((v, i) => v + step[i]); const gn = g(un); const en = sse(x, gn);
      if (en < e) { u = un; gu = gn; e = en; lam = Math.max(lam / 3, 1e-7); improved = true; } else lam *= 4;
    }
    if (!improved) break;
  }
  return { u, e };
}
function solve(M, b) {
  const n = b.length;
  for (let c = 0; c < n; c++) {
    let p = c; for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]]; [b[c], b[p]] = [b[p], b[c]];
    for (let r = c + 1; r < n; r++) { const q = M[r][c] / M[c][c]; for (let j = c; j < n; j++) M[r][j] -= q * M[c][j]; b[r] -= q * b[c]; }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) { let s = b[r]; for (let j = r + 1; j < n; j++) s -= M[r][j] * x[j]; x[r] = s / M[r][r]; }
  return x;
}
const rng = new Rng(1000 + o.seed, 'bound'); const t0 = Date.now();
let correctF = 0, allCorrect = 0, ambiguous = 0, searchFail = 0;
for (let i = 0; i < o.n; i++) {
  const z = card.map((c) => rng.int(c)); const ut = new Float64Array(2 * F);
  for (let f = 0; f < F; f++) { const r = (1.6 * (1 + z[f])) / card[f], a = 2 * Math.PI * rng.uniform(); ut[2 * f] = r * Math.cos(a); ut[2 * f + 1] = r * Math.sin(a); }
  const x = g(ut).map((v) => v + noise * rng.normal()); const eTrue = sse(x, g(ut));
  let best = null;
  for (let s = 0; s < o.starts; s++) {
    const u0 = new Float64Array(2 * F).map(() => rng.normal());
    const r = fit(x, u0); if (!best || r.e < best.e) best = r;
  }
  const zh = card.map((c, f) => Math.min(c - 1, Math.max(0, Math.round((Math.hypot(best.u[2 * f], best.u[2 * f + 1]) * c) / 1.6 - 1))));
  const ok = zh.map((v, f) => v === z[f]); correctF += ok.filter(Boolean).length; const all = ok.every(Boolean); if (all) allCorrect++;
  else if (best.e <= eTrue) ambiguous++; else searchFail++;
}
console.log(`${JSON.stringify(o)} => per-factor acc ${(correctF / (o.n * F)).toFixed(3)}, all-factor acc ${(allCorrect / o.n).toFixed(3)}; wrong: ambiguous (better fit than truth) ${ambiguous}, search failures ${searchFail}; ${((Date.now() - t0) / 1000).toFixed(0)}s`);
