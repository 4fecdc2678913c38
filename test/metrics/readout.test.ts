import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../src/base/prng.js';
import { factorVariables, groupWinners } from '../../src/metrics/discretize.js';
import { fewShotAccuracy } from '../../src/metrics/fewshot.js';
import { entropy, mutualInformation } from '../../src/metrics/info.js';
import { infoE } from '../../src/metrics/infoe.js';
import { lbfgs } from '../../src/metrics/lbfgs.js';
import { probe } from '../../src/metrics/probe.js';
import { computeAllMetrics } from '../../src/metrics/report.js';
import { scratch } from '../../src/tensor/context.js';
import { bijectionCode, entangledExplicitCode, factorial, oneHot, perfectCode } from '../helpers/metric-codes.js';

const fx = factorial([3, 4, 2], 2);
const G = 3;
const U = 4;
const vars = factorVariables(fx.z, fx.n, 3);
const groupsOf = (codes: Float32Array, groups = G, size = U) => groupWinners({ codes, n: fx.n, d: groups * size, groups, kind: 'wta' });

/**
 * Float64 reference: the mean training log-loss of an unregularized softmax regression (with
 * bias) fitted by 20000 steps of Nesterov-accelerated gradient descent at step 1/L, L the
 * gradient's Lipschitz bound ½·max‖[x, 1]‖². Independent of wtanet's engine and optimizers.
 */
function referenceLogLoss(x: Float32Array, n: number, d: number, y: Int32Array, C: number): number {
  const P = (d + 1) * C;
  let maxNorm = 0;
  for (let i = 0; i < n; i++) {
    let s = 1;
    for (let j = 0; j < d; j++) s += x[i * d + j] ** 2;
    maxNorm = Math.max(maxNorm, s);
  }
  const step = 1 / (0.5 * maxNorm);
  const lossGrad = (th: Float64Array, grad: Float64Array | null): number => {
    grad?.fill(0);
    let loss = 0;
    const z = new Float64Array(C);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < C; c++) {
        let v = th[d * C + c];
        for (let j = 0; j < d; j++) v += x[i * d + j] * th[j * C + c];
        z[c] = v;
      }
      const m = Math.max(...z);
      let s = 0;
      for (let c = 0; c < C; c++) s += Math.exp(z[c] - m);
      loss += m + Math.log(s) - z[y[i]];
      if (grad) {
        for (let c = 0; c < C; c++) {
          const g = (Math.exp(z[c] - m) / s - (c === y[i] ? 1 : 0)) / n;
          grad[d * C + c] += g;
          for (let j = 0; j < d; j++) grad[j * C + c] += x[i * d + j] * g;
        }
      }
    }
    return loss / n;
  };
  let th = new Float64Array(P);
  let prev = new Float64Array(P);
  const look = new Float64Array(P);
  const grad = new Float64Array(P);
  for (let k = 1; k <= 20000; k++) {
    const mom = (k - 1) / (k + 2);
    for (let q = 0; q < P; q++) look[q] = th[q] + mom * (th[q] - prev[q]);
    lossGrad(look, grad);
    prev = th;
    th = Float64Array.from(look, (v, q) => v - step * grad[q]);
  }
  return lossGrad(th, null);
}

describe('L-BFGS', () => {
  it('reaches the minimum of an ill-conditioned quadratic and of the Rosenbrock function', () => {
    // f = Σ c_i (x_i − i)², condition number 1e4: the minimum is x_i = i.
    const c = [1, 10, 100, 1000, 10000];
    const quad = lbfgs((x, g) => {
      let f = 0;
      x.forEach((v, i) => { f += c[i] * (v - i) ** 2; g[i] = 2 * c[i] * (v - i); });
      return f;
    }, new Float64Array(5), { gradTol: 1e-9, maxIterations: 200 });
    quad.x.forEach((v, i) => assert.ok(Math.abs(v - i) < 1e-8, `x[${i}] = ${v}`));
    assert.ok(quad.gradMax <= 1e-9);
    const rosen = lbfgs((x, g) => {
      const [a, b] = x;
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    }, Float64Array.from([-1.2, 1]), { gradTol: 1e-8, maxIterations: 500 });
    assert.ok(Math.abs(rosen.x[0] - 1) < 1e-6 && Math.abs(rosen.x[1] - 1) < 1e-6, `Rosenbrock minimum at ${rosen.x}`);
  });
});

