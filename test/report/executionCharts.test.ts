// The Step Functions charts: the running count of executions on the run's bins and the started and
// ended counts, worked out by hand on a tiny run; the sample execution's state spans (a Map of 3
// items, a failed Map's stopped iterations, lane sampling); the report rebuilt from charts.json
// alone draws them; a run without state machines has none of it.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadScenario, runScenario, writeReport, writeRunOutputs } from '../../src/index.js';
import { summarize } from '../../src/metrics/summary.js';
import { chartDataOfRun, parseChartsJson } from '../../src/report/charts/data.js';
import { executionCharts } from '../../src/report/charts/executions.js';
import { buildCharts } from '../../src/report/charts/specs.js';
import { doc, run } from '../helpers/pipeline.js';

const MIN = 60_000;

const task = (name: string, definition = 'work') => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::batch:submitJob.sync',
  Parameters: { JobName: name, JobQueue: 'main', JobDefinition: definition },
  End: true,
});

const mapOf = (processor: unknown, maxConcurrency: number) => ({
  StartAt: 'Each',
  States: { Each: { Type: 'Map', ItemsPath: '$.samples', MaxConcurrency: maxConcurrency, ItemProcessor: processor, End: true } },
});
const alignMap = (n: number, maxConcurrency: number) => doc(mapOf({ StartAt: 'Align', States: { Align: task('align') } }, maxConcurrency), { input: { samples: Array.from({ length: n }, (_, i) => i) } });

describe('executions over time', () => {
  it('two executions (0-600 s and 301-901 s): the running count per 2 s bin, and the starts and ends', () => {
    const r = run(doc({ StartAt: 'T', States: { T: task('t') } }, { arrivals: { at: ['0s', '301s'] } }));
    expect(r.pipelines!.executions.map((e) => [e.startMs, e.endMs])).toEqual([[0, 600_000], [301_000, 901_000]]);
    const data = chartDataOfRun(r);
    // 901 s fits in 512 bins of 2 s: 451 of them, the last [900, 902) cut at 901.
    expect(data.bins).toEqual({ widthSeconds: 2, count: 451 });
    const [s] = data.executions!.series;
    expect(s.machine).toBe('sm');
    // By hand: 1 running on [0, 301), 2 on [301, 600), 1 on [600, 901).
    const expected = (k: number): [number, number, number] => {
      if (k < 150) return [1, 1, 1];
      if (k === 150) return [1, 1.5, 2]; // [300, 302): 1 for a second, 2 for a second
      if (k < 300) return [2, 2, 2];
      return [1, 1, 1];
    };
    for (let k = 0; k < 451; k++) expect([s.min[k], s.mean[k], s.max[k]]).toEqual(expected(k));
    const at = (counts: number[]) => counts.flatMap((c, k) => (c > 0 ? [[k, c]] : []));
    expect(at(s.started)).toEqual([[0, 1], [150, 1]]);
    // 901 s is the run's end: it lands in the last bin.
    expect(at(s.ended)).toEqual([[300, 1], [450, 1]]);
  });

  it('an execution still running when the clock stops counts until the end and has not ended', () => {
    const d = doc({ StartAt: 'T', States: { T: task('t') } }, { arrivals: { at: ['0s', '301s'] } });
    const r = run({ ...d, until: '700s' });
    const [s] = chartDataOfRun(r).executions!.series;
    expect(s.started.reduce((x, y) => x + y)).toBe(2);
    expect(s.ended.reduce((x, y) => x + y)).toBe(1);
    expect(s.max.at(-1)).toBe(1);
    const [sample] = chartDataOfRun(r).executions!.samples;
    expect(sample.endSeconds).toBe(600);
  });

  it('bins that do not start at the base width: the series keeps the run\'s own width and count', () => {
    // 20 executions of a 10-minute Map over an hour or more: bins wider than 1 s.
    const d = alignMap(2, 0);
    const r = run({ ...d, workload: [{ ...d.workload[0], arrivals: { poisson: { perHour: 6 }, count: 20 } }] });
    const data = chartDataOfRun(r);
    expect(data.bins.widthSeconds).toBeGreaterThan(1);
    const [s] = data.executions!.series;
    for (const a of [s.min, s.mean, s.max, s.started, s.ended]) expect(a).toHaveLength(data.bins.count);
    expect(s.started.reduce((x, y) => x + y)).toBe(20);
    // The time-weighted mean integrates to the executions' total duration.
    const total = r.pipelines!.executions.reduce((x, e) => x + (e.endMs - e.startMs), 0) / 1000;
    const w = data.bins.widthSeconds;
    const area = s.mean.reduce((x, m, k) => x + m * (Math.min(data.endSeconds, (k + 1) * w) - k * w), 0);
    expect(area).toBeCloseTo(total, 3);
  });
});

