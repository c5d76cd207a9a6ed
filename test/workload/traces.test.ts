// Trace readers (SWF, CSV, describe-jobs) and trace arrivals through load + normalize.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { formatIssue, type Issue } from '../../src/scenario/issues.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { parseScenario } from '../../src/scenario/parse.js';
import type { Trace } from '../../src/scenario/types.js';
import { parseCsvTrace, parseDescribeJobs, parseSwf, parseTrace, type TraceResult } from '../../src/workload/traces/parse.js';
import { traceDurationMs } from '../../src/workload/traces/common.js';
import { fakeCatalog } from '../scenario/fake-catalog.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/traces/', import.meta.url));
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const RAW = '/work/shared/data/raw/traces/swf';

function ok(result: TraceResult): Trace {
  if (!result.ok) throw new Error(`expected a trace, got ${JSON.stringify(result.errors)}`);
  return result.trace;
}
function errors(result: TraceResult): string[] {
  if (result.ok) throw new Error('expected errors');
  return result.errors.map((e) => `${e.line}: ${e.message}`);
}

describe('SWF', () => {
  it('reads the KTH-SP2 excerpt: header, records, fields', () => {
    const trace = ok(parseSwf(fixture('kth-sp2-200.swf')));
    expect(trace.meta).toEqual({ records: 200, maxProcs: 100, startEpochMs: (843480031 + 599850) * 1000 });
    expect(trace.skipped).toEqual({});
    expect(trace.jobs).toHaveLength(200);
    // 15   599850 192180   3477    4  -1 -1    4  53940  -1  1  12  12 …
    expect(trace.jobs[0]).toEqual({
      submitMs: 0, runtimeMs: 3_477_000, vcpus: 4, memoryMiB: null, requestedMs: 53_940_000, queue: null, shareIdentifier: 'user12', name: 'job15',
    });
    // 17   600476 364560 215337    5  -1 -1    5 215400  -1  0  14  14 …
    expect(trace.jobs[2]).toMatchObject({ submitMs: 626_000, runtimeMs: 215_337_000, vcpus: 5, requestedMs: 215_400_000, shareIdentifier: 'user14' });
    // 218   699529   6720     12    4 …  33
    expect(trace.jobs[199]).toMatchObject({ submitMs: (699529 - 599850) * 1000, runtimeMs: 12_000, vcpus: 4, shareIdentifier: 'user33', name: 'job218' });
    for (let i = 1; i < trace.jobs.length; i++) expect(trace.jobs[i].submitMs).toBeGreaterThanOrEqual(trace.jobs[i - 1].submitMs);
  });

  const SMALL = [
    '; MaxNodes: 64',
    '; UnixStartTime: 1000',
    '1  100  5  60  4  -1  -1  4  120  -1  1  7  1  -1  1  -1  -1  -1',
    '2  110  0  -1  2  -1  -1  2  120  -1  5  7  1  -1  1  -1  -1  -1', // cancelled before start
    '3  120  0   0  2  -1  -1  2  120  -1  1  7  1  -1  1  -1  -1  -1', // no runtime
    '4  130  0  30 -1  -1  -1 -1  120  -1  1  8  1  -1  1  -1  -1  -1', // no processors
    '5  105  0  30.5 -1 -1 2048  8  -1  1024  0  -1  1  -1  1  -1  -1  -1', // requested procs, requested memory, failed
    '6  140  0  -1  2  -1  -1  2  120  -1  -1  9  1  -1  1  -1  -1  -1', // unknown runtime
    '7  100  0  10  1  -1  512  1  60  -1  1  9  1  -1  1  -1  -1  -1', // same submit as job 1: stays after it
  ].join('\n');

  it('skips what cannot be replayed, by reason, and fills the rest', () => {
    const trace = ok(parseSwf(SMALL));
    expect(trace.skipped).toEqual({ cancelled: 1, noRuntime: 2, noProcessors: 1 });
    expect(trace.meta).toEqual({ records: 7, maxProcs: 64, startEpochMs: 1_100_000 });
    expect(trace.jobs.map((j) => j.name)).toEqual(['job1', 'job7', 'job5']);
    expect(trace.jobs[1]).toMatchObject({ submitMs: 0, memoryMiB: 1 }); // used memory 512 KB x 1 proc
    expect(trace.jobs[2]).toEqual({
      submitMs: 5_000, runtimeMs: 30_500, vcpus: 8, memoryMiB: 8, requestedMs: null, queue: null, shareIdentifier: null, name: 'job5',
    });
  });

  it('applies limit, timeScale and keepAbsolute', () => {
    expect(ok(parseSwf(SMALL, { limit: 2 })).jobs.map((j) => j.name)).toEqual(['job1', 'job7']);
    expect(ok(parseSwf(SMALL, { timeScale: 0.5 })).jobs.map((j) => j.submitMs)).toEqual([0, 0, 2_500]);
    const absolute = ok(parseSwf(SMALL, { keepAbsolute: true, timeScale: 2 }));
    expect(absolute.jobs.map((j) => j.submitMs)).toEqual([100_000, 100_000, 110_000]);
    expect(absolute.meta.startEpochMs).toBe(1_000_000);
  });

  it('reports malformed lines with their line numbers', () => {
    expect(errors(parseSwf('; header\n1 2 3\n1  100  5  60  4  -1  -1  4  abc  -1  1  7  1  -1  1  -1  -1  -1\n'))).toEqual([
      '2: expected 18 whitespace-separated SWF fields, got 3',
      '3: field 9 (requested time) is not a number: "abc"',
    ]);
  });

  it('refuses what the SWF definition rules out at its line: a negative time other than -1, fractional or unsafe processors, a time past any run', () => {
    const line = (submit: string, run: string, allocated: string, requested = '-1'): string => `1 ${submit} 0 ${run} ${allocated} -1 -1 ${requested} 120 -1 1 7 1 -1 1 -1 -1 -1`;
    const text = [line('-5', '60', '4'), line('0', '60', '1.5'), line('0', '60', '-1', '99999999999999999999'), line('1e13', '60', '4'), line('0', '1e15', '4'), line('-1', '60', '4'), line('0', '60', '4')].join('\n');
    expect(errors(parseSwf(text))).toEqual([
      '1: field 2 (submit time) is -5: a time is at least 0, or -1 for unknown',
      '2: field 5 (allocated processors) is 1.5: a processor count is a whole number (of at most 2^53 − 1), as vCPUs on EC2 are',
      '3: field 8 (requested processors) is 100000000000000000000: a processor count is a whole number (of at most 2^53 − 1), as vCPUs on EC2 are',
      '4: field 2 (submit time) is 10000000000000 s, longer than any run can last (a run ends before 2200-01-01)',
      '5: field 4 (run time) is 1000000000000000 s, longer than any run can last (a run ends before 2200-01-01)',
    ]);
    // -1 is unknown: that record is skipped, as before.
    expect(ok(parseSwf([line('-1', '60', '4'), line('0', '60', '4')].join('\n'))).skipped).toEqual({ noSubmitTime: 1 });
    // Every other field a job is made of holds -1 or at least 0 too.
    const fieldsOf = (k: number, v: string): string => { const f = line('0', '60', '4').split(' '); f[k] = v; return f.join(' '); };
    expect(errors(parseSwf([fieldsOf(3, '-300'), fieldsOf(4, '-4'), fieldsOf(8, '-400'), fieldsOf(9, '-5'), fieldsOf(11, '-13'), fieldsOf(6, '-2')].join('\n')))).toEqual([
      '1: field 4 (run time) is -300: a time is at least 0, or -1 for unknown',
      '2: field 5 (allocated processors) is -4: a value is at least 0, or -1 for unknown',
      '3: field 9 (requested time) is -400: a time is at least 0, or -1 for unknown',
      '4: field 10 (requested memory) is -5: a value is at least 0, or -1 for unknown',
      '5: field 12 (user id) is -13: a value is at least 0, or -1 for unknown',
      '6: field 7 (used memory) is -2: a value is at least 0, or -1 for unknown',
    ]);
  });

  it('reads a log whose lines end in CR alone (old Mac line ends) line by line', () => {
    const lf = ok(parseSwf(SMALL));
    const cr = ok(parseSwf(SMALL.replaceAll('\n', '\r')));
    expect(cr.jobs).toEqual(lf.jobs);
    expect(cr.skipped).toEqual(lf.skipped);
  });
});

