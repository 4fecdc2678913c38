/**
 * Index of the largest of `count` values starting at `start` in `values`, counted from `start`.
 * The tie rule of the whole package: the first (lowest) index wins, because only a strictly
 * larger value takes the lead. A NaN never takes the lead, and a NaN in the first place keeps
 * it (callers that must not see NaNs check for them first).
 */
export function argmax(values: ArrayLike<number>, start = 0, count = values.length - start): number {
  let best = 0;
  for (let j = 1; j < count; j++) if (values[start + j] > values[start + best]) best = j;
  return best;
}
