// The charts of a sweep or plan, as vega-lite specs built from plain per-point estimates: the
// trade-off of cost against the constrained figure with 95% interval bars and the Pareto front,
// and each figure against each numeric axis. Same estimates -> same specs, byte for byte.
import { CONFIG, type Chart, type VlSpec } from './specs.js';

export interface SweepPointEstimate {
  point: number;
  /** Each axis's label at this point, in axis order. */
  labels: string[];
  /** Each axis's value (numbers for numeric axes). */
  values: unknown[];
  /** Per figure, in figure order. */
  mean: (number | null)[];
  low: (number | null)[];
  high: (number | null)[];
  /** On the Pareto front of the trade-off chart (no other point is better in both figures). */
  pareto: boolean;
  feasible: boolean | null;
}

export interface SweepChartInput {
  figures: string[];
  axes: { path: string; numeric: boolean }[];
  points: SweepPointEstimate[];
  /** The two figures of the trade-off chart (x, y), or null when either is not kept. */
  tradeoff: { x: string; y: string } | null;
  /** A constraint's bound on the trade-off's x figure, drawn as a rule (e.g. the deadline). */
  xBound: { value: number; label: string } | null;
  recommended: number | null;
}

const WIDTH = 700;
const HEIGHT = 320;

const slug = (s: string): string => s.replace(/\[name=([^\]]*)\]/g, '-$1').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');

function top(title: string, subtitle: string, body: VlSpec): VlSpec {
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: { text: title, subtitle }, config: CONFIG, width: WIDTH, height: HEIGHT, ...body };
}

/** The other axes' labels of a point, as one series name. */
const seriesOf = (p: SweepPointEstimate, axis: number): string => p.labels.filter((_, k) => k !== axis).join(' / ') || 'all';

function tradeoffChart(input: SweepChartInput): Chart | null {
  if (!input.tradeoff) return null;
  const { x, y } = input.tradeoff;
  const fx = input.figures.indexOf(x);
  const fy = input.figures.indexOf(y);
  const rows = input.points
    .filter((p) => p.mean[fx] !== null && p.mean[fy] !== null)
    .map((p) => ({
      point: p.point,
      axes: p.labels.join(' / '),
      x: p.mean[fx],
      xLow: p.low[fx] ?? p.mean[fx],
      xHigh: p.high[fx] ?? p.mean[fx],
      y: p.mean[fy],
      yLow: p.low[fy] ?? p.mean[fy],
      yHigh: p.high[fy] ?? p.mean[fy],
      front: p.pareto ? 'Pareto front' : 'dominated',
      recommended: p.point === input.recommended,
    }));
  const front = rows.filter((r) => r.front === 'Pareto front').sort((a, b) => (a.x as number) - (b.x as number));
  const enc = { x: { field: 'x', type: 'quantitative', title: x, scale: { zero: false } }, y: { field: 'y', type: 'quantitative', title: y, scale: { zero: false } } };
  const tooltip = [
    { field: 'point', type: 'ordinal' },
    { field: 'axes', type: 'nominal', title: input.axes.map((a) => a.path).join(' / ') },
    { field: 'x', type: 'quantitative', title: x, format: ',.4~f' },
    { field: 'y', type: 'quantitative', title: y, format: ',.4~f' },
  ];
  const layers: VlSpec[] = [
    { data: { values: rows }, mark: { type: 'rule', color: '#bbb' }, encoding: { x: { field: 'xLow', type: 'quantitative' }, x2: { field: 'xHigh' }, y: { field: 'y', type: 'quantitative' } } },
    { data: { values: rows }, mark: { type: 'rule', color: '#bbb' }, encoding: { y: { field: 'yLow', type: 'quantitative' }, y2: { field: 'yHigh' }, x: { field: 'x', type: 'quantitative' } } },
    { data: { values: front }, mark: { type: 'line', color: '#4c78a8', strokeDash: [4, 3] }, encoding: { ...enc, order: { field: 'x', type: 'quantitative' } } },
    {
      data: { values: rows },
      mark: { type: 'point', filled: true, size: 70 },
      encoding: { ...enc, color: { field: 'front', type: 'nominal', title: null, scale: { domain: ['Pareto front', 'dominated'], range: ['#4c78a8', '#9e9e9e'] } }, tooltip },
    },
  ];
  if (input.xBound)
    layers.push(
      { data: { values: [input.xBound] }, mark: { type: 'rule', color: '#d62728', strokeDash: [6, 4] }, encoding: { x: { field: 'value', type: 'quantitative' } } },
      { data: { values: [input.xBound] }, mark: { type: 'text', align: 'left', dx: 4, baseline: 'top', y: 4, color: '#d62728' }, encoding: { x: { field: 'value', type: 'quantitative' }, text: { field: 'label' } } },
    );
  const rec = rows.filter((r) => r.recommended);
  if (rec.length > 0) {
    layers.push({ data: { values: rec }, mark: { type: 'point', shape: 'diamond', size: 320, stroke: '#d62728', strokeWidth: 2.5, filled: false }, encoding: enc });
    layers.push({ data: { values: rec }, mark: { type: 'text', dx: 12, dy: -12, align: 'left', color: '#d62728', fontWeight: 'bold', text: 'recommended' }, encoding: enc });
  }
  return { name: 'tradeoff', title: `${y} against ${x}`, spec: top(`${y} against ${x}`, 'means with 95% intervals; the Pareto front dashed; the recommended point marked', { layer: layers }) };
}

