// Step Functions executions on the AWS Batch model, end to end from a scenario document: exact
// traces on tiny scenarios (zero latencies unless a test sets them), Retry and Catch with real
// failing jobs, TerminateJob of a failed Map's other jobs, S3-triggered executions, the summary,
// executions.csv and the located errors of validation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseScenario, parseScenarioFile } from '../../src/scenario/parse.js';
import { simulate } from '../../src/plan/simulate.js';
import { summarize } from '../../src/metrics/summary.js';
import { formatSummary } from '../../src/report/terminal.js';
import { recordTables } from '../../src/records/tables.js';
import { JOB_STATUS_NAMES } from '../../src/model/types.js';
import { transferMs } from '../../src/model/dataMovement.js';
import * as b from '../helpers/build.js';
import { ctx, doc, run } from '../helpers/pipeline.js';

const MIN = 60_000;

const task = (name: string, definition = 'work', extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::batch:submitJob.sync',
  Parameters: { JobName: name, JobQueue: 'main', JobDefinition: definition },
  ...extra,
});

function errors(document: unknown) {
  return parseScenario(document, ctx).issues.filter((i) => i.severity === 'error').map((i) => `${i.path}: ${i.message}`);
}

const jobRows = (r: ReturnType<typeof run>) =>
  Array.from({ length: r.jobs.count }, (_, i) => ({
    name: r.jobs.strings[r.jobs.jobName[i]],
    status: JOB_STATUS_NAMES[r.jobs.status[i]],
    submittedAt: r.jobs.submittedAt[i],
    startedAt: r.jobs.startedAt[i],
    stoppedAt: r.jobs.stoppedAt[i],
    reason: r.jobs.strings[r.jobs.statusReason[i]],
  }));

const mapOf = (processor: unknown, maxConcurrency: number) => ({
  StartAt: 'Each',
  States: { Each: { Type: 'Map', ItemsPath: '$.samples', MaxConcurrency: maxConcurrency, ItemProcessor: processor, End: true } },
});

/** A Map iteration whose item 0 runs the failing job, every other item the ten-minute one. */
const pickBad = {
  StartAt: 'Pick',
  States: {
    Pick: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 0, Next: 'Bad' }], Default: 'Good' },
    Bad: { ...task('bad', 'broken'), End: true },
    Good: { ...task('good'), End: true },
  },
};

describe('a Map of Batch jobs', () => {
  it('20 items with MaxConcurrency 5 over ten-minute jobs run in four waves on the fleet, and the execution ends with the last', () => {
    const r = run(doc(mapOf({ StartAt: 'Align', States: { Align: { ...task('align'), End: true } } }, 5), { input: { samples: Array.from({ length: 20 }, (_, i) => i) } }));
    const jobs = jobRows(r);
    expect(jobs.map((j) => j.submittedAt / MIN)).toEqual([0, 0, 0, 0, 0, 10, 10, 10, 10, 10, 20, 20, 20, 20, 20, 30, 30, 30, 30, 30]);
    expect(jobs.every((j) => j.status === 'SUCCEEDED' && j.startedAt === j.submittedAt)).toBe(true);
    const e = r.pipelines!.executions;
    expect(e.map((x) => [x.status, x.startMs, x.endMs, x.transitions, x.jobIds.length])).toEqual([['SUCCEEDED', 0, 40 * MIN, 21, 20]]);
    // Every job row names its execution.
    expect([...r.pipelines!.executionOfJob]).toEqual(new Array(20).fill(0));
  });

  it('with default latencies: each wave starts a transition and a sync lag after the last one ended', () => {
    const d = doc(mapOf({ StartAt: 'Align', States: { Align: { ...task('align'), End: true } } }, 5), { input: { samples: Array.from({ length: 10 }, (_, i) => i) } });
    delete (d.assumptions as Record<string, unknown>).stepFunctions;
    const jobs = jobRows(run(d));
    // Map entered (100 ms), Align entered (100 ms); the next wave: the job's end, 5 s sync lag, 100 ms.
    expect(jobs.map((j) => j.submittedAt)).toEqual([...new Array(5).fill(200), ...new Array(5).fill(200 + 10 * MIN + 5000 + 100)]);
  });

  it('a failed iteration fails the Map and Batch terminates the jobs of the others (FAILED, never retried)', () => {
    const r = run(doc(mapOf(pickBad, 0), { input: { samples: [0, 1, 2] } }));
    const jobs = jobRows(r);
    expect(jobs.map((j) => [j.name, j.status, j.stoppedAt])).toEqual([
      ['bad', 'FAILED', 2 * MIN],
      ['good', 'FAILED', 2 * MIN],
      ['good', 'FAILED', 2 * MIN],
    ]);
    expect(jobs[1].reason).toBe('Step Functions Map iteration stopped: another iteration failed');
    expect(r.attempts.count).toBe(3);
    const e = r.pipelines!.executions[0];
    expect([e.status, e.error, e.failedState]).toEqual(['FAILED', 'States.TaskFailed', 'Bad']);
  });

  it('TerminateJob takes RUNNABLE jobs out of their queue: they never start, and the queue serves what comes next', () => {
    const d = doc(mapOf(pickBad, 0), { input: { samples: [0, 1, 2, 3, 4, 5, 6] } });
    d.workload.push({ name: 'later', arrivals: { at: [180] }, jobs: [{ jobName: 'later', jobQueue: 'main', jobDefinition: 'work' }] } as never);
    const r = run(d);
    const jobs = jobRows(r);
    // Five instances: five jobs start at 0, two wait RUNNABLE; the bad one fails at 2 min and the Map stops all.
    expect(jobs.slice(0, 7).map((j) => [j.status, j.startedAt, j.stoppedAt])).toEqual([
      ...new Array(5).fill(['FAILED', 0, 2 * MIN]),
      ...new Array(2).fill(['FAILED', -1, 2 * MIN]),
    ]);
    // The five that started, and the later job.
    expect(r.attempts.count).toBe(6);
    expect(jobs[7]).toMatchObject({ name: 'later', status: 'SUCCEEDED', startedAt: 3 * MIN });
  });
});

