/** The report's SVG figures, built from run evaluations only. Returns file name → SVG text. */
import { factorGroupNMI, VARIANTS, type RunEval } from './results.js';
import { type Cell } from './aggregate.js';
import { HEADLINE, metricDef } from './catalog.js';
import { meanCI } from '../metrics/stats.js';
import { barChart, figure, heatMap, linePlot, type BarValue, type Fragment, type LineSeries } from './svg/index.js';

const VARIANT_ORDER: readonly string[] = VARIANTS;
/** Each variant keeps its color in every figure; WTA (blue) and the ReLU baseline (red) contrast most. */
const VARIANT_COLORS: Record<string, string> = { wta: '#4e79a7', 'wta+regroup': '#1f3f73', softmax: '#59a14f', topk: '#b07aa1', relu: '#e15759', sigmoid: '#f28e2b', linear: '#9c755f' };
const variantColor = (v: string) => VARIANT_COLORS[v] ?? '#bab0ac';

function bar(cell: Cell | undefined, metric: string): BarValue | null {
  if (!cell) return null;
  const v = [...cell.seedValues(metric).values()];
  if (!v.length) return null;
  const ci = meanCI(v);
  return { mean: ci.mean, lo: ci.lo, hi: ci.hi, points: v };
}

function firstSeedRun(cell: Cell | undefined): RunEval | undefined {
  return cell ? [...cell.runs].sort((a, b) => a.settings.seed - b.settings.seed)[0] : undefined;
}

/** Unit × factor-value heat map of P(value | unit active) for one run. */
function unitPanel(run: RunEval): Fragment {
  const colLabels = run.factors.flatMap((f) => f.values);
  const unitsPerGroup = run.unitProfile.length / Math.max(1, run.groups);
  const rowLabels = run.unitProfile.map((_, u) => `u${u}${run.activeUnits[u] ? '' : ' (dead)'}`);
  return heatMap({
    title: `${run.settings.variant} (seed ${run.settings.seed})`,
    values: run.unitProfile.map((row, u) => (run.activeUnits[u] ? row : row.map(() => NaN))),
    rowLabels,
    colLabels,
    colSpans: run.factors.map((f) => ({ label: f.name, count: f.values.length })),
    rowSpans: Number.isInteger(unitsPerGroup) ? Array.from({ length: run.groups }, (_, g) => ({ label: `g${g}`, count: unitsPerGroup })) : undefined,
    rowTitle: 'bottleneck unit (by group)',
    colTitle: 'factor value',
    colorBarLabel: 'P(value | unit active)',
  });
}

/** Factors as rows, groups as columns: the orientation of eval.json, `wtanet eval` and `wtanet score`. */
function nmiPanel(run: RunEval): Fragment {
  const nmi = factorGroupNMI(run);
  return heatMap({
    title: `${run.settings.variant} (seed ${run.settings.seed})`,
    values: nmi,
    rowLabels: run.factors.map((f) => f.name),
    colLabels: (nmi[0] ?? []).map((_, g) => `group ${g}`),
    cellText: true,
    colorBarLabel: 'NMI(factor; group)',
  });
}

/** What every figure is drawn from: the cells, the main study's, and its datasets and head types. */
interface FigureContext {
  cells: readonly Cell[];
  main: readonly Cell[];
  datasets: string[];
  heads: string[];
}

/** A figure (or one per dataset, head, …): file name → SVG, none when its runs are missing. */
type FigureSpec = (ctx: FigureContext) => [string, string][];

const variantsOf = (cs: readonly Cell[]) => [...new Set(cs.map((c) => c.key.variant))];
const sortV = (vs: string[]) => vs.sort((a, b) => VARIANT_ORDER.indexOf(a) - VARIANT_ORDER.indexOf(b));
/** The main study's cells of one dataset with linear heads (or the first head type there is). */
const linearCells = (ctx: FigureContext, ds: string) => ctx.main.filter((c) => c.key.dataset === ds && c.key.head === (ctx.heads.includes('linear') ? 'linear' : ctx.heads[0]));

const unitsFigure = (ctx: FigureContext, ds: string): [string, string][] => {
  const linear = linearCells(ctx, ds);
  const wta = firstSeedRun(linear.find((c) => c.key.variant === 'wta'));
  const relu = firstSeedRun(linear.find((c) => c.key.variant === 'relu'));
  const pair = [wta, relu].filter((r): r is RunEval => r !== undefined && r.unitProfile.length > 0);
  if (!pair.length) return [];
  return [[`units-${ds}.svg`, figure(pair.map(unitPanel), {
    title: `Which factor value does each bottleneck unit stand for? (${ds})`,
    subtitle: 'Each row: one unit; each cell: P(factor = value | unit active). Active = wins its group (wta) or is above its median (relu).\nA symbolic unit has one bright cell per factor it encodes; gray rows are dead units.',
  })]];
};