describe('InfoE', () => {
  it('reaches 1 on a perfect code', () => {
    const r = infoE(groupsOf(perfectCode(fx, U)), vars);
    for (const v of r.perFactor) assert.ok(v > 0.999, `InfoE term ${v}`);
  });

  it('trains the readout to the known optimum: with one group the MLE log-loss is H(y | c)', () => {
    // A single categorical input, one-hot: the saturated model, whose training loss is exactly H(y|c).
    const rng = new Rng(4, 'noisy');
    const winners = Int32Array.from({ length: fx.n }, (_, i) => (rng.uniform() < 0.7 ? fx.z[i * 3 + 1] : rng.int(4)));
    const [group] = groupsOf(oneHot(winners, fx.n, 1, 4), 1, 4);
    const r = infoE([group], [vars[1]]);
    const conditional = entropy(vars[1]) - mutualInformation(vars[1], group);
    assert.ok(Math.abs(r.trainLoss[0] - conditional) < 2e-3, `${r.trainLoss[0]} vs H(y|c) = ${conditional}`);
  });

  it('is high for an entangled but explicit code while InfoM and MIG are low', () => {
    const { codes, size } = entangledExplicitCode(fx, 3, 1);
    const r = computeAllMetrics({ codes, n: fx.n, d: 3 * size, groups: 3, z: fx.z, factors: fx.factors, kind: 'wta' }, { fewShotK: [], dci: false });
    assert.ok(r.infoE!.infoE > 0.99, `InfoE ${r.infoE!.infoE}`);
    assert.ok(r.group.infoM < 0.2, `InfoM ${r.group.infoM}`);
    assert.ok(r.group.mig < 0.05, `MIG ${r.group.mig}`);
  });

  it('stays well below 1 for a random bijection over the same groups (not linearly decodable per group)', () => {
    for (const seed of [1, 2]) {
      const r = infoE(groupsOf(bijectionCode(fx, U, seed)), vars);
      assert.ok(r.infoE < 0.6, `InfoE ${r.infoE}`);
    }
  });

  it('fits to convergence at small n: the training loss reaches a float64 reference optimum', () => {
    // n = 100, a near-separable problem (a noisy copy of the factor plus a random group): a
    // fixed short schedule stops visibly above the optimum here (0.118 vs 0.109 nats).
    const n = 100;
    const G = 4;
    const rng = new Rng(1, 'small-n');
    const w = new Int32Array(n * G);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const [a, b] = [rng.int(4), rng.int(4)];
      y[i] = rng.int(4);
      w.set([a, (b + y[i]) % 4, rng.uniform() < 0.8 ? y[i] : rng.int(4), rng.int(4)], i * G);
    }
    const groups = groupWinners({ codes: oneHot(w, n, G, 4), n, d: G * 4, groups: G, kind: 'wta' });
    const r = infoE(groups, [{ values: y, cardinality: 4 }]);
    const ref = referenceLogLoss(oneHot(w, n, G, 4), n, G * 4, y, 4);
    assert.ok(r.trainLoss[0] <= ref + 1e-3, `InfoE readout loss ${r.trainLoss[0]} vs float64 reference ${ref}`);
  });

  it('is 0 for a constant code, and the steps leave the scratch arena where they found it', () => {
    const before = scratch().bytesInUse;
    const r = infoE(groupsOf(new Float32Array(fx.n * G * U)), vars);
    assert.deepEqual(r.perFactor.map((v) => Math.round(v * 1e6)), [0, 0, 0]);
    assert.equal(scratch().bytesInUse, before);
  });
});

