// The run's charts as vega-lite specs: plain data, built from the records of an output folder
// (see read.ts) after aggregation (aggregate.ts). Same records -> same specs, byte for byte.
import {
  COST_PARTS,
  binSeries,
  costBars,
  instanceTimeline,
  interruptionBins,
  makeBins,
  queueWaitCdf,
  r6,
  runEnd,
  timeUnit,
  type Bins,
  type TimeUnit,
} from './aggregate.js';
import type { RunRecords } from './read.js';

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

/** Every chart of a run, in report order. */
export function buildCharts(rec: RunRecords): Chart[] {
  const end = runEnd(rec);
  const bins = makeBins(end);
  const unit = timeUnit(end);
  const name = typeof rec.summary.scenario === 'string' ? rec.summary.scenario : 'run';
  const binNote = `${bins.count} bins of ${formatSeconds(bins.width)}, maximum per bin`;
  return [
    queuesChart(rec, bins, unit, binNote),
    vcpusChart(rec, bins, unit, binNote),
    costChart(rec),
    queueWaitChart(rec),
    timelineChart(rec, end, bins.width, unit),
    interruptionsChart(rec, bins, unit),
  ].map((c) => ({ ...c, spec: { ...c.spec, description: `${name}: ${c.title}` } }));
}

function formatSeconds(s: number): string {
  if (s % 86400 === 0) return `${s / 86400} d`;
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

function queuesChart(rec: RunRecords, bins: Bins, u: TimeUnit, note: string): Chart {
  const values = binSeries(rec, 'jobQueue', ['RUNNABLE', 'RUNNING'], bins).map((p) => ({
    t: t(u, p.t), jobQueue: p.series, state: p.metric, jobs: p.value,
  }));
  const title = 'Jobs RUNNABLE and RUNNING per job queue';
  return chart('queues', title, note, {
    height: HEIGHT,
    data: { values },
    params: [ZOOM_X],
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: `time (${u.label})` },
      y: { field: 'jobs', type: 'quantitative', title: 'jobs' },
      color: { field: 'jobQueue', type: 'nominal', title: 'job queue' },
      strokeDash: { field: 'state', type: 'nominal', title: 'state', sort: ['RUNNING', 'RUNNABLE'] },
      tooltip: [
        { field: 'jobQueue', title: 'queue' },
        { field: 'state' },
        { field: 't', title: `time (${u.name})`, format: ',.2f' },
        { field: 'jobs', format: ',d' },
      ],
    },
  });
}

function vcpusChart(rec: RunRecords, bins: Bins, u: TimeUnit, note: string): Chart {
  const metrics = ['desiredvCpus', 'readyvCpus', 'busyvCpus'];
  const values: Record<string, unknown>[] = binSeries(rec, 'computeEnvironment', metrics, bins).map((p) => ({
    t: t(u, p.t), computeEnvironment: p.series, metric: p.metric.replace('vCpus', ''), vcpus: p.value,
  }));
  const ces = [...new Set(values.map((v) => v.computeEnvironment as string))];
  const ceSummary = rec.summary.computeEnvironments ?? {};
  const rules = ces.flatMap((ce) => {
    const max = ceSummary[ce]?.maxvCpus;
    return typeof max === 'number' ? [{ computeEnvironment: ce, maxvCpus: max }] : [];
  });
  const layers: VlSpec[] = [
    {
      data: { values },
      params: [ZOOM_X],
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
      encoding: {
        x: { field: 't', type: 'quantitative', title: `time (${u.label})` },
        y: { field: 'vcpus', type: 'quantitative', title: 'vCPUs' },
        color: { field: 'metric', type: 'nominal', title: 'vCPUs', scale: { domain: ['desired', 'ready', 'busy'], range: ['#9e9e9e', '#1f77b4', '#2ca02c'] } },
        strokeDash: { field: 'computeEnvironment', type: 'nominal', title: 'compute environment' },
        tooltip: [
          { field: 'computeEnvironment', title: 'compute environment' },
          { field: 'metric' },
          { field: 't', title: `time (${u.name})`, format: ',.2f' },
          { field: 'vcpus', format: ',d' },
        ],
      },
    },
  ];
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

function costChart(rec: RunRecords): Chart {
  const bars = costBars(rec).map((b) => ({ ...b, group: `${b.computeEnvironment} (${b.purchaseOption})` }));
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

function queueWaitChart(rec: RunRecords): Chart {
  const cdf = queueWaitCdf(rec);
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

function timelineChart(rec: RunRecords, end: number, gap: number, u: TimeUnit): Chart {
  const tl = instanceTimeline(rec, end, gap);
  const lanes = tl.lanes.map((l) => ({
    ...l, launchedAt: t(u, l.launchedAt), readyAt: l.readyAt === null ? null : t(u, l.readyAt), terminatedAt: t(u, l.terminatedAt),
  }));
  const bars = tl.bars.map((b) => ({ ...b, start: t(u, b.start), end: t(u, b.end) }));
  const reclaims = lanes.filter((l) => l.reclaimed).map((l) => ({ instanceId: l.instanceId, at: l.terminatedAt }));
  const title = tl.sampled
    ? `Instance timeline: first ${tl.lanes.length} of ${tl.totalInstances} instances by instanceId`
    : `Instance timeline: ${tl.lanes.length} instance${tl.lanes.length === 1 ? '' : 's'}`;
  const sub = [
    'grey: launching, light blue: ready; bars: job attempts by outcome; red cross: Spot reclaim',
    tl.merged ? `${tl.attemptsShown} attempts merged into ${tl.bars.length} bar${tl.bars.length === 1 ? '' : 's'} (same lane and outcome, gaps under ${formatSeconds(gap)})` : '',
  ].filter(Boolean).join('; ');
  const y = { field: 'instanceId', type: 'nominal', title: null, sort: lanes.map((l) => l.instanceId), axis: lanes.length > 40 ? { labels: false, ticks: false } : { labelFontSize: 9 } };
  const step = lanes.length > 100 ? 4 : lanes.length > 40 ? 7 : lanes.length > 3 ? 14 : 24;
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

function interruptionsChart(rec: RunRecords, bins: Bins, u: TimeUnit): Chart {
  const r = interruptionBins(rec, bins);
  const values = r.bins.map((b) => ({ t0: t(u, b.t0), t1: t(u, b.t1), kind: b.kind, count: b.count }));
  const title = 'Spot interruptions and retries over time';
  const sub = `${r.interruptions} attempts interrupted, ${r.retries} retries; bins of ${formatSeconds(bins.width)}`;
  return chart('interruptions', title, sub, {
    height: HEIGHT,
    data: { values },
    params: [ZOOM_X],
    mark: { type: 'bar', opacity: 0.8 },
    encoding: {
      x: { field: 't0', type: 'quantitative', title: `time (${u.label})`, scale: { domain: [0, t(u, bins.count * bins.width)] } },
      x2: { field: 't1' },
      y: { field: 'count', type: 'quantitative', title: 'attempts per bin', stack: null, scale: { zero: true }, axis: { tickMinStep: 1, format: 'd' } },
      y2: { datum: 0 },
      color: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['Spot interruptions', 'retries (attempt 2+)'], range: ['#d62728', '#ff9f40'] } },
      tooltip: [{ field: 'kind' }, { field: 't0', title: `from (${u.name})` }, { field: 't1', title: `to (${u.name})` }, { field: 'count' }],
    },
  });
}
