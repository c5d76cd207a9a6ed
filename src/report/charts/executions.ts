// The Step Functions part of charts.json, from a run's executions in memory: per state machine the
// executions running (min, time-weighted mean and max per time bin, on the run's own bins) and the
// executions started and ended per bin; and each machine's sample execution (its first, the only
// one whose states the model keeps) as Gantt lanes, at most MAX_LANES of them, evenly spaced in
// the order the states were first entered.
import type { PipelineRun } from '../../model/result.js';
import { MAX_SERIES_BINS, SeriesBins, type SeriesBinsData } from '../../records/chartAggregates.js';
import { executionId } from '../../records/executions.js';
import { evenlySpaced, MAX_LANES, r6 } from './aggregate.js';

export interface ExecutionSeries {
  machine: string;
  /** Executions running, per bin: min, time-weighted mean, max. */
  min: number[];
  mean: number[];
  max: number[];
  /** Executions started (by start time) and ended (by end time) per bin. */
  started: number[];
  ended: number[];
}

export interface StateBar {
  /** The lane: the state's label (prefixed with the machine's name when the run has several). */
  lane: string;
  state: string;
  /** Seconds since the execution started; end null: the state had not ended when the clock stopped. */
  start: number;
  end: number | null;
  outcome: string;
}

export interface SampleExecution {
  machine: string;
  executionId: string;
  status: string;
  /** Seconds of run time; end null: still running when the clock stopped. */
  startSeconds: number;
  endSeconds: number | null;
  /** Lanes shown, top to bottom, and how many the execution had. */
  lanes: string[];
  totalLanes: number;
  bars: StateBar[];
}

export interface ExecutionCharts {
  series: ExecutionSeries[];
  samples: SampleExecution[];
}

/**
 * The executions' chart data on the bins of `bins` (the run's series bins, which cover the run to
 * its end): the same width and count, so the charts line up with the others.
 */
export function executionCharts(p: PipelineRun, bins: SeriesBinsData, maxLanes = MAX_LANES): ExecutionCharts {
  const { widthMs, count, endMs } = bins;
  const running = new SeriesBins();
  // Bins at least as wide as the run's (finish() widens to cover endMs, as the run's bins did).
  running.cover((widthMs * MAX_SERIES_BINS) / 2);
  const ids = new Map<string, number>();
  const series: ExecutionSeries[] = [];
  for (const m of p.machines) {
    // The key only names the series here (SeriesBins keeps it beside the bins).
    ids.set(m.name, running.add({ scope: 'computeEnvironment', name: m.name, metric: 'running' }));
    series.push({ machine: m.name, min: [], mean: [], max: [], started: new Array<number>(count).fill(0), ended: new Array<number>(count).fill(0) });
  }
  const bin = (ms: number): number => Math.min(count - 1, Math.max(0, Math.floor(ms / widthMs)));
  // Changes of the running count, in time order: +1 at a start, -1 at an end.
  const changes: { at: number; id: number; delta: number }[] = [];
  for (const e of p.executions) {
    const id = ids.get(e.machine)!;
    changes.push({ at: e.startMs, id, delta: 1 });
    series[id].started[bin(e.startMs)]++;
    if (e.endMs >= 0) {
      changes.push({ at: e.endMs, id, delta: -1 });
      series[id].ended[bin(e.endMs)]++;
    }
  }
  changes.sort((a, b) => a.at - b.at || a.id - b.id || a.delta - b.delta);
  const level = new Array<number>(series.length).fill(0);
  for (let id = 0; id < series.length; id++) running.level(0, id, 0);
  for (const c of changes) running.level(c.at, c.id, (level[c.id] += c.delta));
  const binned = running.finish(endMs);
  binned.series.forEach((s, id) => {
    series[id].min = s.min.slice(0, count).map(r6);
    series[id].mean = s.mean.slice(0, count).map(r6);
    series[id].max = s.max.slice(0, count).map(r6);
  });
  const several = p.machines.length > 1;
  const samples: SampleExecution[] = [];
  for (const e of p.executions) {
    if (e.states === undefined) continue;
    const laneOf = (label: string): string => (several ? `${e.machine}: ${label}` : label);
    const order: string[] = [];
    const seen = new Set<string>();
    for (const s of e.states) if (!seen.has(s.label)) seen.add(s.label), order.push(s.label);
    const kept = new Set(evenlySpaced(order.length, maxLanes).map((k) => order[k]));
    const rel = (ms: number): number | null => (ms < 0 ? null : r6((ms - e.startMs) / 1000));
    samples.push({
      machine: e.machine,
      executionId: executionId(e.id),
      status: e.status,
      startSeconds: r6(e.startMs / 1000),
      endSeconds: e.endMs < 0 ? null : r6(e.endMs / 1000),
      lanes: order.filter((l) => kept.has(l)).map(laneOf),
      totalLanes: order.length,
      bars: e.states.filter((s) => kept.has(s.label)).map((s) => ({ lane: laneOf(s.label), state: s.state, start: rel(s.startMs)!, end: rel(s.endMs), outcome: s.outcome })),
    });
  }
  return { series, samples };
}