describe('CSV', () => {
  const columns = { submitTime: 'submitted', runtime: 'elapsed', vcpus: 'cpus', memory: 'mem', queue: 'queue', share: 'user', requestedTime: 'limit', name: 'job' };

  it('maps columns, reads duration and size strings, skips rows without runtime', () => {
    const trace = ok(parseCsvTrace(fixture('jobs.csv'), { columns }));
    expect(trace.skipped).toEqual({ noRuntime: 1 });
    expect(trace.meta).toEqual({ records: 6 });
    expect(trace.jobs.map((j) => [j.name, j.submitMs, j.runtimeMs])).toEqual([
      ['a', 0, 90_000], ['f', 5_000, 120_000], ['b', 30_000, 2_700_000], ['c', 30_000, 5_400_000], ['e', 120_000, 1_500],
    ]);
    expect(trace.jobs[2]).toEqual({
      submitMs: 30_000, runtimeMs: 2_700_000, vcpus: 4, memoryMiB: 16_384, requestedMs: 3_600_000, queue: 'low', shareIdentifier: 'bob', name: 'b',
    });
    expect(trace.jobs[3]).toMatchObject({ vcpus: 1, memoryMiB: null, requestedMs: null, queue: 'low', shareIdentifier: null });
    expect(trace.jobs[4].memoryMiB).toBeCloseTo(1907.35, 2);
  });

  it('defaults to columns named like the fields; reads ISO instants', () => {
    const text = 'submitTime,runtime,vcpus\n2024-05-01T08:00:30Z,1h,2\n2024-05-01T08:00:00Z,30m,\n';
    const trace = ok(parseCsvTrace(text));
    expect(trace.jobs).toEqual([
      { submitMs: 0, runtimeMs: 1_800_000, vcpus: null, memoryMiB: null, requestedMs: null, queue: null, shareIdentifier: null, name: null },
      { submitMs: 30_000, runtimeMs: 3_600_000, vcpus: 2, memoryMiB: null, requestedMs: null, queue: null, shareIdentifier: null, name: null },
    ]);
    expect(trace.meta.startEpochMs).toBe(Date.UTC(2024, 4, 1, 8));
  });

  it('reports bad cells, missing columns and broken CSV with line numbers', () => {
    expect(errors(parseCsvTrace(fixture('jobs.csv'), { columns: { ...columns, runtime: 'elapsd' } }))).toEqual([
      '1: no column "elapsd" for runtime (columns: job, submitted, elapsed, cpus, mem, queue, user, limit)',
    ]);
    expect(errors(parseCsvTrace('submitTime,runtime,vcpus\n0,10,1\n\n5,soon,1\n9,10,-2\n'))).toEqual([
      '4: column "runtime": "soon" is not a duration (seconds or a string like 90s, 45m, 01:30:00)',
      '5: column "vcpus": "-2" is not a positive number',
    ]);
    expect(errors(parseCsvTrace('submitTime,runtime\n0,10\n5\n'))).toEqual(['3: 1 field, where the header row has 2']);
  });

  it('reports every bad line at once, broken rows among bad cells, and an unclosed quote at the line it opens on', () => {
    const text = 'submitTime,runtime,vcpus,memory\n0,60,1,1024\n10,abc,1,1024\n20,60\n30,xyz,1,1024\n40,60,1,1024,9\n';
    expect(errors(parseCsvTrace(text))).toEqual([
      '3: column "runtime": "abc" is not a duration (seconds or a string like 90s, 45m, 01:30:00)',
      '4: 2 fields, where the header row has 4',
      '5: column "runtime": "xyz" is not a duration (seconds or a string like 90s, 45m, 01:30:00)',
      '6: 5 fields, where the header row has 4',
    ]);
    const unclosed = 'a quoted field opened on this line is never closed (a quote inside a quoted field is written twice: "")';
    for (const eol of ['\n', '\r\n'])
      expect(errors(parseCsvTrace(['submitTime,runtime', '0,60', '5,soon', '', '"40,60', '50,60', ''].join(eol)))).toEqual([
        '3: column "runtime": "soon" is not a duration (seconds or a string like 90s, 45m, 01:30:00)',
        `5: ${unclosed}`,
      ]);
    expect(errors(parseCsvTrace('submitTime,runtime\n0,60\n"5"x,60\n7,60\n'))).toEqual(['3: a quoted field goes on after its closing quote (a quote inside a quoted field is written twice: "")']);
    expect(errors(parseCsvTrace('submitTime,runtime\n0,6"0\n7,60\n'))).toEqual(['2: a quote inside a field that does not start with one (quote the whole field and write the quote twice: "")']);
    // At most MAX_ERRORS (20), the first by line, whichever kind.
    const many = ['submitTime,runtime', ...Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? `${i},bad` : `${i}`))].join('\n');
    const listed = errors(parseCsvTrace(many));
    expect(listed).toHaveLength(20);
    expect(listed.map((e) => Number(e.split(':')[0]))).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
  });

  it('refuses a submit time or runtime longer than any run can last (past 2199), at its line', () => {
    expect(errors(parseCsvTrace('submitTime,runtime,vcpus,memory\n0,3000000000000000,1,1024\n1e13,60,1,1024\n7300000000,60,1,1024\n'))).toEqual([
      '2: column "runtime": "3000000000000000" is longer than any run can last (a run ends before 2200-01-01)',
      '3: column "submitTime": "1e13" is not a time (seconds, a duration like 90s, or an ISO instant with a zone)',
      '4: column "submitTime": "7300000000" is longer than any run can last (a run ends before 2200-01-01)',
    ]);
  });

  it('reads duration strings the way traces write them', () => {
    expect(['90', '1.5', '90s', '45m', '1h30m', '500ms', '01:30:00', '1-00:00:01', '02:03', 'soon'].map(traceDurationMs)).toEqual([
      90_000, 1_500, 90_000, 2_700_000, 5_400_000, 500, 5_400_000, 86_401_000, 123_000, null,
    ]);
  });
});

