/**
 * One exclusivity-regrouping step of training (train.regroup; the algorithm is src/nn/regroup.ts):
 * reorder the bottleneck units so that each WTA group holds units that never want to fire together,
 * then give dead units a noisy copy of their group's busiest unit. Optimizer state moves with its
 * parameters. Randomness comes from a stream named by the epoch, so a resumed run regroups
 * exactly as an uninterrupted one.
 */
import { Rng } from '../data/prng.js';
import type { Model } from '../nn/model.js';
import { coFiringLift, deadUnitDonors, exclusiveGrouping, permuteAxis, residualSplits, winCounts } from '../nn/regroup.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { RegroupConfig } from './config.js';

export interface RegroupOutcome {
  /** Units that changed group. */
  moved: number;
  /** Dead units given a copy of a busy unit. */
  revived: number;
}

/**
 * labels (one array per task) and epochs (the run's total) are needed only by reviveBy 'residual':
 * without them dead units are revived as noisy copies of the busiest unit.
 */
export function regroupUnits(model: Model, optimizer: Optimizer, x: Float32Array, n: number, o: RegroupConfig, seed: number, epoch: number, labels?: readonly Int32Array[], epochs?: number): RegroupOutcome {
  const { groups, units } = model.config.bottleneck;
  const rng = new Rng(seed, `regroup:${epoch}`);
  const lift = coFiringLift(model.preactivations(x, n), n, groups, units);
  const perm = exclusiveGrouping(lift, groups, units, rng, o.starts);
  let moved = 0;
  for (let s = 0; s < perm.length; s++) if (Math.floor(perm[s] / units) !== Math.floor(s / units)) moved++;
  if (moved > 0) for (const t of tensorsByUnit(model, optimizer)) permuteAxis(t.data, t.rows, t.cols, t.axis, perm);
  let revived = 0;
  // Informed splits only once the groups have formed (o.splitFrom of the run); before, noisy copies.
  const splitNow = o.reviveBy === 'residual' && labels !== undefined && epoch >= o.splitFrom * (epochs ?? 0);
  if (o.revive && splitNow) {
    revived = splitDeadUnits(model, optimizer, x, n, labels);
  } else if (o.revive) {
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

/** Revives dead units by informed splits (residualSplits): per sample, the residual softmax − target of every task. */
function splitDeadUnits(model: Model, optimizer: Optimizer, x: Float32Array, n: number, labels: readonly Int32Array[]): number {
  const { groups, units } = model.config.bottleneck;
  const H = groups * units;
  const h = model.features(x, n);
  const d = h.length / n;
  const pre = model.preactivations(x, n);
  const width = model.heads.totalClasses;
  const resid = new Float64Array(n * width);
  model.inBatches(x, n, 1024, (res, start, rows) => {
    const logits = res.logits.data();
    for (let t = 0; t < labels.length; t++) {
      const off = model.heads.offsets[t];
      const c = model.tasks[t].numClasses;
      for (let r = 0; r < rows; r++) {
        const base = r * width + off;
        let mx = -Infinity;
        for (let j = 0; j < c; j++) mx = Math.max(mx, logits[base + j]);
        let z = 0;
        for (let j = 0; j < c; j++) z += Math.exp(logits[base + j] - mx);
        const y = labels[t][start + r];
        for (let j = 0; j < c; j++) resid[(start + r) * width + off + j] = Math.exp(logits[base + j] - mx) / z - (j === y ? 1 : 0);
      }
    }
  });
  const headW = model.namedParameters().find((p) => p.name === 'heads.0.weight')!.tensor.data();
  const splits = residualSplits(h, d, pre, resid, width, n, groups, units, 0.01, headW.length === H * width ? headW : undefined);
  // Views taken after the last allocation.
  const byUnit = tensorsByUnit(model, optimizer);
  const w = model.bottleneck.projection.weight.data();
  const b = model.bottleneck.projection.bias!.data();
  for (const { dead, donor, direction, offset } of splits) {
    for (const t of byUnit) copyUnit(t.data, t.rows, t.cols, t.axis, donor, dead);
    for (let r = 0; r < d; r++) { w[r * H + dead] += direction[r]; w[r * H + donor] -= direction[r]; }
    b[dead] -= offset;
    b[donor] += offset;
  }
  return splits.length;
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
