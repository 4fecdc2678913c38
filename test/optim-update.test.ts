import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Adam } from '../src/optim/adam.js';
import { clipGradients, globalGradNormSquared } from '../src/optim/clip.js';
import { SGD } from '../src/optim/sgd.js';
import { Arena } from '../src/tensor/arena.js';
import { fromArray } from '../src/tensor/tensor.js';

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