describe("the sample execution's states", () => {
  it('a Map of 3 items under MaxConcurrency 2: the Map, then each iteration labelled with its index', () => {
    const r = run({ ...alignMap(3, 2), workload: [{ ...alignMap(3, 2).workload[0], arrivals: { at: ['0s', '0s'] } }] });
    const [first, second] = r.pipelines!.executions;
    expect(first.states).toEqual([
      { state: 'Each', label: 'Each', startMs: 0, endMs: 20 * MIN, outcome: 'succeeded' },
      { state: 'Align', label: 'Align [0]', startMs: 0, endMs: 10 * MIN, outcome: 'succeeded' },
      { state: 'Align', label: 'Align [1]', startMs: 0, endMs: 10 * MIN, outcome: 'succeeded' },
      { state: 'Align', label: 'Align [2]', startMs: 10 * MIN, endMs: 20 * MIN, outcome: 'succeeded' },
    ]);
    // Only the first execution of a machine keeps its states.
    expect(second.states).toBeUndefined();
    // Plain data: it survives structuredClone (a worker thread, a shard file).
    expect(structuredClone(r.pipelines!.executions[0])).toEqual(first);
    const [sample] = chartDataOfRun(r).executions!.samples;
    expect(sample).toEqual({
      machine: 'sm',
      executionId: 'exec-1',
      status: 'SUCCEEDED',
      startSeconds: 0,
      endSeconds: 1200,
      lanes: ['Each', 'Align [0]', 'Align [1]', 'Align [2]'],
      totalLanes: 4,
      bars: [
        { lane: 'Each', state: 'Each', start: 0, end: 1200, outcome: 'succeeded' },
        { lane: 'Align [0]', state: 'Align', start: 0, end: 600, outcome: 'succeeded' },
        { lane: 'Align [1]', state: 'Align', start: 0, end: 600, outcome: 'succeeded' },
        { lane: 'Align [2]', state: 'Align', start: 600, end: 1200, outcome: 'succeeded' },
      ],
    });
  });

  it('with latencies, a state starts when entered and ends when its outcome is known (after the sync lag)', () => {
    const d = doc({ StartAt: 'T', States: { T: task('t') } });
    const r = run({ ...d, assumptions: { ...d.assumptions, stepFunctions: { transitionLatency: '1s', syncLag: '5s' } } });
    // Entered at 0, acts at 1 s (the job runs 1 s to 601 s), known at 606 s.
    expect(r.pipelines!.executions[0].states).toEqual([{ state: 'T', label: 'T', startMs: 0, endMs: 606_000, outcome: 'succeeded' }]);
  });

  it('a failed iteration fails the Map: its state failed, the other iterations stopped at that instant', () => {
    const processor = {
      StartAt: 'Pick',
      States: {
        Pick: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 0, Next: 'Bad' }], Default: 'Good' },
        Bad: task('bad', 'broken'),
        Good: task('good'),
      },
    };
    const r = run(doc(mapOf(processor, 0), { input: { samples: [0, 1, 2] } }));
    const spans = r.pipelines!.executions[0].states!.map((s) => [s.label, s.endMs, s.outcome]);
    // In entry order: the three Choices at 0, then the Tasks they chose (each a transition later).
    expect(spans).toEqual([
      ['Each', 2 * MIN, 'failed'],
      ['Pick [0]', 0, 'succeeded'],
      ['Pick [1]', 0, 'succeeded'],
      ['Pick [2]', 0, 'succeeded'],
      ['Bad [0]', 2 * MIN, 'failed'],
      ['Good [1]', 2 * MIN, 'stopped'],
      ['Good [2]', 2 * MIN, 'stopped'],
    ]);
  });

  it('a caught error: the Task is caught, its handler runs after it, a Fail state fails', () => {
    const definition = {
      StartAt: 'T',
      States: {
        T: { ...task('t', 'broken'), End: undefined, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Wait' }], Next: 'Done' },
        Wait: { Type: 'Wait', Seconds: 60, Next: 'Boom' },
        Boom: { Type: 'Fail', Error: 'Boom' },
        Done: { Type: 'Succeed' },
      },
    };
    const r = run(doc(definition));
    expect(r.pipelines!.executions[0].states!.map((s) => [s.label, s.startMs, s.endMs, s.outcome])).toEqual([
      ['T', 0, 2 * MIN, 'caught'],
      ['Wait', 2 * MIN, 3 * MIN, 'succeeded'],
      ['Boom', 3 * MIN, 3 * MIN, 'failed'],
    ]);
  });

  it('more lanes than MAX_LANES: 60 of them, evenly spaced in entry order, first and last kept', () => {
    const d = doc(mapOf({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, 0), { input: { samples: Array.from({ length: 200 }, (_, i) => i) } });
    const r = run(d);
    expect(r.pipelines!.executions[0].states).toHaveLength(201);
    const [sample] = chartDataOfRun(r).executions!.samples;
    expect(sample.totalLanes).toBe(201);
    expect(sample.lanes).toHaveLength(60);
    expect(sample.lanes[0]).toBe('Each');
    expect(sample.lanes.at(-1)).toBe('P [199]');
    expect(new Set(sample.bars.map((x) => x.lane))).toEqual(new Set(sample.lanes));
    // Three lanes at most: the same spacing the instance timeline uses.
    expect(executionCharts(r.pipelines!, r.seriesBins, 3).samples[0].lanes).toEqual(['Each', 'P [99]', 'P [199]']);
    const chart = buildCharts(chartDataOfRun(r), summarize(r) as never).find((c) => c.name === 'execution-states')!;
    expect(chart.title).toBe('States of the first execution of the state machine');
    expect(JSON.stringify(chart.spec)).toContain('60 of 201 lanes, evenly spaced in entry order');
  });

  it('two state machines: a sample of each, lanes prefixed with the machine', () => {
    const d = alignMap(2, 0);
    const two = {
      ...d,
      stateMachines: [...d.stateMachines, { stateMachineName: 'other', definition: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 30, End: true } } } }],
      workload: [...d.workload, { name: 'o', arrivals: { at: ['0s', '60s'] }, stateMachine: 'other' }],
    };
    const ex = chartDataOfRun(run(two)).executions!;
    expect(ex.series.map((s) => s.machine)).toEqual(['sm', 'other']);
    expect(ex.samples.map((s) => [s.machine, s.lanes])).toEqual([
      ['sm', ['sm: Each', 'sm: Align [0]', 'sm: Align [1]']],
      ['other', ['other: W']],
    ]);
    expect(ex.samples[1].bars).toEqual([{ lane: 'other: W', state: 'W', start: 0, end: 30, outcome: 'succeeded' }]);
  });
});