describe('aws batch describe-jobs', () => {
  it('replays the jobs that ran, with their shape, queue, share and timeout', () => {
    const trace = ok(parseDescribeJobs(fixture('describe-jobs.json')));
    expect(trace.skipped).toEqual({ notStarted: 1, notFinished: 1, arrayParent: 1 });
    expect(trace.meta).toEqual({ records: 6, startEpochMs: 1714550400000 });
    expect(trace.jobs).toEqual([
      { submitMs: 0, runtimeMs: 3_600_000, vcpus: 4, memoryMiB: 16_384, requestedMs: 7_200_000, queue: 'genomics', shareIdentifier: 'teamA', name: 'align-1' },
      { submitMs: 30_000, runtimeMs: 300_000, vcpus: 1, memoryMiB: 2048, requestedMs: null, queue: 'render', shareIdentifier: 'teamB', name: 'render' },
      { submitMs: 60_000, runtimeMs: 30_500, vcpus: 2, memoryMiB: 4096, requestedMs: null, queue: 'genomics', shareIdentifier: null, name: 'align-2' },
    ]);
  });

  it('accepts a bare list and list-jobs output', () => {
    const jobs = (JSON.parse(fixture('describe-jobs.json')) as { jobs: unknown[] }).jobs;
    const expected = ok(parseDescribeJobs(fixture('describe-jobs.json')));
    expect(ok(parseDescribeJobs(JSON.stringify(jobs)))).toEqual(expected);
    const summaries = [
      { jobArn: 'arn:aws:batch:us-east-1:1:job/a', jobId: 'a', jobName: 'one', createdAt: 1000, status: 'SUCCEEDED', startedAt: 2000, stoppedAt: 62000, container: { exitCode: 0 } },
      { jobId: 'b', jobName: 'two', createdAt: 500, status: 'RUNNABLE' },
    ];
    expect(ok(parseDescribeJobs(JSON.stringify({ jobSummaryList: summaries, nextToken: 'x' })))).toEqual({
      jobs: [{ submitMs: 0, runtimeMs: 60_000, vcpus: null, memoryMiB: null, requestedMs: null, queue: null, shareIdentifier: null, name: 'one' }],
      skipped: { notStarted: 1 },
      meta: { records: 2, startEpochMs: 1000 },
    });
  });

  it('reports JSON syntax errors with the line and bad fields with the job', () => {
    expect(errors(parseDescribeJobs('{\n  "jobs": [\n    { "jobId": "a", }\n  ]\n}'))).toEqual([
      expect.stringMatching(/^3: not valid JSON: /),
    ]);
    expect(errors(parseDescribeJobs('{"jobs": [{"createdAt": "yesterday"}, 7]}'))).toEqual([
      'null: jobs[0].createdAt: expected epoch milliseconds, got "yesterday"',
      'null: jobs[1]: expected a job object',
    ]);
    expect(errors(parseDescribeJobs('{"jobQueues": []}'))).toEqual([
      '1: expected describe-jobs output {"jobs": [...]}, list-jobs output {"jobSummaryList": [...]} or a list of jobs',
    ]);
  });
});

