import { setup, epoch, evaluate } from './sim.mjs';
const card = JSON.parse(process.argv[2] ?? '[4,4,4,4]'); const K = +(process.argv[3] ?? 4); const tau = +(process.argv[4] ?? 1);
let ok = 0; const objs = [];
for (let seed = 1; seed <= 20; seed++) {
  const S = setup(card, 'indicator', seed, { groups: 1, units: K });
  for (let e = 0; e < 200; e++) epoch(S.net, S.x, S.labels, S.n, S.r, { lr: 1, lambda: 1e-3, batch: 32, tau });
  const ev = evaluate(S, 1e-3); const best = Math.max(...ev.nmi.map((r) => r[0]));
  if (best >= 0.95) ok++; objs.push([best.toFixed(2), ev.objective.toFixed(3)].join(':'));
}
console.log(`K=${K} tau=${tau} pure ${ok}/20`, objs.join(' '));
