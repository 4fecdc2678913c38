// entangled (ring): can the MLP encoder decode the factors at all? Supervised 4-way factor tasks
// through a continuous bottleneck; prints the mean (over factors) 4-way accuracy, IID and held-out.
// node research/entangled-decode.mjs '{"variant":"relu","hidden":[64,64],"nTrain":4096,"epochs":24}'
import { buildData, validateRunConfig, Trainer } from '../dist/src/index.js';
const o = { seeds: 5, seed0: 1, epochs: 24, nTrain: 4096, hidden: [64, 64], variant: 'relu', groups: 4, units: 4, batchSize: 64,
  optimizer: { type: 'adam', lr: 0.003 }, schedule: undefined, tasks: [{ family: 'factor' }], entangled: {}, ...JSON.parse(process.argv[2] ?? '{}') };
const per = []; const t0 = Date.now(); let sIid = 0, sHeld = 0, sTrain = 0;
for (let seed = o.seed0; seed < o.seed0 + o.seeds; seed++) {
  const config = validateRunConfig({
    seed, data: { dataset: 'entangled', entangled: { mixing: 'ring', ...o.entangled }, tasks: o.tasks, nTrain: o.nTrain, nVal: 512, nTest: 1024, nHeldout: 1024 },
    model: { encoder: { type: 'mlp', hidden: o.hidden }, bottleneck: { variant: o.variant, groups: o.groups, units: o.units }, heads: { type: 'linear' } },
    train: { epochs: o.epochs, batchSize: o.batchSize, optimizer: o.optimizer, ...(o.schedule ? { schedule: o.schedule } : {}) },
  });
  const data = buildData(config.data, config.seed);
  const tr = new Trainer(config, data); await tr.run();
  // Only 4-way factor tasks are scored (the mean over factors of "which value?").
  const fIdx = data.tasks.map((t, i) => [t, i]).filter(([t]) => t.name.startsWith('factor')).map(([, i]) => i);
  const acc = (s) => { const r = Object.values(tr.evaluate(s).tasks); return fIdx.reduce((a, i) => a + r[i].accuracy, 0) / fIdx.length; };
  const [a, b, c] = [acc(data.train), acc(data.test), acc(data.heldout)]; sTrain += a; sIid += b; sHeld += c;
  per.push(`${a.toFixed(3)}/${b.toFixed(3)}/${c.toFixed(3)}`);
  tr.dispose();
}
const n = o.seeds;
console.log(`${process.argv[2] ?? '{}'} => factor acc train/iid/held mean ${(sTrain / n).toFixed(3)}/${(sIid / n).toFixed(3)}/${(sHeld / n).toFixed(3)} [${per.join(' ')}] ${((Date.now() - t0) / 1000).toFixed(1)}s`);
