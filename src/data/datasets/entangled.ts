/**
 * `entangled`: F independent categorical factors observed through a random network g whose
 * weights are drawn once from the dataset's own stream; x = g(input) + noise, standardized.
 * Two generators (`mixing`):
 * - 'ring' (default): factor f puts a point at radius r(z_f) = 1.6·(1 + z_f)/n_f and a uniformly
 *   random phase (a per-sample nuisance, drawn from observe()'s rng) in its own plane; g (one tanh
 *   layer, gain 1, width 64, random readout to 32 dims) mixes the 2F coordinates. A factor is
 *   carried by a radius, which a linear readout barely sees (before g its mean over the phase is 0), but each
 *   factor enters g the same way in every combination, so a non-linear decoder learned on some
 *   combinations transfers to unseen ones.
 * - 'deep': g (sin, gain 3, depth 3) reads one-hot(z); the original generator. It maps every
 *   combination to an essentially unrelated point: no model can generalize to held-out combinations.
 *   The factors are not undecodable there: a decoder that knows g (nearest noise-free g(z) over all
 *   combinations) reads every factor of the held-out split correctly (accuracy 1.000, 5 data seeds;
 *   the closest two combinations are 73–85 noise σ apart). What fails is transfer: nothing learned
 *   from the training combinations says where an unseen one lands, so a trained decoder answers
 *   about one value in four there, and indicator tasks score p + (1 − p)(K − 2)/K ≈ 0.62 for
 *   K = 4 — below the 0.75 of always answering "no" (docs/research/data.md). Use 'deep' for
 *   in-distribution metrics only; its held-out split measures nothing learnable.
 * - 'additive': a deep odd network per factor on its ring point, summed, then tanh; as
 *   non-linear as 'ring' for a linear readout (chance) and compositional (ENTANGLED_ADDITIVE_DEFAULTS).
 *
 * Measured with per-factor probes (src/metrics/probe.ts, 500 full-batch steps, hidden [64] for the
 * MLP) trained on 4096 training samples, tested on 1024 IID samples or 1024 samples of the held-out
 * combinations (mean over the 4 factors; chance 0.25; 3 data seeds for 'ring', 2 for 'deep'):
 *
 * | generator                        | linear probe, train fit | linear, held-out | MLP, IID test | MLP, held-out |
 * | -------------------------------- | ---: | ---: | ---: | ---: |
 * | **ring (defaults)**              | 0.48 | 0.43 | 0.96 | 0.96 |
 * | ring, gain 2                     | 0.44 | 0.39 | 0.85 | 0.85 |
 * | ring, depth 2                    | 0.47 | 0.43 | 0.91 | 0.91 |
 * | deep (sin, gain 3, depth 3)      | 0.54 | 0.23 | 1.00 | 0.23 |
 * | deep, sin, gain 2                | 0.64 | 0.36 | 1.00 | 0.37 |
 * | deep, sin, gain 1.5              | 0.86 | 0.61 | 1.00 | 0.62 |
 * | deep, sin, gain 1.25             | 0.95 | 0.81 | 1.00 | 0.84 |
 * | deep, sin, gain 1                | 0.99 | 0.96 | 1.00 | 0.95 |
 * | deep, tanh, gain 3               | 0.96 | 0.78 | 1.00 | 0.79 |
 * | deep, relu, gain 3               | 0.97 | 0.91 | 1.00 | 0.92 |
 * | deep, relu, gain 3, depth 4      | 0.95 | 0.85 | 1.00 | 0.87 |
 * | deep, tanh, gain 4, depth 1, w32 | 1.00 | 0.95 | 1.00 | 0.94 |
 *
 * With 'deep', the MLP probe's held-out accuracy tracks the linear probe's at every setting: no
 * setting was both clearly non-linear and compositionally generalizable. A per-factor ordinal
 * embedding (value v → v·w_f) into a one-layer sin g did no better (scratch measurement, 1 seed:
 * gain 2: linear 0.93, MLP held-out 0.89; gain 3: 0.69 / 0.63; gain 4: 0.58 / 0.30). With 'ring',
 * the MLP probe is as good on held-out combinations as on seen ones while the linear probe stays
 * below 0.5 (test/data-entangled-probe checks both generators at a smaller size).
 */
