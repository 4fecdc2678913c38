// Writes examples/data/toy.npz + toy.json: the rows of the built-in `onehot` data ([4, 4, 4, 4],
// seed 1, all four splits of examples/onehot-wta-regroup.json) with named factors and values.
// Run after a build: node scripts/make-example-data.mjs
import { writeFileSync } from 'node:fs';
import { buildData } from '../dist/src/index.js';
import { writeNpz } from '../dist/src/io/npz.js';

const data = buildData({ dataset: 'onehot', onehot: { cardinalities: [4, 4, 4, 4] }, nTrain: 2048, nVal: 256, nTest: 1024, nHeldout: 1024 }, 1);
const splits = [data.train, data.val, data.test, data.heldout];
const n = splits.reduce((a, s) => a + s.n, 0);
const D = data.dataset.inputShape[0];
const x = new Uint8Array(n * D);
const z = new Uint8Array(n * 4);
let at = 0;
for (const s of splits) {
  for (let i = 0; i < s.x.length; i++) x[at * D + i] = s.x[i];
  z.set(s.z, at * 4);
  at += s.n;
}
writeFileSync('examples/data/toy.npz', writeNpz({ x: { data: x, shape: [n, D] }, factors: { data: z, shape: [n, 4] } }, { compress: true }));
const names = {
  factors: [
    { name: 'color', values: ['red', 'green', 'blue', 'yellow'] },
    { name: 'shape', values: ['circle', 'square', 'triangle', 'star'] },
    { name: 'size', values: ['tiny', 'small', 'large', 'huge'] },
    { name: 'place', values: ['north', 'east', 'south', 'west'] },
  ],
};
writeFileSync('examples/data/toy.json', JSON.stringify(names, null, 2) + '\n');
console.log(`wrote examples/data/toy.npz (${n} rows × ${D}) and toy.json`);
