// issue 17: pooled (cross-seed) AUC of the penalized training objective for factorial vs failed runs, per (tag, values, G × K),
// over logs of research/general-run.mjs lines that carry an objective; lists every run sorted by objective (* = factorial, (min matched NMI)).
//   node research/objective-auc.mjs research/logs/sci-heldout.log research/logs/sci-tune.log
import { readFileSync } from 'node:fs';
const m = new Map();
for (const f of process.argv.slice(2)) for (const l of readFileSync(f, 'utf8').split('\n')) { if (!l.trim()) continue; const r = JSON.parse(l); if (r.objective == null || r.mode === 'ceiling') continue; const k = `${r.tag}|${r.card}|${r.G}x${r.K}`; if (!m.has(k)) m.set(k, []); m.get(k).push(r); }
for (const [k, rs] of m) {
  const fa = rs.filter((r) => r.factorial).map((r) => r.objective), nf = rs.filter((r) => !r.factorial).map((r) => r.objective);
  let auc = NaN; if (fa.length && nf.length) { let s = 0; for (const a of fa) for (const b of nf) s += a < b ? 1 : a === b ? 0.5 : 0; auc = s / fa.length / nf.length; }
  const srt = [...rs].sort((a, b) => a.objective - b.objective).map((r) => `${r.objective.toFixed(4)}${r.factorial ? '*' : ''}(${Math.min(...r.matchedNmi).toFixed(2)})`);
  console.log(k, `fact ${fa.length}/${rs.length}`, 'AUC', auc.toFixed(2), srt.join(' '));
}