describe('determinism', () => {
  it('the same S3-triggered scenario twice gives the same executions chart data and specs', () => {
    // A Map over the event's resources (the bucket's ARN): one iteration per upload.
    const definition = { StartAt: 'Each', States: { Each: { Type: 'Map', ItemsPath: '$.resources', ItemProcessor: { StartAt: 'Align', States: { Align: task('align') } }, End: true } } };
    const d = doc(definition, { arrivals: { poisson: { perHour: 6 }, count: 20 }, s3Trigger: { bucket: 'uploads', objectSize: '1 GiB' } });
    const make = () => {
      const r = run(d);
      expect(r.pipelines!.executions).toHaveLength(20);
      return JSON.stringify(buildCharts(chartDataOfRun(r), summarize(r) as never));
    };
    const a = make();
    expect(a).toContain('"name":"execution-states"');
    expect(make()).toBe(a);
  });
});

describe('the report', () => {
  it('is rebuilt from charts.json with both charts, byte-identical', async () => {
    const r = run(alignMap(3, 2));
    const d = mkdtempSync(join(tmpdir(), 'batchsim-sfn-charts-'));
    await writeRunOutputs(d, { result: r, summary: summarize(r) });
    const files = readdirSync(d);
    for (const name of ['executions', 'execution-states']) for (const ext of ['vl.json', 'svg', 'png']) expect(files).toContain(`${name}.${ext}`);
    const html = readFileSync(join(d, 'report.html'), 'utf8');
    expect(html).toContain('id="chart-executions"');
    expect(html).toContain('id="chart-execution-states"');
    const before = Object.fromEntries(['executions.vl.json', 'execution-states.vl.json', 'execution-states.svg'].map((f) => [f, readFileSync(join(d, f), 'utf8')]));
    // The charts and report.html gone: they are drawn again from charts.json (the CSVs are not read: see charts.test.ts).
    for (const f of readdirSync(d)) if (/\.(vl\.json|svg|png|html)$/.test(f)) rmSync(join(d, f));
    await writeReport(d);
    for (const [f, text] of Object.entries(before)) expect(readFileSync(join(d, f), 'utf8')).toBe(text);
    expect(readFileSync(join(d, 'report.html'), 'utf8')).toContain('id="chart-execution-states"');
  });

  it('a run without state machines has no executions in charts.json and neither chart', async () => {
    const s = loadScenario('scenarios/compare-ondemand.yaml', { catalog: loadCatalog() }).scenario!;
    const out = runScenario(s);
    const d = mkdtempSync(join(tmpdir(), 'batchsim-no-sfn-'));
    await writeRunOutputs(d, out, 'records');
    const data = parseChartsJson(join(d, 'charts.json'), readFileSync(join(d, 'charts.json'), 'utf8'));
    expect('executions' in data).toBe(false);
    expect(buildCharts(data, out.summary as never).map((c) => c.name)).not.toContain('executions');
  });
});
