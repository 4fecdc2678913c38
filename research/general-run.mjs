// issue 17: ring data of any shape → MLP encoder → G × K WTA → linear heads, judged by the STRICT
// factorial criterion (distinct groups per factor, each matched NMI ≥ 0.95), with a per-factor cause.
// One JSON line per seed appended to o.log (resumable: seeds already in the log are skipped).
//   node research/general-run.mjs '{"card":[6,6,6,6],"G":4,"K":6,"seeds":[1,2,3,4,5],"log":"research/logs/general-x.log","tag":"base"}'
// Options: hidden [64,64], nTrain 32768, epochs 60, headL2 0, regroup {every:3}, lr 3e-3 (Adam, cosine, warmup 2),
//   mode "wta" (default) or "ceiling" (relu bottleneck G × K, factor tasks: per-factor NMI(z_f; ẑ_f) and accuracy),
//   R: best of R restarts by the penalized training objective, as trainBestOf (src/train/restarts.ts) selects:
//     restart r trains from seed restartSeed(seed, r) on the seed's data (r = 0 is the plain run); every restart
//     is evaluated and logged as its own line ({restart, rseed, objective, objAt}), the selection is done by
//     research/restarts-table.mjs (best of the first R' ≤ R restarts, strict < so the earliest wins ties);
//     probe [epochs]: also log the objective at these epochs (objAt; default [20, 40] when R > 1) for an
//     early-selection variant (pick by the objective at epoch e, continue only that start);
//   pretrain {epochs}: the library's train.pretrain (encoder first trained through a relu bottleneck on the same tasks);
//   data: another data block (e.g. {"dataset":"dsprites","dsprites":{...}}) instead of ring mixing, with factors: the scored
//     factors' names (tasks over them; default every factor) and encoder: model.encoder (e.g. a CNN);
//   variant: the bottleneck of a "wta"-mode run ("wta" default; "softmax" (temperature 1), "relu", "sigmoid": no regrouping,
//     read by each group's most active unit, as the general study's baselines);
//   headL2After {epoch, value}: switch the head L2 at that epoch; dist: another build's dist folder (as WTANET_DIST); inspect: per-unit table to stdout; train: extra train.* fields for the wta run (e.g. {"groupDropout":0.1}).
import { pathToFileURL } from 'node:url';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
const DIST = JSON.parse(process.argv[2] ?? '{}').dist ? pathToFileURL(JSON.parse(process.argv[2]).dist + '/').href : process.env.WTANET_DIST ? pathToFileURL(process.env.WTANET_DIST + '/').href : new URL('../dist/', import.meta.url).href;
// The package entry (the research scripts import nothing deeper); WTANET_DIST for another build.
const { buildData, validateRunConfig, Trainer } = await import(DIST + 'src/index.js');

const o = { hidden: [64, 64], nTrain: 32768, epochs: 60, headL2: 0, regroup: { every: 3 }, lr: 3e-3, mode: 'wta', batchSize: 64, tag: '', ...JSON.parse(process.argv[2] ?? '{}') };
const seeds = o.seeds ?? [1, 2, 3, 4, 5];
const done = new Set();
const R = o.R ?? 1;
const probe = o.probe ?? (R > 1 ? [20, 40] : []);
if (o.log && existsSync(o.log)) for (const l of readFileSync(o.log, 'utf8').split('\n')) { if (!l.trim()) continue; try { const r = JSON.parse(l); if (r.tag === o.tag && JSON.stringify(r.card) === JSON.stringify(o.card) && r.G === o.G && r.K === o.K) done.add(`${r.seed}/${r.restart ?? 0}`); } catch {} }
// The seed of restart r, copied from src/train/restarts.ts (restartSeed is not exported): r = 0 is the run's own seed.
const restartSeed = (seed, r) => (r === 0 ? seed : (Math.imul(seed ^ 0x5bd1e995, 2654435761) + Math.imul(r, 0x9e3779b9)) >>> 0);

