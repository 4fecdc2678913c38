// Summarizes a data-run.mjs log as one Markdown table row: strict factorial count, per-factor matched
// NMI (mean, min), decodability ceiling (NMI of the supervised readout, test / held-out), accuracy.
// node research/data-table.mjs research/logs/data-shapes-b.log [tag]
import { readFileSync } from 'node:fs';
const rows = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((r) => !process.argv[3] || r.tag === process.argv[3]);
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
const f2 = (v) => (v == null || Number.isNaN(v) ? '—' : v.toFixed(2));
const f3 = (v) => (v == null || Number.isNaN(v) ? '—' : v.toFixed(3));
const rec = rows.filter((r) => r.strict !== undefined);
const names = (rec[0] ?? rows[0]).factors?.map((s) => s.split(':')[0]) ?? [];
const perFactor = (key) => names.map((n, f) => { const v = rows.filter((r) => r[key]).map((r) => r[key][f]); return v.length ? `${n} ${f2(mean(v))} (${f2(Math.min(...v))})` : `${n} —`; }).join(', ');
console.log(`seeds ${rows.map((r) => r.seed).join(',')}`);
console.log(`strict ${rec.reduce((s, r) => s + r.strict, 0)}/${rec.length} | lib factorial ${rec.reduce((s, r) => s + r.libFactorial, 0)}/${rec.length}`);
console.log(`matched NMI mean (min): ${perFactor('matchedNMI')}`);
console.log(`best-group NMI mean (min): ${perFactor('bestGroupNMI')}`);
console.log(`ceiling NMI test mean (min): ${perFactor('ceilNMITest')}`);
console.log(`ceiling acc test: ${perFactor('ceilAccTest')}`);
console.log(`ceiling NMI held mean (min): ${perFactor('ceilNMIHeld')}`);
console.log(`ceiling acc held: ${perFactor('ceilAccHeld')}`);
if (rec.length) console.log(`acc IID ${f3(mean(rec.map((r) => r.accIID)))} held ${f3(mean(rec.filter((r) => r.accHeld != null).map((r) => r.accHeld)))} | per seed strict ${rec.map((r) => r.strict).join('')} | secs ${mean(rec.map((r) => r.secs)).toFixed(0)}`);
