// entangled (ring), MLP encoder → G × K WTA → linear heads; factorial code or not, with options the
// earlier scripts lack: data budget, LR schedule, factor tasks, and a curriculum (one-hot factors
// appended to x for training, scaled by a weight that fades to 0; evaluation always sees weight 0).
// node research/entangled-wta.mjs '{"nTrain":16384,"epochs":60,"headL2":1e-2,"regroup":{"every":3},"fade":[1,0.5]}'
//   fade [a, b, w0 = 1]: weight w0 until fraction a of the epochs, then linear to 0 at fraction b (null: none);
//   fadeMode "sample": the weight is the probability that a row carries the one-hot (redrawn each epoch).
//   pre {epochs, variant, tasks, schedule, freeze}: pretrain the encoder with a continuous bottleneck (cached in /tmp),
//     freeze: keep it fixed afterwards; units/groups: over-complete groups; scoreFactors [f...]: score only these;
//   trace [epochs]: best-group NMI and unit purity on the way; inspect: per-unit table at the end;
//   headL2At [[epoch, λ], ...]: head penalty schedule. WTANET_DIST=<dir> runs against another dist/ build
//   (a patched copy, for a research variant of the engine).
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
// WTANET_DIST=<dir>: run against another build of dist/ (e.g. a patched copy for a research variant).
const DIST = process.env.WTANET_DIST ? pathToFileURL(process.env.WTANET_DIST + '/').href : new URL('../dist/', import.meta.url).href;
// The package entry of that build (research scripts use the public API only).
const { buildData, validateRunConfig, Trainer, Rng, computeInformationMetrics } = await import(DIST + 'src/index.js');
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
const o = { seeds: 5, seed0: 1, epochs: 24, nTrain: 4096, hidden: [64, 64], variant: 'wta', groups: 4, units: 4, batchSize: 64, headL2: 0, regroup: null,
  optimizer: { type: 'adam', lr: 0.003 }, schedule: undefined, tasks: [{ family: 'indicator' }], entangled: {}, fade: null, fadeMode: 'scale', pre: null, trace: [], ...JSON.parse(process.argv[2] ?? '{}') };
