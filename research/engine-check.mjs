// The procedure in wtanet's own engine: node research/engine-check.mjs '<json overrides>'
import { buildData, validateRunConfig, Trainer, computeInformationMetrics } from '../dist/src/index.js';
const o = { card: [4, 4, 4, 4], tasks: [{ family: 'indicator' }], seeds: 5, epochs: 200, lr: 1, headL2: 1e-2, regroup: {}, batch: 32, nTrain: 2048, optimizer: null, ...JSON.parse(process.argv[2] ?? '{}') };
let fac = 0; const per = []; const t0 = Date.now();
for (let seed = 1; seed <= o.seeds; seed++) {
  const F = o.card.length, K = Math.max(...o.card);
  const config = validateRunConfig({
    seed, data: { dataset: 'onehot', onehot: { cardinalities: o.card }, tasks: o.tasks, nTrain: o.nTrain, nVal: 256, nTest: 1024, nHeldout: 256 },
    model: { encoder: { type: 'mlp', hidden: o.hidden ?? [] }, bottleneck: { variant: 'wta', groups: F, units: K }, heads: { type: 'linear' } },
    train: { epochs: o.epochs, batchSize: o.batch, optimizer: o.optimizer ?? { type: 'sgd', lr: o.lr, momentum: 0 }, headL2: o.headL2, regroup: o.regroup },
  });
  const data = buildData(config.data, config.seed);
  const tr = new Trainer(config, data); await tr.run();
  const { codes } = tr.model.encode(data.test.x, data.test.n);
  const { report } = computeInformationMetrics({ codes, n: data.test.n, d: F * K, groups: F, z: data.test.z, factors: data.dataset.factors, kind: 'wta' }, { dci: false });
  const nmi = report.group.nmi ?? report.group.nmiMatrix;
  const acc = Object.values(tr.evaluate(data.test).tasks).reduce((a, t) => a + t.accuracy, 0) / data.tasks.length;
  const obj = tr.trainingObjective(Math.max(o.headL2, 1e-3));
  per.push(`${report.symbols.symbolicity.toFixed(2)}/${acc.toFixed(3)}/${obj.toFixed(3)}`);
  if (report.symbols.symbolicity >= 0.999) fac++;
  tr.dispose();
}
console.log(`${process.argv[2] ?? '{}'} => symbolic ${fac}/${o.seeds} [${per.join(' ')}] ${((Date.now() - t0) / 1000).toFixed(1)}s`);
