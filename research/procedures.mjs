import { setup, epoch, evaluate } from './sim.mjs';
export const procedures = {
  plain(o, seed) {
    const S = setup(o.card, o.tasks, seed, { initScale: o.initScale ?? 1, groups: o.groups, units: o.units });
    for (let e = 0; e < o.epochs; e++) {
      const frac = e / o.epochs;
      const noise = o.noise ? o.noise * Math.pow((o.noiseEnd ?? 0.01) / o.noise, frac) : 0;
      const tau = o.tauEnd ? o.tau * Math.pow(o.tauEnd / o.tau, frac) : o.tau;
      const lambda = o.lambdaStart ? o.lambdaStart * Math.pow(o.lambda / o.lambdaStart, frac) : o.lambda;
      epoch(S.net, S.x, S.labels, S.n, S.r, { lr: o.lr, lambda, batch: o.batch, tau, noise, encLr: o.encLr ?? 1, soft: o.softUntil !== undefined && frac < o.softUntil });
    }
    return evaluate(S, o.lambda);
  },
};
// Oracle check: groups 0..m-1 set to the factorial code (factor g -> group g) and frozen; the rest random.
procedures.oracleFrozen = function (o, seed) {
  const S = setup(o.card, o.tasks, seed, { initScale: o.initScale ?? 1 });
  const { net } = S; const m = o.m; const H = net.H;
  let base = 0; const bases = o.card.map((c) => { const b = base; base += c; return b; });
  for (let g = 0; g < m; g++) for (let d = 0; d < net.D; d++) for (let k = 0; k < net.K; k++) net.W[d * H + g * net.K + k] = 0;
  for (let g = 0; g < m; g++) { for (let k = 0; k < net.K; k++) net.b[g * net.K + k] = 0; for (let v = 0; v < o.card[g]; v++) net.W[(bases[g] + v) * H + g * net.K + v] = 3; }
  const frozen = new Set(Array.from({ length: m }, (_, g) => g));
  for (let e = 0; e < o.epochs; e++) epoch(net, S.x, S.labels, S.n, S.r, { lr: o.lr, lambda: o.lambda, batch: o.batch, tau: o.tau, frozen });
  return evaluate(S, o.lambda);
};
import { coFire, regroupPerm, regroupPermMulti, applyPerm, reviveDead } from './regroup.mjs';
procedures.regroup = function (o, seed) {
  const S = setup(o.card, o.tasks, seed, { initScale: o.initScale ?? 1 });
  let moves = 0;
  for (let e = 0; e < o.epochs; e++) {
    if (e > 0 && e % o.every === 0 && e <= o.epochs * (o.regroupUntil ?? 0.75)) {
      const M = coFire(S.net, S.x, S.n, o.fire ?? 'quantile'); const perm = o.multi ? regroupPermMulti(M, S.G, S.K, S.r, o.multi) : regroupPerm(M, S.G, S.K); moves += applyPerm(S.net, perm);
    }
    if (o.revive && e > 0 && e % o.every === 0 && e <= o.epochs * (o.regroupUntil ?? 0.75)) { reviveDead(S.net, S.x, S.n, S.r, o.reviveScale ?? 0.01);
    }
    epoch(S.net, S.x, S.labels, S.n, S.r, { lr: o.lr, lambda: o.lambda, batch: o.batch, tau: o.tau });
  }
  const ev = evaluate(S, o.lambda); ev.moves = moves; return ev;
};