describe('trace arrivals in a scenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-traces-'));
  const write = (name: string, content: string | Buffer): string => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  const scenario = (trace: object, jobs = [{ jobName: 'replay', jobQueue: 'main', jobDefinition: 'work' }]) => ({
    name: 't',
    computeEnvironments: [{ computeEnvironmentName: 'fixed', type: 'UNMANAGED', simulation: { instances: [{ instanceType: 'c5.4xlarge', count: 1 }] } }],
    jobQueues: [{ jobQueueName: 'main', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'fixed' }] }],
    jobDefinitions: [{
      jobDefinitionName: 'work', type: 'container',
      containerProperties: { resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '1024' }] },
      simulation: { runtime: '10m' },
    }],
    workload: [{ name: 'replay', arrivals: { trace }, jobs }],
  });
  const parse = (name: string, doc: object): { scenario: ReturnType<typeof parseScenario>['scenario']; issues: Issue[]; loadIssues: string[] } => {
    const loaded = loadScenarioFile(write(name, JSON.stringify(doc)));
    if (!loaded.ok) return { scenario: null, issues: [], loadIssues: loaded.issues.map(formatIssue) };
    const { scenario: s, issues } = parseScenario(loaded.document, { catalog: fakeCatalog(), baseDir: loaded.baseDir, files: loaded.files });
    return { scenario: s, issues, loadIssues: [] };
  };
  const errorsOf = (issues: Issue[]): string[] => issues.filter((i) => i.severity === 'error').map(formatIssue);

  it('reads a gzipped SWF through load, parses it in normalize and notes the skipped records', () => {
    write('kth.swf.gz', gzipSync(readFileSync(join(FIXTURES, 'kth-sp2-200.swf'))));
    const { scenario: s, issues, loadIssues } = parse('gz.json', scenario({ file: 'kth.swf.gz', format: 'swf', limit: 50, timeScale: 0.5 }));
    expect(loadIssues).toEqual([]);
    expect(errorsOf(issues)).toEqual([]);
    const arrivals = s!.workload[0].arrivals;
    if (arrivals.kind !== 'trace') throw new Error('not a trace');
    expect(arrivals.file).toBe(join(dir, 'kth.swf.gz'));
    expect(arrivals.trace.jobs).toHaveLength(50);
    expect(arrivals.trace.jobs[2].submitMs).toBe(313_000);
    expect(issues.filter((i) => i.severity === 'note').map(formatIssue)).toContain(
      'workload[0].arrivals.trace.file: trace "kth.swf.gz": replaying 50 of 200 records',
    );

  });

  it('reads CSV with a column mapping and describe-jobs JSON', () => {
    copyFileSync(join(FIXTURES, 'jobs.csv'), join(dir, 'jobs.csv'));
    copyFileSync(join(FIXTURES, 'describe-jobs.json'), join(dir, 'describe-jobs.json'));
    const csv = parse('csv.json', scenario({
      file: 'jobs.csv', format: 'csv',
      columns: { submitTime: 'submitted', runtime: 'elapsed', vcpus: 'cpus', memory: 'mem', queue: 'queue', share: 'user' },
    }));
    expect(errorsOf(csv.issues)).toEqual([]);
    const a = csv.scenario!.workload[0].arrivals;
    expect(a.kind === 'trace' && a.trace.jobs.map((j) => j.queue)).toEqual(['high', 'high', 'low', 'low', null]);
    expect(csv.issues.filter((i) => i.severity === 'note').map(formatIssue)).toContain(
      'workload[0].arrivals.trace.file: trace "jobs.csv": replaying 5 of 6 records; skipped noRuntime 1',
    );
    const json = parse('dj.json', scenario({ file: 'describe-jobs.json', format: 'aws-describe-jobs' }));
    expect(errorsOf(json.issues)).toEqual([]);
    const b = json.scenario!.workload[0].arrivals;
    expect(b.kind === 'trace' && b.trace.jobs.length).toBe(3);
  });

  it('reports unreadable files, parse errors with file:line, and a group without exactly one template', () => {
    expect(parse('missing.json', scenario({ file: 'nope.swf', format: 'swf' })).loadIssues).toEqual([
      `workload[0].arrivals.trace.file: cannot read "nope.swf" (resolved to ${join(dir, 'nope.swf')}): no such file`,
    ]);
    write('broken.swf.gz', 'not gzip');
    expect(parse('badgz.json', scenario({ file: 'broken.swf.gz', format: 'swf' })).loadIssues).toEqual([
      `workload[0].arrivals.trace.file: cannot read "broken.swf.gz" (resolved to ${join(dir, 'broken.swf.gz')}): incorrect header check`,
    ]);
    write('bad.swf', '; MaxProcs: 8\n1 0 0 10 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n1 0 0 ten 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n');
    expect(errorsOf(parse('bad.json', scenario({ file: 'bad.swf', format: 'swf' })).issues)).toEqual([
      'workload[0].arrivals.trace.file: bad.swf:3: field 4 (run time) is not a number: "ten"',
    ]);
    const two = [{ jobName: 'a', jobQueue: 'main', jobDefinition: 'work' }, { jobName: 'b', jobQueue: 'main', jobDefinition: 'work' }];
    expect(errorsOf(parse('two.json', scenario({ file: 'jobs.csv', format: 'csv', columns: { submitTime: 'submitted', runtime: 'elapsed' } }, two)).issues)).toEqual([
      'workload[0].jobs: a trace replays every record as a job of one template (queue, definition, defaults): give exactly one job, got 2',
    ]);
    expect(errorsOf(parse('cols.json', scenario({ file: 'bad.swf', format: 'swf', columns: { submitTime: 'a', runtime: 'b' }, limit: 0, timeScale: 0 })).issues)).toEqual([
      'workload[0].arrivals.trace.limit: must be at least 1, got 0',
      'workload[0].arrivals.trace.timeScale: must be greater than 0, got 0',
      'workload[0].arrivals.trace.columns: columns applies only to format csv, not swf',
      'workload[0].arrivals.trace.file: bad.swf:3: field 4 (run time) is not a number: "ten"',
    ]);
  });
});

