import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import fc from 'fast-check';
// Threads must be installed before this process's first tensor: first thing, at load.
import { setThreadSpin, threadCount, threadTuning, useThreads } from '../../src/kernels/threads/index.js';
import { DEFAULT_SPIN_NS } from '../../src/kernels/threads/pool.js';
import { chunkCount, chunkStart, gemmChunks, planGemm } from '../../src/kernels/threads/split.js';
import { CHUNKS, CLAIM, COMPLETED, FAILED, GROUP, OP, OP_RELU, claimClosed, claimStart, controlInts, runChunks } from '../../src/kernels/threads/protocol.js';
const status = await useThreads(3);
const { kernels } = await import('../../src/kernels/load.js');
const { sgemm: sgemmTwin } = await import('../../src/kernels/reference/gemm.js');
const { getHeap } = await import('../../src/tensor/heap.js');
const { trainSteps } = await import('../helpers/threads-workload.js');

const child = fileURLToPath(new URL('../helpers/threads-child.js', import.meta.url));
function runChild(...args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, [child, ...args], { encoding: 'utf8', env: { ...process.env, STEPS: '3' } });
  assert.equal(r.status, 0, `child ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

function fill(f: Float32Array, at: number, n: number, seed: number): void {
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    f[at + i] = (s / 2 ** 32 - 0.5) * 2 ** ((s % 7) - 3);
  }
}

/** Runs `fn` with every call split, into as many chunks as 8 per thread and the units allow. */
function splitEverything<T>(threads: number, fn: () => T): T {
  const tuning = threadTuning()!;
  const saved = { ...tuning };
  tuning.minGemmMacs = 0;
  tuning.minCopyFloats = 0;
  tuning.minChunkMacs = 0;
  tuning.minChunkFloats = 0;
  tuning.chunksPerThread = 8;
  tuning.threads = threads;
  try {
    return fn();
  } finally {
    Object.assign(tuning, saved);
  }
}

describe('intra-run threads', () => {
  it('start on this runtime (Node has shared memory and worker_threads)', () => {
    assert.deepEqual(status, { threads: 3 });
    assert.equal(threadCount(), 3);
  });

  it('chunkStart cuts [0, total) into whole units, covering it exactly, the later chunks never larger than the earlier groups', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 4 }),
      (total, chunks, unit, group) => {
        const starts = Array.from({ length: chunks + 1 }, (_, c) => chunkStart(c, chunks, total, unit, group));
        assert.equal(starts[0], 0);
        assert.equal(starts[chunks], total);
        for (let c = 1; c <= chunks; c++) {
          assert.ok(starts[c] >= starts[c - 1], 'in order');
          assert.ok(starts[c] === total || starts[c] % unit === 0, "whole units (or the end: an empty chunk)");
        }
        // Sizes halve per group: a chunk is at most a little more than any chunk of an earlier group (rounding to units).
        const size = (c: number) => starts[c + 1] - starts[c];
        for (let c = group; c < chunks - 1; c++) assert.ok(size(c) <= size(c - group) + 2 * unit, `chunk ${c} of ${chunks}`);
      }));
    assert.deepEqual(Array.from({ length: 9 }, (_, c) => chunkStart(c, 8, 1500, 1, 2)), [0, 400, 800, 1000, 1200, 1300, 1400, 1450, 1500]);
  });

  it('chunkCount gives a multiple of the thread count, never more chunks than units, never fewer than min(threads, units)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }),
      (units, minUnits, threads, perThread) => {
        const c = chunkCount(units, minUnits, threads, perThread);
        assert.ok(c <= units && c <= threads * perThread && c >= Math.min(threads, units));
        if (c < units) assert.equal(c % threads, 0);
      }));
    // Row chunks repack B: a 4096-row product gets a few chunks per thread, a 64-row one is cut by columns.
    assert.deepEqual(gemmChunks(4096, 32, 144, 1, 2, 4, 1 << 17), { dim: 'rows', parts: 2, chunks: 8 });
    assert.equal(gemmChunks(64, 256, 1024, 1, 2, 4, 1 << 17).dim, 'cols');
  });

  it('a chunk is run once by whichever thread claims it; a thread that comes late finds nothing to do', () => {
    const ctl = new Int32Array(new SharedArrayBuffer(4 * controlInts(2)));
    const args = new Float64Array(16);
    const ran: number[] = [];
    // A fake kernel module: relu chunk c of 5 over 80 floats starts at float 16·c.
    const fake = { relu: (x: number) => { ran.push(x / 4); } } as unknown as Parameters<typeof runChunks>[0];
    args[0] = 0; args[1] = 0; args[2] = 80;
    Atomics.store(ctl, OP, OP_RELU);
    Atomics.store(ctl, CHUNKS, 5);
    Atomics.store(ctl, GROUP, 5); // five equal chunks
    Atomics.store(ctl, CLAIM, claimStart(7));
    assert.equal(runChunks(fake, ctl, args), undefined);
    assert.deepEqual(ran, [0, 16, 32, 48, 64]);
    assert.equal(Atomics.load(ctl, COMPLETED), 5);
    runChunks(fake, ctl, args); // a late worker
    assert.equal(ran.length, 5);
    // While the caller writes the next job, the claim word is closed: nothing can be claimed.
    Atomics.store(ctl, CLAIM, claimClosed(8));
    Atomics.store(ctl, CHUNKS, 6);
    runChunks(fake, ctl, args);
    assert.equal(ran.length, 5);
    Atomics.store(ctl, CHUNKS, 5);
    // A chunk that throws still completes, and flags the job.
    const boom = { relu: () => { throw new Error('trap'); } } as unknown as Parameters<typeof runChunks>[0];
    Atomics.store(ctl, COMPLETED, 0);
    Atomics.store(ctl, CLAIM, claimStart(8));
    assert.match(String(runChunks(boom, ctl, args)), /trap/);
    assert.equal(Atomics.load(ctl, COMPLETED), 5);
    assert.equal(Atomics.load(ctl, FAILED), 1);
  });

  it('planGemm cuts the long output dimension: rows for tall C, columns for a small-m weight gradient', () => {
    assert.equal(planGemm(16384, 16, 27, 1, 2).dim, 'rows');
    assert.equal(planGemm(16, 288, 16384, 1, 2).dim, 'cols');
  });

  it('sgemm split over 2 and 3 threads equals the scalar twin bit for bit (random shapes, strides, transposes)', () => {
    const k = kernels();
    const heap = getHeap();
    fc.assert(fc.property(
      fc.record({
        m: fc.integer({ min: 1, max: 40 }), n: fc.integer({ min: 1, max: 40 }), kk: fc.integer({ min: 0, max: 40 }),
        tA: fc.integer({ min: 0, max: 1 }), tB: fc.integer({ min: 0, max: 1 }), pad: fc.integer({ min: 0, max: 3 }),
        alpha: fc.constantFrom(1, -0.75), beta: fc.constantFrom(0, 1, 0.5), threads: fc.constantFrom(2, 3), seed: fc.integer({ min: 1, max: 1e6 }),
      }),
      ({ m, n, kk, tA, tB, pad, alpha, beta, threads, seed }) => {
        const [ar, ac] = tA ? [kk, m] : [m, kk];
        const [br, bc] = tB ? [n, kk] : [kk, n];
        const lda = ac + pad, ldb = bc + pad, ldc = n + pad;
        const sizes = [ar * lda, br * ldb, m * ldc];
        const ptrs = sizes.map((s) => heap.allocChunk(4 * Math.max(1, s)));
        try {
          const f = heap.f32;
          sizes.forEach((s, i) => fill(f, ptrs[i] / 4, s, seed * (i + 3)));
          const [a, b, c] = ptrs.map((p, i) => f.slice(p / 4, p / 4 + sizes[i]));
          splitEverything(threads, () => k.sgemm(tA, tB, m, n, kk, alpha, ptrs[0], lda, ptrs[1], ldb, beta, ptrs[2], ldc));
          sgemmTwin(tA, tB, m, n, kk, alpha, a, lda, b, ldb, beta, c, ldc);
          assert.deepEqual(heap.f32.slice(ptrs[2] / 4, ptrs[2] / 4 + sizes[2]), c);
        } finally {
          ptrs.forEach((p, i) => heap.freeChunk(p, 4 * Math.max(1, sizes[i])));
        }
      },
    ), { numRuns: 150 });
  });

  it('im2row, row2im (NCHW and NHWC) and transposeBatch split by image equal one thread bit for bit', () => {
    const k = kernels();
    const heap = getHeap();
    const [n, c, h, w, kh, kw, stride, pad] = [5, 3, 7, 6, 3, 3, 2, 1];
    const ho = Math.floor((h + 2 * pad - kh) / stride) + 1;
    const wo = Math.floor((w + 2 * pad - kw) / stride) + 1;
    const xs = n * c * h * w;
    const rs = n * ho * wo * c * kh * kw;
    const x = heap.allocChunk(4 * xs), rows = heap.allocChunk(4 * rs), out = heap.allocChunk(4 * Math.max(xs, rs));
    fill(heap.f32, x / 4, xs, 9);
    fill(heap.f32, rows / 4, rs, 10);
    const calls: [string, () => void, number][] = [
      ['im2row', () => k.im2row(x, n, c, h, w, kh, kw, stride, pad, ho, wo, out), rs],
      ['row2im', () => k.row2im(rows, n, c, h, w, kh, kw, stride, pad, ho, wo, out), xs],
      ['im2rowNhwc', () => k.im2rowNhwc(x, n, h, w, c, kh, kw, stride, pad, ho, wo, out), rs],
      ['row2imNhwc', () => k.row2imNhwc(rows, n, h, w, c, kh, kw, stride, pad, ho, wo, out), xs],
      ['transposeBatch', () => k.transposeBatch(x, out, n, c, h * w), xs],
    ];
    for (const [name, call, size] of calls) {
      const one = splitEverything(1, () => { heap.f32.fill(NaN, out / 4, out / 4 + size); call(); return heap.f32.slice(out / 4, out / 4 + size); });
      assert.ok(one.every(Number.isFinite), `${name} wrote its whole output`);
      for (const t of [2, 3]) {
        const many = splitEverything(t, () => { heap.f32.fill(NaN, out / 4, out / 4 + size); call(); return heap.f32.slice(out / 4, out / 4 + size); });
        assert.deepEqual(many, one, `${name} with ${t} threads`);
      }
    }
  });

  it('adam, relu, reluBackward and addBiasRelu split by range or row equal one thread bit for bit', () => {
    const k = kernels();
    const heap = getHeap();
    const n = 1003; // not a multiple of the 16-float part unit nor of 4
    const bufs = Array.from({ length: 5 }, () => heap.allocChunk(4 * n));
    const [p, g, m, v, out] = bufs;
    const fresh = () => bufs.forEach((b, i) => fill(heap.f32, b / 4, n, 20 + i));
    const grab = (...ptrs: number[]) => ptrs.map((q) => heap.f32.slice(q / 4, q / 4 + n));
    const calls: [string, () => Float32Array[]][] = [
      ['adam', () => { fresh(); k.adam(p, g, m, v, n, 0.9, 0.999, 0.1, 0.001, 1e-8, 0.01, 1, 0.001, 0.3); return grab(p, m, v); }],
      ['relu', () => { fresh(); k.relu(p, out, n); return grab(out); }],
      ['relu in place', () => { fresh(); k.relu(p, p, n); return grab(p); }],
      ['reluBackward', () => { fresh(); k.reluBackward(p, g, out, n); return grab(out); }],
      ['addBiasRelu', () => { fresh(); k.addBiasRelu(p, g, 59, 17); return grab(p); }],
      ['reluBackwardColSum', () => { fresh(); k.reluBackwardColSum(p, g, out, m, 59, 17); return [...grab(out), heap.f32.slice(m / 4, m / 4 + 17)]; }],
    ];
    for (const [name, call] of calls) {
      const one = splitEverything(1, call);
      for (const t of [2, 3]) assert.deepEqual(splitEverything(t, call), one, `${name} with ${t} threads`);
    }
  });

  it('thousands of back-to-back jobs, with workers polling and with workers sleeping between jobs, all give one thread\'s bytes', () => {
    const k = kernels();
    const heap = getHeap();
    const size = 4096;
    const [x, y, a, b, c] = [0, 1, 2, 3, 4].map(() => heap.allocChunk(4 * size));
    try {
      for (const spin of [0, 150_000]) {
        setThreadSpin(spin);
        splitEverything(3, () => {
          for (let i = 0; i < 1500; i++) {
            const n = 16 + ((i * 977) % 3000);
            fill(heap.f32, x / 4, n, i + 1);
            k.relu(x, y, n);
            const xs = heap.f32.subarray(x / 4, x / 4 + n);
            const ys = heap.f32.subarray(y / 4, y / 4 + n);
            for (let j = 0; j < n; j++) if (ys[j] !== (xs[j] > 0 ? xs[j] : 0)) assert.fail(`relu job ${i} (spin ${spin}): element ${j}`);
            const m = 1 + (i % 23), nn = 1 + ((i * 7) % 19), kk = 1 + ((i * 5) % 17);
            fill(heap.f32, a / 4, m * kk, i + 2);
            fill(heap.f32, b / 4, kk * nn, i + 3);
            const want = new Float32Array(m * nn);
            sgemmTwin(0, 0, m, nn, kk, 1, heap.f32.slice(a / 4, a / 4 + m * kk), kk, heap.f32.slice(b / 4, b / 4 + kk * nn), nn, 0, want, nn);
            k.sgemm(0, 0, m, nn, kk, 1, a, kk, b, nn, 0, c, nn);
            assert.deepEqual(heap.f32.slice(c / 4, c / 4 + m * nn), want, `sgemm job ${i} (spin ${spin})`);
          }
        });
      }
    } finally {
      setThreadSpin(DEFAULT_SPIN_NS);
      for (const p of [x, y, a, b, c]) heap.freeChunk(p, 4 * size);
    }
  });

  it('training gives identical weights with 1, 2 and 3 threads, and with the default single-thread module', async () => {
    const tuning = threadTuning()!;
    for (const name of ['mlp', 'cnn'] as const) {
      const hashes: string[] = [];
      for (const t of [1, 2, 3]) {
        tuning.threads = t;
        const r = trainSteps(name, 3);
        assert.ok(r.losses[1] < r.losses[0], `${name} trained (loss ${r.losses[0]} → ${r.losses[1]})`);
        hashes.push(r.hash);
      }
      assert.deepEqual(hashes, [hashes[0], hashes[0], hashes[0]], `${name}: weights after 3 steps with 1, 2, 3 threads`);
    }
    await useThreads(3);
    // The same steps in a fresh process on the default (non-shared) module.
    const plain = runChild('1');
    assert.deepEqual(plain.status, { threads: 1 });
    tuning.threads = 2;
    assert.equal(plain.mlp, trainSteps('mlp', 3).hash, 'mlp: default module vs 2 threads');
    assert.equal(plain.cnn, trainSteps('cnn', 3).hash, 'cnn: default module vs 2 threads');
    tuning.threads = 3;
  });

  it('a steady-state step grows the wasm heap by nothing with threads on', () => {
    const r = trainSteps('cnn', 6);
    assert.equal(r.heap[1], r.heap[0]);
  });

  it('falls back to one thread, with the reason, where SharedArrayBuffer is missing, and trains the same weights', () => {
    const noSab = runChild('2', 'no-sab');
    const status = noSab.status as { threads: number; reason: string };
    assert.equal(status.threads, 1);
    assert.match(status.reason, /SharedArrayBuffer/);
    const plain = runChild('1');
    assert.equal(noSab.mlp, plain.mlp);
    assert.equal(noSab.cnn, plain.cnn);
  });

  it('refuses to start after the first tensor, naming the order to follow', () => {
    const late = runChild('2', 'late');
    assert.match(String(late.error), /useThreads\(\) must come before the first tensor/);
  });

  it('a kernel that traps in a worker raises an error on the caller, and the pool keeps working', () => {
    const k = kernels();
    const far = 2 ** 32 - 64; // past the end of memory: every part traps
    assert.throws(() => splitEverything(3, () => k.sgemm(0, 0, 60, 60, 60, 1, far, 60, far, 60, 0, far, 60)), /out of bounds|failed in a worker/);
    const heap = getHeap();
    const [a, b, c] = [0, 1, 2].map(() => heap.allocChunk(4 * 3600));
    try {
      fill(heap.f32, a / 4, 3600, 1);
      fill(heap.f32, b / 4, 3600, 2);
      const product = (threads: number) => splitEverything(threads, () => {
        k.sgemm(0, 0, 60, 60, 60, 1, a, 60, b, 60, 0, c, 60);
        return heap.f32.slice(c / 4, c / 4 + 3600);
      });
      assert.deepEqual(product(3), product(1), 'a product after the trap');
    } finally {
      for (const p of [a, b, c]) heap.freeChunk(p, 4 * 3600);
    }
  });

  it('refuses thread counts that are not integers from 1 to 64, and more than were reserved', async () => {
    await assert.rejects(useThreads(0), /integer from 1 to 64/);
    await assert.rejects(useThreads(2.5), /integer from 1 to 64/);
    await assert.rejects(useThreads(5), /reserved 4 threads/);
  });
});
