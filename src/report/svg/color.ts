/** Color scales for figures. Viridis is perceptually uniform and readable in grayscale. */

// Viridis anchors at 0, 1/8, ..., 1 (from matplotlib's table), linearly interpolated.
const VIRIDIS: readonly [number, number, number][] = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
  [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];

function hex(c: number): string {
  return Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0');
}

/** Viridis color for t in [0, 1] (clamped); NaN maps to light gray ("no data"). */
export function viridis(t: number): string {
  if (Number.isNaN(t)) return '#dddddd';
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return `#${hex(a[0] + f * (b[0] - a[0]))}${hex(a[1] + f * (b[1] - a[1]))}${hex(a[2] + f * (b[2] - a[2]))}`;
}

/** Text color that stays readable on a viridis cell. */
export function inkOn(t: number): string {
  return t > 0.6 ? '#000' : '#fff';
}

// Tableau 10: distinct categorical colors (series in bar and line charts).
const CATEGORICAL = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function seriesColor(i: number): string {
  return CATEGORICAL[i % CATEGORICAL.length];
}