describe('intrinsic functions in a pipeline', () => {
  const shards = {
    StartAt: 'Plan',
    States: {
      Plan: { Type: 'Pass', Parameters: { 'shards.$': 'States.ArrayRange(1, $.count, 1)' }, Next: 'Each' },
      Each: {
        Type: 'Map',
        ItemsPath: '$.shards',
        ItemSelector: { 'name.$': "States.Format('align-{}', $$.Map.Item.Value)" },
        ItemProcessor: { StartAt: 'Align', States: { Align: { ...task('align'), Parameters: { 'JobName.$': '$.name', JobQueue: 'main', JobDefinition: 'work' }, End: true } } },
        End: true,
      },
    },
  };

  it('a Map over States.ArrayRange(1, $.count, 1), its jobs named with States.Format', () => {
    expect(jobRows(run(doc(shards, { input: { count: 3 } }))).map((j) => j.name)).toEqual(['align-1', 'align-2', 'align-3']);
  });

  it('an intrinsic function that would fail on the input is located before the run', () => {
    expect(errors(doc(shards, { input: { count: 2000 } }))).toEqual([
      'stateMachines[0].definition.States.Plan.Parameters: the first execution started by workload[0] ("w") would fail with States.IntrinsicFailure: Parameters: States.ArrayRange(1, $.count, 1): the range has 2000 elements; at most 1000 (its input: workload[0].input)',
    ]);
  });
});

describe('properties of a Map of jobs', () => {
  it('every item is one job, at most MaxConcurrency run at once, the execution ends after its last job, and the bill is never negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 3 }), (items, limit, seed) => {
        const d = doc(mapOf({ StartAt: 'Align', States: { Align: { ...task('align'), End: true } } }, limit), { input: { samples: Array.from({ length: items }, (_, i) => i) } });
        (d.jobDefinitions[0] as Record<string, unknown>).simulation = { runtime: { uniform: { min: '1m', max: '20m' } } };
        const r = run({ ...d, seed });
        const jobs = jobRows(r);
        expect(jobs).toHaveLength(items);
        expect(jobs.every((j) => j.status === 'SUCCEEDED')).toBe(true);
        // Jobs of the Map running at once (a job holds its Map slot from submission to its end).
        const events = jobs.flatMap((j) => [[j.submittedAt, 1], [j.stoppedAt, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        let now = 0;
        let most = 0;
        for (const [, delta] of events) most = Math.max(most, (now += delta));
        expect(most).toBeLessThanOrEqual(limit === 0 ? items : Math.min(limit, items));
        const e = r.pipelines!.executions[0];
        expect(e.endMs).toBeGreaterThanOrEqual(Math.max(...jobs.map((j) => j.stoppedAt)));
        expect(e.transitions).toBe(1 + items);
        const s = summarize(r);
        expect(s.stateMachines!.sm.costUsd).toBeGreaterThanOrEqual(0);
        expect(s.costUsd.total).toBeGreaterThanOrEqual(s.costUsd.compute);
      }),
      { numRuns: 40 },
    );
  });
});

