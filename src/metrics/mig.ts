import { entropy } from './info.js';
import type { DiscreteVar } from './types.js';

/**
 * MIG (Chen et al. 2018): mean over factors of (top-1 − top-2 of I(y_f; c_j) over j) / H(y_f).
 * With a single code variable the runner-up is 0. A constant factor (H = 0) scores 0.
 *
 * Meant for the group level. At unit level a perfect one-hot code scores ~0, because all
 * units of the group that encodes a factor carry (nearly) the same information about it and
 * tie at the top; report unit-level MIG only with that caveat.
 */
export function mig(factors: readonly DiscreteVar[], mi: readonly (readonly number[])[]): number {
  if (factors.length === 0) return 0;
  let total = 0;
  factors.forEach((f, i) => {
    const h = entropy(f);
    if (!(h > 0)) return;
    let first = 0;
    let second = 0;
    for (const v of mi[i]) {
      if (v > first) {
        second = first;
        first = v;
      } else if (v > second) second = v;
    }
    total += Math.min(1, (first - second) / h);
  });
  return total / factors.length;
}
