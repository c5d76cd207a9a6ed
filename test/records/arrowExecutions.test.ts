// `--format arrow` in runs with Step Functions state machines, and the column types of every Arrow
// file. arrow.test.ts reads back runs without state machines, so executions.arrow and the jobs
// table's executionId column (only in runs with state machines) are read back here, cell by cell
// against executions.csv and jobs.csv of the same run. And README's "Arrow files" section promises
// column types ("times and durations are float64 seconds, counts and codes int32, … strings that
// repeat … are dictionary-encoded; `reclaimed` is a boolean"): they are checked column by column,
// so that a column changing type (which breaks readers' code: pandas dtypes, polars schemas) fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataType, Precision, Type } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario, runScenario, writeRunOutputs, type RunOutput } from '../../src/index.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { readArrow, readsBack } from '../helpers/arrow.js';
import { catalog } from '../helpers/build.js';
import { ctx, doc } from '../helpers/pipeline.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function write(run: RunOutput): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-arrow-exec-'));
  dirs.push(dir);
  await writeRunOutputs(dir, run, 'records', { formats: ['csv', 'arrow'] });
  return dir;
}

const fromFile = (file: string): Promise<string> => write(runScenario(loadScenario(join(ROOT, file)).scenario!));

const task = (name: string, definition = 'work') => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::batch:submitJob.sync',
  Parameters: { JobName: name, JobQueue: 'main', JobDefinition: definition },
});

/**
 * The bundled pipeline (scenarios/pipeline-s3-map.yaml) has every job inside an execution and every
 * execution SUCCEEDED; this one has what it lacks: jobs outside any execution (an empty
 * executionId), executions that FAILED through a Catch into a Fail state (error, a cause with a
 * comma and quotes that the CSV must quote, failedState), and one still running when the clock
 * stops (`until`: empty stoppedAt and durationSeconds).
 */
function mixedPipeline(): RunOutput {
  const d = doc({
    StartAt: 'Route',
    States: {
      Route: { Type: 'Choice', Choices: [{ Variable: '$.kind', StringEquals: 'bad', Next: 'Bad' }], Default: 'Each' },
      Bad: { ...task('bad', 'broken'), Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }], End: true },
      Failed: { Type: 'Fail', Error: 'PipelineFailed', Cause: 'shard 3 failed, see "logs"' },
      Each: { Type: 'Map', ItemsPath: '$.samples', MaxConcurrency: 2, ItemProcessor: { StartAt: 'Align', States: { Align: { ...task('align'), End: true } } }, End: true },
    },
  }) as ReturnType<typeof doc> & { until?: string };
  d.workload = [
    { name: 'bad', arrivals: { at: [0, 60] }, stateMachine: 'sm', input: { kind: 'bad' } },
    { name: 'short', arrivals: { at: [30] }, stateMachine: 'sm', input: { kind: 'good', samples: [0, 1] } },
    // Three waves of ten-minute jobs: still running at `until`.
    { name: 'long', arrivals: { at: [120] }, stateMachine: 'sm', input: { kind: 'good', samples: [0, 1, 2, 3, 4, 5] } },
    { name: 'plain', arrivals: { at: [45, 90] }, jobs: [{ jobName: 'plain', jobQueue: 'main', jobDefinition: 'work' }] },
  ] as never;
  d.until = '25m';
  const parsed = parseScenario(d, ctx);
  expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return runScenario(parsed.scenario!, { catalog });
}

const column = (t: { header: string[]; body: string[][] }, name: string): string[] => {
  const c = t.header.indexOf(name);
  expect(c, name).toBeGreaterThanOrEqual(0);
  return t.body.map((row) => row[c]);
};