describe('Retry, Catch and Choice with real jobs', () => {
  it('Retry with backoff submits the documented number of jobs at the documented times', () => {
    const r = run(doc({ StartAt: 'T', States: { T: { ...task('t', 'broken'), Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 10, MaxAttempts: 3, BackoffRate: 2 }], End: true } } }));
    // Each job fails after 2 min; retries wait 10 s, 20 s, 40 s (IntervalSeconds x BackoffRate^n).
    const at = [0];
    for (const wait of [10_000, 20_000, 40_000]) at.push(at[at.length - 1] + 2 * MIN + wait);
    expect(jobRows(r).map((j) => j.submittedAt)).toEqual(at);
    const e = r.pipelines!.executions[0];
    expect([e.status, e.error, e.endMs]).toEqual(['FAILED', 'States.TaskFailed', at[3] + 2 * MIN]);
    // Four Task attempts: the state entered once, and each of three retries a transition.
    expect(e.transitions).toBe(4);
  });

  it('Catch routes a failed job to its handler, which gets the error at ResultPath', () => {
    const r = run(doc({
      StartAt: 'T',
      States: {
        T: { ...task('t', 'broken'), Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Cleanup' }], Next: 'Publish' },
        Publish: { ...task('publish'), End: true },
        Cleanup: { ...task('cleanup'), Parameters: { 'JobName.$': '$.error.Error', JobQueue: 'main', JobDefinition: 'work' }, End: true },
      },
    }));
    expect(jobRows(r).map((j) => [j.name, j.status, j.submittedAt])).toEqual([
      ['t', 'FAILED', 0],
      ['States.TaskFailed', 'SUCCEEDED', 2 * MIN],
    ]);
    expect(r.pipelines!.executions[0].status).toBe('SUCCEEDED');
  });

  it("a Choice on the job's status and exit code takes the right branch", () => {
    const r = run(doc({
      StartAt: 'T',
      States: {
        T: { ...task('t'), Next: 'Check' },
        Check: {
          Type: 'Choice',
          Choices: [{ And: [{ Variable: '$.Status', StringEquals: 'SUCCEEDED' }, { Variable: '$.Container.ExitCode', NumericEquals: 0 }], Next: 'Publish' }],
          Default: 'Alarm',
        },
        Publish: { ...task('publish'), End: true },
        Alarm: { Type: 'Fail', Error: 'Unexpected' },
      },
    }));
    expect(jobRows(r).map((j) => [j.name, j.submittedAt])).toEqual([
      ['t', 0],
      ['publish', 10 * MIN],
    ]);
  });

  it('DependsOn by the job id an earlier Task returned, and an array job of the Map size', () => {
    const r = run(doc({
      StartAt: 'Prep',
      States: {
        Prep: { ...task('prep', 'work', { Resource: 'arn:aws:states:::batch:submitJob' }), ResultPath: '$.prep', Next: 'Fan' },
        Fan: { ...task('fan'), Parameters: { JobName: 'fan', JobQueue: 'main', JobDefinition: 'work', ArrayProperties: { Size: 4 }, DependsOn: [{ 'JobId.$': '$.prep.JobId' }] }, End: true },
      },
    }));
    const jobs = jobRows(r);
    // prep (no wait: submitJob without .sync), then the array parent and its four children, which wait for prep.
    expect(jobs.map((j) => [j.name, j.submittedAt, j.startedAt])).toEqual([
      ['prep', 0, 0],
      ['fan', 0, -1],
      ['fan', 0, 10 * MIN],
      ['fan', 0, 10 * MIN],
      ['fan', 0, 10 * MIN],
      ['fan', 0, 10 * MIN],
    ]);
    expect(r.pipelines!.executions[0].endMs).toBe(20 * MIN);
  });
});

