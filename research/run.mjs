// node run.mjs '<json opts>' : runs a procedure over seeds, prints one summary line.
import { setup, epoch, evaluate } from './sim.mjs';
import { procedures } from './procedures.mjs';
const o = { card: [4, 4, 4, 4], tasks: 'indicator', epochs: 200, lr: 1, lambda: 1e-3, batch: 32, tau: 1, seeds: 10, proc: 'plain', ...JSON.parse(process.argv[2] ?? '{}') };
let fac = 0, nmi = 0, acc = 0; const per = []; const t0 = Date.now();
for (let seed = 1; seed <= o.seeds; seed++) {
  const ev = procedures[o.proc](o, seed + (o.seedOffset ?? 0));
  fac += ev.factorial; nmi += ev.bestGroupNmi; acc += ev.acc; per.push(ev.factorial ? 'F' : ev.bestGroupNmi.toFixed(2));
}
console.log(`${JSON.stringify(process.argv[2] ?? '{}')} => factorial ${fac}/${o.seeds} bestNMI ${(nmi / o.seeds).toFixed(3)} acc ${(acc / o.seeds).toFixed(3)} [${per.join(' ')}] ${((Date.now() - t0) / 1000).toFixed(1)}s`);
