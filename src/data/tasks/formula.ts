/** `formula` tasks: a boolean formula over factor values (see ../formula.ts); label 1 when true. */
import { parseFormula, type Formula } from '../formula.js';
import type { Factor, Task } from '../types.js';

export function formulaTaskFrom(formula: Formula, factorCount: number, name?: string): Task {
  const F = factorCount;
  return {
    name: name ?? `formula:${formula.text}`,
    numClasses: 2,
    dependsOn: formula.dependsOn,
    labels(z: Int32Array, n: number): Int32Array {
      const y = new Int32Array(n);
      for (let i = 0; i < n; i++) y[i] = formula.evaluate(z.subarray(i * F, i * F + F)) ? 1 : 0;
      return y;
    },
  };
}

export function formulaTask(text: string, factors: readonly Factor[], name?: string): Task {
  return formulaTaskFrom(parseFormula(text, factors), factors.length, name);
}
