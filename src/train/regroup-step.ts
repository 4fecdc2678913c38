/**
 * One exclusivity-regrouping step of training (train.regroup; the algorithm is src/nn/regroup.ts):
 * reorder the bottleneck units so that each WTA group holds units that never want to fire together,
 * then give dead units a noisy copy of their group's busiest unit. Optimizer state moves with its
 * parameters (Model.permuteUnits / copyUnit with Optimizer.slotsOf). Randomness comes from a stream named by the epoch, so a resumed run regroups
 * exactly as an uninterrupted one.
 */
import { Rng } from '../base/prng.js';
import type { Model } from '../nn/model.js';
import { coFiringLift, deadUnitDonors, exclusiveGrouping, winCounts } from '../nn/regroup.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Tensor } from '../tensor/tensor.js';
import type { RegroupConfig } from './config.js';

export interface RegroupOutcome {
  /** Units that changed group. */
  moved: number;
  /** Dead units given a copy of a busy unit. */
  revived: number;
}

export function regroupUnits(model: Model, optimizer: Optimizer, x: Float32Array, n: number, o: RegroupConfig, seed: number, epoch: number): RegroupOutcome {
  const { groups, units } = model.config.bottleneck;
  const rng = new Rng(seed, `regroup:${epoch}`);
  const pre = model.preactivations(x, n);
  const lift = coFiringLift(pre, n, groups, units);
  // train.regroup.idleFree: units winning < 10 % of a fair share cost nothing anywhere.
  const H = groups * units;
  const idle = new Uint8Array(H);
  if (o.idleFree === true) {
    const wins = winCounts(pre, n, groups, units);
    for (let u = 0; u < H; u++) if (wins[u] < (0.1 * n) / units) idle[u] = 1;
    for (let u = 0; u < H; u++) {
      if (idle[u] === 0) continue;
      for (let v = 0; v < H; v++) { lift[u * H + v] = 0; lift[v * H + u] = 0; }
    }
  }
  const perm = exclusiveGrouping(lift, groups, units, rng, o.starts);
  let moved = 0;
  for (let s = 0; s < perm.length; s++) if (Math.floor(perm[s] / units) !== Math.floor(s / units)) moved++;
  // Optimizer state moves with its parameters.
  const state = (p: Tensor) => optimizer.slotsOf(p);
  if (moved > 0) model.permuteUnits(perm, state);
  let revived = 0;
  if (o.revive) {
    const wins = winCounts(model.preactivations(x, n), n, groups, units);
    // Idle units (idleFree) that changed group are revived there even if they now win a little.
    for (let s = 0; s < H; s++) if (idle[perm[s]] === 1 && Math.floor(perm[s] / units) !== Math.floor(s / units)) wins[s] = 0;
    const donors = deadUnitDonors(wins, groups, units);
    for (const { dead, donor } of donors) {
      model.copyUnit(donor, dead, state);
      // Break the tie between the copies: a small jitter of the new unit's incoming weights.
      // (The view is taken after the last allocation: preactivations may grow wasm memory.)
      const w = model.bottleneck.projection.weight.data();
      const scale = 0.01 * rms(w);
      for (let r = 0; r < w.length / H; r++) w[r * H + dead] += scale * rng.normal();
      revived++;
    }
  }
  return { moved, revived };
}

function rms(w: Float32Array): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i] * w[i];
  return Math.sqrt(s / Math.max(1, w.length));
}
