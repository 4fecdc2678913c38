import { procedures } from './procedures.mjs';
import { setup } from './sim.mjs';
const o = { card: [4, 4, 4, 4], tasks: 'indicator', epochs: 200, lr: 1, lambda: 1e-3, batch: 32, tau: 1, ...JSON.parse(process.argv[2]) };
const ev = procedures[o.proc](o, o.seed);
const F = o.card.length, G = ev.nmi[0].length, K = Math.max(...o.card);
console.log('NMI (factor x group):'); for (const r of ev.nmi) console.log(r.map((v) => v.toFixed(2)).join(' '));
// for each group: table of winner vs each factor's values
const S = setup(o.card, o.tasks, 1); const z = S.z, n = S.n;
for (let g = 0; g < G; g++) {
  const lines = [];
  for (let k = 0; k < K; k++) {
    const parts = []; let cnt = 0;
    for (let f = 0; f < F; f++) { const h = new Array(o.card[f]).fill(0); for (let i = 0; i < n; i++) if (ev.win[i * G + g] === k) { h[z[i * F + f]]++; if (f === 0) cnt++; } parts.push(h.join(',')); }
    lines.push(`  unit ${k} (${cnt}): ` + parts.join(' | '));
  }
  console.log(`group ${g}`); console.log(lines.join('\n'));
}
