// The run's charts as vega-lite specs: plain data, built from charts.json's aggregates (data.ts)
// and summary.json. Same data -> same specs, byte for byte.
import { COST_PARTS, r6, timeUnit, type TimeUnit } from './aggregate.js';
import type { ChartData, SeriesBand } from './data.js';
import type { ExecutionCharts, SampleExecution } from './executions.js';
import type { SummaryLike } from './read.js';

export type VlSpec = Record<string, unknown>;

export interface Chart {
  /** File stem: `<name>.vl.json`, `<name>.svg`, `<name>.png`. */
  name: string;
  title: string;
  spec: VlSpec;
}

/** A font family found on a bare Debian machine (fonts-dejavu-core), then common fallbacks. */
export const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

const WIDTH = 760;
const HEIGHT = 260;

export const CONFIG = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { stroke: '#ddd' },
  title: { fontSize: 15, anchor: 'start', subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0, titleLimit: 0 },
};

const OUTCOME_COLORS = {
  domain: ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'INTERRUPTED', 'UNFINISHED'],
  range: ['#4c9f70', '#e08a2c', '#9467bd', '#d62728', '#9e9e9e'],
};

/** Zoom and pan on the x (time) axis: drag to pan, wheel to zoom, double-click to reset. */
const ZOOM_X = { name: 'zoom', select: { type: 'interval', encodings: ['x'] }, bind: 'scales' };

function top(title: string, subtitle: string | undefined, body: VlSpec): VlSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: subtitle ? { text: title, subtitle } : title,
    config: CONFIG,
    ...body,
  };
}

/** A chart: its name, its title, and a spec of the standard width around `body`. */
function chart(name: string, title: string, subtitle: string | undefined, body: VlSpec): Chart {
  return { name, title, spec: top(title, subtitle, { width: WIDTH, ...body }) };
}

const t = (u: TimeUnit, seconds: number): number => r6(seconds / u.seconds);

/** Every chart of a run, in report order; the interruptions chart only where there can be some. */
export function buildCharts(data: ChartData, summary: SummaryLike): Chart[] {
  const end = data.endSeconds;
  const unit = timeUnit(end);
  const name = typeof summary.scenario === 'string' ? summary.scenario : 'run';
  const how = data.seriesFrom === 'exact' ? 'every change' : 'timeseries.csv samples';
  const binNote = `${data.bins.count} bins of ${formatSeconds(data.bins.widthSeconds)}: line the time-weighted mean, band min to max (${how})`;
  const charts = [
    queuesChart(data, unit, binNote),
    vcpusChart(data, summary, unit, binNote),
    costChart(data),
    queueWaitChart(data),
    timelineChart(data, unit),
  ];
  if (hasSpot(summary, data) || data.retries.some((n) => n > 0)) charts.push(interruptionsChart(data, unit));
  // Only runs with state machines have these (charts.json's `executions`).
  if (data.executions !== undefined) {
    charts.push(executionsChart(data, data.executions, unit, binNote));
    if (data.executions.samples.length > 0) charts.push(statesChart(data, data.executions.samples));
  }
  return charts.map((c) => ({ ...c, spec: { ...c.spec, description: `${name}: ${c.title}` } }));
}

/** Whether the run had Spot capacity (an environment or an instance buying Spot or Fargate Spot). */
function hasSpot(summary: SummaryLike, data: ChartData): boolean {
  const spot = (po: unknown): boolean => po === 'spot' || po === 'fargate-spot';
  return Object.values(summary.computeEnvironments ?? {}).some((ce) => spot(ce?.purchaseOption)) || data.cost.some((b) => spot(b.purchaseOption)) || data.interruptions.some((n) => n > 0);
}