// Plug-in NMI of two discrete variables: I(a; b) / H(a).
function nmi(a, b, n) {
  const ca = new Map(), cb = new Map(), cab = new Map();
  for (let i = 0; i < n; i++) { ca.set(a[i], (ca.get(a[i]) ?? 0) + 1); cb.set(b[i], (cb.get(b[i]) ?? 0) + 1); const k = a[i] * 100000 + b[i]; cab.set(k, (cab.get(k) ?? 0) + 1); }
  let ha = 0; for (const c of ca.values()) ha -= (c / n) * Math.log(c / n);
  let mi = 0; for (const [k, c] of cab) { const x = Math.floor(k / 100000), y = k % 100000; mi += (c / n) * Math.log((c * n) / (ca.get(x) * cb.get(y))); }
  return ha > 0 ? mi / ha : 0;
}
// Max-weight matching of F factors to distinct groups (DP over subsets of groups); returns group per factor.
function matching(M, F, G) {
  const memo = new Map();
  const best = (f, used) => {
    if (f === F) return [0, []];
    const key = f * (1 << G) + used; if (memo.has(key)) return memo.get(key);
    let r = [-Infinity, []];
    for (let g = 0; g < G; g++) if (!(used & (1 << g))) { const [v, p] = best(f + 1, used | (1 << g)); if (v + M[f][g] > r[0]) r = [v + M[f][g], [g, ...p]]; }
    memo.set(key, r); return r;
  };
  return best(0, 0)[1];
}
// Is there a matching with every matched NMI ≥ thr? (bipartite matching on the threshold graph)
function strictOk(M, F, G, thr = 0.95) {
  const owner = new Array(G).fill(-1);
  const tryF = (f, seen) => { for (let g = 0; g < G; g++) if (M[f][g] >= thr && !seen[g]) { seen[g] = true; if (owner[g] < 0 || tryF(owner[g], seen)) { owner[g] = f; return true; } } return false; };
  for (let f = 0; f < F; f++) if (!tryF(f, new Array(G).fill(false))) return false;
  return true;
}

