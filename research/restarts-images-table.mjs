// Table of research/restarts-run.mjs logs: per setting, strict factorial of restart 0 alone (the
// RECIPE), best of the first 3 and best of all R by the training objective; and how well the
// objective separates factorial from other runs (AUC over every pair within a seed's restarts).
//   node research/restarts-images-table.mjs research/logs/restarts-images.log
import { readFileSync } from 'node:fs';
const rows = readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const bySetting = new Map();
for (const r of rows) (bySetting.get(r.setting) ?? bySetting.set(r.setting, new Map()).get(r.setting)).set(`${r.seed}#${r.r}`, r);
const fmt = (x) => (x == null ? '—' : x.toFixed(3));
console.log('| setting | seeds | RECIPE (restart 0) | best of 3 | best of 5 | best of 10 | any of 5 factorial | objective AUC within seeds | matched NMI of best of 5, mean (min) per factor | acc IID / held-out, best of 5 | s per restart |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |');
for (const [setting, m] of bySetting) {
  const seeds = [...new Set([...m.values()].map((r) => r.seed))].sort((a, b) => a - b);
  const full = seeds.filter((s) => [0, 1, 2, 3, 4].every((r) => m.has(`${s}#${r}`)));
  const best = (s, R) => [...Array(R).keys()].map((r) => m.get(`${s}#${r}`)).reduce((a, b) => (b.objective < a.objective ? b : a));
  const count = (f) => full.filter(f).length;
  let good = 0, pairs = 0;
  for (const s of full) {
    const rs = [...m.values()].filter((r) => r.seed === s);
    for (const a of rs) for (const b of rs) if (a.factorial && !b.factorial) { pairs++; good += a.objective < b.objective ? 1 : a.objective === b.objective ? 0.5 : 0; }
  }
  const b5 = full.map((s) => best(s, 5));
  const F = b5[0]?.matchedNmi.length ?? 0;
  const perFactor = [...Array(F).keys()].map((f) => { const v = b5.map((r) => r.matchedNmi[f]); return `${fmt(v.reduce((a, x) => a + x, 0) / v.length)} (${fmt(Math.min(...v))})`; }).join(', ');
  const mean = (k) => b5.reduce((a, r) => a + r[k], 0) / b5.length;
  const sec = [...m.values()].reduce((a, r) => a + r.sec, 0) / m.size;
  console.log(`| ${setting} | ${full.length} | **${count((s) => m.get(`${s}#0`).factorial)}/${full.length}** | ${count((s) => best(s, 3).factorial)}/${full.length} | **${count((s) => best(s, 5).factorial)}/${full.length}** | ${full.every((s) => m.has(`${s}#9`)) ? `${count((s) => best(s, 10).factorial)}/${full.length}` : '–'} | ${count((s) => [0, 1, 2, 3, 4].some((r) => m.get(`${s}#${r}`).factorial))}/${full.length} | ${pairs ? (good / pairs).toFixed(2) : '—'} (${pairs} pairs) | ${perFactor} | ${fmt(mean('accIid'))} / ${fmt(mean('accHeld'))} | ${sec.toFixed(1)} |`);
}