describe('few-shot transfer', () => {
  const big = factorial([3, 4, 2], 6);
  const half = big.n / 2;
  const split = (codes: Float32Array, f: number, lo: number, hi: number) => ({
    x: codes.slice(lo * 12, hi * 12), n: hi - lo, d: 12,
    y: Int32Array.from({ length: hi - lo }, (_, i) => big.z[(lo + i) * 3 + f]),
  });
  it('decodes a factor of a perfect code from 5 samples per class, and beats chance from 1', () => {
    const codes = perfectCode(big, U);
    for (const k of [5, 20]) assert.equal(fewShotAccuracy(split(codes, 1, 0, half), split(codes, 1, half, big.n), 4, k, 1), 1);
    // With one sample per class every unit a sample uses appears once with one label: the units of
    // the other groups look exactly as predictive as the right one, so 1-shot is ambiguous.
    const one = fewShotAccuracy(split(codes, 1, 0, half), split(codes, 1, half, big.n), 4, 1, 1);
    assert.ok(one > 0.5, `1-shot ${one}`);
  });
  it('reaches accuracy 1 at k = 5 on a perfect factorized code (the readout is fitted to convergence)', () => {
    // computeAllMetrics' few-shot: every factor of the perfect 3 × 4 × 2 code, five seeds
    // (a fixed 200-step schedule gave 0.92–0.96 here; the spec's known answer is 1.0).
    for (const seed of [0, 1, 2, 3, 4]) {
      const r = computeAllMetrics({ codes: perfectCode(big, U), n: big.n, d: 12, groups: 3, z: big.z, factors: big.factors, kind: 'wta' }, { dci: false, infoE: false, seed, fewShotK: [5, 20] });
      for (const s of r.fewShot!) assert.deepEqual(s.perFactor, [1, 1, 1], `seed ${seed}, k = ${s.k}: ${s.perFactor}`);
    }
    // With 3 distractor groups (4 × 4 × 4 × 4) and 20 samples, a distractor unit can correlate
    // with the class by chance, and the regularized optimum then gives it some weight: the
    // converged readout is at 1.0 on most draws, never below 0.98 (the short schedule: 0.72–0.80).
    const fx4 = factorial([4, 4, 4, 4], 2);
    const accs = [0, 1, 2, 3, 4].map((seed) =>
      computeAllMetrics({ codes: perfectCode(fx4, 4), n: fx4.n, d: 16, groups: 4, z: fx4.z, factors: fx4.factors, kind: 'wta' }, { dci: false, infoE: false, seed, fewShotK: [5] }).fewShot![0].accuracy);
    assert.ok(Math.min(...accs) >= 0.98 && accs.filter((a) => a === 1).length >= 3, `5-shot accuracies ${accs}`);
  });
  it('stays near chance on a random code', () => {
    const rng = new Rng(2, 'random-code');
    const codes = oneHot(Int32Array.from({ length: big.n * 3 }, () => rng.int(4)), big.n, 3, 4);
    const acc = fewShotAccuracy(split(codes, 1, 0, half), split(codes, 1, half, big.n), 4, 5, 1);
    assert.ok(acc < 0.45, `accuracy ${acc}`);
  });
});

describe('linear vs MLP probe', () => {
  it('an MLP probe solves XOR-of-signs that a linear probe cannot', () => {
    const make = (n: number, seed: number) => {
      const rng = new Rng(seed, 'xor');
      const x = Float32Array.from({ length: n * 2 }, () => rng.uniform() * 2 - 1);
      const y = Int32Array.from({ length: n }, (_, i) => ((x[2 * i] > 0) !== (x[2 * i + 1] > 0) ? 1 : 0));
      return { x, n, d: 2, y };
    };
    const train = make(400, 1);
    const test = make(400, 2);
    const linear = probe(train, test, 2);
    const mlp = probe(train, test, 2, { hidden: [16], seed: 3, steps: 800, lr: 0.02 });
    assert.ok(linear.testAccuracy < 0.7, `linear ${linear.testAccuracy}`);
    assert.ok(mlp.testAccuracy > 0.9, `mlp ${mlp.testAccuracy}`);
  });
});

describe('computeAllMetrics', () => {
  it('returns a JSON round-trippable report with every number finite', () => {
    const r = computeAllMetrics({ codes: perfectCode(fx, U), n: fx.n, d: 12, groups: 3, z: fx.z, factors: fx.factors, kind: 'wta' });
    const back = JSON.parse(JSON.stringify(r));
    assert.deepEqual(back, r);
    assert.ok(r.infoE!.infoE > 0.999);
    assert.deepEqual(r.fewShot!.map((s) => s.k), [1, 5, 20]);
    assert.equal(r.fewShot![2].accuracy, 1);
    assert.ok(r.fewShot![0].accuracy > 0.5);
  });
});
