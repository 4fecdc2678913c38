/** `factor` tasks: predict one factor's value. */
import type { Factor, Task } from '../types.js';

export function factorTask(factors: readonly Factor[], f: number): Task {
  const F = factors.length;
  return {
    name: `factor:${factors[f].name}`,
    numClasses: factors[f].values.length,
    dependsOn: [f],
    labels(z: Int32Array, n: number): Int32Array {
      const y = new Int32Array(n);
      for (let i = 0; i < n; i++) y[i] = z[i * F + f];
      return y;
    },
  };
}