import { detCosSinTurn, detSin, detTanh } from '../../base/det-math.js';
import { Rng } from '../../base/prng.js';
import type { Dataset, Factor } from '../types.js';

export type Activation = 'tanh' | 'sin' | 'relu' | 'leaky_relu';
/**
 * How the factors enter g: 'ring' (default; compositional), 'deep' (one-hot; the original
 * generator, not compositional) or 'additive' (a deep map per factor, summed, then a
 * post-nonlinearity; compositional and deep).
 */
export type Mixing = 'ring' | 'deep' | 'additive';

export interface EntangledOptions {
  /**
   * 'ring': factor f contributes a point of radius r(z_f) at a random phase (a per-sample
   * nuisance) in its own plane; g mixes the 2F coordinates. 'deep': g reads one-hot(z).
   */
  mixing: Mixing;
  /** Values per factor; its length is the number of factors. */
  cardinalities: number[];
  /** Observation dimension D. */
  dim: number;
  /** Hidden layers of g. */
  depth: number;
  width: number;
  activation: Activation;
  /** Pre-activation gain: larger folds the input space more, i.e. stronger entanglement. */
  gain: number;
  /** Std of Gaussian noise added to each (standardized) observation coordinate. */
  noise: number;
}

export const ENTANGLED_DEFAULTS: EntangledOptions = {
  mixing: 'ring',
  cardinalities: [4, 4, 4, 4],
  dim: 32,
  depth: 1,
  width: 64,
  activation: 'tanh',
  gain: 1,
  noise: 0.05,
};

/**
 * `mixing: 'additive'` (a post-non-linear mixture of per-factor deep maps): factor f's ring point
 * u_f = r(z_f)·(cos 2πφ_f, sin 2πφ_f) (phase φ_f a per-sample nuisance, as in 'ring') goes through
 * its own network h_f of `depth` layers (width `width`, `activation`, gain `gain`, no biases) and a
 * random linear map to `dim`; x = tanh(Σ_f h_f(u_f) / √F), standardized, plus noise. Without biases
 * and with an odd activation (tanh, sin) every h_f is odd, so E[x | z_f] = 0 over the phases: a
 * linear readout sees nothing (probe at chance), while each factor enters x the same way in every
 * combination, so a decoder learned on some combinations transfers to unseen ones (measured in
 * docs/research/data.md and test/data-entangled-additive). All of its arithmetic is +, −, ×, ÷ and
 * exp via src/base/det-math.ts (no Math.sin/cos/tanh), so it gives the same bits on every
 * engine (the weights still come from Rng.normal).
 */
export const ENTANGLED_ADDITIVE_DEFAULTS: EntangledOptions = {
  ...ENTANGLED_DEFAULTS,
  mixing: 'additive',
  depth: 2,
  width: 32,
  activation: 'tanh',
  gain: 1,
};

/** The original generator's settings (`mixing: 'deep'`); config validation fills these in for it. */
export const ENTANGLED_DEEP_DEFAULTS: EntangledOptions = {
  ...ENTANGLED_DEFAULTS,
  mixing: 'deep',
  depth: 3,
  activation: 'sin',
  gain: 3,
};

function act(kind: Activation, v: number): number {
  switch (kind) {
    case 'tanh':
      return Math.tanh(v);
    case 'sin':
      return Math.sin(v);
    case 'relu':
      return v > 0 ? v : 0;
    case 'leaky_relu':
      return v > 0 ? v : 0.1 * v;
  }
}

interface Layer {
  w: Float64Array; // out × in
  b: Float64Array;
  nIn: number;
  nOut: number;
}

function randomLayer(rng: Rng, nIn: number, nOut: number, scale: number, biasScale: number): Layer {
  const w = new Float64Array(nIn * nOut);
  for (let i = 0; i < w.length; i++) w[i] = (rng.normal() * scale) / Math.sqrt(nIn);
  const b = new Float64Array(nOut);
  for (let i = 0; i < nOut; i++) b[i] = rng.normal() * biasScale;
  return { w, b, nIn, nOut };
}

