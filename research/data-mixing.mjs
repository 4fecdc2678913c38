// Scratch comparison of candidate compositional-yet-deep mixings for `entangled` (plain JS generators,
// not the library's): per factor, linear probe (IID test) and MLP probe (IID test / held-out
// combinations), trained on samples of 80 % of the 4^4 combinations.
// node research/data-mixing.mjs '{"kind":"additive","depth":2,"gain":2,"post":1,"seeds":[1,2]}'
import { Rng, probe } from '../dist/src/index.js';
const o = { kind: 'additive', depth: 2, width: 32, gain: 2, post: 1, dim: 32, noise: 0.05, card: [4, 4, 4, 4], nTrain: 4096, seeds: [1, 2], hidden: [64], steps: 500, act: 'tanh', ...JSON.parse(process.argv[2] ?? '{}') };
const F = o.card.length;
const act = (v) => (o.act === 'sin' ? Math.sin(v) : Math.tanh(v));
function layer(rng, nIn, nOut, scale, bias = 1) {
  const w = Float64Array.from({ length: nIn * nOut }, () => (rng.normal() * scale) / Math.sqrt(nIn));
  const b = Float64Array.from({ length: nOut }, () => rng.normal() * bias);
  return { w, b, nIn, nOut };
}
function apply(L, h, f = act) { const out = new Float64Array(L.nOut); for (let j = 0; j < L.nOut; j++) { let s = L.b[j]; for (let i = 0; i < L.nIn; i++) s += L.w[j * L.nIn + i] * h[i]; out[j] = f(s); } return out; }
function makeGen(rng) {
  const ringIn = (f, v, ph) => { const r = (1.6 * (1 + v)) / o.card[f]; return [r * Math.cos(2 * Math.PI * ph), r * Math.sin(2 * Math.PI * ph)]; };
  if (o.kind === 'additive') {
    // per factor: ring coords → depth × (width, act, gain) → linear to dim; summed; post-nonlinearity tanh(post · s)
    const nets = o.card.map((_, f) => { const ls = []; let nIn = 2; for (let l = 0; l < o.depth; l++) { ls.push(layer(rng.fork(`f${f}l${l}`), nIn, o.width, o.gain, o.bias ?? 1)); nIn = o.width; } return { ls, out: layer(rng.fork(`f${f}out`), nIn, o.dim, 1, 0) }; });
    return (z, phs) => { const s = new Float64Array(o.dim); for (let f = 0; f < F; f++) { let h = ringIn(f, z[f], phs[f]); for (const L of nets[f].ls) h = apply(L, h); const y = apply(nets[f].out, h, (v) => v); for (let j = 0; j < o.dim; j++) s[j] += y[j] / Math.sqrt(F); } return o.post > 0 ? s.map((v) => Math.tanh(o.post * v)) : s; };
  }
  if (o.kind === 'concat') {
    // per factor deep map to width, concatenated, then mixDepth layers of tanh gain mixGain
    const nets = o.card.map((_, f) => { const ls = []; let nIn = 2; for (let l = 0; l < o.depth; l++) { ls.push(layer(rng.fork(`f${f}l${l}`), nIn, o.width, o.gain)); nIn = o.width; } return ls; });
    const mix = []; let nIn = F * o.width; for (let l = 0; l < (o.mixDepth ?? 1); l++) { mix.push(layer(rng.fork(`mix${l}`), nIn, 64, o.mixGain ?? 1)); nIn = 64; }
    const ro = layer(rng.fork('ro'), nIn, o.dim, 1, 0);
    return (z, phs) => { const c = []; for (let f = 0; f < F; f++) { let h = ringIn(f, z[f], phs[f]); for (const L of nets[f]) h = apply(L, h); c.push(...h); } let h = Float64Array.from(c); for (const L of mix) h = apply(L, h, Math.tanh); return apply(ro, h, (v) => v); };
  }
  if (o.kind === 'ringdeep') {
    const ls = []; let nIn = 2 * F; for (let l = 0; l < o.depth; l++) { ls.push(layer(rng.fork(`l${l}`), nIn, 64, o.gain)); nIn = 64; }
    const ro = layer(rng.fork('ro'), nIn, o.dim, 1, 0);
    return (z, phs) => { let h = Float64Array.from(z.flatMap((v, f) => ringIn(f, v, phs[f]))); for (const L of ls) h = apply(L, h); return apply(ro, h, (v) => v); };
  }
  throw new Error(o.kind);
}
const res = [];
for (const seed of o.seeds) {
  const rng = new Rng(seed, 'mix');
  const g = makeGen(rng.fork('g'));
  const combos = []; const tot = o.card.reduce((a, b) => a * b, 1);
  for (let c = 0; c < tot; c++) { let r = c; const z = []; for (let f = F - 1; f >= 0; f--) { z[f] = r % o.card[f]; r = Math.floor(r / o.card[f]); } combos.push(z); }
  const sr = rng.fork('split'); const idx = combos.map((_, i) => i); sr.shuffle(idx);
  const held = new Set(idx.slice(0, Math.round(0.2 * tot)));
  const tr = combos.filter((_, i) => !held.has(i)), ho = combos.filter((_, i) => held.has(i));
  const draw = (pool, n, r) => { const zs = []; const x = new Float32Array(n * o.dim); const raw = []; for (let i = 0; i < n; i++) { const z = pool[r.int(pool.length)]; zs.push(z); raw.push(g(z, z.map(() => r.uniform()))); } return { zs, raw, n, x }; };
  const sets = [draw(tr, o.nTrain, rng.fork('tr')), draw(tr, 1024, rng.fork('te')), draw(ho, 1024, rng.fork('ho'))];
  // standardize with training statistics, add noise
  const mean = new Float64Array(o.dim), sd = new Float64Array(o.dim);
  for (const v of sets[0].raw) for (let j = 0; j < o.dim; j++) { mean[j] += v[j] / o.nTrain; sd[j] += v[j] * v[j] / o.nTrain; }
  for (let j = 0; j < o.dim; j++) sd[j] = Math.sqrt(Math.max(1e-12, sd[j] - mean[j] ** 2));
  const nr = rng.fork('noise');
  for (const s of sets) s.raw.forEach((v, i) => { for (let j = 0; j < o.dim; j++) s.x[i * o.dim + j] = (v[j] - mean[j]) / sd[j] + o.noise * nr.normal(); });
  const pd = (s, f) => ({ x: s.x, n: s.n, d: o.dim, y: Int32Array.from(s.zs, (z) => z[f]) });
  for (let f = 0; f < F; f++) {
    const lin = probe(pd(sets[0], f), pd(sets[1], f), o.card[f], { steps: o.steps, seed: 1 });
    const mi = probe(pd(sets[0], f), pd(sets[1], f), o.card[f], { hidden: o.hidden, steps: o.steps, seed: 1 });
    const mh = probe(pd(sets[0], f), pd(sets[2], f), o.card[f], { hidden: o.hidden, steps: o.steps, seed: 1 });
    res.push([lin.testAccuracy, mi.testAccuracy, mh.testAccuracy]);
  }
}
const m = (k) => (res.reduce((a, r) => a + r[k], 0) / res.length).toFixed(3);
const mn = (k) => Math.min(...res.map((r) => r[k])).toFixed(3);
console.log(`${process.argv[2] ?? '{}'} => linear IID ${m(0)} | MLP IID ${m(1)} (min ${mn(1)}) | MLP held-out ${m(2)} (min ${mn(2)})`);
