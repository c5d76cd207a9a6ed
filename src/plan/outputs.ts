// Writing a whole sweep's outputs into its folder, all from plain data (a layout and the finished
// runs), so one machine, a resumed sweep and a merge of slices write the same bytes:
//   runs.jsonl (in run order), sweep.csv, sweep-summary.csv, plan.json (for `plan`),
//   the charts (*.vl.json, *.svg, *.png) and report.html.
// Files go to temporary names first and are renamed once all are complete.
import { buildSweepCharts, type SweepChartInput, type SweepPointEstimate } from '../report/charts/sweep.js';
import { sweepReportHtml } from '../report/sweepHtml.js';
import { chartFiles, writeFilesInPlace } from './files.js';
import type { RunOutcome } from './executor.js';
import { formatFigure } from '../report/format.js';
import { formatEstimate } from './judge.js';
import { JOURNAL, journalText } from './journal.js';
import { rejectionReason, type Decision, type SearchOutcome } from './search.js';
import { journalHeader } from './sweep.js';
import { pointResults, sweepCsv, sweepSummaryCsv, type Expanded, type PointResult } from './tables.js';

export interface PlanReport {
  search: SearchOutcome;
  decision: Decision;
}

/** The figures of the trade-off chart: the constrained figure across, the objective (or cost) up. */
function tradeoffFigures(layout: Expanded): { x: string; y: string } | null {
  const { plan } = layout;
  const y = plan.objective?.figure ?? (plan.figures.includes('costUsd.total') ? 'costUsd.total' : null);
  const x = plan.constraints.find((c) => c.figure !== y)?.figure ?? (plan.figures.includes('makespanSeconds') && y !== 'makespanSeconds' ? 'makespanSeconds' : null);
  return x && y ? { x, y } : null;
}

/** Points no other point beats in both trade-off figures (lower is better unless maximized / min-bounded). */
function paretoFront(layout: Expanded, results: readonly PointResult[], xy: { x: string; y: string } | null): Set<number> {
  const front = new Set<number>();
  if (!xy) return front;
  const { plan } = layout;
  const fx = plan.figures.indexOf(xy.x);
  const fy = plan.figures.indexOf(xy.y);
  const sx = plan.constraints.find((c) => c.figure === xy.x)?.min != null ? -1 : 1;
  const sy = plan.objective?.sense === 'maximize' ? -1 : 1;
  const pts = results.filter((r) => r.estimates[fx].mean !== null && r.estimates[fy].mean !== null).map((r) => ({ p: r.point.index, x: sx * r.estimates[fx].mean!, y: sy * r.estimates[fy].mean! }));
  for (const a of pts) if (!pts.some((b) => b.x <= a.x && b.y <= a.y && (b.x < a.x || b.y < a.y))) front.add(a.p);
  return front;
}

const pm = (figure: string, r: PointResult, f: number): string => formatEstimate(figure, r.estimates[f]);

function axesOf(layout: Expanded, r: PointResult): Record<string, string> {
  return Object.fromEntries(layout.plan.axes.map((a, k) => [a.path, r.point.labels[k]]));
}

function choice(layout: Expanded, r: PointResult | null) {
  if (!r) return null;
  return {
    point: r.point.index,
    axes: axesOf(layout, r),
    figures: Object.fromEntries(layout.plan.figures.map((f, i) => [f, { mean: r.estimates[i].mean, ci95Low: r.estimates[i].ci95Low, ci95High: r.estimates[i].ci95High }])),
  };
}

/** plan.json: the recommendation, the runner-up, why better-scoring points were rejected, and what bisection saved. */
export function planJson(layout: Expanded, report: PlanReport): unknown {
  const { decision, search } = report;
  const runs = search.judged.length * layout.plan.replications;
  return {
    objective: layout.plan.objective,
    constraints: layout.plan.constraints.map((c) => c.text),
    search: { mode: search.mode, axis: search.axis === null ? null : layout.plan.axes[search.axis].path, notes: search.notes },
    recommended: choice(layout, decision.recommended),
    runnerUp: choice(layout, decision.runnerUp),
    nearTie: decision.nearTie,
    difference: decision.difference && { mean: decision.difference.mean, ci95Low: decision.difference.ci95Low, ci95High: decision.difference.ci95High, significant: decision.difference.significant },
    rejected: decision.rejected.map((j) => ({ point: j.point.index, axes: axesOf(layout, j), reason: rejectionReason(layout.plan, j) })),
    runs,
    runsSaved: layout.runs.length - runs,
  };
}

/** Why no point is recommended: none meets the constraints, or those that do have no value to rank by. */
function nothingRecommended(layout: Expanded, search: SearchOutcome): string {
  const { plan } = layout;
  const feasible = search.judged.filter((j) => j.verdict.feasible).length;
  if (feasible === 0) return `no point meets every constraint (${plan.constraints.map((c) => c.text).join('; ')})`;
  const figure = plan.objective!.figure;
  return feasible === search.judged.length
    ? `no point has a value for ${figure}: summary.json has null for it in every replication of every point run, so none is recommended`
    : `no point that meets every constraint has a value for ${figure}: summary.json has null for it in every replication of each, so none is recommended`;
}