function detAct(kind: Activation, v: number): number {
  switch (kind) {
    case 'tanh':
      return detTanh(v);
    case 'sin':
      return detSin(v);
    default:
      return act(kind, v);
  }
}

export function entangledFactors(cardinalities: readonly number[]): Factor[] {
  return cardinalities.map((k, f) => ({ name: `f${f}`, values: Array.from({ length: k }, (_, v) => `v${v}`) }));
}

/** Builds the dataset; `rng` fixes g (the weights), observe()'s rng only draws the noise. */
export function createEntangled(options: EntangledOptions, rng: Rng): Dataset {
  if (options.mixing === 'additive') return createAdditive(options, rng);
  const o = options;
  const factors = entangledFactors(o.cardinalities);
  const F = o.cardinalities.length;
  const ring = o.mixing === 'ring';
  // 'ring' feeds g the 2F ring coordinates; 'deep' feeds it one-hot(z).
  const inDim = ring ? 2 * F : o.cardinalities.reduce((a, b) => a + b, 0);
  const offsets = o.cardinalities.map((_, f) => o.cardinalities.slice(0, f).reduce((a, b) => a + b, 0));
  const layers: Layer[] = [];
  let nIn = inDim;
  // One-hot input has F ones, so scale the first layer by sqrt(inDim / F) to give unit-variance
  // pre-activations before the gain.
  for (let l = 0; l < o.depth; l++) {
    const firstBoost = l === 0 && !ring ? Math.sqrt(inDim / F) : 1;
    layers.push(randomLayer(rng.fork(`layer${l}`), nIn, o.width, o.gain * firstBoost, 1));
    nIn = o.width;
  }
  const readout = randomLayer(rng.fork('readout'), nIn, o.dim, 1, 0);
  // Ring radii, evenly spaced: value v of a factor with n values has radius 1.6·(1 + v) / n.
  const radius = (f: number, v: number): number => (1.6 * (1 + v)) / o.cardinalities[f];
  const u = new Float64Array(inDim);

  /** g(input) for factor row zRow; `phases` (one per factor, in [0, 1)) only used by 'ring'. */
  const clean = (zRow: ArrayLike<number>, phases: Float64Array, out: Float64Array): void => {
    u.fill(0);
    if (ring) {
      for (let f = 0; f < F; f++) {
        const r = radius(f, zRow[f]);
        u[2 * f] = r * Math.cos(2 * Math.PI * phases[f]);
        u[2 * f + 1] = r * Math.sin(2 * Math.PI * phases[f]);
      }
    } else for (let f = 0; f < F; f++) u[offsets[f] + zRow[f]] = 1;
    let h: Float64Array = u;
    for (let l = 0; l < layers.length; l++) {
      const L = layers[l];
      const next = new Float64Array(L.nOut);
      for (let j = 0; j < L.nOut; j++) {
        let s = L.b[j];
        const row = j * L.nIn;
        if (l === 0 && !ring) for (let f = 0; f < F; f++) s += L.w[row + offsets[f] + zRow[f]];
        else for (let i = 0; i < L.nIn; i++) s += L.w[row + i] * h[i];
        next[j] = act(o.activation, s);
      }
      h = next;
    }
    for (let j = 0; j < o.dim; j++) {
      let s = 0;
      for (let i = 0; i < readout.nIn; i++) s += readout.w[j * readout.nIn + i] * h[i];
      out[j] = s;
    }
  };

  return standardized(o, factors, clean, ring, rng);
}

