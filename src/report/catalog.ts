/** The numbers the report shows, their labels, and which of the paper's claims each one tests. */
export interface MetricDef {
  key: string;
  label: string;
  /** Short label for table headers and figure axes. */
  short: string;
  /** A 0/1 per-run number: tables show how many seeds have 1 ("3/5") instead of mean ± CI. */
  count?: boolean;
}

export const ACCURACY: MetricDef[] = [
  { key: 'acc.test', label: 'task accuracy, IID test (mean over tasks)', short: 'acc IID' },
  { key: 'acc.heldout', label: 'task accuracy on held-out factor combinations', short: 'acc held-out' },
  { key: 'fewshot.k1', label: 'few-shot transfer accuracy, k = 1 per class', short: 'few-shot k=1' },
  { key: 'fewshot.k5', label: 'few-shot transfer accuracy, k = 5 per class', short: 'few-shot k=5' },
  { key: 'fewshot.k20', label: 'few-shot transfer accuracy, k = 20 per class', short: 'few-shot k=20' },
  { key: 'zeroshot.accuracy', label: 'zero-shot formula tasks through the symbol table', short: 'zero-shot' },
];

export const DISENTANGLEMENT: MetricDef[] = [
  { key: 'group.infoM', label: 'InfoM (modularity), group level', short: 'InfoM' },
  { key: 'group.infoC', label: 'InfoC (compactness), group level', short: 'InfoC' },
  { key: 'group.infoE', label: 'InfoE (explicitness), group level', short: 'InfoE' },
  { key: 'group.mig', label: 'MIG, group level', short: 'MIG' },
  { key: 'group.dci.disentanglement', label: 'DCI disentanglement, group level', short: 'DCI-D' },
  { key: 'group.modularity', label: 'Ridgeway–Mozer modularity, group level', short: 'modularity' },
  { key: 'symbols.symbolicity', label: 'symbolicity: share of factor values with a symbol', short: 'symbolicity' },
  { key: 'factorial', label: 'factorial code: seeds in which every factor has a group of its own with NMI ≥ 0.95', short: 'factorial seeds', count: true },
  { key: 'bestGroupNmi', label: 'best-group NMI: mean over factors of the largest group-level NMI', short: 'best-group NMI' },
];

/** Headline table and bar chart columns (0/1 counts are shown in the tables, not as bars). */
export const HEADLINE: MetricDef[] = [
  ACCURACY[0], ACCURACY[1], ACCURACY[3], ACCURACY[5],
  ...DISENTANGLEMENT.filter((m) => !m.count),
];

export interface ClaimDef {
  id: string;
  title: string;
  /** Metrics whose wta-vs-baseline comparisons decide the claim. */
  metrics: string[];
}

export const CLAIMS: ClaimDef[] = [
  { id: 'factors', title: 'A WTA bottleneck extracts the categorical latent factors', metrics: ['group.infoM', 'group.mig', 'group.dci.disentanglement'] },
  { id: 'symbolic', title: 'The WTA code is symbolic (one unit or population = one factor value)', metrics: ['symbols.symbolicity'] },
  { id: 'generalizes', title: 'The symbolic code generalizes better', metrics: ['acc.heldout', 'fewshot.k5', 'zeroshot.accuracy'] },
];

export function metricDef(key: string): MetricDef {
  return [...ACCURACY, ...DISENTANGLEMENT].find((m) => m.key === key) ?? { key, label: key, short: key };
}
