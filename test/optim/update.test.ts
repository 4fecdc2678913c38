import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Adam } from '../../src/optim/adam.js';
import { clipGradients, globalGradNormSquared } from '../../src/optim/clip.js';
import { SGD } from '../../src/optim/sgd.js';
import { Arena } from '../../src/tensor/arena.js';
import { fromArray } from '../../src/tensor/tensor.js';

const arena = new Arena('optim-test');
function param(values: number[], grad: number[]) {
  const t = fromArray(values, [values.length], arena);
  t.requiresGrad = true;
  t.grad = fromArray(grad, [grad.length], arena);
  return { name: 'p', tensor: t };
}
const close = (got: Float32Array, want: number[]) => want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) <= 1e-6 * (1 + Math.abs(w)), `[${i}] ${got[i]} vs ${w}`));

describe('optimizers match hand-computed updates', () => {
  it('Adam: two steps', () => {
    const p = param([1, -2], [0.5, -1]);
    const opt = new Adam([p], { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false });
    opt.step(0.1);
    // Step 1: m̂ = g, v̂ = g², so the update is lr·sign(g) (up to ε).
    close(p.tensor.data(), [0.9, -1.9]);
    opt.step(0.1);
    // Step 2 with the same g: m = 0.19g, v = 0.001999g²; m̂ = 0.19g/0.19 = g, v̂ = g² → again lr·sign(g).
    close(p.tensor.data(), [0.8, -1.8]);
    assert.equal(opt.stepCount, 2);
  });
  it('Adam: one step equals a float64 reference to ≤ 2 ulp (1 − β computed in float64)', () => {
    // p = 0 makes the new parameter the update itself, so a relative error in the update
    // (e.g. 1 − β2 taken from β2 rounded to f32: ≈ 6e-6) shows up as ~50 ulp, not as noise.
    // A second parameter starts from nonzero moments (step 3 of a run) to exercise β·m and β·v.
    const ulpsApart = (a: number, b: number) => Math.abs(a - b) / (Math.pow(2, Math.floor(Math.log2(Math.abs(b))) - 23));
    const [b1, b2, eps, lr, l2] = [0.9, 0.999, 1e-8, 1e-3, 0.01];
    const g = [0.37, -1.25, 3e-3, 42.5];
    const p0 = [0, 0, 0, 0];
    const m0 = [0.021, -0.3, 1e-3, 2];
    const v0 = [1e-4, 0.02, 3e-6, 1.5];
    for (const t of [1, 3]) {
      const p = param(p0, g);
      const opt = new Adam([p], { beta1: b1, beta2: b2, eps, weightDecay: l2, decoupled: false });
      if (t > 1) {
        opt.loadState(new Map([['p.m', Float32Array.from(m0)], ['p.v', Float32Array.from(v0)]]), t - 1);
      }
      opt.step(lr);
      const state = opt.stateTensors();
      const m = state.get('p.m')!.data();
      const v = state.get('p.v')!.data();
      const got = p.tensor.data();
      g.forEach((gRaw, i) => {
        const gi = Math.fround(gRaw) + l2 * p0[i];
        const mPrev = t > 1 ? Math.fround(m0[i]) : 0;
        const vPrev = t > 1 ? Math.fround(v0[i]) : 0;
        const m64 = b1 * mPrev + (1 - b1) * gi;
        const v64 = b2 * vPrev + (1 - b2) * gi * gi;
        const p64 = p0[i] - (lr / (1 - b1 ** t)) * m64 / (Math.sqrt(v64 / (1 - b2 ** t)) + eps);
        assert.ok(ulpsApart(m[i], m64) <= 2, `t=${t} m[${i}] ${m[i]} vs float64 ${m64}: ${ulpsApart(m[i], m64).toFixed(1)} ulp`);
        assert.ok(ulpsApart(v[i], v64) <= 2, `t=${t} v[${i}] ${v[i]} vs float64 ${v64}: ${ulpsApart(v[i], v64).toFixed(1)} ulp`);
        assert.ok(ulpsApart(got[i], p64) <= 2, `t=${t} p[${i}] ${got[i]} vs float64 ${p64}: ${ulpsApart(got[i], p64).toFixed(1)} ulp`);
      });
      opt.dispose();
    }
  });
  it('AdamW decays the weights decoupled from the gradient', () => {
    const p = param([2], [0]);
    const opt = new Adam([p], { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.5, decoupled: true });
    opt.step(0.1);
    close(p.tensor.data(), [2 * (1 - 0.1 * 0.5)]); // g = 0: only the decay acts
  });
  it('SGD with momentum: b ← μb + g, p ← p − lr·b', () => {
    const p = param([1], [2]);
    const opt = new SGD([p], { momentum: 0.9, weightDecay: 0 });
    opt.step(0.1); // b = 2, p = 1 − 0.2
    close(p.tensor.data(), [0.8]);
    opt.step(0.1); // b = 0.9·2 + 2 = 3.8, p = 0.8 − 0.38
    close(p.tensor.data(), [0.42]);
  });
  it('clips the global gradient norm', () => {
    const a = param([0, 0], [3, 0]);
    const b = param([0], [4]);
    const params = [a.tensor, b.tensor];
    assert.equal(globalGradNormSquared(params), 25);
    assert.equal(clipGradients(params, 5, 1), 0.2);
    close(a.tensor.grad!.data(), [0.6, 0]);
    close(b.tensor.grad!.data(), [0.8]);
    assert.equal(clipGradients(params, 1, 2), 1);
  });
});