/** Why a difference between two points with a value each has no interval: too few replications with a value at both. */
function untested(replications: number, figure: string, pairs: number): string {
  if (replications === 1) return 'one replication gives no interval, so the difference is not tested; add replications';
  if (pairs === 0) return `no replication has a value for ${figure} at both points, so the difference is not tested`;
  return `only one of the ${replications} replications has a value for ${figure} at both points, which gives no interval, so the difference is not tested`;
}

/** The decision in sentences, for the terminal and the report. */
export function decisionLines(layout: Expanded, report: PlanReport): string[] {
  const { plan } = layout;
  const { decision, search } = report;
  const where = (r: PointResult): string => plan.axes.map((a, k) => `${a.path} = ${r.point.labels[k]}`).join(', ') || 'the base scenario';
  const obj = plan.objective!;
  const f = plan.figures.indexOf(obj.figure);
  const lines: string[] = [];
  if (decision.recommended) lines.push(`recommended: point ${decision.recommended.point.index} (${where(decision.recommended)}): ${obj.figure} ${pm(obj.figure, decision.recommended, f)}`);
  else lines.push(nothingRecommended(layout, search));
  if (decision.runnerUp) {
    const d = decision.difference;
    const diff = d && d.mean !== null ? `, ${d.mean >= 0 ? '+' : ''}${formatFigure(obj.figure, d.mean)}${d.ci95Low !== null ? ` [${formatFigure(obj.figure, d.ci95Low)}, ${formatFigure(obj.figure, d.ci95High)}]` : ''}` : '';
    lines.push(`runner-up: point ${decision.runnerUp.point.index} (${where(decision.runnerUp)}): ${obj.figure} ${pm(obj.figure, decision.runnerUp, f)}${diff}`);
    if (decision.nearTie) lines.push(d?.significant === null ? `near-tie: ${untested(plan.replications, obj.figure, d.n)}` : 'near-tie: the runner-up is within the 95% interval of the recommended point; the difference is not significant');
  }
  for (const j of decision.rejected) lines.push(`rejected: point ${j.point.index} (${where(j)}): ${rejectionReason(plan, j)}`);
  const runs = search.judged.length * plan.replications;
  lines.push(search.mode === 'bisect' ? `search: bisection on ${plan.axes[search.axis!].path}: ${runs} runs, ${layout.runs.length - runs} saved against the grid` : `search: the full grid, ${runs} runs`);
  for (const n of search.notes) lines.push(`note: ${n}`);
  return lines;
}

/** `threads`: how many threads draw the charts (the sweep's --jobs). */
export async function writeSweepOutputs(dir: string, layout: Expanded, outcomes: ReadonlyMap<number, RunOutcome>, report: PlanReport | null, threads = 1): Promise<string[]> {
  const results = pointResults(layout, outcomes);
  const xy = tradeoffFigures(layout);
  const front = paretoFront(layout, results, xy);
  const feasible = new Map(report?.search.judged.map((j) => [j.point.index, j.verdict.feasible]) ?? []);
  const recommended = report?.decision.recommended?.point.index ?? null;
  const estimates: SweepPointEstimate[] = results.map((r) => ({
    point: r.point.index,
    labels: r.point.labels,
    values: layout.plan.axes.map((a, k) => a.values[r.point.choice[k]]),
    mean: r.estimates.map((e) => e.mean),
    low: r.estimates.map((e) => e.ci95Low),
    high: r.estimates.map((e) => e.ci95High),
    pareto: front.has(r.point.index),
    feasible: feasible.get(r.point.index) ?? null,
  }));
  const bound = xy ? layout.plan.constraints.find((c) => c.figure === xy.x && c.max !== null) : undefined;
  const xBound = bound ? { value: bound.max!, label: bound.text } : null;
  const chartInput: SweepChartInput = { figures: layout.plan.figures, axes: layout.plan.axes.map((a) => ({ path: a.path, numeric: a.numeric })), points: estimates, tradeoff: xy, xBound, recommended };
  const charts = buildSweepCharts(chartInput);
  const files: [string, string | Buffer][] = [
    [JOURNAL, journalText(journalHeader(layout, layout.runs.length), outcomes.values())],
    ['sweep.csv', sweepCsv(layout, outcomes)],
    ['sweep-summary.csv', sweepSummaryCsv(layout, results)],
  ];
  if (report) files.push(['plan.json', JSON.stringify(planJson(layout, report), null, 2) + '\n']);
  files.push(...(await chartFiles(charts, threads)));
  files.push([
    'report.html',
    sweepReportHtml({
      title: `batchsim ${report ? 'plan' : 'sweep'}: ${layout.plan.base}`,
      decision: report ? decisionLines(layout, report) : [],
      axes: layout.plan.axes.map((a) => a.path),
      figures: layout.plan.figures,
      rows: results.map((r) => ({ point: r.point.index, labels: r.point.labels, cells: layout.plan.figures.map((f, i) => pm(f, r, i)), recommended: r.point.index === recommended, feasible: feasible.get(r.point.index) ?? null })),
      charts,
    }),
  ]);
  return writeFilesInPlace(dir, files);
}
