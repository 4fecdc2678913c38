/**
 * Modularity (Ridgeway & Mozer 2018) from the MI matrix m (F × L, factors × code variables):
 * θ_i = max_f m_if, δ_i = (Σ_f m_if² − θ_i²) / (θ_i² (F − 1)), modularity = mean_i (1 − δ_i).
 * A dead or uninformative code variable (θ_i = 0) scores 0 and stays in the mean, so padding a
 * code with dead units lowers the score. With F = 1, δ is 0/0: an informative variable scores 1.
 * Rounding can make 1 − δ slightly negative or above 1; each term is clamped to [0, 1].
 */
export function modularity(mi: readonly (readonly number[])[]): number {
  const F = mi.length;
  if (F === 0) return 0;
  const L = mi[0].length;
  if (L === 0) return 0;
  let total = 0;
  for (let j = 0; j < L; j++) {
    let theta = 0;
    let sq = 0;
    for (let f = 0; f < F; f++) {
      const v = mi[f][j];
      sq += v * v;
      if (v > theta) theta = v;
    }
    if (!(theta > 0)) continue;
    if (F === 1) {
      total += 1;
      continue;
    }
    const delta = (sq - theta * theta) / (theta * theta * (F - 1));
    total += Math.min(1, Math.max(0, 1 - delta));
  }
  return total / L;
}
