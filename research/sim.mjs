// Fast float64 simulator of the theorem setting, for research only (not the library):
// one-hot factors -> linear encoder -> G groups x K units hard WTA (straight-through
// softmax Jacobian) -> linear heads; SGD. Deterministic PRNG.
export function rng(seed) {
  let s = (seed >>> 0) ^ 0x9e3779b9;
  const next = () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const normal = () => { const u = Math.max(next(), 1e-12), v = next(); return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v); };
  const int = (n) => Math.floor(next() * n);
  return { next, normal, int };
}

export function combos(card) {
  const F = card.length; let n = 1; for (const c of card) n *= c;
  const z = new Int32Array(n * F);
  for (let i = 0; i < n; i++) { let r = i; for (let f = F - 1; f >= 0; f--) { z[i * F + f] = r % card[f]; r = Math.floor(r / card[f]); } }
  return { n, z };
}

// tasks: list of {classes, label(zrow)}
export function makeTasks(card, kind, R) {
  const F = card.length, tasks = [];
  if (kind === 'indicator' || kind === 'both') for (let f = 0; f < F; f++) for (let v = 0; v < card[f]; v++) tasks.push({ classes: 2, label: (zr) => (zr[f] === v ? 1 : 0) });
  if (kind === 'factor' || kind === 'both') for (let f = 0; f < F; f++) tasks.push({ classes: card[f], label: (zr) => zr[f] });
  if (kind === 'partitions') for (let f = 0; f < F; f++) { const n = card[f]; for (let m = 1; m < (1 << n) - 1; m++) { if (m & 1) continue; const mm = m; tasks.push({ classes: 2, label: (zr) => (mm >> zr[f]) & 1 }); } }
  return tasks;
}

export function createNet(D, G, K, tasks, r, initScale = 1) {
  const H = G * K; const C = tasks.reduce((a, t) => a + t.classes, 0);
  const lim = initScale * Math.sqrt(6 / (D + H));
  const W = new Float64Array(D * H).map(() => (r.next() * 2 - 1) * lim);
  const b = new Float64Array(H);
  const lim2 = Math.sqrt(6 / (H + C));
  const V = new Float64Array(H * C).map(() => (r.next() * 2 - 1) * lim2);
  const c = new Float64Array(C);
  const off = []; let o = 0; for (const t of tasks) { off.push(o); o += t.classes; }
  return { D, G, K, H, C, W, b, V, c, off, tasks };
}

export function encodeWinners(net, x, n) {
  const { D, G, K, H, W, b } = net; const win = new Int32Array(n * G); const a = new Float64Array(H);
  for (let i = 0; i < n; i++) {
    for (let h = 0; h < H; h++) a[h] = b[h];
    for (let d = 0; d < D; d++) { const xv = x[i * D + d]; if (xv === 0) continue; for (let h = 0; h < H; h++) a[h] += xv * W[d * H + h]; }
    for (let g = 0; g < G; g++) { let best = 0; for (let k = 1; k < K; k++) if (a[g * K + k] > a[g * K + best]) best = k; win[i * G + g] = best; }
  }
  return win;
}

// Heads' CE for given winners (per sample) — logits = c + sum_g V[g*K+win]
export function lossAndAcc(net, win, labels, n, lambda = 0) {
  const { G, K, C, V, c, off, tasks } = net; const T = tasks.length; let loss = 0, acc = 0; const lg = new Float64Array(C);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < C; j++) lg[j] = c[j];
    for (let g = 0; g < G; g++) { const h = g * K + win[i * G + g]; for (let j = 0; j < C; j++) lg[j] += V[h * C + j]; }
    for (let t = 0; t < T; t++) {
      const o = off[t], m = tasks[t].classes; let mx = -Infinity, am = 0; for (let j = 0; j < m; j++) if (lg[o + j] > mx) { mx = lg[o + j]; am = j; }
      let s = 0; for (let j = 0; j < m; j++) s += Math.exp(lg[o + j] - mx);
      const y = labels[t][i]; loss += -(lg[o + y] - mx - Math.log(s)); if (am === y) acc++;
    }
  }
  let l2 = 0; for (let j = 0; j < V.length; j++) l2 += V[j] * V[j];
  return { loss: loss / n, acc: acc / (n * T), objective: loss / n + lambda * l2 };
}

