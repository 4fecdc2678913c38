// The gradient-boosted trees' loops over samples (src/metrics/gbt.ts), the entry of a wasm
// module of their own: the metrics load it apart from the training kernels
// (src/metrics/gbt-wasm.ts), with its own memory, and fall back to their TypeScript twins
// (src/metrics/gbt-stage.ts, gbt-loops.ts, gbt-tree.ts) where wasm cannot be compiled. Each
// function does the twin's float operations on the same numbers in the same order, so both give
// the same bits (test/metrics/gbt-wasm.test.ts). Pointers are byte offsets into this module's
// memory, which the host grows; nothing here allocates.
// - gbt-stage.ts: a stage's gradients and root sums;
// - gbt-hist.ts: a tree's histograms and threshold scans;
// - gbt-samples.ts: a tree's samples (start, partitions, sorted walks);
// - gbt-leaves.ts: leaf values and predictions;
// - gbt-exp.ts: fdlibm's exp, scalar and two lanes.
import { fdlibmExp, fdlibmExp2 } from "./gbt-exp";

export * from "./gbt-stage";
export * from "./gbt-hist";
export * from "./gbt-samples";
export * from "./gbt-leaves";

/** Where the host's arrays may start: after this module's static data. */
export function gbtHeapBase(): usize {
  return __heap_base;
}

/** exp(x) as V8's Math.exp (fdlibm): for the test that checks the two agree. */
export function gbtExp(x: f64): f64 {
  return fdlibmExp(x);
}

/** exp of x and y two lanes at once (fdlibmExp2), into out[0] and out[1]: for the same test. */
export function gbtExp2(x: f64, y: f64, out: usize): void {
  v128.store(out, fdlibmExp2(f64x2.replace_lane(f64x2.splat(x), 1, y)));
}