function axisChart(input: SweepChartInput, axis: number, figure: number): Chart {
  const a = input.axes[axis];
  const f = input.figures[figure];
  const rows = input.points
    .filter((p) => p.mean[figure] !== null)
    .map((p) => ({ value: p.values[axis], series: seriesOf(p, axis), mean: p.mean[figure], low: p.low[figure] ?? p.mean[figure], high: p.high[figure] ?? p.mean[figure], recommended: p.point === input.recommended }));
  const x = { field: 'value', type: 'quantitative', title: a.path, scale: { zero: false } };
  // One series (a single axis) needs no legend.
  const color = input.axes.length > 1 ? { field: 'series', type: 'nominal', title: input.axes.filter((_, k) => k !== axis).map((b) => b.path).join(' / ') } : { value: '#4c78a8' };
  const layers: VlSpec[] = [
    { mark: { type: 'errorband', opacity: 0.2 }, encoding: { x, y: { field: 'low', type: 'quantitative', title: f }, y2: { field: 'high' }, color } },
    { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: f, scale: { zero: false } }, color, tooltip: [{ field: 'value' }, { field: 'series' }, { field: 'mean', format: ',.4~f' }, { field: 'low', format: ',.4~f' }, { field: 'high', format: ',.4~f' }] } },
  ];
  if (rows.some((r) => r.recommended))
    layers.push({ transform: [{ filter: 'datum.recommended' }], mark: { type: 'point', shape: 'diamond', size: 260, stroke: '#d62728', strokeWidth: 2.5, filled: false }, encoding: { x, y: { field: 'mean', type: 'quantitative' } } });
  const name = `${slug(f)}-by-${slug(a.path)}`;
  return { name, title: `${f} by ${a.path}`, spec: top(`${f} by ${a.path}`, 'means with 95% intervals', { data: { values: rows }, layer: layers }) };
}

/** Every chart of a sweep, in report order. */
export function buildSweepCharts(input: SweepChartInput): Chart[] {
  const charts: Chart[] = [];
  const t = tradeoffChart(input);
  if (t) charts.push(t);
  input.axes.forEach((a, k) => {
    if (a.numeric) input.figures.forEach((_, f) => charts.push(axisChart(input, k, f)));
  });
  return charts;
}
