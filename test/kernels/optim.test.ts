import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { kernels } from '../../src/kernels/load.js';
import * as twin from '../../src/kernels/reference/optim.js';
import { fromArray, zeros, type Tensor } from '../../src/tensor/tensor.js';
import { lcg } from '../helpers/gradcheck.js';
import { inScratch } from '../helpers/twin.js';

// Sizes around the SIMD width (tails 0–3) and a few larger ones.
const size = fc.oneof(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 10, max: 70 }));
const f32 = (min: number, max: number) => fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true, noDefaultInfinity: true });

function randoms(n: number, seed: number, scale = 2): Float32Array {
  const r = lcg(seed);
  return Float32Array.from({ length: n }, () => scale * r());
}

const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

function assertBitEqual(got: Float32Array, expected: Float32Array, what: string): void {
  const g = bits(got);
  const e = bits(expected);
  for (let i = 0; i < e.length; i++) {
    assert.equal(g[i], e[i], `${what}[${i}]: kernel ${got[i]}, twin ${expected[i]}`);
  }
}


const tensor = (a: Float32Array): Tensor => fromArray(a, [a.length]);

/** The adam kernel's scalar arguments for step t, derived in float64 as src/optim/adam.ts does. */
function adamScalars(lr: number, b1: number, b2: number, eps: number, wd: number, l2: number, t: number) {
  return [b1, b2, 1 - b1, 1 - b2, eps, l2, 1 - lr * wd, lr / (1 - b1 ** t), Math.sqrt(1 - b2 ** t)] as const;
}

describe('adam kernel', () => {
  it('equals its TypeScript twin bit for bit over several steps', () => {
    const hyper = fc.record({
      lr: f32(1e-5, 0.1), beta1: f32(0, 0.99), beta2: f32(0.9, 0.9999), eps: f32(1e-10, 1e-3),
      weightDecay: fc.oneof(fc.constant(0), f32(0, 0.1)), l2: fc.oneof(fc.constant(0), f32(0, 0.1)),
    });
    fc.assert(
      fc.property(size, hyper, fc.integer(), (n, h, seed) => {
        inScratch(() => {
          const p = randoms(n, seed);
          const m = new Float32Array(n);
          const v = new Float32Array(n);
          const [tp, tm, tv] = [tensor(p), tensor(m), tensor(v)];
          for (let t = 1; t <= 3; t++) {
            const g = randoms(n, seed + t);
            const args = adamScalars(h.lr, h.beta1, h.beta2, h.eps, h.weightDecay, h.l2, t);
            twin.adam(p, g, m, v, n, ...args);
            kernels().adam(tp.ptr, tensor(g).ptr, tm.ptr, tv.ptr, n, ...args);
          }
          assertBitEqual(tp.toArray(), p, 'p');
          assertBitEqual(tm.toArray(), m, 'm');
          assertBitEqual(tv.toArray(), v, 'v');
        });
      }),
      { numRuns: 60 },
    );
  });

  it('is textbook AdamW: matches a float64 m̂/(√v̂ + ε) implementation', () => {
    const n = 13;
    const [lr, b1, b2, eps, wd] = [0.01, 0.9, 0.999, 1e-8, 0.05];
    const p64 = Float64Array.from(randoms(n, 3));
    const m64 = new Float64Array(n);
    const v64 = new Float64Array(n);
    inScratch(() => {
      const p = tensor(Float32Array.from(p64));
      const m = zeros([n]);
      const v = zeros([n]);
      for (let t = 1; t <= 20; t++) {
        const g = randoms(n, 100 + t);
        kernels().adam(p.ptr, tensor(g).ptr, m.ptr, v.ptr, n, ...adamScalars(lr, b1, b2, eps, wd, 0, t));
        for (let i = 0; i < n; i++) {
          p64[i] *= 1 - lr * wd;
          m64[i] = b1 * m64[i] + (1 - b1) * g[i];
          v64[i] = b2 * v64[i] + (1 - b2) * g[i] * g[i];
          const mHat = m64[i] / (1 - b1 ** t);
          const vHat = v64[i] / (1 - b2 ** t);
          p64[i] -= (lr * mHat) / (Math.sqrt(vHat) + eps);
        }
      }
      const got = p.toArray();
      for (let i = 0; i < n; i++) assert.ok(Math.abs(got[i] - p64[i]) < 1e-5, `p[${i}] = ${got[i]}, float64 ${p64[i]}`);
    });
  });

  it('minimizes a quadratic', () => {
    inScratch(() => {
      const n = 10;
      const target = randoms(n, 9);
      const p = zeros([n]);
      const m = zeros([n]);
      const v = zeros([n]);
      const g = zeros([n]);
      for (let t = 1; t <= 500; t++) {
        const pv = p.data();
        const gv = g.data();
        for (let i = 0; i < n; i++) gv[i] = 2 * (pv[i] - target[i]);
        kernels().adam(p.ptr, g.ptr, m.ptr, v.ptr, n, ...adamScalars(0.05, 0.9, 0.999, 1e-8, 0, 0, t));
      }
      const pv = p.toArray();
      for (let i = 0; i < n; i++) assert.ok(Math.abs(pv[i] - target[i]) < 1e-2, `p[${i}] = ${pv[i]}, target ${target[i]}`);
    });
  });
});

