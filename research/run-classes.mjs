// issue 17: per (tag, values, G × K), every logged run (each restart counts) classed as factorial / precision-only
// miss (every cause "imprecise": structure right, some matched NMI < 0.95) / structure miss (merged, spread or
// missing in some factor); with the mean over runs of the min matched NMI and of the objective per class.
//   node research/run-classes.mjs research/logs/sci3-q1-P.log …
import { readFileSync } from 'node:fs';
const rows = new Map();
for (const file of process.argv.slice(2)) for (const l of readFileSync(file, 'utf8').split('\n')) {
  if (!l.trim()) continue; const r = JSON.parse(l); if (r.mode === 'ceiling') continue;
  const k = `${r.tag}|${r.card.join(',')}|${r.G}×${r.K}`; (rows.get(k) ?? rows.set(k, []).get(k)).push(r);
}
const mean = (a) => (a.length ? (a.reduce((s, x) => s + x, 0) / a.length).toFixed(3) : '—');
console.log('| tag | values | G × K | runs | factorial | precision-only miss | structure miss | min matched NMI, mean: factorial / precision / structure | objective, mean: factorial / precision / structure |');
console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | --- | --- |');
for (const [k, rs] of rows) {
  const cls = (r) => (r.factorial ? 0 : Object.values(r.cause).every((c) => c === 'imprecise') ? 1 : 2);
  const by = [0, 1, 2].map((c) => rs.filter((r) => cls(r) === c));
  console.log(`| ${k.split('|').join(' | ')} | ${rs.length} | ${by[0].length} | ${by[1].length} | ${by[2].length} | ${by.map((b) => mean(b.map((r) => Math.min(...r.matchedNmi)))).join(' / ')} | ${by.map((b) => mean(b.map((r) => r.objective))).join(' / ')} |`);
}
