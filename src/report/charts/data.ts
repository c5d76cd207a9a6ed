// charts.json: everything the charts draw, gathered from a run without reading its CSVs back: the
// recorder's exact min/mean/max bins of every series, interruption and retry counts on the same
// bins, cost bars from the bills, the queue-wait CDF, and the instance timeline's sampled lanes.
// A folder written before charts.json existed is charted from its records (read.ts) the same way,
// its series binned from timeseries.csv's sampled rows instead.
import { SeriesBins, type SeriesBinsData } from '../../records/chartAggregates.js';
import { reachedAt } from '../../records/instances.js';
import type { SimulationResult } from '../../records/result.js';
import { ATTEMPT_END_NAMES } from '../../model/types.js';
import type { SampleScope } from '../../model/result.js';
import * as m from '../messages.js';
import { OutputFolderError, parseJson } from '../output.js';
import {
  costBars,
  countBins,
  instanceTimeline,
  queueWaitCdf,
  r6,
  runEnd,
  type CostBar,
  type QueueWaitCdf,
  type Timeline,
} from './aggregate.js';
import { executionCharts, type ExecutionCharts } from './executions.js';
import type { AttemptRecords, Interned, JobRecords, RunRecords } from './read.js';

export const CHARTS_FILE = 'charts.json';
export const CHARTS_FORMAT = 'batchsim-charts/1';

export interface SeriesBand {
  scope: SampleScope;
  name: string;
  metric: string;
  min: number[];
  mean: number[];
  max: number[];
}

export interface ChartData {
  format: typeof CHARTS_FORMAT;
  /** End of the run, seconds. */
  endSeconds: number;
  /** Time bins: `count` of `widthSeconds` (1 s × 2^k) from 0. */
  bins: { widthSeconds: number; count: number };
  /** `exact`: every settled change binned during the run; `sampled`: timeseries.csv's rows (an older folder). */
  seriesFrom: 'exact' | 'sampled';
  series: SeriesBand[];
  /** Per bin: attempts interrupted (by stop time) and retries (attempt 2+, by start). */
  interruptions: number[];
  retries: number[];
  cost: CostBar[];
  queueWait: QueueWaitCdf;
  timeline: Timeline;
  /** Step Functions executions over time and each state machine's sample execution; only in runs with state machines. */
  executions?: ExecutionCharts;
}

/** The inputs the charts need besides the series: what read.ts loads, or the run's tables in memory. */
export type ChartInputs = Omit<RunRecords, 'summary' | 'timeseries'>;

/** The charts' data of a run just simulated, from its tables in memory. */
export function chartDataOfRun(r: SimulationResult): ChartData {
  const data = chartData(runInputs(r), r.seriesBins, 'exact');
  // Last, so charts.json of a run without state machines keeps its bytes.
  if (r.pipelines !== undefined) data.executions = executionCharts(r.pipelines, r.seriesBins);
  return data;
}

/** The charts' data of an output folder without charts.json: its series binned from timeseries.csv. */
export function chartDataOfRecords(rec: RunRecords): ChartData {
  const endMs = Math.round(runEnd(rec) * 1000);
  const T = rec.timeseries;
  const bins = new SeriesBins();
  const ids = new Map<string, number>();
  for (let i = 0; i < T.count; i++) {
    const scope = T.scope.values[T.scope.index[i]] as SampleScope;
    const name = T.name.values[T.name.index[i]];
    const metric = T.metric.values[T.metric.index[i]];
    const key = `${scope}\u0000${name}\u0000${metric}`;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = bins.add({ scope, name, metric })));
    bins.level(Math.round(T.time[i] * 1000), id, T.value[i]);
  }
  return chartData(rec, bins.finish(endMs), 'sampled');
}

function chartData(inputs: ChartInputs, sb: SeriesBinsData, from: ChartData['seriesFrom']): ChartData {
  const end = sb.endMs / 1000;
  const width = sb.widthMs / 1000;
  const counts = countBins(inputs.attempts, width, sb.count);
  return {
    format: CHARTS_FORMAT,
    endSeconds: end,
    bins: { widthSeconds: width, count: sb.count },
    seriesFrom: from,
    series: sb.series.map((s) => ({ scope: s.scope, name: s.name, metric: s.metric, min: s.min.map(r6), mean: s.mean.map(r6), max: s.max.map(r6) })),
    interruptions: counts.interruptions,
    retries: counts.retries,
    cost: costBars(inputs),
    queueWait: queueWaitCdf(inputs.jobs),
    timeline: instanceTimeline(inputs, end, width),
  };
}

