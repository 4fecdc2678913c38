import { checkCode, unitActivity } from './discretize.js';
import type { SymbolTable } from './symbols.js';

/** Structurally the data layer's `Formula` (src/data/formula.ts). */
export interface FormulaLike {
  readonly dependsOn: readonly number[];
  evaluate(zRow: ArrayLike<number>): boolean;
  readonly text: string;
}

export interface ZeroShotResult {
  /** Formula answer per sample from the decoded factor values (0/1). */
  predictions: Uint8Array;
  /** Decoded factor values, n × F (−1 where a factor the formula needs could not be decoded). */
  decoded: Int32Array;
  /** Samples where some needed factor could not be decoded; they count as wrong. */
  undecided: number;
  /** Accuracy against the truth, when z was given. */
  accuracy: number | null;
}

/**
 * Answers a formula over factor values with no training: each sample's factor values are
 * decoded from its code through the symbol table, and the formula is evaluated on them.
 *
 * Decoding factor f for one sample, in order:
 *  1. a value whose symbol (its unit symbols, or its population) has a unit on — if several
 *     values qualify, the one with the purest symbol, then the lowest value index;
 *  2. otherwise the on unit whose best (f, v) in the table is for factor f with the highest
 *     purity (a graceful fallback through the same table for values without a symbol);
 *  3. otherwise undecided: the sample counts as wrong.
 * "On" uses the table's rule: the group winner (WTA) or above the stored median (continuous).
 */
export function evaluateFormulaZeroShot(
  formula: FormulaLike,
  table: SymbolTable,
  codes: Float32Array | Float64Array,
  n: number,
  z?: Int32Array,
): ZeroShotResult {
  const d = table.units.length;
  const code = { codes, n, d, groups: table.groups, kind: table.kind } as const;
  checkCode(code);
  const on = unitActivity(code, table.onThresholds ? Float64Array.from(table.onThresholds) : undefined);
  const F = Math.max(0, ...table.values.map((v) => v.factorIndex + 1));
  if (z !== undefined && z.length !== n * F) throw new Error(`zero-shot: z has ${z.length} values, expected n × F = ${n} × ${F}`);
  for (const f of formula.dependsOn) {
    if (!(f >= 0 && f < F)) throw new Error(`zero-shot: formula '${formula.text}' uses factor ${f}, the symbol table has ${F}`);
  }
  const symbolsOf = formula.dependsOn.map((f) =>
    table.values.filter((v) => v.factorIndex === f && v.symbol !== null).sort((a, b) => b.purity - a.purity || a.valueIndex - b.valueIndex),
  );
  const fallbackOf = formula.dependsOn.map((f) =>
    table.units.filter((u) => u.factorIndex === f && u.wins > 0).sort((a, b) => b.purity - a.purity || a.unit - b.unit),
  );

  const decoded = new Int32Array(n * F).fill(-1);
  const predictions = new Uint8Array(n);
  let undecided = 0;
  let correct = 0;
  const row = new Int32Array(F);
  for (let i = 0; i < n; i++) {
    row.fill(-1);
    let ok = true;
    formula.dependsOn.forEach((f, k) => {
      const hit = symbolsOf[k].find((v) => v.units.some((u) => on[i * d + u]));
      if (hit) row[f] = hit.valueIndex;
      else {
        const unit = fallbackOf[k].find((u) => on[i * d + u.unit]);
        if (unit) row[f] = unit.valueIndex;
        else ok = false;
      }
    });
    decoded.set(row, i * F);
    if (!ok) {
      undecided++;
      continue;
    }
    const answer = formula.evaluate(row) ? 1 : 0;
    predictions[i] = answer;
    if (z !== undefined && answer === (formula.evaluate(z.subarray(i * F, (i + 1) * F)) ? 1 : 0)) correct++;
  }
  return { predictions, decoded, undecided, accuracy: z !== undefined ? correct / n : null };
}
