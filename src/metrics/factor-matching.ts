// Which group holds which factor: a matching of factors to *distinct* groups (METRICS.md,
// Factorial). "Every factor has some group with NMI ≥ 0.95" is not enough: one 6-unit group can
// code a 3-valued and a 2-valued factor jointly (each value pair one unit), which gives both
// factors NMI 1 with the same group, yet the code is not factorial.

/** A factor × group NMI entry counts as "the group holds the factor" from this value on. */
export const HOLDS_NMI = 0.95;

export interface FactorMatching {
  /** The group matched to each factor (all distinct); -1 where there are fewer groups than factors. */
  group: number[];
  /** Each factor's NMI with its matched group (0 when unmatched). */
  nmi: number[];
  /** 1 when every factor's matched group holds it (NMI ≥ threshold), else 0 (0 with no factors). */
  factorial: number;
  /** Factors whose matched group does not hold them. */
  failing: number[];
  /** Groups that hold two or more factors at once (each NMI ≥ threshold): joint codes. */
  jointGroups: { group: number; factors: number[] }[];
}

/**
 * The matching that first holds as many factors as possible and then has the largest NMI sum
 * (one assignment problem: a held entry weighs more than all NMI together). `nmi[f][g]`.
 */
export function matchFactorsToGroups(nmi: readonly (readonly number[])[], threshold = HOLDS_NMI): FactorMatching {
  const F = nmi.length;
  const G = F === 0 ? 0 : nmi[0].length;
  const bonus = F + 1;
  const weight = (f: number, g: number) => nmi[f][g] + (nmi[f][g] >= threshold ? bonus : 0);
  const group = F <= G ? maxWeightAssignment(F, G, weight) : transposeAssignment(F, G, weight);
  const matched = group.map((g, f) => (g < 0 ? 0 : nmi[f][g]));
  const failing = matched.flatMap((v, f) => (v >= threshold ? [] : [f]));
  const jointGroups: FactorMatching['jointGroups'] = [];
  for (let g = 0; g < G; g++) {
    const factors = nmi.flatMap((row, f) => (row[g] >= threshold ? [f] : []));
    if (factors.length >= 2) jointGroups.push({ group: g, factors });
  }
  return { group, nmi: matched, factorial: F > 0 && failing.length === 0 ? 1 : 0, failing, jointGroups };
}

/** More factors than groups: match every group to a factor; the rest stay unmatched (-1). */
function transposeAssignment(F: number, G: number, weight: (f: number, g: number) => number): number[] {
  const factorOfGroup = maxWeightAssignment(G, F, (g, f) => weight(f, g));
  const group = new Array<number>(F).fill(-1);
  factorOfGroup.forEach((f, g) => (group[f] = g));
  return group;
}

/**
 * Rows 0..n-1 each to a distinct column of 0..m-1 (n ≤ m), maximizing the summed weight: the
 * Hungarian algorithm with potentials on the cost −weight, O(n² m). Ties go to the lower column
 * (columns are scanned in order and only a strictly smaller reduced cost replaces the best).
 */
function maxWeightAssignment(n: number, m: number, weight: (row: number, col: number) => number): number[] {
  // 1-based arrays with a dummy column 0, as in the textbook formulation.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const rowOfCol = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    rowOfCol[0] = i;
    let j0 = 0;
    const minv = new Float64Array(m + 1).fill(Infinity);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = rowOfCol[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = -weight(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[rowOfCol[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (rowOfCol[j0] !== 0);
    do {
      const j1 = way[j0];
      rowOfCol[j0] = rowOfCol[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const colOfRow = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (rowOfCol[j] > 0) colOfRow[rowOfCol[j] - 1] = j - 1;
  return colOfRow;
}