const sec = (ms: number): number => (ms >= 0 ? ms / 1000 : NaN);

/** The run's tables as the charts read them (the same values read.ts would load from the CSVs). */
function runInputs(r: SimulationResult): ChartInputs {
  const J = r.jobs;
  // Queues interned in first-seen order, by the name's string id (an array, not a map: read per job).
  const queueIds = new Int32Array(J.strings.length).fill(-1);
  const queueValues: string[] = [];
  const queueIndex = new Int32Array(J.count);
  const waits = new Float64Array(J.count);
  jobInputs(J, queueIds, queueValues, queueIndex, waits);
  const jobs: JobRecords = { count: J.count, jobQueue: { values: queueValues, index: queueIndex }, queueWaitSeconds: waits };
  const A = r.attempts;
  const n = A.count;
  const outcome: Interned = { values: [...ATTEMPT_END_NAMES], index: A.end.subarray(0, n) };
  // Instance ordinals 1..; 0 is an attempt on no instance ('').
  const instanceId: Interned = { values: [''].concat(r.instances.map((x) => x.instanceId)), index: A.instance.subarray(0, n) };
  const startingAt = new Float64Array(n);
  const startedAt = new Float64Array(n);
  const stoppedAt = new Float64Array(n);
  attemptSeconds(A, startingAt, startedAt, stoppedAt);
  const attempts: AttemptRecords = { count: n, attempt: A.attemptNumber.subarray(0, n), instanceId, startingAt, startedAt, stoppedAt, outcome };
  const instances = r.instances.map((x, k) => {
    const bill = r.bills[k];
    return {
      instanceId: x.instanceId,
      computeEnvironment: x.computeEnvironment,
      instanceType: x.instanceType,
      purchaseOption: x.purchaseOption,
      vcpus: x.vcpus,
      launchedAt: sec(x.launchedAt),
      // As instances.csv has it: none for an instance gone before it was ready (reclaimed while it booted).
      readyAt: sec(reachedAt(x, x.readyAt)),
      terminatedAt: sec(x.terminatedAt),
      reclaimed: x.interrupted,
      costUsd: bill.costUsd,
      busyCostUsd: bill.busyUsd,
      idleCostUsd: bill.idleUsd,
      lostCostUsd: bill.lostUsd,
      ebsCostUsd: bill.ebsUsd,
    };
  });
  return { jobs, attempts, instances };
}

/**
 * Each job's queue (interned into queueValues in first-seen order) and queue wait in seconds, as
 * jobs.csv's queueWaitSeconds: every job that reached STARTING (NaN for the others). The passes
 * over every row are functions of their own, so that each is optimized on its own.
 */
function jobInputs(J: SimulationResult['jobs'], queueIds: Int32Array, queueValues: string[], queueIndex: Int32Array, waits: Float64Array): void {
  const { jobQueue, startingAt, runnableAt, strings } = J;
  for (let i = 0; i < J.count; i++) {
    const id = jobQueue[i];
    let q = queueIds[id];
    if (q < 0) {
      q = queueIds[id] = queueValues.length;
      queueValues.push(strings[id]);
    }
    queueIndex[i] = q;
    waits[i] = startingAt[i] >= 0 ? (startingAt[i] - runnableAt[i]) / 1000 : NaN;
  }
}

/** The attempts' instants in ms (-1: never) as seconds (NaN), in one plain loop (a typed array's map() calls back per element). */
function attemptSeconds(A: SimulationResult['attempts'], startingAt: Float64Array, startedAt: Float64Array, stoppedAt: Float64Array): void {
  const starting = A.startingAt;
  const started = A.startedAt;
  const stopped = A.stoppedAt;
  for (let i = 0; i < startingAt.length; i++) {
    startingAt[i] = sec(starting[i]);
    startedAt[i] = sec(started[i]);
    stoppedAt[i] = sec(stopped[i]);
  }
}

export function chartsJson(data: ChartData): string {
  return JSON.stringify(data) + '\n';
}

/** charts.json of an output folder; an OutputFolderError if it is not one this version reads. */
export function parseChartsJson(path: string, text: string): ChartData {
  const data = parseJson(path, text) as ChartData;
  if (typeof data !== 'object' || data === null || data.format !== CHARTS_FORMAT) throw new OutputFolderError(m.notChartsJson(path, CHARTS_FORMAT));
  return data;
}