const nmiFigure = (ctx: FigureContext, ds: string): [string, string][] => {
  const linear = linearCells(ctx, ds);
  const nmiRuns = sortV(variantsOf(linear)).map((v) => firstSeedRun(linear.find((c) => c.key.variant === v))).filter((r): r is RunEval => !!r && factorGroupNMI(r).length > 0);
  if (!nmiRuns.length) return [];
  return [[`nmi-${ds}.svg`, figure(nmiRuns.map(nmiPanel), {
    title: `Normalized mutual information between bottleneck groups and factors (${ds})`,
    subtitle: 'NMI = I(factor; group winner) / H(factor). A disentangled code is a permutation matrix: one bright cell per row and column.',
    columns: 3,
  })]];
};

const headlineFigures = (ctx: FigureContext, ds: string): [string, string][] =>
  ctx.heads.flatMap((head): [string, string][] => {
    const here = ctx.main.filter((c) => c.key.dataset === ds && c.key.head === head);
    const variants = sortV(variantsOf(here));
    const metrics = HEADLINE.filter((m) => here.some((c) => c.seedValues(m.key).size > 0));
    if (!metrics.length) return [];
    return [[`headline-${ds}-${head}.svg`, figure(
      [
        barChart({
          title: `${ds}, ${head} heads`,
          categories: metrics.map((m) => m.short),
          series: variants,
          colors: variants.map(variantColor),
          values: metrics.map((m) => variants.map((v) => bar(here.find((c) => c.key.variant === v), m.key))),
          yLabel: 'score (higher is better)',
          yMin: 0,
          yMax: 1,
        }),
      ],
      { title: `Headline metrics by bottleneck variant (${ds}, ${head} heads)`, subtitle: `Mean over seeds with 95% t-intervals; ${here[0]?.runs.length ?? 0} seeds per bar.` },
    )]];
  });

/** Accuracy: IID test vs held-out combinations, per setting. */
const heldoutFigure: FigureSpec = ({ main, datasets, heads }) => {
  const settings = datasets.flatMap((ds) => heads.map((h) => [ds, h] as const)).filter(([ds, h]) => main.some((c) => c.key.dataset === ds && c.key.head === h));
  const allVariants = sortV(variantsOf(main));
  if (!settings.length || !main.some((c) => c.seedValues('acc.heldout').size)) return [];
  const panels = (['acc.test', 'acc.heldout'] as const).map((metric) =>
    barChart({
      title: metricDef(metric).label,
      categories: settings.map(([ds, h]) => `${ds}/${h}`),
      series: allVariants,
      colors: allVariants.map(variantColor),
      values: settings.map(([ds, h]) => allVariants.map((v) => bar(main.find((c) => c.key.dataset === ds && c.key.head === h && c.key.variant === v), metric))),
      yLabel: 'accuracy',
      yMin: 0,
      yMax: 1,
    }),
  );
  return [['heldout.svg', figure(panels, { title: 'Task accuracy: seen vs held-out factor combinations', subtitle: 'Held-out combinations never appear in training (compositional generalization).' })]];
};

/** Sweep over the number of tasks. */
const tasksSweepFigure: FigureSpec = ({ cells }) => {
  const tasks = cells.filter((c) => c.key.study === 'tasks');
  if (!tasks.length) return [];
  const variants = sortV(variantsOf(tasks));
  const metrics = ['group.infoM', 'symbols.symbolicity', 'acc.heldout'].filter((m) => tasks.some((c) => c.seedValues(m).size));
  const panels = metrics.map((m) =>
    linePlot({
      title: metricDef(m).short,
      series: variants.map((v): LineSeries => ({
        name: v,
        color: variantColor(v),
        points: tasks
          .filter((c) => c.key.variant === v && c.seedValues(m).size)
          .map((c) => ({ x: c.key.numTasks, ...meanCI([...c.seedValues(m).values()]) })),
      })),
      xLabel: 'number of training tasks',
      yLabel: metricDef(m).short,
      log2x: true,
      yMin: 0,
      yMax: 1,
      width: 240,
    }),
  );
  if (!panels.length) return [];
  return [['sweep-tasks.svg', figure(panels, { title: `When does the effect appear? Metrics vs number of tasks (${tasks[0].key.dataset})`, subtitle: 'Mean over seeds, shaded: 95% t-interval. Tasks are random boolean functions of several factors.' })]];
};

