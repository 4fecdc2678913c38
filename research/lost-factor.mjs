// issue 17, session 8: when and where is a factor lost? The RECIPE at the sized encoder (128 × 128 × 128,
// head L2 1e-3) on ring data loses whole factors (matched NMI ≈ 0) in most 6,6,6,6 seeds. This trains one
// seed and, every few epochs, reads each factor (a) from the WTA code: best group NMI; (b) from the
// encoder's last hidden layer and (c) from the bottleneck's pre-activations (the linear projection
// before the WTA), by a linear probe trained on 4096 training samples and tested on the test split.
// If (b) holds a lost factor and (c) does not, the projection dropped it; if (b) does not, the encoder.
//   node research/lost-factor.mjs '{"card":[6,6,6,6],"G":4,"K":6,"seed":1,"log":"research/logs/lost-factor.log"}'
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const o = { hidden: [128, 128, 128], nTrain: 32768, epochs: 60, headL2: 1e-3, at: [0, 3, 6, 9, 12, 18, 24, 30, 45, 60], ...JSON.parse(process.argv[2] ?? '{}') };
const DIST = o.dist ? pathToFileURL(o.dist + '/').href : new URL('../dist/', import.meta.url).href;
const { buildData, validateRunConfig, Trainer, probe, scratch, withArena, noGrad, fromArray } = await import(DIST + 'src/index.js');

const F = o.card.length;
const config = validateRunConfig({
  seed: o.seed,
  data: { dataset: 'entangled', entangled: { mixing: 'ring', cardinalities: o.card }, tasks: [{ family: 'indicator' }], nTrain: o.nTrain, nVal: 512, nTest: 1024, nHeldout: 1024 },
  model: { encoder: { type: 'mlp', hidden: o.hidden }, bottleneck: { variant: 'wta', groups: o.G, units: o.K }, heads: { type: 'linear' } },
  train: { epochs: o.epochs, batchSize: 64, optimizer: { type: 'adam', lr: 3e-3 }, schedule: { type: 'cosine', minLr: 0, warmupEpochs: 2 }, headL2: o.headL2, regroup: { every: 3 } },
});
const data = buildData(config.data, o.seed);
const tr = new Trainer(config, data);
const D = data.train.x.length / data.train.n;

/** Encoder output and bottleneck pre-activations of the first n samples of a split. */
function features(split, n) {
  const m = tr.model;
  const H = o.hidden.at(-1), W = o.G * o.K;
  const h = new Float32Array(n * H), p = new Float32Array(n * W);
  const arena = scratch();
  for (let s = 0; s < n; s += 512) {
    const rows = Math.min(512, n - s);
    const mark = arena.mark();
    try {
      withArena(arena, () => noGrad(() => {
        const e = m.encoder.forward(fromArray(split.x.subarray(s * D, (s + rows) * D), [rows, D]));
        h.set(e.data().subarray(0, rows * H), s * H);
        p.set(m.bottleneck.projection.forward(e).data().subarray(0, rows * W), s * W);
      }));
    } finally {
      arena.release(mark);
    }
  }
  return { h, H, p, W };
}
function nmi(a, b, n) {
  const ca = new Map(), cb = new Map(), cab = new Map();
  for (let i = 0; i < n; i++) { ca.set(a[i], (ca.get(a[i]) ?? 0) + 1); cb.set(b[i], (cb.get(b[i]) ?? 0) + 1); const k = a[i] * 1000 + b[i]; cab.set(k, (cab.get(k) ?? 0) + 1); }
  let ha = 0; for (const c of ca.values()) ha -= (c / n) * Math.log(c / n);
  let mi = 0; for (const [k, c] of cab) mi += (c / n) * Math.log((c * n) / (ca.get(Math.floor(k / 1000)) * cb.get(k % 1000)));
  return ha > 0 ? mi / ha : 0;
}
const zOf = (split, n, f) => Int32Array.from({ length: n }, (_, i) => split.z[i * F + f]);

const nTr = Math.min(4096, data.train.n), nTe = data.test.n;
for (const e of o.at) {
  if (e > 0) await tr.run({ stopAtEpoch: e });
  const a = features(data.train, nTr), b = features(data.test, nTe);
  const { winners } = tr.model.encode(data.test.x, nTe);
  const rec = { tag: o.tag ?? '', card: o.card, seed: o.seed, epoch: e, code: [], hiddenProbe: [], preProbe: [] };
  for (let f = 0; f < F; f++) {
    const z = zOf(data.test, nTe, f);
    rec.code.push(+Math.max(...Array.from({ length: o.G }, (_, g) => nmi(z, Int32Array.from({ length: nTe }, (_, i) => winners[i * o.G + g]), nTe))).toFixed(3));
    const yTr = zOf(data.train, nTr, f);
    rec.hiddenProbe.push(+probe({ x: a.h, n: nTr, d: a.H, y: yTr }, { x: b.h, n: nTe, d: b.H, y: z }, o.card[f], { seed: 1 }).testAccuracy.toFixed(3));
    rec.preProbe.push(+probe({ x: a.p, n: nTr, d: a.W, y: yTr }, { x: b.p, n: nTe, d: b.W, y: z }, o.card[f], { seed: 1 }).testAccuracy.toFixed(3));
  }
  console.log(JSON.stringify(rec));
  if (o.log) appendFileSync(o.log, JSON.stringify(rec) + '\n');
}
tr.dispose();
