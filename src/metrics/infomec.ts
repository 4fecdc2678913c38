// InfoM and InfoC (Hsu et al. 2023, "Disentanglement via latent quantization"), from an NMI
// matrix at group level. InfoE needs a trained readout and lives in infoe.ts.
//
// Guards (METRICS.md asks to define them; none can produce NaN):
// - Only active latents enter (a latent that never changes carries no information); with no
//   active latent, InfoM = InfoC = 0.
// - An active latent with zero NMI to every factor has an undefined ratio max/sum (0/0). It is
//   scored at chance, 1/F, i.e. it contributes 0 after normalization: it is neither modular
//   nor entangled, it is useless, and it must not raise the score. Likewise a factor that no
//   latent informs contributes 0 to InfoC.
// - F = 1 (InfoM) or L = 1 (InfoC): the normalization (r − 1/K)/(1 − 1/K) is 0/0. Every
//   informative row then has ratio 1, so it scores 1 and an uninformative one 0 — the limit of
//   the rule above, which keeps the score comparable across sizes.

/** Normalized "one-hotness" of a nonnegative row: (max/sum − 1/K)/(1 − 1/K), 0 for an all-zero row. */
export function normalizedConcentration(row: readonly number[]): number {
  const k = row.length;
  let sum = 0;
  let max = 0;
  for (const v of row) {
    sum += v;
    if (v > max) max = v;
  }
  if (!(sum > 0)) return 0;
  if (k === 1) return 1;
  const r = max / sum;
  return Math.min(1, Math.max(0, (r - 1 / k) / (1 - 1 / k)));
}

/**
 * InfoM: mean over active latents j of the normalized concentration of column NMI_·j.
 * `nmi` is F × L; `active[j]` marks active latents.
 */
export function infoM(nmi: readonly (readonly number[])[], active: readonly boolean[]): number {
  const F = nmi.length;
  const cols: number[] = [];
  for (let j = 0; j < active.length; j++) if (active[j]) cols.push(j);
  if (F === 0 || cols.length === 0) return 0;
  let total = 0;
  for (const j of cols) total += normalizedConcentration(nmi.map((row) => row[j]));
  return total / cols.length;
}

/** InfoC: mean over factors f of the normalized concentration of row NMI_f· over active latents. */
export function infoC(nmi: readonly (readonly number[])[], active: readonly boolean[]): number {
  const F = nmi.length;
  const cols: number[] = [];
  for (let j = 0; j < active.length; j++) if (active[j]) cols.push(j);
  if (F === 0 || cols.length === 0) return 0;
  let total = 0;
  for (const row of nmi) total += normalizedConcentration(cols.map((j) => row[j]));
  return total / F;
}
