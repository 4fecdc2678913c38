// entangled: pretrain the encoder with a continuous bottleneck, then hard WTA (+ head L2 + regroup).
import { buildData, validateRunConfig, Trainer, computeInformationMetrics } from '../dist/src/index.js';
const o = { seeds: 5, pre: 30, post: 30, preVariant: 'relu', copyProjection: false, headL2: 1e-2, regroup: { every: 3 }, tasks: undefined, ...JSON.parse(process.argv[2] ?? '{}') };
const per = []; let fac = 0; const t0 = Date.now();
const cfg = (seed, variant, epochs, train) => validateRunConfig({
  seed, data: { dataset: 'entangled', entangled: { mixing: 'ring' }, tasks: o.tasks, nTrain: 4096, nVal: 512, nTest: 1024, nHeldout: 1024 },
  model: { encoder: { type: 'mlp', hidden: [64, 64] }, bottleneck: { variant, groups: 4, units: 4 }, heads: { type: 'linear' } },
  train: { epochs, batchSize: 64, optimizer: { type: 'adam', lr: 0.003 }, ...train },
});
for (let seed = 1; seed <= o.seeds; seed++) {
  const c1 = cfg(seed, o.preVariant, o.pre, {}); const data = buildData(c1.data, seed);
  const a = new Trainer(c1, data); await a.run();
  const b = new Trainer(cfg(seed, 'wta', o.post, { headL2: o.headL2, regroup: o.regroup }), data);
  const src = new Map(a.model.namedParameters().map((p) => [p.name, p.tensor.toArray()]));
  for (const p of b.model.namedParameters()) if (p.name.startsWith('encoder.') || (o.copyProjection && p.name.startsWith('bottleneck.'))) p.tensor.data().set(src.get(p.name));
  a.dispose(); await b.run();
  const { codes } = b.model.encode(data.test.x, data.test.n);
  const { report } = computeInformationMetrics({ codes, n: data.test.n, d: 16, groups: 4, z: data.test.z, factors: data.dataset.factors, kind: 'wta' }, { dci: false });
  fac += report.factorial;
  const acc = (s) => Object.values(b.evaluate(s).tasks).reduce((x, t) => x + t.accuracy, 0) / data.tasks.length;
  per.push(`${report.bestGroupNmi.toFixed(2)}/${report.symbols.symbolicity.toFixed(2)}/${acc(data.test).toFixed(3)}/${acc(data.heldout).toFixed(3)}`);
  b.dispose();
}
console.log(`${process.argv[2] ?? '{}'} => factorial ${fac}/${o.seeds} [bgNMI/sym/iid/held ${per.join(' ')}] ${((Date.now() - t0) / 1000).toFixed(1)}s`);
