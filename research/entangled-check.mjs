// Regrouping on `entangled` (ring) with the MLP encoder: node research/entangled-check.mjs '<json>'
import { buildData, validateRunConfig, Trainer, computeInformationMetrics } from '../dist/src/index.js';
const o = { seeds: 5, epochs: 24, headL2: 0, regroup: null, optimizer: { type: 'adam', lr: 0.003 }, tasks: undefined, ...JSON.parse(process.argv[2] ?? '{}') };
const per = []; let fac = 0; const t0 = Date.now();
for (let seed = 1; seed <= o.seeds; seed++) {
  const config = validateRunConfig({
    seed, data: { dataset: 'entangled', entangled: { mixing: 'ring' }, tasks: o.tasks, nTrain: 4096, nVal: 512, nTest: 1024, nHeldout: 1024 },
    model: { encoder: { type: 'mlp', hidden: o.hidden ?? [64, 64] }, bottleneck: { variant: o.variant ?? 'wta', groups: 4, units: 4, ...(o.finalTemperature ? { finalTemperature: o.finalTemperature } : {}) }, heads: { type: 'linear' } },
    train: { epochs: o.epochs, batchSize: 64, optimizer: o.optimizer, headL2: o.headL2, regroup: o.regroup },
  });
  const data = buildData(config.data, config.seed);
  const tr = new Trainer(config, data); await tr.run();
  const { codes } = tr.model.encode(data.test.x, data.test.n);
  const { report } = computeInformationMetrics({ codes, n: data.test.n, d: 16, groups: 4, z: data.test.z, factors: data.dataset.factors, kind: 'wta' }, { dci: false });
  const best = report.group.nmi.map((r) => Math.max(...r)); const bg = best.reduce((a, b) => a + b, 0) / best.length; if (best.every((v) => v >= 0.95)) fac++;
  const acc = (s) => Object.values(tr.evaluate(s).tasks).reduce((a, t) => a + t.accuracy, 0) / data.tasks.length;
  per.push(`${bg.toFixed(2)}/${report.symbols.symbolicity.toFixed(2)}/${acc(data.test).toFixed(3)}/${acc(data.heldout).toFixed(3)}`);
  tr.dispose();
}
console.log(`${process.argv[2] ?? '{}'} => factorial ${fac}/${o.seeds} [bgNMI/sym/iid/held ${per.join(' ')}] ${((Date.now() - t0) / 1000).toFixed(1)}s`);
