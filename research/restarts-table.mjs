// issue 17, best of R restarts: summarizes logs of `general-run.mjs` with "R" (one line per seed × restart).
// Per (tag, values, G × K): strict factorial of the run the procedure keeps, for best of R' = 1 (restart 0 =
// the plain run), 3, 5 (… up to the restarts logged) by the final penalized training objective (as
// trainBestOf: strict <, the earliest restart wins ties), and by the objective at a probe epoch (early
// selection: the chosen start is the one continued); "any" = a factorial restart exists (the oracle bound);
// objective separation: within-seed pairs (factorial restart, failed restart) ordered right by the objective,
// and the pooled AUC over all runs of the row.
//   node research/restarts-table.mjs research/logs/sci2-tune.log [--seeds] [--at=1]
import { readFileSync } from 'node:fs';
const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const perSeed = process.argv.includes('--seeds');
// --at=N: the NMI / causes / accuracy columns describe best of N (default 5; --at=1 = restart 0 = the plain run).
const AT = +(process.argv.find((a) => a.startsWith('--at='))?.slice(5) ?? 5);
const rows = new Map();
for (const file of files) for (const l of readFileSync(file, 'utf8').split('\n')) {
  if (!l.trim()) continue; const r = JSON.parse(l); if (r.mode === 'ceiling') continue;
  const k = `${r.tag}|${r.card.join(',')}|${r.G}×${r.K}`;
  const m = rows.get(k) ?? rows.set(k, new Map()).get(k);
  const s = m.get(r.seed) ?? m.set(r.seed, []).get(r.seed);
  if (!s.some((q) => (q.restart ?? 0) === (r.restart ?? 0))) s.push(r);
}
const f2 = (x) => x.toFixed(2), f3 = (x) => x.toFixed(3);
const mean = (a) => a.reduce((s, x) => s + x, 0) / a.length;
const pick = (rs, n, key) => { let b = null; for (const r of rs) { if ((r.restart ?? 0) >= n) continue; const v = key(r); if (v == null) return null; if (b === null || v < key(b)) b = r; } return b; };
const Rs = [1, 3, 5];
console.log(`| tag | values | G × K | seeds (complete) | strict factorial: R=1 / best of 3 / best of 5 | early pick @20 / @40 (of 5) | any restart factorial (oracle) | within-seed pairs ordered right | pooled AUC | per-factor matched NMI mean (min), best of ${AT} | causes, best of ${AT} | acc IID / held-out, best of ${AT} | s per seed (all restarts) |`);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [k, m] of rows) {
  const [tag, card, gk] = k.split('|');
  const Rrow = Math.max(...[...m.values()].map((rs) => rs.length));
  const full = [...m.entries()].filter(([, rs]) => rs.length >= Rrow).sort((a, b) => a[0] - b[0]);
  const seeds = full.map(([s]) => s);
  const cnt = (n, key) => full.reduce((s, [, rs]) => { const p = pick(rs, n, key); return s + (p ? p.factorial : 0); }, 0);
  const fin = (r) => r.objective;
  const at = (e) => (r) => r.objAt?.[e];
  const anyF = full.filter(([, rs]) => rs.some((r) => r.factorial)).length;
  let right = 0, pairs = 0; const fa = [], nf = [];
  for (const [, rs] of full) for (const a of rs) { (a.factorial ? fa : nf).push(a.objective); if (!a.factorial) continue; for (const b of rs) if (!b.factorial) { pairs++; right += a.objective < b.objective ? 1 : 0; } }
  let auc = 0; for (const a of fa) for (const b of nf) auc += a < b ? 1 : a === b ? 0.5 : 0;
  const chosen = full.map(([, rs]) => pick(rs, Math.min(AT, Rrow), fin));
  const F = card.split(',').length;
  const per = chosen.length ? Array.from({ length: F }, (_, f) => `${f2(mean(chosen.map((r) => r.matchedNmi[f])))} (${f2(Math.min(...chosen.map((r) => r.matchedNmi[f])))})`).join(', ') : '—';
  const causes = {}; for (const r of chosen) for (const c of Object.values(r.cause)) for (const x of c.split(',')) { const y = x.replace(/:\d+$/, ''); causes[y] = (causes[y] ?? 0) + 1; }
  const cs = Object.entries(causes).map(([c, n]) => `${c} ${n}`).join(', ') || '—';
  const acc = chosen.length ? `${f3(mean(chosen.map((r) => r.accIid)))} / ${f3(mean(chosen.map((r) => r.accHeld)))}` : '—';
  const sec = full.length ? Math.round(mean(full.map(([, rs]) => rs.reduce((s, r) => s + r.sec, 0)))) : 0;
  const n = full.length;
  const early = [20, 40].map((e) => (Rrow >= 5 && full.every(([, rs]) => rs.every((r) => r.objAt?.[e] != null)) ? `${cnt(5, at(e))}/${n}` : '—')).join(' / ');
  console.log(`| ${tag} | ${card} | ${gk} | ${seeds.join(',')} (${n}) | **${Rs.map((R) => (R <= Rrow ? `${cnt(R, fin)}/${n}` : '—')).join(' / ')}** | ${early} | ${anyF}/${n} | ${right}/${pairs} | ${fa.length && nf.length ? f2(auc / fa.length / nf.length) : '—'} | ${per} | ${cs} | ${acc} | ${sec} |`);
  if (perSeed) for (const [s, rs] of full) console.log(`  seed ${s}: ` + [...rs].sort((a, b) => a.restart - b.restart).map((r) => `r${r.restart} ${r.objective.toFixed(4)}${r.factorial ? '*' : ''} [${r.matchedNmi.map(f2).join(' ')}]${r.objAt ? ` @20 ${r.objAt[20]?.toFixed(3)} @40 ${r.objAt[40]?.toFixed(3)}` : ''}`).join(' | '));
}
