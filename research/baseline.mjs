import { setup, epoch, evaluate } from './sim.mjs';
const [card, tk, epochs, lr, lambda, seeds] = [JSON.parse(process.argv[2] ?? '[4,4,4,4]'), process.argv[3] ?? 'indicator', +(process.argv[4] ?? 200), +(process.argv[5] ?? 1), +(process.argv[6] ?? 1e-3), +(process.argv[7] ?? 10)];
let fac = 0, nmi = 0; const t0 = Date.now();
for (let seed = 1; seed <= seeds; seed++) {
  const S = setup(card, tk, seed);
  for (let e = 0; e < epochs; e++) epoch(S.net, S.x, S.labels, S.n, S.r, { lr, lambda, batch: 32 });
  const ev = evaluate(S, lambda); fac += ev.factorial; nmi += ev.bestGroupNmi;
  console.log(seed, ev.factorial, ev.bestGroupNmi.toFixed(3), ev.acc.toFixed(3), ev.objective.toFixed(3));
}
console.log(`factorial ${fac}/${seeds} bestNMI ${(nmi / seeds).toFixed(3)} ${(Date.now() - t0) / 1000}s`);
