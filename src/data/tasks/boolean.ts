/**
 * `boolean` tasks: random conjunctions or disjunctions of `arity` literals over distinct factors.
 * A literal is `factor in {values}`; its value set is sized so the whole formula is true for about
 * half of uniformly drawn factor rows (AND of k literals of probability p: p^k ≈ 1/2; OR: (1-p)^k ≈ 1/2).
 * The task is written as a formula string, so it is readable and re-parseable.
 */
import type { Rng } from '../../base/prng.js';
import type { Factor, Task } from '../types.js';
import { formulaTask } from './formula.js';

export function randomBooleanFormula(factors: readonly Factor[], arity: number, rng: Rng): string {
  const usable = factors.map((f, i) => ({ f, i })).filter(({ f }) => f.values.length >= 2);
  if (usable.length < arity) {
    throw new Error(`boolean task: arity ${arity} needs ${arity} factors with 2+ values, only ${usable.length} exist`);
  }
  rng.shuffle(usable);
  const chosen = usable.slice(0, arity).sort((a, b) => a.i - b.i);
  const conj = rng.int(2) === 0;
  const p = conj ? Math.pow(0.5, 1 / arity) : 1 - Math.pow(0.5, 1 / arity);
  const literals = chosen.map(({ f }) => {
    const k = f.values.length;
    const size = Math.min(k - 1, Math.max(1, Math.round(p * k)));
    const order = Array.from({ length: k }, (_, v) => v);
    rng.shuffle(order);
    const vals = order.slice(0, size).sort((a, b) => a - b).map((v) => f.values[v]);
    return vals.length === 1 ? `${f.name} = ${vals[0]}` : `${f.name} in {${vals.join(', ')}}`;
  });
  return literals.join(conj ? ' and ' : ' or ');
}

export function booleanTask(factors: readonly Factor[], arity: number, rng: Rng): Task {
  const text = randomBooleanFormula(factors, arity, rng);
  return formulaTask(text, factors, `boolean:${text}`);
}