/** `mixing: 'additive'`; see ENTANGLED_ADDITIVE_DEFAULTS. */
function createAdditive(o: EntangledOptions, rng: Rng): Dataset {
  const factors = entangledFactors(o.cardinalities);
  const F = o.cardinalities.length;
  const nets = o.cardinalities.map((_, f) => {
    const layers: Layer[] = [];
    let nIn = 2;
    for (let l = 0; l < o.depth; l++) {
      layers.push(randomLayer(rng.fork(`f${f}/layer${l}`), nIn, o.width, o.gain, 0));
      nIn = o.width;
    }
    return { layers, readout: randomLayer(rng.fork(`f${f}/readout`), nIn, o.dim, 1, 0) };
  });
  const radius = (f: number, v: number): number => (1.6 * (1 + v)) / o.cardinalities[f];
  const invSqrtF = 1 / Math.sqrt(F);
  const sum = new Float64Array(o.dim);
  const clean = (zRow: ArrayLike<number>, phases: Float64Array, out: Float64Array): void => {
    sum.fill(0);
    for (let f = 0; f < F; f++) {
      const [c, s] = detCosSinTurn(phases[f]);
      const r = radius(f, zRow[f]);
      let h: Float64Array = Float64Array.of(r * c, r * s);
      const net = nets[f];
      for (const L of net.layers) {
        const next = new Float64Array(L.nOut);
        for (let j = 0; j < L.nOut; j++) {
          let acc = 0;
          for (let i = 0; i < L.nIn; i++) acc += L.w[j * L.nIn + i] * h[i];
          next[j] = detAct(o.activation, acc);
        }
        h = next;
      }
      const R = net.readout;
      for (let j = 0; j < o.dim; j++) {
        let acc = 0;
        for (let i = 0; i < R.nIn; i++) acc += R.w[j * R.nIn + i] * h[i];
        sum[j] += acc * invSqrtF;
      }
    }
    for (let j = 0; j < o.dim; j++) out[j] = detTanh(sum[j]);
  };
  return standardized(o, factors, clean, true, rng);
}

/** A noise-free generator: fills `out` with g(z) for one combination (and its per-factor phases). */
type CleanMap = (zRow: ArrayLike<number>, phases: Float64Array, out: Float64Array) => void;

/**
 * The dataset over a noise-free generator: each coordinate standardized with the statistics of a
 * fixed calibration sample of combinations, so that x has roughly zero mean and unit variance
 * whatever the depth, width or gain, plus Gaussian noise. `withPhases`: the generator reads a
 * uniform phase per factor (ring and additive mixing), drawn anew for every sample.
 */
function standardized(o: EntangledOptions, factors: Factor[], clean: CleanMap, withPhases: boolean, rng: Rng): Dataset {
  const F = factors.length;
  const calib = rng.fork('calibration');
  const nCal = 2048;
  const mean = new Float64Array(o.dim);
  const sq = new Float64Array(o.dim);
  const tmp = new Float64Array(o.dim);
  const zc = new Int32Array(F);
  const phases = new Float64Array(F);
  for (let t = 0; t < nCal; t++) {
    for (let f = 0; f < F; f++) zc[f] = calib.int(o.cardinalities[f]);
    if (withPhases) for (let f = 0; f < F; f++) phases[f] = calib.uniform();
    clean(zc, phases, tmp);
    for (let j = 0; j < o.dim; j++) {
      mean[j] += tmp[j];
      sq[j] += tmp[j] * tmp[j];
    }
  }
  const invStd = new Float64Array(o.dim);
  for (let j = 0; j < o.dim; j++) {
    mean[j] /= nCal;
    const v = sq[j] / nCal - mean[j] * mean[j];
    invStd[j] = v > 1e-12 ? 1 / Math.sqrt(v) : 1;
  }

  return {
    name: 'entangled',
    factors,
    inputShape: [o.dim],
    observe(z: Int32Array, n: number, noiseRng: Rng): Float32Array {
      const x = new Float32Array(n * o.dim);
      const buf = new Float64Array(o.dim);
      for (let i = 0; i < n; i++) {
        const zRow = z.subarray(i * F, i * F + F);
        if (withPhases) for (let f = 0; f < F; f++) phases[f] = noiseRng.uniform();
        clean(zRow, phases, buf);
        for (let j = 0; j < o.dim; j++) {
          const eps = o.noise > 0 ? o.noise * noiseRng.normal() : 0;
          x[i * o.dim + j] = (buf[j] - mean[j]) * invStd[j] + eps;
        }
      }
      return x;
    },
  };
}