describe('S3-triggered executions', () => {
  it('each upload starts an execution after EventBridge delivers its event; the object size reaches the input', () => {
    const definition = { StartAt: 'T', States: { T: { ...task('t'), Parameters: { JobName: 't', JobQueue: 'main', JobDefinition: 'work', Parameters: { 'key.$': '$.detail.object.key', 'size.$': '$.detail.object.size' } }, End: true } } };
    const r = run(doc(definition, { arrivals: { every: '30m', count: 3 }, s3Trigger: { bucket: 'uploads', keyPrefix: 'raw/', objectSize: '3 GiB' } }, { eventBridge: { deliveryLatency: '4s' } }));
    const e = r.pipelines!.executions;
    // every 30m starts at 30m (the first arrival one interval in); each execution 4 s after its upload.
    expect(e.map((x) => x.startMs)).toEqual([30 * MIN + 4000, 60 * MIN + 4000, 90 * MIN + 4000]);
    expect([...r.pipelines!.objectBytes]).toEqual([3 * 2 ** 30, 3 * 2 ** 30, 3 * 2 ** 30]);
    const csv = recordTables(r).find((t) => t.name === 'executions')!;
    expect(csv.line(0)).toBe(`exec-1,sm,SUCCEEDED,1804.000,2404.000,600.000,1,1,,,,${3 * 2 ** 30}`);
  });
});

