// The recipe (or any config) on one data setting, judged by the STRICT factorial criterion, with each
// factor's decodability ceiling. One JSON line per seed appended to a log (resumable: seeds already in
// the log are skipped).
//
// node research/data-run.mjs <log> '<json>'
//   json: { seeds: [1,2,...], config: <run config without seed>, ceiling: true|false|[seeds],
//           ceilingEpochs: n (default: the config's) }
//
// strict factorial: a matching of factors to DISTINCT groups (brute force over injective maps on the
//   factor × group NMI matrix of the test split), each matched NMI ≥ 0.95. The matching reported is
//   the one maximizing the smallest matched NMI (ties: the largest sum).
// ceiling: the same encoder and schedule with a relu bottleneck of the same G × K, trained on the
//   factor tasks (one softmax head per factor); per factor, test accuracy and NMI(y_f; ŷ_f) — the NMI
//   a code of perfect structure with that readout's precision would have.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { buildData, validateRunConfig, Trainer, computeInformationMetrics } from '../dist/src/index.js';

export function strictMatching(nmi) {
  // nmi[f][j]; returns { ok, match: [j per f], matched: [nmi per f] }
  const F = nmi.length, G = nmi[0].length;
  let best = null;
  const used = new Array(G).fill(false), cur = [];
  const rec = (f) => {
    if (f === F) {
      const vals = cur.map((j, i) => nmi[i][j]);
      const mn = Math.min(...vals), sm = vals.reduce((a, b) => a + b, 0);
      if (!best || mn > best.min + 1e-12 || (Math.abs(mn - best.min) <= 1e-12 && sm > best.sum)) best = { min: mn, sum: sm, match: [...cur], matched: vals };
      return;
    }
    for (let j = 0; j < G; j++) if (!used[j]) { used[j] = true; cur.push(j); rec(f + 1); cur.pop(); used[j] = false; }
  };
  if (F > G) return { ok: false, match: [], matched: nmi.map(() => 0), note: 'more factors than groups' };
  rec(0);
  return { ok: best.min >= 0.95, match: best.match, matched: best.matched };
}

/** NMI(y; ŷ) = I(y; ŷ) / H(y), plug-in. */
export function nmiOf(y, yh, ny, nh) {
  const n = y.length; const c = new Float64Array(ny * nh); const py = new Float64Array(ny), ph = new Float64Array(nh);
  for (let i = 0; i < n; i++) { c[y[i] * nh + yh[i]]++; py[y[i]]++; ph[yh[i]]++; }
  let I = 0, H = 0;
  for (let a = 0; a < ny; a++) { if (py[a]) H -= (py[a] / n) * Math.log(py[a] / n); for (let b = 0; b < nh; b++) { const p = c[a * nh + b] / n; if (p > 0) I += p * Math.log(p / ((py[a] / n) * (ph[b] / n))); } }
  return H > 0 ? I / H : 0;
}

const r3 = (v) => Math.round(v * 1000) / 1000;

export async function runOne(cfg0, seed) {
  const config = validateRunConfig({ ...cfg0, seed });
  const data = buildData(config.data, config.seed);
  const t0 = Date.now();
  const tr = new Trainer(config, data);
  await tr.run();
  const G = config.model.bottleneck.groups, K = config.model.bottleneck.units;
  const { codes } = tr.model.encode(data.test.x, data.test.n);
  const { report } = computeInformationMetrics({ codes, n: data.test.n, d: G * K, groups: G, z: data.test.z, factors: data.dataset.factors, kind: config.model.bottleneck.variant === 'wta' ? 'wta' : 'continuous' }, { dci: false });
  // constant factors (one value, e.g. dSprites' orientation with 1 bin) are left out, as the library does
  const scored = data.dataset.factors.map((f, i) => (f.values.length > 1 ? i : -1)).filter((i) => i >= 0);
  const nmi = scored.map((f) => report.group.nmi[f]);
  const s = strictMatching(nmi);
  const acc = (sp) => { const r = Object.values(tr.evaluate(sp).tasks); return r.reduce((a, t) => a + t.accuracy, 0) / r.length; };
  const out = {
    seed, strict: s.ok ? 1 : 0, libFactorial: report.factorial, match: s.match, matchedNMI: s.matched.map(r3), bestGroupNMI: nmi.map((row) => r3(Math.max(...row))),
    nmi: nmi.map((row) => row.map(r3)), accIID: r3(acc(data.test)), accHeld: data.heldout.n ? r3(acc(data.heldout)) : null,
    factors: scored.map((f) => `${data.dataset.factors[f].name}:${data.dataset.factors[f].values.length}`), secs: Math.round((Date.now() - t0) / 1000),
  };
  tr.dispose();
  return out;
}

/** The decodability ceiling: relu bottleneck of the same width, factor tasks, same encoder/schedule. */
export async function ceilingOne(cfg0, seed, epochs) {
  const cfg = structuredClone(cfg0);
  // the factors the recipe's tasks name (all when none are named)
  const named = cfg.data.tasks?.find((t) => t.factors)?.factors;
  cfg.data = { ...cfg.data, tasks: [{ family: 'factor', ...(named ? { factors: named } : {}) }] };
  cfg.model = { ...cfg.model, bottleneck: { variant: 'relu', groups: cfg.model.bottleneck.groups, units: cfg.model.bottleneck.units } };
  cfg.train = { ...cfg.train, headL2: 0, regroup: null, ...(epochs ? { epochs } : {}) };
  const config = validateRunConfig({ ...cfg, seed });
  const data = buildData(config.data, config.seed);
  const t0 = Date.now();
  const tr = new Trainer(config, data);
  await tr.run();
  const F = data.dataset.factors.length;
  const res = {};
  for (const [name, sp] of [['test', data.test], ['held', data.heldout]]) {
    if (!sp.n) continue;
    const pred = tr.model.predict(sp.x, sp.n);
    const accs = [], nmis = [];
    for (let f = 0; f < F; f++) {
      if (data.dataset.factors[f].values.length < 2) continue;
      const t = data.tasks.findIndex((tk) => tk.dependsOn.length === 1 && tk.dependsOn[0] === f);
      if (t < 0) continue;
      const y = Int32Array.from({ length: sp.n }, (_, i) => sp.z[i * F + f]);
      const k = data.dataset.factors[f].values.length;
      let c = 0; for (let i = 0; i < sp.n; i++) if (pred[t][i] === y[i]) c++;
      accs.push(r3(c / sp.n)); nmis.push(r3(nmiOf(y, pred[t], k, k)));
    }
    res[name] = { acc: accs, nmi: nmis };
  }
  tr.dispose();
  return { ceilAccTest: res.test.acc, ceilNMITest: res.test.nmi, ceilAccHeld: res.held?.acc ?? null, ceilNMIHeld: res.held?.nmi ?? null, ceilSecs: Math.round((Date.now() - t0) / 1000) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const log = process.argv[2];
  const o = JSON.parse(process.argv[3]);
  const done = new Set(existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((r) => r.seed !== undefined).map((r) => r.seed) : []);
  for (const seed of o.seeds) {
    if (done.has(seed)) continue;
    const row = o.skipRecipe ? { seed } : await runOne(o.config, seed);
    const wantCeil = o.ceiling === true || (Array.isArray(o.ceiling) && o.ceiling.includes(seed));
    if (wantCeil) Object.assign(row, await ceilingOne(o.config, seed, o.ceilingEpochs));
    row.tag = o.tag ?? null;
    appendFileSync(log, JSON.stringify(row) + '\n');
    console.log(JSON.stringify(row));
  }
}
