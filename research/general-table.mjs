// Summarize research/logs/general-*.log: one row per (tag, card, G×K): seeds, strict factorial, per-factor
// matched NMI (mean, min), causes, accuracy IID / held-out; ceiling rows: per-factor NMI of the readout.
// node research/general-table.mjs research/logs/general-tune.log
import { readFileSync } from 'node:fs';
const rows = new Map();
for (const file of process.argv.slice(2)) for (const l of readFileSync(file, 'utf8').split('\n')) {
  if (!l.trim()) continue; const r = JSON.parse(l); const k = `${r.tag}|${r.card.join(',')}|${r.G}×${r.K}`;
  const list = rows.get(k) ?? rows.set(k, []).get(k); if (!list.some((q) => q.seed === r.seed)) list.push(r); // first line per seed
}
const f2 = (x) => x.toFixed(2), f3 = (x) => x.toFixed(3);
const mean = (a) => a.reduce((s, x) => s + x, 0) / a.length;
console.log('| tag | values | G × K | seeds | strict factorial | per-factor matched NMI mean (min) | causes (factor-seeds) | acc IID / held-out |');
console.log('| --- | --- | --- | --- | ---: | --- | --- | --- |');
for (const [k, rs] of rows) {
  const [tag, card, gk] = k.split('|'); const seeds = rs.map((r) => r.seed).join(',');
  if (rs[0].mode === 'ceiling') {
    const F = rs[0].ceilNmi.length;
    const per = Array.from({ length: F }, (_, f) => `${f2(mean(rs.map((r) => r.ceilNmi[f])))} (${f2(Math.min(...rs.map((r) => r.ceilNmi[f])))})`);
    console.log(`| ${tag} | ${card} | ${gk} | ${seeds} | ceiling | ${per.join(', ')} | — | ${f3(mean(rs.map((r) => r.accIid)))} / ${f3(mean(rs.map((r) => r.accHeld)))} |`);
    continue;
  }
  const F = rs[0].matchedNmi.length;
  const per = Array.from({ length: F }, (_, f) => `${f2(mean(rs.map((r) => r.matchedNmi[f])))} (${f2(Math.min(...rs.map((r) => r.matchedNmi[f])))})`);
  const causes = {};
  for (const r of rs) for (const c of Object.values(r.cause)) for (const x of c.split(',')) { const y = x.replace(/:\d+$/, ''); causes[y] = (causes[y] ?? 0) + 1; }
  const joint = rs.filter((r) => r.joint.length).length;
  const cs = Object.entries(causes).map(([c, n]) => `${c} ${n}`).join(', ') + (joint ? `; joint group in ${joint} seeds` : '');
  console.log(`| ${tag} | ${card} | ${gk} | ${seeds} | **${rs.reduce((s, r) => s + r.factorial, 0)}/${rs.length}** | ${per.join(', ')} | ${cs || '—'} | ${f3(mean(rs.map((r) => r.accIid)))} / ${f3(mean(rs.map((r) => r.accHeld)))} |`);
}

// Structure vs precision per setting (rows with a ceiling row of the same values and bottleneck):
// a failing factor-seed is "structure" when its cause names merged / spread / missing, else "precision".
console.log('\n| tag | values | G × K | strict factorial | per-factor matched NMI mean (min) | per-factor ceiling NMI (seeds 101–103) | failing factor-seeds: structure / precision-only | joint groups (seeds) |');
console.log('| --- | --- | --- | ---: | --- | --- | --- | --- |');
for (const [k, rs] of rows) {
  if (rs[0].mode === 'ceiling') continue;
  const [tag, card, gk] = k.split('|');
  const ck = [...rows.keys()].find((q) => q.startsWith('ceil') && q.endsWith(`|${card}|${gk}`));
  const F = rs[0].matchedNmi.length;
  const per = Array.from({ length: F }, (_, f) => `${f2(mean(rs.map((r) => r.matchedNmi[f])))} (${f2(Math.min(...rs.map((r) => r.matchedNmi[f])))})`);
  const ceil = ck ? Array.from({ length: F }, (_, f) => f2(mean(rows.get(ck).map((r) => r.ceilNmi[f])))).join(', ') : '—';
  let st = 0, pr = 0;
  for (const r of rs) for (const c of Object.values(r.cause)) { if (/merged|spread|missing/.test(c)) st++; else pr++; }
  const joint = rs.filter((r) => r.joint.length).length;
  console.log(`| ${tag} | ${card} | ${gk} | **${rs.reduce((s, r) => s + r.factorial, 0)}/${rs.length}** | ${per.join(', ')} | ${ceil} | ${st} / ${pr} | ${joint} |`);
}
