/**
 * One exclusivity-regrouping step of training (train.regroup; the algorithm is src/nn/regroup.ts):
 * reorder the bottleneck units so that each WTA group holds units that never want to fire together,
 * then give dead units a noisy copy of their group's busiest unit. Optimizer state moves with its
 * parameters. Randomness comes from a stream named by the epoch, so a resumed run regroups
 * exactly as an uninterrupted one.
 */
import { Rng } from '../data/prng.js';
import type { Model } from '../nn/model.js';
import { coFiringLift, deadUnitDonors, exclusiveGrouping, permuteAxis, winCounts } from '../nn/regroup.js';
import type { Optimizer } from '../optim/optimizer.js';
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
  const lift = coFiringLift(model.preactivations(x, n), n, groups, units);
  const perm = exclusiveGrouping(lift, groups, units, rng, o.starts);
  let moved = 0;
  for (let s = 0; s < perm.length; s++) if (Math.floor(perm[s] / units) !== Math.floor(s / units)) moved++;
  if (moved > 0) for (const t of tensorsByUnit(model, optimizer)) permuteAxis(t.data, t.rows, t.cols, t.axis, perm);
  let revived = 0;
  if (o.revive) {
    const donors = deadUnitDonors(winCounts(model.preactivations(x, n), n, groups, units), groups, units);
    // Views taken after the last allocation (preactivations may grow wasm memory).
    const byUnit = tensorsByUnit(model, optimizer);
    const w = model.bottleneck.projection.weight.data();
    const H = groups * units;
    for (const { dead, donor } of donors) {
      for (const t of byUnit) copyUnit(t.data, t.rows, t.cols, t.axis, donor, dead);
      // Break the tie between the copies: a small jitter of the new unit's incoming weights.
      const scale = 0.01 * rms(w);
      for (let r = 0; r < w.length / H; r++) w[r * H + dead] += scale * rng.normal();
      revived++;
    }
  }
  return { moved, revived };
}

/** Every parameter and optimizer-state array with a per-unit axis (the state is shaped like its parameter). */
function tensorsByUnit(model: Model, optimizer: Optimizer): { data: Float32Array; rows: number; cols: number; axis: 'rows' | 'cols' }[] {
  const params = new Map(model.namedParameters().map((p) => [p.name, p.tensor]));
  const out: { data: Float32Array; rows: number; cols: number; axis: 'rows' | 'cols' }[] = [];
  for (const a of model.unitAxes()) {
    out.push({ ...a, data: params.get(a.name)!.data() });
    for (const [key, t] of optimizer.stateTensors()) if (key.startsWith(`${a.name}.`) && !key.slice(a.name.length + 1).includes('.')) out.push({ ...a, data: t.data() });
  }
  return out;
}

function copyUnit(data: Float32Array, rows: number, cols: number, axis: 'rows' | 'cols', from: number, to: number): void {
  if (axis === 'cols') for (let r = 0; r < rows; r++) data[r * cols + to] = data[r * cols + from];
  else data.copyWithin(to * cols, from * cols, (from + 1) * cols);
}

function rms(w: Float32Array): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i] * w[i];
  return Math.sqrt(s / Math.max(1, w.length));
}