describe('Arrow files of runs with state machines', () => {
  it('scenarios/pipeline-s3-map.yaml: executions.arrow and jobs.arrow (with executionId) read back to the values of their CSVs', async () => {
    const dir = await fromFile('scenarios/pipeline-s3-map.yaml');
    const executions = readsBack(dir, 'executions');
    const jobs = readsBack(dir, 'jobs');
    expect(jobs.header.at(-1)).toBe('executionId');
    // Every job names an execution of executions.csv, and every execution has its jobs.
    const ids = new Set(column(executions, 'executionId'));
    expect(column(jobs, 'executionId').every((id) => ids.has(id))).toBe(true);
    expect(new Set(column(jobs, 'executionId'))).toEqual(ids);
    // The S3-triggered executions carry their object's size, a number beyond int32.
    expect(column(executions, 'objectSizeBytes').some((x) => Number(x) > 2 ** 31)).toBe(true);
  }, 60_000);

  it('failed, still running and no executions at all: every cell reads back, empty cells as nulls', async () => {
    const dir = await write(mixedPipeline());
    const executions = readsBack(dir, 'executions');
    const jobs = readsBack(dir, 'jobs');
    for (const name of ['attempts', 'instances', 'timeseries']) readsBack(dir, name);

    // The run has what this test is about (else the cell-by-cell comparison above proves little).
    const status = column(executions, 'status');
    expect(new Set(status)).toEqual(new Set(['FAILED', 'SUCCEEDED', 'RUNNING']));
    const e = executions.table;
    const failed = status.indexOf('FAILED');
    expect([e.getChild('error')!.get(failed), e.getChild('cause')!.get(failed), e.getChild('failedState')!.get(failed)]).toEqual(['PipelineFailed', 'shard 3 failed, see "logs"', 'Failed']);
    const running = status.indexOf('RUNNING');
    expect([e.getChild('stoppedAt')!.get(running), e.getChild('durationSeconds')!.get(running)]).toEqual([null, null]);
    // Zero latencies (test/helpers/pipeline.ts): an execution starts at its arrival.
    expect(e.getChild('startedAt')!.get(running)).toBe(120);

    // executionId: the plain jobs have none (null, the CSV's empty cell); the others name theirs.
    const csvIds = column(jobs, 'executionId');
    const names = column(jobs, 'jobName');
    const arrowIds = jobs.table.getChild('executionId')!;
    const ids = new Set(column(executions, 'executionId'));
    for (let i = 0; i < csvIds.length; i++) {
      if (names[i] === 'plain') expect(arrowIds.get(i), `job row ${i + 1}`).toBeNull();
      else {
        expect(ids.has(arrowIds.get(i)), `job row ${i + 1}: ${arrowIds.get(i)}`).toBe(true);
        expect(arrowIds.get(i)).toBe(csvIds[i]);
      }
    }
    expect(names.filter((n) => n === 'plain')).toHaveLength(2);
  }, 60_000);
});

// ---- column types ----

type Kind = 'float64' | 'int32' | 'dictionary' | 'utf8' | 'bool';

const isInt32 = (t: DataType): boolean => DataType.isInt(t) && t.bitWidth === 32 && t.isSigned;
const KIND: Record<Kind, (t: DataType) => boolean> = {
  float64: (t) => DataType.isFloat(t) && t.precision === Precision.DOUBLE,
  int32: isInt32,
  // Indices int32 (apache-arrow's default, what pyarrow reads as int32 codes), values UTF-8.
  dictionary: (t) => DataType.isDictionary(t) && DataType.isUtf8(t.dictionary) && isInt32(t.indices),
  utf8: (t) => DataType.isUtf8(t),
  bool: (t) => DataType.isBool(t),
};

/** What a field is, in the words of KIND (or the apache-arrow type's name when it is none of them). */
function kindOf(t: DataType): string {
  const k = (Object.keys(KIND) as Kind[]).find((x) => KIND[x](t));
  return k ?? `${Type[t.typeId]} (${String(t)})`;
}

const F = 'float64', I = 'int32', D = 'dictionary', S = 'utf8', B = 'bool';

/**
 * The promise, column by column. float64: times and durations (seconds), and the other real
 * numbers (vCPUs, which can be 0.25 on Fargate; money; utilisation; a sample's value; object sizes,
 * which pass int32). int32: counts and codes. dictionary: the strings that repeat (names, statuses,
 * outcomes, reasons, instance ids in jobs and attempts). utf8: one string per row (the row's own
 * id), and the free texts of a failed execution (error, cause, failedState), which the promise does
 * not name.
 */
