// For fixed codes, the best head objective (CE + λ‖V‖²) on a task set: factorial vs bit-pair codes.
import { combos, rng } from './sim.mjs';
const card = [4, 4, 4, 4], F = 4, K = 4; const { n, z } = combos(card);
const r = rng(5);
// grid-like tasks: 2 distinct balanced partitions per factor + 4 random 2-factor AND/OR tasks (labels as functions of z)
const parts = [[0, 0, 1, 1], [0, 1, 0, 1], [0, 1, 1, 0]];
const tasks = [];
for (let f = 0; f < F; f++) for (const p of [parts[0], parts[1]]) tasks.push((zr) => p[zr[f]]);
const boolTasks = [];
for (let t = 0; t < 4; t++) { const a = r.int(F); let b = r.int(F - 1); if (b >= a) b++; const sa = new Set([r.int(4)]), sb = new Set([r.int(4), r.int(4)]); const and = r.next() < 0.5; boolTasks.push((zr) => (and ? sa.has(zr[a]) && sb.has(zr[b]) : sa.has(zr[a]) || sb.has(zr[b])) ? 1 : 0); }
const indicator = []; for (let f = 0; f < F; f++) for (let v = 0; v < 4; v++) indicator.push((zr) => (zr[f] === v ? 1 : 0));
function fit(win, G, taskFns, lambda) {
  const H = G * K, T = taskFns.length; const Y = taskFns.map((t) => Int32Array.from({ length: n }, (_, i) => t(z.subarray(i * F, i * F + F))));
  const V = new Float64Array(H * T), c = new Float64Array(T);
  for (let it = 0; it < 3000; it++) {
    const gV = new Float64Array(H * T), gc = new Float64Array(T); let loss = 0;
    for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) { let s = c[t]; for (let g = 0; g < G; g++) s += V[(g * K + win[i * G + g]) * T + t]; const p = 1 / (1 + Math.exp(-s)); const y = Y[t][i]; loss += -(y ? Math.log(p + 1e-300) : Math.log(1 - p + 1e-300)); const d = p - y; gc[t] += d; for (let g = 0; g < G; g++) gV[(g * K + win[i * G + g]) * T + t] += d; }
    let l2 = 0; for (let j = 0; j < V.length; j++) { l2 += V[j] * V[j]; V[j] -= 0.5 * (gV[j] / n + 2 * lambda * V[j]); } for (let t = 0; t < T; t++) c[t] -= 0.5 * gc[t] / n;
    if (it === 2999) return loss / n + lambda * l2;
  }
}
const factorial = Int32Array.from({ length: n * F }, (_, j) => z[j]);
const bitpair = new Int32Array(n * F); // group 0: (p0 A, p0 B), group 1: (p1 A, p1 B), group 2/3: same for C, D
for (let i = 0; i < n; i++) { const zr = z.subarray(i * F, i * F + F); bitpair[i * F] = 2 * parts[0][zr[0]] + parts[0][zr[1]]; bitpair[i * F + 1] = 2 * parts[1][zr[0]] + parts[1][zr[1]]; bitpair[i * F + 2] = 2 * parts[0][zr[2]] + parts[0][zr[3]]; bitpair[i * F + 3] = 2 * parts[1][zr[2]] + parts[1][zr[3]]; }
for (const lambda of [1e-3, 1e-2]) for (const [name, ts] of [['partitions only', tasks], ['grid (partitions + 4 boolean)', [...tasks, ...boolTasks]], ['indicator', indicator]]) {
  console.log(`λ=${lambda} ${name}: factorial ${fit(factorial, F, ts, lambda).toFixed(4)}  bit-pair ${fit(bitpair, F, ts, lambda).toFixed(4)}`);
}
