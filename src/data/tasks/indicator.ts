/** `indicator` tasks: one binary task per factor value, "is f = v". */
import type { Factor, Task } from '../types.js';

export function indicatorTask(factors: readonly Factor[], f: number, v: number): Task {
  const F = factors.length;
  return {
    name: `indicator:${factors[f].name}=${factors[f].values[v]}`,
    numClasses: 2,
    dependsOn: [f],
    labels(z: Int32Array, n: number): Int32Array {
      const y = new Int32Array(n);
      for (let i = 0; i < n; i++) y[i] = z[i * F + f] === v ? 1 : 0;
      return y;
    },
  };
}
