// What each kernel of a training step is, for bench/profile.ts: its category in the profile
// table and its minimum work — flops for a gemm (bounded by the SIMD peak), bytes read +
// written for everything else (bounded by the copy bandwidth). Bytes count each input and
// output once (caches absorb re-reads), so a kernel's ceiling is optimistic, never pessimistic.

export type Category = 'gemm' | 'im2row/row2im' | 'layout' | 'elementwise' | 'WTA' | 'loss' | 'optimizer' | 'other kernels';
export const CATEGORIES: Category[] = ['gemm', 'im2row/row2im', 'layout', 'elementwise', 'WTA', 'loss', 'optimizer', 'other kernels'];

interface Work { category: Category; flops?: number; bytes?: number }

const F = 4; // bytes per f32
/** args as the kernel receives them (see src/kernels/abi/). */
const table: Record<string, (a: number[]) => Work> = {
  sgemm: (a) => ({ category: 'gemm', flops: 2 * a[2] * a[3] * a[4] }),
  // (x, n, h, w, c, kh, kw, stride, pad, ho, wo, rows): image in, n·ho·wo·kh·kw·c patch values out
  im2rowNhwc: (a) => ({ category: 'im2row/row2im', bytes: F * (a[1] * a[2] * a[3] * a[4] + a[1] * a[9] * a[10] * a[5] * a[6] * a[4]) }),
  row2imNhwc: (a) => ({ category: 'im2row/row2im', bytes: F * (a[1] * a[2] * a[3] * a[4] + a[1] * a[9] * a[10] * a[5] * a[6] * a[4]) }),
  // (x, n, c, h, w, kh, kw, stride, pad, ho, wo, rows)
  im2row: (a) => ({ category: 'im2row/row2im', bytes: F * (a[1] * a[2] * a[3] * a[4] + a[1] * a[9] * a[10] * a[5] * a[6] * a[2]) }),
  row2im: (a) => ({ category: 'im2row/row2im', bytes: F * (a[1] * a[2] * a[3] * a[4] + a[1] * a[9] * a[10] * a[5] * a[6] * a[2]) }),
  transposeBatch: (a) => ({ category: 'layout', bytes: 2 * F * a[2] * a[3] * a[4] }),
  copy2d: (a) => ({ category: 'layout', bytes: 2 * F * a[4] * a[5] }),
  copy: (a) => ({ category: 'layout', bytes: 2 * F * a[2] }),
  fill: (a) => ({ category: 'elementwise', bytes: F * a[1] }),
  addBias: (a) => ({ category: 'elementwise', bytes: 2 * F * a[3] * a[4] }),
  addBiasRelu: (a) => ({ category: 'elementwise', bytes: 2 * F * a[2] * a[3] }),
  relu: (a) => ({ category: 'elementwise', bytes: 2 * F * a[2] }),
  reluBackward: (a) => ({ category: 'elementwise', bytes: 3 * F * a[3] }),
  colSum: (a) => ({ category: 'elementwise', bytes: F * a[2] * a[3] }),
  // Reads y and g, writes gx (the column sums stay in L1).
  reluBackwardColSum: (a) => ({ category: 'elementwise', bytes: 3 * F * a[4] * a[5] }),
  wtaHard: (a) => ({ category: 'WTA', bytes: 2 * F * a[2] * a[3] }),
  wtaHardBackward: (a) => ({ category: 'WTA', bytes: 3 * F * a[3] * a[4] }),
  softmaxCrossEntropy: (a) => ({ category: 'loss', bytes: 3 * F * a[4] * a[5] }),
  softmaxCrossEntropyBackward: (a) => ({ category: 'loss', bytes: 2 * F * a[3] * a[4] }),
  // (p, g, m, v, n, …): p, g, m, v read, p, m, v written
  adam: (a) => ({ category: 'optimizer', bytes: 7 * F * a[4] }),
};

export function kernelWork(name: string, args: number[]): Work {
  const f = table[name];
  return f === undefined ? { category: 'other kernels' } : f(args);
}
