// The machine's ceilings for one thread, from the bench-only module build/bench-peak.wasm:
// the WebAssembly SIMD f32 peak (plain mul + add, best accumulator count) and the copy
// bandwidth at a few working-set sizes. A kernel is compared with the ceiling of what bounds
// it: a gemm with the peak, a data-movement kernel with the bandwidth.
import { readFileSync } from 'node:fs';
import { medianMs } from './clock.js';

interface PeakModule {
  memory: WebAssembly.Memory;
  stream(src: number, dst: number, bytes: number): void;
  [fn: `peak${number}`]: (iters: number, buf: number) => number;
}

function load(): PeakModule {
  const bytes = new Uint8Array(readFileSync(new URL('../../build/bench-peak.wasm', import.meta.url)));
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as PeakModule;
}

/** Best GFLOPS over the peak kernels' accumulator counts (see bench/assembly/peak.ts). */
export async function simdPeakGflops(): Promise<number> {
  const m = load();
  if (m.memory.buffer.byteLength === 0) m.memory.grow(1);
  new Float32Array(m.memory.buffer, 1024, 16).fill(0.001);
  let best = 0;
  const iters = 1_000_000;
  for (const nAcc of [6, 8, 10]) {
    const f = m[`peak${nAcc}`];
    for (let i = 0; i < 2000; i++) f(1000, 1024); // tier-up: many short calls first
    const ms = await medianMs(() => f(iters, 1024), 2);
    best = Math.max(best, (iters * nAcc * 8) / ms / 1e6);
  }
  return best;
}

/**
 * Copy bandwidth in GB/s (bytes read + written per second) with a working set of `bytes`
 * (source + destination): ≤ 1 MiB stays in L2, a few MiB in L3, 64 MiB goes to DRAM.
 */
export async function copyBandwidth(sizes: number[]): Promise<Record<number, number>> {
  const m = load();
  const largest = Math.max(...sizes);
  const need = largest + 65536;
  if (m.memory.buffer.byteLength < need) m.memory.grow(Math.ceil((need - m.memory.buffer.byteLength) / 65536));
  new Uint8Array(m.memory.buffer).fill(1);
  const out: Record<number, number> = {};
  for (const size of sizes) {
    const half = (size >> 7) << 6; // each of src and dst, a multiple of 64
    const src = 65536;
    const dst = src + half;
    for (let i = 0; i < 200; i++) m.stream(src, dst, Math.min(half, 4096)); // tier-up
    const ms = await medianMs(() => m.stream(src, dst, half), half / 2e7);
    out[size] = (2 * half) / ms / 1e6;
  }
  return out;
}