describe('dispatch', () => {
  it('parseTrace picks the reader by format', () => {
    expect(ok(parseTrace(fixture('kth-sp2-200.swf'), 'swf')).jobs).toHaveLength(200);
    expect(ok(parseTrace(fixture('jobs.csv'), 'csv', { columns: { submitTime: 'submitted', runtime: 'elapsed' } })).jobs).toHaveLength(5);
    expect(ok(parseTrace(fixture('describe-jobs.json'), 'aws-describe-jobs')).jobs).toHaveLength(3);
  });
});

const HPC2N = join(RAW, 'HPC2N-2002-2.1-cln.swf.gz');
describe.runIf(existsSync(HPC2N))('the whole HPC2N log', () => {
  it('parses 202,876 records quickly', () => {
    const text = gunzipSync(readFileSync(HPC2N)).toString('utf8');
    const started = performance.now();
    const trace = ok(parseSwf(text));
    const elapsed = performance.now() - started;
    console.log(`HPC2N-2002-2.1-cln: ${trace.meta.records} records, ${trace.jobs.length} replayable, skipped ${JSON.stringify(trace.skipped)}, parsed in ${elapsed.toFixed(0)} ms`);
    expect(trace.meta.records).toBe(202_876);
    expect(trace.jobs).toHaveLength(202_876);
    expect(trace.skipped).toEqual({});
    expect(trace.meta.maxProcs).toBe(240);
    expect(trace.jobs[0]).toMatchObject({ submitMs: 0, runtimeMs: 31_405_000, vcpus: 30, requestedMs: 37_980_000, shareIdentifier: 'user1' });
  });
});

describe('parseTrace cache', () => {
  it('parses a text once per format and options, as a sweep reads one trace for every run', async () => {
    const { parseTrace } = await import('../../src/workload/traces/parse.js');
    const text = '; header\n1 0 0 10 1 -1 -1 1 -1 -1 1 1 1 -1 -1 -1 -1 -1\n2 5 0 20 2 -1 -1 2 -1 -1 1 1 1 -1 -1 -1 -1 -1\n';
    const a = parseTrace(text, 'swf');
    expect(parseTrace(text, 'swf')).toBe(a);
    const limited = parseTrace(text, 'swf', { limit: 1 });
    expect(limited).not.toBe(a);
    expect(limited.ok && limited.trace.jobs.length).toBe(1);
    expect(a.ok && a.trace.jobs.length).toBe(2);
  });
});