export function nmiStats(win, z, n, G, K, card) {
  const F = card.length; const nmi = [];
  for (let f = 0; f < F; f++) {
    const row = [];
    const pf = new Float64Array(card[f]); for (let i = 0; i < n; i++) pf[z[i * F + f]]++;
    let hf = 0; for (const p of pf) if (p > 0) hf -= (p / n) * Math.log(p / n);
    for (let g = 0; g < G; g++) {
      const joint = new Float64Array(card[f] * K), pg = new Float64Array(K);
      for (let i = 0; i < n; i++) { joint[z[i * F + f] * K + win[i * G + g]]++; pg[win[i * G + g]]++; }
      let mi = 0; for (let v = 0; v < card[f]; v++) for (let k = 0; k < K; k++) { const p = joint[v * K + k] / n; if (p > 0) mi += p * Math.log(p / ((pf[v] / n) * (pg[k] / n))); }
      row.push(hf > 0 ? mi / hf : 0);
    }
    nmi.push(row);
  }
  const best = nmi.map((r) => Math.max(...r));
  return { nmi, bestGroupNmi: best.reduce((a, b) => a + b, 0) / F, factorial: best.every((v) => v >= 0.95) ? 1 : 0 };
}

export function oneHot(z, n, card) {
  const F = card.length; const D = card.reduce((a, b) => a + b, 0); const x = new Float64Array(n * D);
  const base = []; let o = 0; for (const c of card) { base.push(o); o += c; }
  for (let i = 0; i < n; i++) for (let f = 0; f < F; f++) x[i * D + base[f] + z[i * F + f]] = 1;
  return { x, D };
}