for (const seed of seeds) for (let restart = 0; restart < R; restart++) {
  if (done.has(`${seed}/${restart}`)) continue;
  const t0 = Date.now();
  const rseed = restartSeed(seed, restart);
  const G = o.G, K = o.K, card = o.card, F = card.length;
  const ceiling = o.mode === 'ceiling';
  const config = validateRunConfig({
    seed: rseed,
    data: { ...(o.data ?? { dataset: 'entangled', entangled: { mixing: 'ring', cardinalities: card, ...(o.entangled ?? {}) } }), tasks: ceiling ? [{ family: 'factor', ...(o.factors ? { factors: o.factors } : {}) }] : (o.tasks ?? [{ family: 'indicator', ...(o.factors ? { factors: o.factors } : {}) }]), nTrain: o.nTrain, nVal: 512, nTest: 1024, nHeldout: 1024 },
    model: { encoder: o.encoder ?? { type: 'mlp', hidden: o.hidden }, bottleneck: { variant: ceiling ? 'relu' : (o.variant ?? 'wta'), groups: G, units: K, ...(o.variant === 'softmax' && !ceiling ? { temperature: 1 } : {}) }, heads: { type: 'linear' } },
    train: { epochs: o.epochs, batchSize: o.batchSize, optimizer: { type: 'adam', lr: o.lr }, schedule: { type: 'cosine', minLr: 0, warmupEpochs: 2 }, headL2: ceiling ? 0 : o.headL2, regroup: ceiling || (o.variant ?? 'wta') !== 'wta' ? null : o.regroup, ...(ceiling ? {} : (o.train ?? {})), ...(o.pretrain && !ceiling ? { pretrain: { epochs: o.pretrain.epochs } } : {}) },
  });
  const data = buildData(config.data, seed);
  // Scored factors: their columns in z (FA columns per row; a constant factor may be left out by name).
  const FA = data.dataset.factors.length;
  const idx = o.factors ? o.factors.map((name) => data.dataset.factors.findIndex((f) => f.name === name)) : card.map((_, f) => f);
  const tr = new Trainer(config, data);
  const objAt = {};
  for (const e of probe) {
    if (ceiling || o.headL2After) break;
    // Pause at epoch e, read the selection objective (an evaluation pass: no weight, optimizer or batch-stream change), go on.
    await tr.run({ stopAtEpoch: e });
    objAt[e] = +tr.trainingObjective(Math.max(config.train.headL2, 1e-3)).toFixed(5);
  }
  if (o.headL2After && !ceiling) {
    // Research: head L2 schedule — o.headL2 until epoch headL2After.epoch, then headL2After.value (the trainer reads train.headL2 every step).
    await tr.run({ stopAtEpoch: o.headL2After.epoch });
    tr.config.train.headL2 = o.headL2After.value;
  }
  await tr.run();
  const te = data.test, n = te.n;
  const zf = (sp, f) => Int32Array.from({ length: sp.n }, (_, i) => sp.z[i * FA + idx[f]]);
  const accOf = (sp) => { const r = Object.values(tr.evaluate(sp).tasks); return r.reduce((a, t) => a + t.accuracy, 0) / r.length; };
  const rec = { tag: o.tag, card, G, K, seed, ...(R > 1 ? { restart, rseed } : {}), mode: o.mode, accIid: +accOf(te).toFixed(4), accHeld: +accOf(data.heldout).toFixed(4) };
  if (ceiling) {
    // Per factor: NMI(z_f; ẑ_f) and accuracy of the supervised factor readout on the test split.
    const preds = tr.model.predict(te.x, n);
    const names = data.tasks.map((t) => t.name);
    rec.ceilNmi = []; rec.ceilAcc = [];
    for (let f = 0; f < F; f++) {
      const ti = names.indexOf(`factor:${data.dataset.factors[idx[f]].name}`); const p = preds[ti]; const z = zf(te, f);
      let c = 0; for (let i = 0; i < n; i++) if (p[i] === z[i]) c++;
      rec.ceilNmi.push(+nmi(z, p, n).toFixed(4)); rec.ceilAcc.push(+(c / n).toFixed(4));
    }
  } else {
    const { winners } = tr.model.encode(te.x, n);
    const win = (g) => Int32Array.from({ length: n }, (_, i) => winners[i * G + g]);
    const M = card.map((_, f) => Array.from({ length: G }, (_, g) => nmi(zf(te, f), win(g), n)));
    const match = matching(M, F, G);
    rec.nmi = M.map((r) => r.map((v) => +v.toFixed(3)));
    rec.match = match;
    rec.matchedNmi = match.map((g, f) => +M[f][g].toFixed(3));
    rec.factorial = strictOk(M, F, G) ? 1 : 0;
    rec.bestGroupNmi = M.map((r) => +Math.max(...r).toFixed(3));
    rec.joint = [];
    for (let g = 0; g < G; g++) { const fs = card.map((_, f) => f).filter((f) => M[f][g] >= 0.5); if (fs.length > 1) rec.joint.push({ group: g, factors: fs }); }
    // Units: share of test wins, best (f, v) with purity, and the second value of that factor.
    const units = [];
    for (let g = 0; g < G; g++) for (let k = 0; k < K; k++) {
      const h = card.map((m) => new Array(m).fill(0)); let c = 0;
      for (let i = 0; i < n; i++) if (winners[i * G + g] === k) { c++; for (let f = 0; f < F; f++) h[f][te.z[i * FA + idx[f]]]++; }
      if (c < 0.01 * n) { units.push({ g, k, share: c / n, dead: true }); continue; }
      let bf = 0, bv = 0; for (let f = 0; f < F; f++) for (let v = 0; v < card[f]; v++) if (h[f][v] > h[bf][bv]) { bf = f; bv = v; }
      const sorted = h[bf].map((x, v) => [x, v]).sort((a, b) => b[0] - a[0]);
      units.push({ g, k, share: c / n, f: bf, v: bv, purity: h[bf][bv] / c, v2: sorted[1]?.[1], p2: (sorted[1]?.[0] ?? 0) / c });
    }
    rec.units = units.filter((u) => !u.dead).map((u) => `${u.g}.${u.k}:f${u.f}=${u.v}@${u.purity.toFixed(2)}${u.p2 >= 0.2 ? `+${u.v2}@${u.p2.toFixed(2)}` : ''}`);
    rec.dead = units.filter((u) => u.dead).length;
    // Cause per factor whose matched NMI < 0.95.
    rec.cause = {};
    for (let f = 0; f < F; f++) {
      if (M[f][match[f]] >= 0.95) continue;
      const g = match[f]; const mine = units.filter((u) => !u.dead && u.g === g);
      const causes = [];
      if (mine.some((u) => u.f === f && u.p2 >= 0.2 && u.purity + u.p2 >= 0.85)) causes.push('merged');
      if (mine.some((u) => u.f !== f && u.purity >= 0.7)) causes.push('spread:foreign-in-group');
      if (units.some((u) => !u.dead && u.g !== g && u.f === f && u.purity >= 0.7 && match.includes(u.g))) causes.push('spread:detector-elsewhere');
      const covered = new Set(mine.filter((u) => u.f === f && u.purity >= 0.7).map((u) => u.v));
      if (covered.size < card[f] && !causes.includes('merged')) causes.push(`missing:${card[f] - covered.size}`);
      if (!causes.length) causes.push('imprecise');
      rec.cause[`f${f}`] = causes.join(',');
    }
    if (o.inspect) console.log(rec.units.join('  '));
  }
  // The penalized training objective (CE + max(headL2, 1e-3)·‖W_heads‖², as train.restarts selects by): factor-blind.
  rec.objective = +tr.trainingObjective(Math.max(config.train.headL2, 1e-3)).toFixed(5);
  if (probe.length && !ceiling) rec.objAt = objAt;
  rec.sec = +((Date.now() - t0) / 1000).toFixed(1);
  tr.dispose();
  const line = JSON.stringify(rec);
  console.log(line.length > 600 ? JSON.stringify({ ...rec, units: undefined, nmi: undefined }) : line);
  if (o.log) appendFileSync(o.log, line + '\n');
}
