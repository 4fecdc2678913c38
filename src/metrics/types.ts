/**
 * Shapes shared by the metric families. `FactorSpec` is structurally the data layer's
 * `Factor`, so a `Dataset.factors` array can be passed as is, and the `score` command can
 * build one from a bare integer matrix.
 */
export interface FactorSpec {
  readonly name: string;
  readonly values: readonly string[];
}

/** How a code's units are read: WTA units "win" (argmax of their group); others are continuous. */
export type CodeKind = 'wta' | 'continuous';

/** A code as the bottleneck emits it: n rows of d unit values, d = groups × unitsPerGroup. */
export interface CodeInput {
  readonly codes: Float32Array | Float64Array;
  readonly n: number;
  readonly d: number;
  readonly groups: number;
  readonly kind: CodeKind;
}

/**
 * A discrete variable observed on n samples: `values[i]` in [0, cardinality).
 * Every information quantity in this folder is computed from such variables.
 */
export interface DiscreteVar {
  readonly values: Int32Array;
  readonly cardinality: number;
}