const per = []; let fac = 0, sBg = 0, sI = 0, sH = 0, sFI = 0; const t0 = Date.now();
for (let seed = o.seed0; seed < o.seed0 + o.seeds; seed++) {
  const config0 = {
    seed, data: { dataset: 'entangled', entangled: { mixing: 'ring', ...o.entangled }, tasks: o.tasks, nTrain: o.nTrain, nVal: 512, nTest: 1024, nHeldout: 1024 },
    model: { encoder: { type: 'mlp', hidden: o.hidden }, bottleneck: { variant: o.variant, groups: o.groups, units: o.units, ...(o.temperature ? { temperature: o.temperature } : {}) }, heads: { type: 'linear' } },
    train: { epochs: o.epochs, batchSize: o.batchSize, optimizer: o.optimizer, headL2: o.headL2, regroup: o.regroup, ...(o.schedule ? { schedule: o.schedule } : {}) },
  };
  const config = validateRunConfig(config0);
  let data = buildData(config.data, config.seed);
  const F = data.dataset.factors.length; const card = data.dataset.factors.map((f) => f.values.length); const C = card.reduce((a, b) => a + b, 0);
  const D = data.dataset.inputShape[0];
  let setWeight = () => {};
  if (o.fade) {
    // x' = [x, w · one-hot(z)]; only the training split carries w > 0.
    const aug = (s, w) => { const x = new Float32Array(s.n * (D + C)); for (let i = 0; i < s.n; i++) { x.set(s.x.subarray(i * D, i * D + D), i * (D + C)); let off = 0; for (let f = 0; f < F; f++) { x[i * (D + C) + D + off + s.z[i * F + f]] = w; off += card[f]; } } return { ...s, x }; };
    data = { ...data, dataset: { ...data.dataset, inputShape: [D + C] }, train: aug(data.train, 1), val: aug(data.val, 0), test: aug(data.test, 0), heldout: aug(data.heldout, 0) };
    const tx = data.train.x, tz = data.train.z;
    // fadeMode 'scale': every row's one-hot scaled by w; 'sample': each row carries the full one-hot
    // with probability w (redrawn every epoch), so the x-path must reproduce the hinted code.
    const hintRng = new Rng(seed, 'hint');
    setWeight = (w) => { for (let i = 0; i < data.train.n; i++) { const wi = o.fadeMode === 'sample' ? (hintRng.uniform() < w ? 1 : 0) : w; let off = 0; for (let f = 0; f < F; f++) { tx[i * (D + C) + D + off + tz[i * F + f]] = wi; off += card[f]; } } };
  }
  const weightAt = (e) => { const [a, b, w0 = 1] = o.fade; if (w0 !== 1) { const t = e / o.epochs; return t <= a ? w0 : t >= b ? 0 : w0 * (1 - (t - a) / (b - a)); } const t = e / o.epochs; return t <= a ? 1 : t >= b ? 0 : 1 - (t - a) / (b - a); };
  const G = o.groups, K = o.units;
  const tr = new Trainer(config, data);
  if (o.pre) {
    // Pretrain the encoder (same x; own tasks, bottleneck and epochs), then copy encoder.* over.
    const pc = validateRunConfig({ ...config0, data: { ...config0.data, tasks: o.pre.tasks ?? [{ family: 'factor' }] }, model: { ...config0.model, bottleneck: { variant: o.pre.variant ?? 'relu', groups: o.pre.groups ?? G, units: o.pre.units ?? K } },
      train: { ...config0.train, epochs: o.pre.epochs, headL2: 0, regroup: null, ...(o.pre.schedule ? { schedule: o.pre.schedule } : {}) } });
    // Pretrained encoders are cached in /tmp by (pretraining config, seed): frozen-encoder rows reuse them.
    const key = createHash('sha1').update(JSON.stringify([pc.data, pc.model, pc.train, seed])).digest('hex').slice(0, 16);
    const file = `/tmp/entangled-pre-${key}.json`;
    let src;
    if (existsSync(file)) src = new Map(JSON.parse(readFileSync(file, 'utf8')).map(([k, v]) => [k, Float32Array.from(v)]));
    else {
      const pd = buildData(pc.data, seed); const a = new Trainer(pc, pd); await a.run();
      src = new Map(a.model.namedParameters().map((p) => [p.name, p.tensor.toArray()]));
      a.dispose();
      writeFileSync(file + '.tmp', JSON.stringify([...src].map(([k, v]) => [k, Array.from(v)]))); renameSync(file + '.tmp', file);
    }
    for (const p of tr.model.namedParameters()) if (p.name.startsWith('encoder.')) p.tensor.data().set(src.get(p.name));
    if (o.pre.freeze) {
      // Keep the pretrained encoder fixed: restore its weights after every optimizer step.
      const enc = tr.model.namedParameters().filter((p) => p.name.startsWith('encoder.'));
      const keep = enc.map((p) => p.tensor.toArray()); const step = tr.optimizer.step.bind(tr.optimizer);
      tr.optimizer.step = (lr) => { step(lr); enc.forEach((p, i) => p.tensor.data().set(keep[i])); };
    }
  }
  // Unit purity: per unit, max over (factor, value) of P(value | unit wins); mean weighted by wins.
  const trainHead = () => { const n = Math.min(1024, data.train.n); const d = data.train.x.length / data.train.n; return { n, x: data.train.x.slice(0, n * d), z: data.train.z.slice(0, n * F) }; };
  const purity = (sp = data.test) => {
    const { winners } = tr.model.encode(sp.x, sp.n); const n = sp.n; let tot = 0, clean = 0; const where = {};
    for (let g = 0; g < G; g++) for (let k = 0; k < K; k++) {
      let c = 0; const h = card.map((m) => new Array(m).fill(0));
      for (let i = 0; i < n; i++) if (winners[i * G + g] === k) { c++; for (let f = 0; f < F; f++) h[f][sp.z[i * F + f]]++; }
      if (c === 0) continue; const pu = Math.max(...h.map((r) => Math.max(...r))) / c; tot += pu * c;
      if (pu >= 0.9 && c >= 0.05 * n) { clean++; const f = h.findIndex((r) => Math.max(...r) === pu * c); const key = `${f}=${h[f].indexOf(pu * c)}`; (where[key] ??= new Set()).add(g); }
    }
    // Values whose clean detectors sit in more than one group (duplicates across groups).
    const dup = Object.values(where).filter((gs) => gs.size > 1).length;
    return `purity ${(tot / (n * G)).toFixed(2)} clean-detectors ${clean}/${G * K} values-detected-in-2+-groups ${dup}`;
  };
  const traceOne = (sp) => {
    const { codes } = tr.model.encode(sp.x, sp.n);
    const { report } = computeInformationMetrics({ codes, n: sp.n, d: G * K, groups: G, z: sp.z, factors: data.dataset.factors, kind: 'wta' }, { dci: false });
    return `bgNMI ${report.bestGroupNmi.toFixed(2)} ${purity(sp)}`;
  };
  // With a curriculum, also on training rows (which carry the current one-hot weight).
  const traceLine = (e) => console.log(`  seed ${seed} epoch ${e}: test ${traceOne(data.test)}${o.fade ? ` | train ${traceOne(trainHead())}` : ''}`);
  if (o.trace.includes(0)) traceLine(0);
  if (o.fade) setWeight(weightAt(0));
  // headL2At [[epoch, λ], ...]: change the head penalty from that epoch on (the trainer reads it every step).
  const setL2 = (e) => { for (const [at, l] of o.headL2At ?? []) if (e >= at) tr.config.train.headL2 = l; };
  setL2(0);
  await tr.run({ onEpochEnd: (m, st) => { setL2(st.epoch); if (o.fade) setWeight(weightAt(st.epoch)); if (o.trace.includes(st.epoch)) traceLine(st.epoch); } });
  const { codes } = tr.model.encode(data.test.x, data.test.n);
  const { report } = computeInformationMetrics({ codes, n: data.test.n, d: G * K, groups: G, z: data.test.z, factors: data.dataset.factors, kind: o.variant === 'wta' ? 'wta' : 'continuous' }, { dci: false });
  if (o.scoreFactors) {
    // Score only these factors (e.g. one group trained on one factor's tasks).
    const best = o.scoreFactors.map((f) => Math.max(...report.group.nmi[f]));
    report.factorial = best.every((b) => b >= 0.95) ? 1 : 0; report.bestGroupNmi = best.reduce((a, b) => a + b, 0) / best.length;
  }
  fac += report.factorial; sBg += report.bestGroupNmi;
  const acc = (s) => { const r = Object.values(tr.evaluate(s).tasks); return r.reduce((a, t) => a + t.accuracy, 0) / r.length; };
  const fi = data.tasks.map((t, i) => t.name.startsWith('factor') ? i : -1).filter((i) => i >= 0);
  const facc = (s) => { const r = Object.values(tr.evaluate(s).tasks); return fi.length ? fi.reduce((a, i) => a + r[i].accuracy, 0) / fi.length : NaN; };
  const [ai, ah, af] = [acc(data.test), acc(data.heldout), facc(data.test)]; sI += ai; sH += ah; sFI += af;
  if (o.trace.length) console.log(`  seed ${seed} final: ${purity()}`);
  if (o.inspect) {
    // Per unit: share of test samples it wins, and its two most frequent (factor = value) with P(value | win).
    const { winners } = tr.model.encode(data.test.x, data.test.n); const nn = data.test.n;
    console.log(`  seed ${seed} NMI factor x group: ${report.group.nmi.map((r) => r.map((v) => v.toFixed(2)).join(' ')).join(' | ')}`);
    for (let g = 0; g < G; g++) {
      const cells = [];
      for (let k = 0; k < K; k++) {
        let c = 0; const h = card.map((m) => new Array(m).fill(0));
        for (let i = 0; i < nn; i++) if (winners[i * G + g] === k) { c++; for (let f = 0; f < F; f++) h[f][data.test.z[i * F + f]]++; }
        const top = h.flatMap((r, f) => r.map((v, vv) => [v / Math.max(1, c), `f${f}=${vv}`])).sort((a, b) => b[0] - a[0]).slice(0, 2);
        cells.push(`${(c / nn).toFixed(2)}: ${top.map(([p, l]) => `${l} ${p.toFixed(2)}`).join(', ')}`);
      }
      console.log(`    group ${g}: ${cells.join(' | ')}`);
    }
  }
  per.push(`${report.bestGroupNmi.toFixed(2)}/${ai.toFixed(3)}/${ah.toFixed(3)}${fi.length ? '/' + af.toFixed(3) : ''}`);
  tr.dispose();
}
const n = o.seeds;
console.log(`${process.env.WTANET_DIST ? `[WTANET_DIST=${process.env.WTANET_DIST}] ` : ''}${process.argv[2] ?? '{}'} => factorial ${fac}/${n} bgNMI ${(sBg / n).toFixed(2)} acc iid ${(sI / n).toFixed(3)} held ${(sH / n).toFixed(3)}${Number.isNaN(sFI) ? '' : ' factorAcc ' + (sFI / n).toFixed(3)} [bgNMI/iid/held(/factorAcc) ${per.join(' ')}] ${((Date.now() - t0) / 1000).toFixed(1)}s`);
