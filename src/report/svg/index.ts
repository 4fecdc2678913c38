// A tiny dependency-free SVG toolkit for the report's figures.
export { figure, type Fragment, type FigureOptions } from './doc.js';
export { heatMap, type HeatMapSpec, type Span } from './heatmap.js';
export { barChart, type BarChartSpec, type BarValue } from './bars.js';
export { linePlot, type LinePlotSpec, type LineSeries, type LinePoint } from './lines.js';
export { viridis, seriesColor } from './color.js';