const SCHEMA: Record<string, Record<string, Kind>> = {
  jobs: {
    jobId: S, jobName: D, jobQueue: D, jobDefinition: D, arrayIndex: I, status: D, attempts: I, vcpus: F, memoryMiB: I, gpus: I,
    submittedAt: F, runnableAt: F, startingAt: F, startedAt: F, stoppedAt: F, queueWaitSeconds: F,
    computeEnvironment: D, instanceType: D, instanceId: D, statusReason: D,
  },
  attempts: {
    jobId: S, attempt: I, computeEnvironment: D, instanceType: D, instanceId: D, startingAt: F, startedAt: F, stoppedAt: F,
    runSeconds: F, outcome: D, exitCode: I, statusReason: D,
  },
  instances: {
    instanceId: S, computeEnvironment: D, instanceType: D, purchaseOption: D, vcpus: F, memoryMiB: I, gpus: I,
    launchedAt: F, runningAt: F, readyAt: F, terminatedAt: F, reclaimed: B, billedSeconds: F, priceUsdPerHour: F, costUsd: F,
    computeCostUsd: F, ebsCostUsd: F, busyCostUsd: F, idleCostUsd: F, lostCostUsd: F, jobsRun: I, busyvCpuSeconds: F,
    lostvCpuSeconds: F, utilisation: F,
  },
  timeseries: { time: F, scope: D, name: D, metric: D, value: F },
  executions: {
    executionId: S, stateMachine: D, status: D, startedAt: F, stoppedAt: F, durationSeconds: F, stateTransitions: I, jobs: I,
    error: S, cause: S, failedState: S, objectSizeBytes: F,
  },
};
// In a run with state machines jobs gain executionId: an id that repeats (a job per execution
// state), like instanceId in jobs; pinned as written (plain UTF-8), the promise does not name it.
const JOBS_WITH_EXECUTIONS = { ...SCHEMA.jobs, executionId: S as Kind };

describe('Arrow column types are the ones README promises', () => {
  const runs: [string, () => Promise<string>][] = [
    // Fargate Spot (tasks as instances) and a pipeline (executions.arrow, jobs with executionId).
    ['scenarios/compare-fargate-spot.yaml', () => fromFile('scenarios/compare-fargate-spot.yaml')],
    ['scenarios/pipeline-s3-map.yaml', () => fromFile('scenarios/pipeline-s3-map.yaml')],
  ];
  const written = new Map<string, Promise<string>>();
  const dirOf = (file: string): Promise<string> => {
    if (!written.has(file)) written.set(file, runs.find(([f]) => f === file)![1]());
    return written.get(file)!;
  };

  // One test per table and run, so that a failure names the table; each lists every column whose
  // type is not the promised one, not only the first.
  it.each([
    ...['jobs', 'attempts', 'instances', 'timeseries'].map((t) => ['scenarios/compare-fargate-spot.yaml', t]),
    ...['jobs', 'attempts', 'instances', 'timeseries', 'executions'].map((t) => ['scenarios/pipeline-s3-map.yaml', t]),
  ])('%s: %s.arrow', async (file, name) => {
    const table = readArrow(await dirOf(file), name);
    const expected = name === 'jobs' && file.includes('pipeline') ? JOBS_WITH_EXECUTIONS : SCHEMA[name];
    const actual = Object.fromEntries(table.schema.fields.map((f) => [f.name, kindOf(f.type)]));
    expect(actual).toEqual(expected);
    // And in the CSV's order (the names above are the CSV's header, checked by the read-back tests).
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
  }, 60_000);

  it('the kinds tell the types apart (a float32, an int64, a plain string or a dictionary of ints is none of the promised ones it resembles)', async () => {
    const A = await import('apache-arrow');
    expect(kindOf(new A.Float64())).toBe('float64');
    expect(kindOf(new A.Float32())).not.toBe('float64');
    expect(kindOf(new A.Int32())).toBe('int32');
    expect(kindOf(new A.Int64())).not.toBe('int32');
    expect(kindOf(new A.Uint32())).not.toBe('int32');
    expect(kindOf(new A.Dictionary(new A.Utf8(), new A.Int32()))).toBe('dictionary');
    expect(kindOf(new A.Dictionary(new A.Int32(), new A.Int32()))).not.toBe('dictionary');
    expect(kindOf(new A.Dictionary(new A.Utf8(), new A.Int8()))).not.toBe('dictionary');
    expect(kindOf(new A.Utf8())).toBe('utf8');
    expect(kindOf(new A.Bool())).toBe('bool');
  });
});