describe('sgd kernels', () => {
  it('sgd and sgdMomentum (plain and Nesterov) equal their twins bit for bit', () => {
    const hyper = fc.record({
      lr: f32(1e-4, 0.5), momentum: f32(0, 0.99), dampening: fc.oneof(fc.constant(0), f32(0, 0.5)),
      weightDecay: fc.oneof(fc.constant(0), f32(0, 0.1)), nesterov: fc.integer({ min: 0, max: 1 }),
    });
    fc.assert(
      fc.property(size, hyper, fc.integer(), (n, h, seed) => {
        inScratch(() => {
          const p = randoms(n, seed);
          const p2 = p.slice();
          const buf = new Float32Array(n);
          const [tp, tp2, tb] = [tensor(p), tensor(p2), tensor(buf)];
          for (let t = 1; t <= 3; t++) {
            const g = randoms(n, seed + t);
            const tg = tensor(g);
            twin.sgdMomentum(p, g, buf, n, h.lr, h.momentum, h.dampening, h.weightDecay, h.nesterov);
            kernels().sgdMomentum(tp.ptr, tg.ptr, tb.ptr, n, h.lr, h.momentum, h.dampening, h.weightDecay, h.nesterov);
            twin.sgd(p2, g, n, h.lr, h.weightDecay);
            kernels().sgd(tp2.ptr, tg.ptr, n, h.lr, h.weightDecay);
          }
          assertBitEqual(tp.toArray(), p, 'p (momentum)');
          assertBitEqual(tb.toArray(), buf, 'buf');
          assertBitEqual(tp2.toArray(), p2, 'p (plain)');
        });
      }),
      { numRuns: 60 },
    );
  });

  it('is PyTorch-style momentum SGD: matches a float64 implementation', () => {
    const n = 7;
    const [lr, mu, wd] = [0.1, 0.9, 0.01];
    for (const nesterov of [0, 1]) {
      const p64 = Float64Array.from(randoms(n, 5));
      const b64 = new Float64Array(n);
      inScratch(() => {
        const p = tensor(Float32Array.from(p64));
        const buf = zeros([n]);
        for (let t = 1; t <= 10; t++) {
          const g = randoms(n, 50 + t);
          kernels().sgdMomentum(p.ptr, tensor(g).ptr, buf.ptr, n, lr, mu, 0, wd, nesterov);
          for (let i = 0; i < n; i++) {
            const gi = g[i] + wd * p64[i];
            b64[i] = t === 1 ? gi : mu * b64[i] + gi;
            p64[i] -= lr * (nesterov ? gi + mu * b64[i] : b64[i]);
          }
        }
        const got = p.toArray();
        for (let i = 0; i < n; i++) assert.ok(Math.abs(got[i] - p64[i]) < 1e-5, `nesterov=${nesterov} p[${i}] = ${got[i]}, float64 ${p64[i]}`);
      });
    }
  });
});

describe('gradient-norm and finiteness kernels', () => {
  it('sumSquares equals its twin bit for bit and the float64 sum closely', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer(), (n, seed) => {
        inScratch(() => {
          const x = randoms(n, seed, 100);
          const out = zeros([1]);
          kernels().sumSquares(tensor(x).ptr, n, out.ptr);
          const got = out.toArray()[0];
          assert.ok(Object.is(got, twin.sumSquares(x, n)), `kernel ${got}, twin ${twin.sumSquares(x, n)}`);
          const exact = x.reduce((s, e) => s + e * e, 0);
          assert.ok(Math.abs(got - exact) <= 1e-7 * exact, `kernel ${got}, float64 ${exact}`);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('scaleInPlace equals its twin bit for bit', () => {
    fc.assert(
      fc.property(size, f32(-4, 4), fc.integer(), (n, s, seed) => {
        inScratch(() => {
          const x = randoms(n, seed);
          const t = tensor(x);
          twin.scaleInPlace(x, n, s);
          kernels().scaleInPlace(t.ptr, n, s);
          assertBitEqual(t.toArray(), x, 'x');
        });
      }),
      { numRuns: 40 },
    );
  });

  it('countNonFinite counts exactly the NaN and ±Infinity values', () => {
    const special = fc.constantFrom(NaN, Infinity, -Infinity, 3.4028234663852886e38, -0, 1e-45);
    fc.assert(
      fc.property(size, fc.array(fc.tuple(fc.nat(), special), { maxLength: 12 }), fc.integer(), (n, inserts, seed) => {
        inScratch(() => {
          const x = randoms(n, seed);
          for (const [pos, value] of inserts) x[pos % n] = value;
          const expected = x.reduce((c, e) => c + (Number.isFinite(e) ? 0 : 1), 0);
          assert.equal(kernels().countNonFinite(tensor(x).ptr, n), expected);
          assert.equal(twin.countNonFinite(x, n), expected);
        });
      }),
      { numRuns: 80 },
    );
  });
});