// One SGD epoch. opts: lr, tau, lambda (head L2), batch, noise (gumbel scale on winner choice),
// frozenGroups (Set of groups whose encoder columns are not updated), trainHeads.
export function epoch(net, x, labels, n, r, opts) {
  const { D, G, K, H, C, W, b, V, c, off, tasks } = net; const T = tasks.length;
  const { lr, tau = 1, lambda = 0, batch = 32, noise = 0, frozen = null, encLr = 1, mask = null, soft = false } = opts;
  const P = new Float64Array(H);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = r.int(i + 1); const t = order[i]; order[i] = order[j]; order[j] = t; }
  const a = new Float64Array(H), code = new Int32Array(G), lg = new Float64Array(C), dl = new Float64Array(C), dcode = new Float64Array(H), da = new Float64Array(H);
  const gW = new Float64Array(D * H), gb = new Float64Array(H), gV = new Float64Array(H * C), gc = new Float64Array(C);
  for (let s = 0; s < n; s += batch) {
    const m = Math.min(batch, n - s); gW.fill(0); gb.fill(0); gV.fill(0); gc.fill(0);
    for (let q = 0; q < m; q++) {
      const i = order[s + q];
      for (let h = 0; h < H; h++) a[h] = b[h];
      for (let d = 0; d < D; d++) { const xv = x[i * D + d]; if (xv === 0) continue; for (let h = 0; h < H; h++) a[h] += xv * W[d * H + h]; }
      for (let g = 0; g < G; g++) {
        let best = 0, bv = -Infinity;
        for (let k = 0; k < K; k++) { let v = a[g * K + k]; if (noise > 0) v += noise * -Math.log(-Math.log(Math.max(r.next(), 1e-12))); if (v > bv) { bv = v; best = k; } }
        code[g] = best;
      }
      for (let g = 0; g < G; g++) {
        let mx = -Infinity; for (let k = 0; k < K; k++) mx = Math.max(mx, a[g * K + k] / tau);
        let sum = 0; for (let k = 0; k < K; k++) { P[g * K + k] = Math.exp(a[g * K + k] / tau - mx); sum += P[g * K + k]; }
        for (let k = 0; k < K; k++) P[g * K + k] /= sum;
      }
      for (let j = 0; j < C; j++) lg[j] = c[j];
      if (soft) { for (let h = 0; h < H; h++) { const ph = P[h]; if (ph < 1e-12) continue; for (let j = 0; j < C; j++) lg[j] += ph * V[h * C + j]; } }
      else for (let g = 0; g < G; g++) { const h = g * K + code[g]; for (let j = 0; j < C; j++) lg[j] += V[h * C + j]; }
      for (let t = 0; t < T; t++) {
        const o = off[t], mm = tasks[t].classes; let mx = -Infinity; for (let j = 0; j < mm; j++) mx = Math.max(mx, lg[o + j]);
        let sum = 0; for (let j = 0; j < mm; j++) { dl[o + j] = Math.exp(lg[o + j] - mx); sum += dl[o + j]; }
        for (let j = 0; j < mm; j++) dl[o + j] /= sum; dl[o + labels[t][i]] -= 1;
      }
      for (let j = 0; j < C; j++) gc[j] += dl[j];
      if (soft) { for (let h = 0; h < H; h++) { const ph = P[h]; if (ph < 1e-12) continue; for (let j = 0; j < C; j++) gV[h * C + j] += ph * dl[j]; } }
      else for (let g = 0; g < G; g++) { const h = g * K + code[g]; for (let j = 0; j < C; j++) gV[h * C + j] += dl[j]; }
      for (let h = 0; h < H; h++) { let sdot = 0; for (let j = 0; j < C; j++) sdot += V[h * C + j] * dl[j]; dcode[h] = sdot; }
      // ST: da = J_softmax(a/tau)^T dcode
      for (let g = 0; g < G; g++) {
        if (frozen && frozen.has(g)) { for (let k = 0; k < K; k++) da[g * K + k] = 0; continue; }
        let dot = 0; for (let k = 0; k < K; k++) dot += P[g * K + k] * dcode[g * K + k];
        for (let k = 0; k < K; k++) da[g * K + k] = (P[g * K + k] * (dcode[g * K + k] - dot)) / tau;
      }
      for (let h = 0; h < H; h++) gb[h] += da[h];
      for (let d = 0; d < D; d++) { const xv = x[i * D + d]; if (xv === 0) continue; for (let h = 0; h < H; h++) gW[d * H + h] += xv * da[h]; }
    }
    const e = lr / m, ee = e * encLr;
    for (let j = 0; j < W.length; j++) W[j] -= ee * gW[j];
    for (let j = 0; j < H; j++) b[j] -= ee * gb[j];
    for (let j = 0; j < V.length; j++) V[j] -= e * gV[j] + lr * 2 * lambda * V[j];
    if (mask) for (let j = 0; j < V.length; j++) V[j] *= mask[j];
    for (let j = 0; j < C; j++) c[j] -= e * gc[j];
  }
}

export function setup(card, taskKind, seed, { groups, units, initScale = 1 } = {}) {
  const { n, z } = combos(card); const { x, D } = oneHot(z, n, card);
  const tasks = makeTasks(card, taskKind);
  const F = card.length; const zr = new Int32Array(F);
  const labels = tasks.map((t) => { const l = new Int32Array(n); for (let i = 0; i < n; i++) { for (let f = 0; f < F; f++) zr[f] = z[i * F + f]; l[i] = t.label(zr); } return l; });
  const G = groups ?? card.length, K = units ?? Math.max(...card);
  const r = rng(seed);
  const net = createNet(D, G, K, tasks, r, initScale);
  return { n, z, x, D, tasks, labels, net, r, G, K, card };
}

export function evaluate(S, lambda) {
  const win = encodeWinners(S.net, S.x, S.n);
  return { ...lossAndAcc(S.net, win, S.labels, S.n, lambda), ...nmiStats(win, S.z, S.n, S.G, S.K, S.card), win };
}
