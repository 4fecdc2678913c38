// Factor-blind regrouping of bottleneck units by exclusivity of their "would-fire" events.
export function preacts(net, x, n) {
  const { D, H, W, b } = net; const A = new Float64Array(n * H);
  for (let i = 0; i < n; i++) { for (let h = 0; h < H; h++) A[i * H + h] = b[h]; for (let d = 0; d < D; d++) { const xv = x[i * D + d]; if (xv === 0) continue; for (let h = 0; h < H; h++) A[i * H + h] += xv * W[d * H + h]; } }
  return A;
}
// fire_u: unit u's pre-activation minus the mean over its group, above its own (1-1/K) quantile
export function coFire(net, x, n, mode = 'quantile') {
  const { H, K, G } = net; const A = preacts(net, x, n); const fire = new Uint8Array(n * H);
  const rel = new Float64Array(n * H);
  for (let i = 0; i < n; i++) for (let g = 0; g < G; g++) { let m = 0; for (let k = 0; k < K; k++) m += A[i * H + g * K + k]; m /= K; for (let k = 0; k < K; k++) rel[i * H + g * K + k] = A[i * H + g * K + k] - m; }
  for (let h = 0; h < H; h++) {
    const col = Array.from({ length: n }, (_, i) => rel[i * H + h]).sort((p, q) => p - q);
    let thr = col[Math.floor(n * (1 - 1 / K))] ?? Infinity;
    if (mode === 'otsu') { // split where the between-class variance of the two sides is largest
      const pre = new Float64Array(n + 1); for (let i = 0; i < n; i++) pre[i + 1] = pre[i] + col[i];
      let bestV = -1; for (let i = 1; i < n; i++) { if (col[i] === col[i - 1]) continue; const m0 = pre[i] / i, m1 = (pre[n] - pre[i]) / (n - i); const v = i * (n - i) * (m0 - m1) ** 2; if (v > bestV) { bestV = v; thr = col[i]; } }
    }
    for (let i = 0; i < n; i++) fire[i * H + h] = rel[i * H + h] >= thr ? 1 : 0;
  }
  const M = new Float64Array(H * H);
  for (let i = 0; i < n; i++) for (let u = 0; u < H; u++) if (fire[i * H + u]) for (let v = 0; v < H; v++) if (fire[i * H + v]) M[u * H + v]++;
  for (let j = 0; j < M.length; j++) M[j] /= n;
  if (mode === 'otsu') { const Mn = new Float64Array(M.length); for (let u = 0; u < H; u++) for (let v = 0; v < H; v++) { const d = M[u * H + u] * M[v * H + v]; Mn[u * H + v] = d > 0 ? M[u * H + v] / d : 1; } return Mn; }
  return M;
}
// assignment: array unit -> group slot order (perm[g*K+k] = old unit index)
export function regroupPerm(M, G, K) {
  const H = G * K; const perm = Int32Array.from({ length: H }, (_, i) => i);
  const cost = () => { let c = 0; for (let g = 0; g < G; g++) for (let a = 0; a < K; a++) for (let b = a + 1; b < K; b++) c += M[perm[g * K + a] * H + perm[g * K + b]]; return c; };
  let cur = cost(); let improved = true;
  while (improved) {
    improved = false; let best = 0, bi = -1, bj = -1;
    for (let i = 0; i < H; i++) for (let j = i + 1; j < H; j++) {
      if (Math.floor(i / K) === Math.floor(j / K)) continue;
      [perm[i], perm[j]] = [perm[j], perm[i]]; const c = cost(); [perm[i], perm[j]] = [perm[j], perm[i]];
      if (c < cur - 1e-12 && cur - c > best) { best = cur - c; bi = i; bj = j; }
    }
    if (bi >= 0) { [perm[bi], perm[bj]] = [perm[bj], perm[bi]]; cur -= best; improved = true; }
  }
  return perm;
}
export function applyPerm(net, perm) {
  const { D, H, C, W, b, V } = net; const W2 = new Float64Array(W.length), b2 = new Float64Array(H), V2 = new Float64Array(V.length);
  for (let s = 0; s < H; s++) { const u = perm[s]; for (let d = 0; d < D; d++) W2[d * H + s] = W[d * H + u]; b2[s] = b[u]; for (let j = 0; j < C; j++) V2[s * C + j] = V[u * C + j]; }
  W.set(W2); b.set(b2); V.set(V2);
  let moved = 0; for (let s = 0; s < H; s++) if (Math.floor(perm[s] / net.K) !== Math.floor(s / net.K)) moved++;
  return moved;
}
// Multi-start: current grouping plus `starts` random partitions; keep the lowest cost.
export function regroupPermMulti(M, G, K, r, starts = 10) {
  const H = G * K;
  const costOf = (perm) => { let c = 0; for (let g = 0; g < G; g++) for (let a = 0; a < K; a++) for (let b = a + 1; b < K; b++) c += M[perm[g * K + a] * H + perm[g * K + b]]; return c; };
  let best = regroupPerm(M, G, K), bestCost = costOf(best);
  for (let s = 0; s < starts; s++) {
    const init = Int32Array.from({ length: H }, (_, i) => i); for (let i = H - 1; i > 0; i--) { const j = r.int(i + 1); [init[i], init[j]] = [init[j], init[i]]; }
    // permute M by init, search, compose
    const Mp = new Float64Array(H * H); for (let u = 0; u < H; u++) for (let v = 0; v < H; v++) Mp[u * H + v] = M[init[u] * H + init[v]];
    const p = regroupPerm(Mp, G, K); const comp = Int32Array.from(p, (q) => init[q]);
    const c = costOf(comp); if (c < bestCost - 1e-12) { bestCost = c; best = comp; }
  }
  return best;
}
// Units that never win get a copy of their group's most frequent winner (plus noise): a k-means split.
export function reviveDead(net, x, n, r, scale = 0.01) {
  const { D, G, K, H, C, W, b, V } = net; const A = preacts(net, x, n); const wins = new Float64Array(H);
  for (let i = 0; i < n; i++) for (let g = 0; g < G; g++) { let best = 0; for (let k = 1; k < K; k++) if (A[i * H + g * K + k] > A[i * H + g * K + best]) best = k; wins[g * K + best]++; }
  let revived = 0;
  for (let g = 0; g < G; g++) for (let k = 0; k < K; k++) {
    const u = g * K + k; if (wins[u] > 0) continue;
    let top = g * K; for (let j = 1; j < K; j++) if (wins[g * K + j] > wins[top]) top = g * K + j;
    for (let d = 0; d < D; d++) W[d * H + u] = W[d * H + top] + scale * r.normal();
    b[u] = b[top] + scale * r.normal(); for (let j = 0; j < C; j++) V[u * C + j] = V[top * C + j];
    wins[u] = wins[top] / 2; wins[top] /= 2; revived++;
  }
  return revived;
}