/** Sweep over the bottleneck shape; "at" is the main study's linear-head run. */
const shapeSweepFigure: FigureSpec = ({ cells, main }) => {
  const shapeCells = cells.filter((c) => c.key.study === 'shape');
  if (!shapeCells.length) return [];
  const ds = shapeCells[0].key.dataset;
  const atCells = main.filter((c) => c.key.dataset === ds && c.key.head === 'linear');
  const variants = sortV(variantsOf(shapeCells));
  const byShape = (label: string, v: string) => (label === 'at' ? atCells : shapeCells).find((c) => c.key.shape === label && c.key.variant === v);
  const labels = ['below', 'at', 'above'];
  const shapeName = (l: string) => {
    const c = byShape(l, variants[0]);
    return c ? `${l} (${c.key.groups}×${c.key.unitsPerGroup})` : l;
  };
  const metrics = ['group.infoM', 'symbols.symbolicity', 'acc.heldout'].filter((m) => shapeCells.some((c) => c.seedValues(m).size));
  const panels = metrics.map((m) =>
    barChart({
      title: metricDef(m).short,
      categories: labels.map(shapeName),
      series: variants,
      colors: variants.map(variantColor),
      values: labels.map((l) => variants.map((v) => bar(byShape(l, v), m))),
      yLabel: metricDef(m).short,
      yMin: 0,
      yMax: 1,
      height: 160,
    }),
  );
  if (!panels.length) return [];
  return [['sweep-shape.svg', figure(panels, { title: `Bottleneck shape (groups × units) below, at and above the true factor structure (${ds})`, subtitle: 'Mean over seeds with 95% t-intervals; dots are seeds.' })]];
};

/** Training curves (main study): validation accuracy and training loss per epoch. */
const curvesFigure = (ctx: FigureContext, ds: string): [string, string][] => {
  const here = linearCells(ctx, ds);
  const variants = sortV(variantsOf(here));
  const curveSeries = (field: 'valAccuracy' | 'trainLoss'): LineSeries[] =>
    variants.map((v) => {
      const runs = here.find((c) => c.key.variant === v)?.runs ?? [];
      const epochs = [...new Set(runs.flatMap((r) => r.curve.map((p) => p.epoch)))].sort((a, b) => a - b);
      return {
        name: v,
        color: variantColor(v),
        points: epochs.map((e) => {
          const vals = runs.map((r) => r.curve.find((p) => p.epoch === e)?.[field]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
          return { x: e, ...meanCI(vals) };
        }).filter((p) => Number.isFinite(p.mean)),
      };
    });
  const acc = curveSeries('valAccuracy');
  if (!acc.some((s) => s.points.length)) return [];
  return [[`curves-${ds}.svg`, figure(
    [
      linePlot({ title: 'validation accuracy (mean over tasks)', series: acc, xLabel: 'epoch', yLabel: 'accuracy', yMin: 0, yMax: 1, width: 280 }),
      linePlot({ title: 'training loss (sum over tasks)', series: curveSeries('trainLoss'), xLabel: 'epoch', yLabel: 'loss', yMin: 0, width: 280 }),
    ],
    { title: `Training curves (${ds}, main study)`, subtitle: 'Mean over seeds, shaded: 95% t-interval.' },
  )]];
};

/** Every figure of the report, in the order of the files it writes. */
const FIGURES: FigureSpec[] = [
  (ctx) => ctx.datasets.flatMap((ds) => [...unitsFigure(ctx, ds), ...nmiFigure(ctx, ds), ...headlineFigures(ctx, ds)]),
  heldoutFigure,
  tasksSweepFigure,
  shapeSweepFigure,
  (ctx) => ctx.datasets.flatMap((ds) => curvesFigure(ctx, ds)),
];

export function buildFigures(cells: readonly Cell[]): Map<string, string> {
  const main = cells.filter((c) => c.key.study === 'main');
  const ctx: FigureContext = {
    cells,
    main,
    datasets: [...new Set(main.map((c) => c.key.dataset))].sort(),
    heads: [...new Set(main.map((c) => c.key.head))].sort(),
  };
  return new Map(FIGURES.flatMap((spec) => spec(ctx)));
}