describe('recorded uploads (s3Trigger.objects)', () => {
  const definition = { StartAt: 'T', States: { T: { ...task('t'), Parameters: { 'JobName.$': '$.detail.object.key', JobQueue: 'main', JobDefinition: 'work' }, End: true } } };
  const withFile = (csv: string) => {
    const d = doc(definition, { s3Trigger: { bucket: 'b', objects: { file: 'uploads.csv' } } }, { eventBridge: { deliveryLatency: '1s' } });
    delete (d.workload[0] as Record<string, unknown>).arrivals;
    return { d, files: new Map([['uploads.csv', csv]]) };
  };

  it('each row is an upload at its time (after startAt, or an ISO instant), with its key and size, in time order', () => {
    const { d, files } = withFile('time,key,size,etag\n2024-01-01T00:30:00Z,raw/b.fq,2 GiB,x\n600,raw/a.fq,1048576,y\n45m,raw/c.fq,3 GiB,z\n');
    const parsed = parseScenario(d, { ...ctx, files });
    expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const r = simulate(parsed.scenario!, b.catalog);
    expect(r.pipelines!.executions.map((e) => e.startMs)).toEqual([10 * MIN + 1000, 30 * MIN + 1000, 45 * MIN + 1000]);
    expect([...r.pipelines!.objectBytes]).toEqual([2 ** 20, 2 * 2 ** 30, 3 * 2 ** 30]);
    expect(jobRows(r).map((j) => j.name)).toEqual(['raw/a.fq', 'raw/b.fq', 'raw/c.fq']);
  });

  it('a bad row is located by file and line; arrivals beside recorded uploads are refused', () => {
    const { d, files } = withFile('time,key,size\n0,a,1 GiB\nsoon,b,1 GiB\n60,c,big\n');
    expect(parseScenario(d, { ...ctx, files }).issues.filter((i) => i.severity === 'error').map((i) => `${i.path}: ${i.message}`)).toEqual([
      'workload[0].s3Trigger.objects.file: uploads.csv:3: time "soon" is not a time (seconds, a duration like 90s, or an ISO 8601 instant)',
      'workload[0].s3Trigger.objects.file: uploads.csv:4: size "big" is not a size (bytes, or e.g. 2 GiB)',
    ]);
    // The file's own line, past a blank line and a quoted key that spans two lines.
    const spaced = withFile('time,key,size\n0,a,1 GiB\n\n0,"two\nlines",1 GiB\nsoon,b,1 GiB\n');
    expect(parseScenario(spaced.d, { ...ctx, files: spaced.files }).issues.filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([
      'uploads.csv:6: time "soon" is not a time (seconds, a duration like 90s, or an ISO 8601 instant)',
    ]);
    const both = withFile('time,key,size\n0,a,1 GiB\n');
    (both.d.workload[0] as Record<string, unknown>).arrivals = { at: [0] };
    expect(parseScenario(both.d, { ...ctx, files: both.files }).issues.filter((i) => i.severity === 'error').map((i) => i.path)).toEqual(['workload[0].arrivals']);
    const noColumns = withFile('when,key\n0,a\n');
    expect(parseScenario(noColumns.d, { ...ctx, files: noColumns.files }).issues.filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([
      'uploads.csv needs the columns time, key and size (missing: time, size; it has when, key)',
    ]);
  });
});

describe('side files', () => {
  it('a definition in its own ASL file and recorded uploads in a gzipped CSV, both relative to the scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batchsim-sfn-'));
    writeFileSync(join(dir, 'sm.asl.json'), JSON.stringify({ StartAt: 'T', States: { T: { ...task('t'), End: true } } }));
    writeFileSync(join(dir, 'uploads.csv.gz'), gzipSync('time,key,size\n0,a,1 GiB\n60,b,1 GiB\n'));
    const d = doc({ file: 'sm.asl.json' }, { s3Trigger: { bucket: 'b', objects: { file: 'uploads.csv.gz' } } }, { eventBridge: { deliveryLatency: 0 } });
    delete (d.workload[0] as Record<string, unknown>).arrivals;
    writeFileSync(join(dir, 's.json'), JSON.stringify(d));
    const parsed = parseScenarioFile(join(dir, 's.json'), { catalog: b.catalog });
    expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(simulate(parsed.scenario!, b.catalog).pipelines!.executions.map((e) => e.startMs)).toEqual([0, 60_000]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('the triggering object as the job\'s input data', () => {
  it('a definition with readTriggeringObject reads the uploaded object at the instance\'s bandwidth before its work', () => {
    const definition = { StartAt: 'T', States: { T: { ...task('t'), End: true } } };
    const d = doc(definition, { arrivals: { at: [0] }, s3Trigger: { bucket: 'uploads', objectSize: '3 GiB' } }, { eventBridge: { deliveryLatency: 0 } });
    (d.jobDefinitions[0] as Record<string, unknown>).simulation = { runtime: '10m', data: { readTriggeringObject: true, writeGiB: 0 } };
    const r = run(d);
    const mbps = b.catalog.instanceTypes.get('c5.xlarge')!.networkMbps!;
    const readMs = transferMs(3 * 2 ** 30, mbps);
    expect(readMs).toBeGreaterThan(1000);
    expect(jobRows(r)[0].stoppedAt).toBe(10 * MIN + readMs);
    expect(summarize(r).data!.s3.readGiB).toBe(3);
  });
});

describe('the summary and the records', () => {
  it('counts executions, durations and transitions, and bills Standard transitions at $0.025 per 1,000', () => {
    const r = run(doc(mapOf({ StartAt: 'Align', States: { Align: { ...task('align'), End: true } } }, 5), { arrivals: { at: [0, 0] }, input: { samples: [1, 2] } }));
    const s = summarize(r);
    expect(s.stateMachines!.sm).toMatchObject({
      type: 'STANDARD',
      executions: { started: 2, succeeded: 2, failed: 0, timedOut: 0, running: 0 },
      durationSeconds: { mean: 600, max: 600 },
      stateTransitions: 6,
      jobsSubmitted: 4,
      costUsd: 0.00015,
    });
    expect(s.costUsd.stepFunctions).toBe(0.00015);
    expect(s.costUsd.total).toBeCloseTo(s.costUsd.compute + s.costUsd.ebs + 0.00015, 6);
    // The scenario's own transition price (prices.pipeline): 6 transitions at $0.05 per 1,000.
    const priced = doc(mapOf({ StartAt: 'Align', States: { Align: { ...task('align'), End: true } } }, 5), { arrivals: { at: [0, 0] }, input: { samples: [1, 2] } });
    (priced as Record<string, unknown>).prices = { pipeline: { stepFunctions: { standardUsdPerThousandTransitions: 0.05 } } };
    expect(summarize(run(priced)).stateMachines!.sm.costUsd).toBe(0.0003);
    const jobs = recordTables(r).find((t) => t.name === 'jobs')!;
    expect(jobs.columns.at(-1)).toBe('executionId');
    // Both executions start at 0: the first's Map submits its two jobs first.
    expect([0, 1, 2, 3].map((i) => jobs.line(i).split(',').at(-1))).toEqual(['exec-1', 'exec-1', 'exec-2', 'exec-2']);
  });

  it('the terminal summary has an executions line per state machine and Step Functions in the cost line', () => {
    // Continuation lines (indented 14) joined back, as the line was before wrapping.
    const text = formatSummary(summarize(run(doc({ StartAt: 'T', States: { T: { ...task('t', 'broken'), End: true } } }, { arrivals: { at: [0, 60] } })))).replace(/\n {14}/g, ' ');
    expect(text).toMatch(/\n {2}executions {2}sm: 2 started, 0 succeeded, 2 failed \(2 States\.TaskFailed\); duration p50 2\.0 min p95 2\.0 min max 2\.0 min; 2 jobs, 2 transitions, \$0\.0001 Standard\n/);
    expect(text).toMatch(/cost {8}\$[0-9.]+ \(.*Step Functions \$0\.0001\)/);
  });

  it('Express workflows are billed per request and GB-second, and last at most five minutes', () => {
    // Request Response only: submit, then wait; the second execution's Wait outlasts five minutes.
    const d = doc({ StartAt: 'T', States: { T: { ...task('t', 'work', { Resource: 'arn:aws:states:::batch:submitJob' }), ResultPath: '$.job', Next: 'W' }, W: { Type: 'Wait', SecondsPath: '$.wait', End: true } } }, { input: { wait: 120 } });
    (d.stateMachines[0] as Record<string, unknown>).type = 'EXPRESS';
    const r = run(d);
    const s = summarize(r);
    // One request ($1 per million) and 120 s x 64 MB = 0.00208 GB-h at $0.06.
    expect(s.stateMachines!.sm.costUsd).toBe(Math.round((1e-6 + ((120 * 64) / 1024 / 3600) * 0.06) * 1e6) / 1e6);
    (d.workload[0] as Record<string, unknown>).input = { wait: 400 };
    const e = run(d).pipelines!.executions[0];
    expect([e.status, e.error, e.endMs]).toEqual(['TIMED_OUT', 'States.Timeout', 300_000]);
  });

  it('an Express workflow with a .sync Task is refused where the Task names it', () => {
    const d = doc(mapOf({ StartAt: 'Align', States: { Align: { ...task('align'), End: true } } }, 2), { input: { samples: [1] } });
    (d.stateMachines[0] as Record<string, unknown>).type = 'EXPRESS';
    expect(errors(d)).toEqual([
      'stateMachines[0].definition.States.Each.ItemProcessor.States.Align.Resource: an EXPRESS workflow cannot wait for a job (Align: submitJob.sync, Run a Job): Express supports only Request Response; use type STANDARD, or arn:aws:states:::batch:submitJob',
    ]);
  });

  it('the same scenario twice gives the same executions.csv and jobs.csv bytes', () => {
    const d = doc(mapOf({ StartAt: 'Align', States: { Align: { ...task('align'), End: true } } }, 3), { arrivals: { poisson: { perHour: 6 }, count: 5 }, s3Trigger: { bucket: 'b', objectSize: { lognormal: { median: '1 GiB', p95: '8 GiB' } } } });
    (d.stateMachines[0].definition as { States: { Each: { ItemsPath: string } } }).States.Each.ItemsPath = '$.resources';
    const text = () => recordTables(run(d)).filter((t) => t.name === 'executions' || t.name === 'jobs').map((t) => Array.from({ length: t.rowCount }, (_, i) => t.line(i)).join('\n')).join('\n');
    expect(text()).toBe(text());
  });
});

describe('bad input: located, before anything runs', () => {
  const ok = { StartAt: 'Align', States: { Align: { ...task('align'), End: true } } };
  it('a group naming no state machine, or with both jobs and a state machine', () => {
    expect(errors({ ...doc(ok), workload: [{ name: 'w', arrivals: { at: [0] }, stateMachine: 'smm' }] })).toEqual([
      'workload[0].stateMachine: no state machine named "smm"; did you mean "sm"?',
    ]);
    expect(errors(doc(ok, { jobs: [{ jobName: 'j', jobQueue: 'main', jobDefinition: 'work' }] }))[0]).toMatch(/^workload\[0\]\.jobs: a workload group has either `jobs`/);
  });

  it('a Task naming a queue or a definition that does not exist', () => {
    const bad = { StartAt: 'Align', States: { Align: { ...task('align'), Parameters: { JobName: 'a', JobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/mian', JobDefinition: 'work:3' }, End: true } } };
    expect(errors(doc(bad))).toEqual(['stateMachines[0].definition.States.Align.Parameters.JobQueue: no job queue named "arn:aws:batch:us-east-1:123456789012:job-queue/mian"']);
  });

  it('a path that selects nothing in the given input, at the state that uses it', () => {
    const d = doc(mapOf({ StartAt: 'Align', States: { Align: { ...task('align'), End: true } } }, 5), { input: { sample: [1] } });
    expect(errors(d)).toEqual([
      'stateMachines[0].definition.States.Each.ItemsPath: the first execution started by workload[0] ("w") would fail with States.Runtime: ItemsPath $.samples does not select a list (its input: workload[0].input)',
    ]);
  });

  it('not valid ASL: a Next naming no state', () => {
    const d = doc({ StartAt: 'Align', States: { Align: { ...task('align'), Next: 'Sort' } } });
    expect(errors(d)[0]).toMatch(/^stateMachines\[0\]\.definition\.States\.Align\.Next: /);
  });
});
