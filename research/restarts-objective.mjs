// issue 17, question 1: does the penalized training objective (what trainBestOf compares) separate good runs?
// Per (tag, values, G × K), over seeds with every restart logged: within-seed pairs (factorial, failed) that
// the objective orders right; Spearman ρ within each seed between objective and the mean matched NMI (mean
// over seeds; negative = lower objective goes with higher NMI); seeds where the lowest-objective restart has
// the highest min matched NMI; mean of min matched NMI: restart 0 / chosen by objective / best restart (oracle).
//   node research/restarts-objective.mjs research/logs/sci2-tune.log
import { readFileSync } from 'node:fs';
const rows = new Map();
for (const file of process.argv.slice(2)) for (const l of readFileSync(file, 'utf8').split('\n')) {
  if (!l.trim()) continue; const r = JSON.parse(l); if (r.mode === 'ceiling' || r.restart == null) continue;
  const k = `${r.tag}|${r.card.join(',')}|${r.G}×${r.K}`; const m = rows.get(k) ?? rows.set(k, new Map()).get(k);
  const s = m.get(r.seed) ?? m.set(r.seed, []).get(r.seed); if (!s.some((q) => q.restart === r.restart)) s.push(r);
}
const mean = (a) => a.reduce((s, x) => s + x, 0) / a.length;
const rank = (a) => { const o = a.map((v, i) => [v, i]).sort((x, y) => x[0] - y[0]); const r = new Array(a.length); o.forEach(([, i], j) => (r[i] = j)); return r; };
const spearman = (a, b) => { const ra = rank(a), rb = rank(b), ma = mean(ra), mb = mean(rb); let n = 0, da = 0, db = 0; for (let i = 0; i < a.length; i++) { n += (ra[i] - ma) * (rb[i] - mb); da += (ra[i] - ma) ** 2; db += (rb[i] - mb) ** 2; } return n / Math.sqrt(da * db); };
const minN = (r) => Math.min(...r.matchedNmi), meanN = (r) => mean(r.matchedNmi);
console.log('| tag | values | G × K | seeds × restarts | factorial runs | within-seed pairs (factorial, failed) ordered right | within-seed Spearman ρ(objective, mean matched NMI), mean | seeds where lowest objective = highest min NMI | min matched NMI, mean over seeds: restart 0 / chosen / oracle |');
console.log('| --- | --- | --- | --- | ---: | ---: | ---: | ---: | --- |');
for (const [k, m] of rows) {
  const [tag, card, gk] = k.split('|');
  const R = Math.max(...[...m.values()].map((rs) => rs.length));
  const full = [...m.values()].filter((rs) => rs.length === R);
  let right = 0, pairs = 0, hit = 0, nf = 0; const rho = [], r0 = [], ch = [], or = [];
  for (const rs of full) {
    for (const a of rs) { nf += a.factorial; if (a.factorial) for (const b of rs) if (!b.factorial) { pairs++; right += a.objective < b.objective ? 1 : 0; } }
    rho.push(spearman(rs.map((r) => r.objective), rs.map(meanN)));
    const c = rs.reduce((b, r) => (r.objective < b.objective ? r : b));
    const o = rs.reduce((b, r) => (minN(r) > minN(b) ? r : b));
    hit += minN(c) === minN(o) ? 1 : 0;
    r0.push(minN(rs.find((r) => r.restart === 0))); ch.push(minN(c)); or.push(minN(o));
  }
  console.log(`| ${tag} | ${card} | ${gk} | ${full.length} × ${R} | ${nf}/${full.length * R} | ${pairs ? `${right}/${pairs}` : '—'} | ${mean(rho).toFixed(2)} | ${hit}/${full.length} | ${mean(r0).toFixed(2)} / ${mean(ch).toFixed(2)} / ${mean(or).toFixed(2)} |`);
}