function formatSeconds(s: number): string {
  if (s % 86400 === 0) return `${s / 86400} d`;
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  if (s > 120) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${s} s`;
}

/**
 * One row per series and bin (t = bin start) and a closing row at the end of the run, so a
 * step-after line draws the last bin to its end: `key` names the series, `part` its metric.
 */
function bandRows(data: ChartData, u: TimeUnit, series: readonly SeriesBand[], key: string, part: string, partName: (m: string) => string): Record<string, unknown>[] {
  const w = data.bins.widthSeconds;
  const rows: Record<string, unknown>[] = [];
  for (const s of series) {
    const n = s.mean.length;
    for (let k = 0; k <= n; k++) {
      const j = Math.min(k, n - 1);
      const at = k < n ? k * w : data.endSeconds;
      rows.push({ t: t(u, at), [key]: s.name, [part]: partName(s.metric), min: s.min[j], mean: s.mean[j], max: s.max[j] });
    }
  }
  return rows;
}

/** Series of one scope and metrics, ordered by name then metric (as listed). */
function seriesOf(data: ChartData, scope: string, metrics: readonly string[]): SeriesBand[] {
  return data.series
    .filter((s) => s.scope === scope && metrics.includes(s.metric))
    .sort((a, b) => cmp(a.name, b.name) || metrics.indexOf(a.metric) - metrics.indexOf(b.metric));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A band (min to max, light) under a line (the mean), both stepped, from `rows`. */
function bandLayers(rows: Record<string, unknown>[], u: TimeUnit, y: string, color: Record<string, unknown>, dash: Record<string, unknown>, tooltip: Record<string, unknown>[]): VlSpec[] {
  const x = { field: 't', type: 'quantitative', title: `time (${u.label})`, axis: { labelOverlap: true } };
  // One legend for line and band: drawn as opaque line symbols (the band's light fill would blur it).
  color = { ...color, legend: { symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 2.5 } };
  return [
    {
      data: { values: rows },
      params: [ZOOM_X],
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
      encoding: { x, y: { field: 'mean', type: 'quantitative', title: y }, color, strokeDash: dash, tooltip },
    },
    {
      data: { values: rows },
      mark: { type: 'area', interpolate: 'step-after', opacity: 0.18 },
      encoding: { x, y: { field: 'min', type: 'quantitative', title: y }, y2: { field: 'max' }, color, detail: { field: dash.field, type: 'nominal' } },
    },
  ];
}

function queuesChart(data: ChartData, u: TimeUnit, note: string): Chart {
  const rows = bandRows(data, u, seriesOf(data, 'jobQueue', ['RUNNABLE', 'RUNNING']), 'jobQueue', 'state', (m) => m);
  const title = 'Jobs RUNNABLE and RUNNING per job queue';
  return chart('queues', title, note, {
    height: HEIGHT,
    layer: bandLayers(
      rows, u, 'jobs',
      { field: 'jobQueue', type: 'nominal', title: 'job queue' },
      { field: 'state', type: 'nominal', title: 'state', sort: ['RUNNING', 'RUNNABLE'] },
      [
        { field: 'jobQueue', title: 'queue' },
        { field: 'state' },
        { field: 't', title: `bin from (${u.name})`, format: ',.2f' },
        { field: 'mean', title: 'mean jobs', format: ',.2f' },
        { field: 'min', title: 'min', format: ',d' },
        { field: 'max', title: 'max', format: ',d' },
      ],
    ),
  });
}

function vcpusChart(data: ChartData, summary: SummaryLike, u: TimeUnit, note: string): Chart {
  const metrics = ['desiredvCpus', 'readyvCpus', 'busyvCpus'];
  const series = seriesOf(data, 'computeEnvironment', metrics);
  const rows = bandRows(data, u, series, 'computeEnvironment', 'metric', (m) => m.replace('vCpus', ''));
  const ces = [...new Set(series.map((s) => s.name))];
  const ceSummary = summary.computeEnvironments ?? {};
  const rules = ces.flatMap((ce) => {
    const max = ceSummary[ce]?.maxvCpus;
    return typeof max === 'number' ? [{ computeEnvironment: ce, maxvCpus: max }] : [];
  });
  const layers: VlSpec[] = bandLayers(
    rows, u, 'vCPUs',
    { field: 'metric', type: 'nominal', title: 'vCPUs', scale: { domain: ['desired', 'ready', 'busy'], range: ['#9e9e9e', '#1f77b4', '#2ca02c'] } },
    { field: 'computeEnvironment', type: 'nominal', title: 'compute environment' },
    [
      { field: 'computeEnvironment', title: 'compute environment' },
      { field: 'metric' },
      { field: 't', title: `bin from (${u.name})`, format: ',.2f' },
      { field: 'mean', title: 'mean vCPUs', format: ',.2f' },
      { field: 'min', title: 'min', format: ',d' },
      { field: 'max', title: 'max', format: ',d' },
    ],
  );
  if (rules.length > 0) {
    layers.push({
      data: { values: rules },
      mark: { type: 'rule', color: '#d62728', strokeDash: [6, 3] },
      encoding: { y: { field: 'maxvCpus', type: 'quantitative' }, tooltip: [{ field: 'computeEnvironment' }, { field: 'maxvCpus' }] },
    });
  }
  const title = 'vCPUs per compute environment: desired, ready, busy';
  const sub = rules.length > 0 ? `${note}; dashed red: maxvCpus` : note;
  return chart('vcpus', title, sub, { height: HEIGHT, layer: layers });
}

function costChart(data: ChartData): Chart {
  const bars = data.cost.map((b) => ({ ...b, group: `${b.computeEnvironment} (${b.purchaseOption})` }));
  let total = 0;
  for (const b of bars) total += b.usd;
  const title = 'Cost by compute environment and purchase option';
  return chart('cost', title, `total $${r6(total).toFixed(2)}: busy, idle, lost to Spot interruptions, EBS`, {
    data: { values: bars },
    mark: { type: 'bar' },
    height: { step: 28 },
    encoding: {
      y: { field: 'group', type: 'nominal', title: null, sort: null },
      x: { field: 'usd', type: 'quantitative', title: 'USD', stack: 'zero' },
      color: {
        field: 'part', type: 'nominal', title: 'part',
        scale: { domain: [...COST_PARTS], range: ['#2ca02c', '#bdbdbd', '#d62728', '#8c6d31'] },
      },
      order: { field: 'partOrder', type: 'quantitative' },
      tooltip: [
        { field: 'computeEnvironment', title: 'compute environment' },
        { field: 'purchaseOption', title: 'purchase option' },
        { field: 'part' },
        { field: 'usd', title: 'USD', format: ',.4f' },
      ],
    },
    transform: [{ calculate: `indexof(${JSON.stringify([...COST_PARTS])}, datum.part)`, as: 'partOrder' }],
  });
}

function queueWaitChart(data: ChartData): Chart {
  const cdf = data.queueWait;
  let maxWait = 0;
  for (const p of cdf.points) if (p.waitSeconds > maxWait) maxWait = p.waitSeconds;
  const u = timeUnit(maxWait);
  const points = cdf.points.map((p) => ({ jobQueue: p.queue, wait: t(u, p.waitSeconds), p: p.p }));
  const marks = cdf.marks.map((m) => ({ jobQueue: m.queue, quantile: m.quantile, wait: t(u, m.waitSeconds), label: `${m.quantile} ${t(u, m.waitSeconds)} ${u.name}` }));
  const title = 'Queue wait (RUNNABLE to STARTING), cumulative, per job queue';
  const sub = `jobs that started: ${Object.entries(cdf.started).map(([q, n]) => `${q} ${n}`).join(', ')}; rules: p50 and p95`;
  return chart('queue-wait', title, sub, {
    height: HEIGHT,
    layer: [
      {
        data: { values: points },
        params: [ZOOM_X],
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'wait', type: 'quantitative', title: `queue wait (${u.label})` },
          y: { field: 'p', type: 'quantitative', title: 'fraction of started jobs', scale: { domain: [0, 1] }, axis: { format: '%' } },
          color: { field: 'jobQueue', type: 'nominal', title: 'job queue' },
          tooltip: [{ field: 'jobQueue', title: 'queue' }, { field: 'wait', title: `wait (${u.name})`, format: ',.3f' }, { field: 'p', title: 'fraction', format: '.1%' }],
        },
      },
      {
        data: { values: marks },
        mark: { type: 'rule', strokeDash: [4, 3] },
        encoding: {
          x: { field: 'wait', type: 'quantitative' },
          color: { field: 'jobQueue', type: 'nominal' },
          tooltip: [{ field: 'jobQueue', title: 'queue' }, { field: 'label', title: 'quantile' }],
        },
      },
      {
        data: { values: marks },
        mark: { type: 'text', align: 'left', dx: 3, baseline: 'bottom', fontSize: 10 },
        encoding: {
          x: { field: 'wait', type: 'quantitative' },
          y: { datum: 0.03 },
          text: { field: 'quantile' },
          color: { field: 'jobQueue', type: 'nominal' },
        },
      },
    ],
  });
}

function timelineChart(data: ChartData, u: TimeUnit): Chart {
  const tl = data.timeline;
  const gap = data.bins.widthSeconds;
  const lanes = tl.lanes.map((l) => ({
    ...l, launchedAt: t(u, l.launchedAt), readyAt: l.readyAt === null ? null : t(u, l.readyAt), terminatedAt: t(u, l.terminatedAt),
  }));
  const labelOf = new Map(tl.lanes.map((l) => [l.instanceId, l.label]));
  const bars = tl.bars.map((b) => ({ ...b, label: labelOf.get(b.instanceId), start: t(u, b.start), end: t(u, b.end) }));
  const reclaims = lanes.filter((l) => l.reclaimed).map((l) => ({ instanceId: l.instanceId, label: l.label, at: l.terminatedAt }));
  const title = tl.sampled
    ? `Instance timeline: ${tl.lanes.length} of ${tl.totalInstances} instances, evenly spaced in launch order`
    : `Instance timeline: ${tl.lanes.length} instance${tl.lanes.length === 1 ? '' : 's'}`;
  const sub = [
    'lanes: #launch order, compute environment, type, purchase option; grey: launching, light blue: ready; bars: job attempts by outcome; red cross: Spot reclaim',
    tl.merged ? `${tl.attemptsShown} attempts merged into ${tl.bars.length} bar${tl.bars.length === 1 ? '' : 's'} (same lane and outcome, gaps under ${formatSeconds(gap)})` : '',
  ].filter(Boolean).join('; ');
  const y = { field: 'label', type: 'nominal', title: null, sort: lanes.map((l) => l.label), axis: { labelFontSize: 9, labelLimit: 260 } };
  const step = lanes.length > 30 ? 10 : lanes.length > 3 ? 14 : 24;
  const xTitle = `time (${u.label})`;
  return chart('instances', title, sub, {
    height: { step },
    layer: [
      {
        data: { values: lanes },
        params: [ZOOM_X],
        mark: { type: 'bar', color: '#e0e0e0' },
        encoding: {
          y, x: { field: 'launchedAt', type: 'quantitative', title: xTitle }, x2: { field: 'terminatedAt' },
          tooltip: [
            { field: 'instanceId' }, { field: 'computeEnvironment', title: 'compute environment' }, { field: 'instanceType', title: 'type' },
            { field: 'purchaseOption', title: 'purchase option' }, { field: 'launchedAt', title: `launched (${u.name})` },
            { field: 'readyAt', title: `ready (${u.name})` }, { field: 'terminatedAt', title: `terminated (${u.name})` }, { field: 'reclaimed' },
          ],
        },
      },
      {
        data: { values: lanes },
        transform: [{ filter: 'datum.readyAt !== null' }],
        mark: { type: 'bar', color: '#cfe3f3' },
        encoding: { y, x: { field: 'readyAt', type: 'quantitative' }, x2: { field: 'terminatedAt' } },
      },
      {
        data: { values: bars },
        mark: { type: 'bar', opacity: 0.85, height: { band: 0.6 } },
        encoding: {
          y, x: { field: 'start', type: 'quantitative' }, x2: { field: 'end' },
          color: { field: 'outcome', type: 'nominal', title: 'attempt outcome', scale: OUTCOME_COLORS },
          tooltip: [
            { field: 'instanceId' }, { field: 'outcome' }, { field: 'attempts' },
            { field: 'start', title: `start (${u.name})`, format: ',.3f' }, { field: 'end', title: `end (${u.name})`, format: ',.3f' },
          ],
        },
      },
      {
        data: { values: reclaims },
        mark: { type: 'point', shape: 'cross', color: '#d62728', filled: true, size: 60 },
        encoding: { y, x: { field: 'at', type: 'quantitative' }, tooltip: [{ field: 'instanceId' }, { field: 'at', title: `reclaimed (${u.name})` }] },
      },
    ],
  });
}

function interruptionsChart(data: ChartData, u: TimeUnit): Chart {
  const w = data.bins.widthSeconds;
  const values: Record<string, unknown>[] = [];
  let interruptions = 0;
  let retries = 0;
  // data.interruptions counts the attempts a reclaim ended (summary.json's attemptsInterrupted), not the reclaims.
  for (const [kind, counts] of [['attempts interrupted', data.interruptions], ['retries (attempt 2+)', data.retries]] as const) {
    counts.forEach((n, k) => {
      if (n > 0) values.push({ t0: t(u, k * w), t1: t(u, (k + 1) * w), kind, count: n });
    });
  }
  for (const n of data.interruptions) interruptions += n;
  for (const n of data.retries) retries += n;
  const title = 'Spot interruptions and retries over time';
  const sub = `${interruptions} attempts interrupted, ${retries} retries; bins of ${formatSeconds(w)}`;
  return chart('interruptions', title, sub, {
    height: HEIGHT,
    data: { values },
    params: [ZOOM_X],
    mark: { type: 'bar', opacity: 0.8 },
    encoding: {
      x: { field: 't0', type: 'quantitative', title: `time (${u.label})`, scale: { domain: [0, t(u, data.bins.count * w)] }, axis: { labelOverlap: true } },
      x2: { field: 't1' },
      y: { field: 'count', type: 'quantitative', title: 'attempts per bin', stack: null, scale: { zero: true }, axis: { tickMinStep: 1, format: 'd' } },
      y2: { datum: 0 },
      color: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['attempts interrupted', 'retries (attempt 2+)'], range: ['#d62728', '#ff9f40'] } },
      tooltip: [{ field: 'kind' }, { field: 't0', title: `from (${u.name})` }, { field: 't1', title: `to (${u.name})` }, { field: 'count' }],
    },
  });
}


/** Outcomes a state's bar is outlined for (a succeeded one is not). */
const STATE_OUTCOMES = ['caught', 'failed', 'stopped', 'running'];

/**
 * Executions running per state machine (stepped mean line over a min-max band, like the queues
 * chart) above the executions started and ended per bin; both on the run's time axis.
 */
function executionsChart(data: ChartData, ex: ExecutionCharts, u: TimeUnit, note: string): Chart {
  const w = data.bins.widthSeconds;
  const rows: Record<string, unknown>[] = [];
  const counts: Record<string, unknown>[] = [];
  let started = 0;
  let ended = 0;
  for (const s of ex.series) {
    const n = s.mean.length;
    for (let k = 0; k <= n; k++) {
      const j = Math.min(k, n - 1);
      rows.push({ t: t(u, k < n ? k * w : data.endSeconds), stateMachine: s.machine, kind: 'running', min: s.min[j], mean: s.mean[j], max: s.max[j] });
    }
    for (const [kind, bins] of [['started', s.started], ['ended', s.ended]] as const) {
      bins.forEach((c, k) => {
        if (kind === 'started') started += c;
        else ended += c;
        if (c > 0) counts.push({ t0: t(u, k * w), t1: t(u, Math.min((k + 1) * w, data.endSeconds)), stateMachine: s.machine, kind, count: c });
      });
    }
  }
  const domain = [0, t(u, data.endSeconds)];
  const x = { field: 't', type: 'quantitative', title: `time (${u.label})`, scale: { domain }, axis: { labelOverlap: true } };
  const color = { field: 'stateMachine', type: 'nominal', title: 'state machine', legend: { symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 2.5 } };
  const title = 'Step Functions executions running, started and ended per state machine';
  const sub = `${started} started, ${ended} ended; ${note}`;
  return {
    name: 'executions',
    title,
    spec: top(title, sub, {
      // Two colour legends: state machines (lines) and started/ended (bars).
      resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
      vconcat: [
        {
          width: WIDTH,
          height: HEIGHT,
          layer: [
            {
              data: { values: rows },
              params: [ZOOM_X],
              mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
              encoding: {
                x, y: { field: 'mean', type: 'quantitative', title: 'executions running' }, color,
                tooltip: [
                  { field: 'stateMachine', title: 'state machine' },
                  { field: 't', title: `bin from (${u.name})`, format: ',.2f' },
                  { field: 'mean', title: 'mean running', format: ',.2f' },
                  { field: 'min', title: 'min', format: ',d' },
                  { field: 'max', title: 'max', format: ',d' },
                ],
              },
            },
            {
              data: { values: rows },
              mark: { type: 'area', interpolate: 'step-after', opacity: 0.18 },
              encoding: { x, y: { field: 'min', type: 'quantitative' }, y2: { field: 'max' }, color },
            },
          ],
        },
        {
          width: WIDTH,
          height: 120,
          data: { values: counts },
          mark: { type: 'bar', opacity: 0.8 },
          encoding: {
            x: { field: 't0', type: 'quantitative', title: `time (${u.label})`, scale: { domain }, axis: { labelOverlap: true } },
            x2: { field: 't1' },
            y: { field: 'count', type: 'quantitative', title: 'per bin', stack: null, scale: { zero: true }, axis: { tickMinStep: 1, format: 'd' } },
            y2: { datum: 0 },
            color: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['started', 'ended'], range: ['#1f77b4', '#4c9f70'] } },
            tooltip: [
              { field: 'stateMachine', title: 'state machine' }, { field: 'kind' },
              { field: 't0', title: `from (${u.name})` }, { field: 't1', title: `to (${u.name})` }, { field: 'count' },
            ],
          },
        },
      ],
    }),
  };
}

/** A Gantt of each state machine's sample execution: one lane per state (Map iterations apart), coloured by state. */
function statesChart(data: ChartData, samples: readonly SampleExecution[]): Chart {
  let longest = 0;
  for (const x of samples) longest = Math.max(longest, (x.endSeconds ?? data.endSeconds) - x.startSeconds);
  const u = timeUnit(longest);
  const bars = samples.flatMap((x) =>
    x.bars.map((b) => ({
      ...b,
      stateMachine: x.machine,
      executionId: x.executionId,
      start: t(u, b.start),
      end: t(u, b.end ?? data.endSeconds - x.startSeconds),
    })),
  );
  const lanes = samples.flatMap((x) => x.lanes);
  const which = samples.map((x) => `${x.executionId} of ${x.machine} (${x.status})`).join(', ');
  const sampled = samples.filter((x) => x.totalLanes > x.lanes.length).map((x) => `${x.machine}: ${x.lanes.length} of ${x.totalLanes} lanes, evenly spaced in entry order`);
  const title = `States of the first execution of ${samples.length === 1 ? 'the state machine' : 'each state machine'}`;
  const sub = [`${which}; a bar from entering a state to its outcome (retries included); "[i]": Map iteration i`, ...sampled].join('; ');
  const step = lanes.length > 30 ? 10 : lanes.length > 3 ? 14 : 24;
  const y = { field: 'lane', type: 'nominal', title: null, sort: lanes, axis: { labelFontSize: 9, labelLimit: 260 } };
  const color = { field: 'state', type: 'nominal', title: 'state' };
  const tooltip = [
    { field: 'stateMachine', title: 'state machine' }, { field: 'executionId', title: 'execution' },
    { field: 'lane', title: 'state' }, { field: 'outcome' },
    { field: 'start', title: `entered (${u.name})`, format: ',.3f' }, { field: 'end', title: `ended (${u.name})`, format: ',.3f' },
  ];
  // A state shorter than a pixel or so (a Pass, a Choice: one transition) is drawn as a tick too.
  const short = r6(t(u, longest) / 400);
  return chart('execution-states', title, sub, {
    height: { step },
    data: { values: bars },
    layer: [
      {
        params: [ZOOM_X],
        mark: { type: 'bar', opacity: 0.85 },
        encoding: {
          y, x: { field: 'start', type: 'quantitative', title: `time since the execution started (${u.label})` }, x2: { field: 'end' }, color,
          stroke: {
            condition: { test: "datum.outcome !== 'succeeded'", field: 'outcome', type: 'nominal', title: 'outlined: outcome', scale: { domain: STATE_OUTCOMES, range: ['#222222', '#d62728', '#9467bd', '#9e9e9e'] } },
            value: null,
          },
          strokeWidth: { condition: { test: "datum.outcome !== 'succeeded'", value: 2 }, value: 0 },
          tooltip,
        },
      },
      {
        transform: [{ filter: `datum.end - datum.start < ${short}` }],
        mark: { type: 'tick', orient: 'vertical', thickness: 2 },
        encoding: { y, x: { field: 'start', type: 'quantitative' }, color, tooltip },
      },
    ],
  });
}
