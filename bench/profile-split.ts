// Which kernel calls of a step intra-run threads cut into chunks, by the dispatch rules of
// src/kernels/threads/dispatch.ts (same thresholds, imported): for bench/profile.ts's Amdahl
// bound — the step's 2-thread speedup if every split call halved and nothing else changed.
import { MIN_COPY_FLOATS, MIN_GEMM_MACS } from '../src/kernels/threads/dispatch.js';

/** Floats a call of a split-capable kernel moves (the dispatch's size test), or null if never split. */
function splitSize(name: string, a: number[]): number | null {
  switch (name) {
    case 'adam': return a[4];
    case 'relu': return a[2];
    case 'reluBackward': return a[3];
    case 'addBiasRelu': return a[2] * a[3];
    // Its mask pass is split, its column sums stay on the caller: counted as split, a slight overestimate.
    case 'reluBackwardColSum': return a[4] * a[5];
    case 'transposeBatch': return a[2] * a[3] * a[4];
    case 'im2row': case 'row2im': return a[1] * a[9] * a[10] * a[5] * a[6] * a[2];
    case 'im2rowNhwc': case 'row2imNhwc': return a[1] * a[9] * a[10] * a[5] * a[6] * a[4];
    default: return null;
  }
}

export function isSplit(name: string, a: number[]): boolean {
  if (name === 'sgemm') return a[2] * a[3] * a[4] >= MIN_GEMM_MACS;
  const floats = splitSize(name, a);
  return floats !== null && floats >= MIN_COPY_FLOATS;
}
