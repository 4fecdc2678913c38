// wtanet as a library: build data, train a WTA-bottleneck model in memory, read its
// symbol table and disentanglement scores. Run: node examples/library.mjs
import { buildData, validateRunConfig, Trainer, computeAllMetrics, symbolTable } from 'wtanet';

const config = validateRunConfig({
  seed: 7,
  data: {
    dataset: 'entangled',
    entangled: { cardinalities: [3, 3, 3], dim: 16, depth: 2, width: 32 },
    tasks: [{ family: 'factor' }, { family: 'partition', perFactor: 2 }],
    nTrain: 2048, nVal: 512, nTest: 512, nHeldout: 256,
  },
  model: {
    encoder: { type: 'mlp', hidden: [64, 64] },
    bottleneck: { variant: 'wta', groups: 3, units: 3, temperature: 0.5 },
    heads: { type: 'linear' },
  },
  train: { epochs: 20, batchSize: 64, optimizer: { type: 'adam', lr: 0.003 } },
});

const data = buildData(config.data, config.seed);
const trainer = new Trainer(config, data);
await trainer.run({ onProgress: (p) => console.log(`epoch ${p.epoch}: loss ${p.loss.toFixed(3)}`) });

const test = trainer.evaluate(data.test);
console.log('test accuracy per task:', Object.fromEntries(Object.entries(test.tasks).map(([k, v]) => [k, v.accuracy.toFixed(3)])));

const { codes } = trainer.model.encode(data.test.x, data.test.n);
const input = {
  codes, n: data.test.n, d: 9, groups: 3, z: data.test.z,
  factors: data.dataset.factors, kind: 'wta',
};
const table = symbolTable(input);
for (const u of table.units) {
  if (u.symbol) console.log(`unit ${u.unit} means ${u.factor}=${u.value} (purity ${u.purity.toFixed(2)})`);
}
const report = computeAllMetrics(input, { dci: false, fewShotK: [] });
console.log(`InfoM ${report.group.infoM.toFixed(3)}  MIG ${report.group.mig.toFixed(3)}  symbolicity ${report.symbols.symbolicity.toFixed(3)}`);
trainer.dispose();
