// Step Functions executions on the simulation clock, exact to the millisecond, against a Batch that
// runs every job at once for a fixed time (the interpreter's side of the BatchPort; the real Batch
// model behind the port is tested end to end with scenarios).
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.js';
import { Reader } from '../../src/scenario/read/reader.js';
import { readDefinition } from '../../src/scenario/read/stateMachine.js';
import { StepFunctionsRuntime, matchesError, type BatchPort, type JobEnd, type SubmitRequest } from '../../src/model/stepFunctions/execution.js';
import type { StateMachine } from '../../src/model/stepFunctions/types.js';

const MIN = 60_000;

function machine(definition: unknown): StateMachine {
  const r = new Reader();
  const d = readDefinition(r, definition, 'definition');
  expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return { name: 'm', type: 'STANDARD', timeoutSeconds: d!.timeoutSeconds, ...d!.scope };
}

interface Submitted {
  at: number;
  request: SubmitRequest;
  jobId: string;
}

/** Every job runs `minutes(request)` from its submission and fails when `fails(request, n)` says so (n: the job's number). */
function batch(sim: Simulation, minutes: (r: SubmitRequest) => number, fails: (r: SubmitRequest, n: number) => boolean = () => false) {
  const submitted: Submitted[] = [];
  const terminated: string[] = [];
  const port: BatchPort = {
    submit(request, submittedCb, onEnd) {
      const n = submitted.length;
      const jobId = `job-${n}`;
      submitted.push({ at: sim.now, request, jobId });
      const h = sim.after(minutes(request) * MIN, 2, () => {
        const end: JobEnd = { JobId: jobId, JobName: request.jobName, JobQueue: request.jobQueue, Status: fails(request, n) ? 'FAILED' : 'SUCCEEDED', StatusReason: fails(request, n) ? 'Essential container in task exited' : '' };
        onEnd?.(end);
      });
      ends.set(jobId, h);
      submittedCb({ jobId });
    },
    terminate(jobId) {
      terminated.push(jobId);
      sim.cancel(ends.get(jobId));
    },
  };
  const ends = new Map<string, ReturnType<Simulation['after']>>();
  return { port, submitted, terminated };
}

const task = (name: string, extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::batch:submitJob.sync',
  Parameters: { JobName: name, JobQueue: 'main', JobDefinition: 'work' },
  ...extra,
});

describe('Map', () => {
  it('20 items with MaxConcurrency 5 over ten-minute jobs run in four waves, and the output lists the results in item order', () => {
    const sim = new Simulation();
    const b = batch(sim, () => 10);
    const sf = new StepFunctionsRuntime(sim, b.port, { transitionMs: 0, syncLagMs: 0 });
    const m = machine({
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.samples',
          MaxConcurrency: 5,
          ItemSelector: { 'sample.$': '$$.Map.Item.Value' },
          ItemProcessor: { StartAt: 'Align', States: { Align: { ...task('align'), Parameters: { 'JobName.$': '$.sample', JobQueue: 'main', JobDefinition: 'work' }, ResultSelector: { 'id.$': '$.JobId' }, End: true } } },
          End: true,
        },
      },
    });
    const samples = Array.from({ length: 20 }, (_, i) => `s${i}`);
    const rec = sf.start(m, { samples });
    sim.run();
    // Waves at 0, 10, 20 and 30 minutes; each wave is the next five items, in order.
    expect(b.submitted.map((s) => s.at / MIN)).toEqual([0, 0, 0, 0, 0, 10, 10, 10, 10, 10, 20, 20, 20, 20, 20, 30, 30, 30, 30, 30]);
    expect(b.submitted.map((s) => s.request.jobName)).toEqual(samples);
    expect(rec.status).toBe('SUCCEEDED');
    expect(rec.endMs).toBe(40 * MIN);
    // One Map state plus one Task per item.
    expect(rec.transitions).toBe(21);
  });

  it('an Inline Map runs at most 40 iterations at once, whatever its MaxConcurrency; a Distributed one, its MaxConcurrency', () => {
    const waves = (maxConcurrency: number | undefined, mode: 'INLINE' | 'DISTRIBUTED'): number[] => {
      const sim = new Simulation();
      const b = batch(sim, () => 10);
      const sf = new StepFunctionsRuntime(sim, b.port, { transitionMs: 0, syncLagMs: 0 });
      const config = mode === 'DISTRIBUTED' ? { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } } : {};
      const m = machine({ StartAt: 'Each', States: { Each: { Type: 'Map', ...(maxConcurrency === undefined ? {} : { MaxConcurrency: maxConcurrency }), ItemProcessor: { ...config, StartAt: 'T', States: { T: { ...task('t'), End: true } } }, End: true } } });
      sf.start(m, Array.from({ length: 100 }, (_, i) => i));
      sim.run();
      const byMinute = new Map<number, number>();
      for (const s of b.submitted) byMinute.set(s.at / MIN, (byMinute.get(s.at / MIN) ?? 0) + 1);
      return [...byMinute.values()];
    };
    // 100 items: 40, 40, then 20, ten minutes apart (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html).
    expect(waves(undefined, 'INLINE')).toEqual([40, 40, 20]);
    expect(waves(0, 'INLINE')).toEqual([40, 40, 20]);
    expect(waves(60, 'INLINE')).toEqual([40, 40, 20]);
    expect(waves(30, 'INLINE')).toEqual([30, 30, 30, 10]);
    expect(waves(undefined, 'DISTRIBUTED')).toEqual([100]);
    expect(waves(60, 'DISTRIBUTED')).toEqual([60, 40]);
  });

  it('each state entered costs the transition latency, and a .sync Task sees its job end after the lag', () => {
    const sim = new Simulation();
    const b = batch(sim, () => 10);
    const sf = new StepFunctionsRuntime(sim, b.port, { transitionMs: 100, syncLagMs: 2000 });
    const m = machine({ StartAt: 'Each', States: { Each: { Type: 'Map', MaxConcurrency: 1, ItemProcessor: { StartAt: 'T', States: { T: { ...task('t'), End: true } } }, End: true } } });
    const rec = sf.start(m, [1, 2]);
    sim.run();
    // Map entered at 0, acts at 100 ms; item 0's Task acts at 200 ms; its job ends at 200 ms + 10 min
    // and the Task 2 s later; item 1's Task acts 100 ms after that.
    expect(b.submitted.map((s) => s.at)).toEqual([200, 200 + 10 * MIN + 2000 + 100]);
    expect(rec.endMs).toBe(200 + 10 * MIN + 2000 + 100 + 10 * MIN + 2000);
  });

  it('an item that fails fails the Map, and its Catch takes over', () => {
    const sim = new Simulation();
    const b = batch(sim, (r) => (r.jobName === 'x2' ? 5 : 10), (r) => r.jobName === 'x2');
    const sf = new StepFunctionsRuntime(sim, b.port, { transitionMs: 0, syncLagMs: 0 });
    const m = machine({
      StartAt: 'Each',
      States: {
        Each: { Type: 'Map', ItemsPath: '$.names', ItemSelector: { 'n.$': '$$.Map.Item.Value' }, ItemProcessor: { StartAt: 'T', States: { T: { ...task('t'), Parameters: { 'JobName.$': '$.n', JobQueue: 'q', JobDefinition: 'd' }, End: true } } }, Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Handle', ResultPath: '$.failure' }], Next: 'Done' },
        Handle: { Type: 'Pass', End: true },
        Done: { Type: 'Succeed' },
      },
    });
    const rec = sf.start(m, { names: ['x1', 'x2', 'x3'] });
    sim.run();
    expect(rec.status).toBe('SUCCEEDED');
    // The Map failed when x2 did (5 min), and the handler ran then; the other iterations were
    // stopped and their jobs terminated.
    expect(rec.endMs).toBe(5 * MIN);
    expect(b.terminated).toEqual(['job-0', 'job-2']);
    // A Catch's ResultPath into an input that is not an object cannot be placed: the execution fails.
    const sim2 = new Simulation();
    const sf2 = new StepFunctionsRuntime(sim2, batch(sim2, () => 1, () => true).port, { transitionMs: 0, syncLagMs: 0 });
    const rec2 = sf2.start(machine({ StartAt: 'T', States: { T: { ...task('t'), Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H', ResultPath: '$.e' }], End: true }, H: { Type: 'Succeed' } } }), ['not', 'an', 'object']);
    sim2.run();
    expect([rec2.status, rec2.error]).toEqual(['FAILED', 'States.ResultPathMatchFailure']);
  });
});

describe('Retry', () => {
  it('IntervalSeconds 10, BackoffRate 2, MaxAttempts 3: four jobs, at the documented times, then the error', () => {
    const sim = new Simulation();
    const b = batch(sim, () => 1, () => true);
    const sf = new StepFunctionsRuntime(sim, b.port, { transitionMs: 0, syncLagMs: 0 });
    const m = machine({ StartAt: 'T', States: { T: { ...task('t'), Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 10, MaxAttempts: 3, BackoffRate: 2 }], End: true } } });
    const rec = sf.start(m, {});
    sim.run();
    // Job k fails 60 s after it starts; the retries wait 10, 20 and 40 s.
    expect(b.submitted.map((s) => s.at / 1000)).toEqual([0, 70, 150, 250]);
    expect(rec.status).toBe('FAILED');
    expect(rec.error).toBe('States.TaskFailed');
    expect(JSON.parse(rec.cause!)).toMatchObject({ JobId: 'job-3', Status: 'FAILED', StatusReason: 'Essential container in task exited' });
    expect(rec.endMs).toBe(310_000);
    // One state entered, three retries.
    expect(rec.transitions).toBe(4);
  });

  it('MaxDelaySeconds caps the backoff', () => {
    const sim = new Simulation();
    const b = batch(sim, () => 0, () => true);
    const sf = new StepFunctionsRuntime(sim, b.port, { transitionMs: 0, syncLagMs: 0 });
    const m = machine({ StartAt: 'T', States: { T: { ...task('t'), Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 10, MaxAttempts: 4, BackoffRate: 3, MaxDelaySeconds: 50 }], End: true } } });
    sf.start(m, {});
    sim.run();
    // 10, 30, then 90 and 270 capped at 50.
    expect(b.submitted.map((s) => s.at / 1000)).toEqual([0, 10, 40, 90, 140]);
  });
});

describe('Choice, Wait, Parallel, timeouts', () => {
  it('a Choice on the job status takes the right branch', () => {
    for (const fail of [false, true]) {
      const sim = new Simulation();
      const b = batch(sim, () => 1, () => fail);
      const sf = new StepFunctionsRuntime(sim, b.port, { transitionMs: 0, syncLagMs: 0 });
      const m = machine({
        StartAt: 'T',
        States: {
          T: { ...task('t'), Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Check', ResultPath: '$.job' }], ResultPath: '$.job', Next: 'Check' },
          Check: { Type: 'Choice', Choices: [{ Variable: '$.job.Status', StringEquals: 'SUCCEEDED', Next: 'Ok' }], Default: 'Bad' },
          Ok: { Type: 'Succeed' },
          Bad: { Type: 'Fail', Error: 'JobFailed' },
        },
      });
      const rec = sf.start(m, {});
      sim.run();
      expect([rec.status, rec.error]).toEqual(fail ? ['FAILED', 'JobFailed'] : ['SUCCEEDED', null]);
    }
  });

  it('Wait with SecondsPath, then a Parallel ends with its slowest branch', () => {
    const sim = new Simulation();
    const b = batch(sim, (r) => (r.jobName === 'long' ? 30 : 5));
    const sf = new StepFunctionsRuntime(sim, b.port, { transitionMs: 0, syncLagMs: 0 });
    const m = machine({
      StartAt: 'Settle',
      States: {
        Settle: { Type: 'Wait', SecondsPath: '$.settle', Next: 'Both' },
        Both: { Type: 'Parallel', Branches: [{ StartAt: 'L', States: { L: { ...task('long'), End: true } } }, { StartAt: 'S', States: { S: { ...task('short'), End: true } } }], End: true },
      },
    });
    const rec = sf.start(m, { settle: 120 });
    sim.run();
    expect(b.submitted.map((s) => [s.request.jobName, s.at / 1000])).toEqual([['long', 120], ['short', 120]]);
    expect(rec.endMs).toBe(120_000 + 30 * MIN);
  });

  it("a Task's TimeoutSeconds fails it with States.Timeout and terminates its job; the execution's own timeout ends it TIMED_OUT", () => {
    const sim = new Simulation();
    const b = batch(sim, () => 60);
    const sf = new StepFunctionsRuntime(sim, b.port, { transitionMs: 0, syncLagMs: 0 });
    const rec = sf.start(machine({ StartAt: 'T', States: { T: { ...task('t'), TimeoutSeconds: 600, Retry: [{ ErrorEquals: ['States.TaskFailed'] }], End: true } } }), {});
    sim.run();
    // States.TaskFailed does not match a timeout, so the retrier does not run.
    expect([rec.status, rec.error, rec.endMs]).toEqual(['FAILED', 'States.Timeout', 600_000]);
    expect(b.terminated).toEqual(['job-0']);

    const sim2 = new Simulation();
    const b2 = batch(sim2, () => 60);
    const sf2 = new StepFunctionsRuntime(sim2, b2.port, { transitionMs: 0, syncLagMs: 0 });
    const rec2 = sf2.start(machine({ TimeoutSeconds: 900, StartAt: 'T', States: { T: { ...task('t'), End: true } } }), {});
    sim2.run();
    expect([rec2.status, rec2.error, rec2.endMs]).toEqual(['TIMED_OUT', 'States.Timeout', 900_000]);
    expect(b2.terminated).toEqual(['job-0']);
  });

  it('a non-.sync Task ends when its job is submitted, with its JobId', () => {
    const sim = new Simulation();
    const b = batch(sim, () => 60);
    const sf = new StepFunctionsRuntime(sim, b.port, { transitionMs: 0, syncLagMs: 0 });
    const rec = sf.start(machine({ StartAt: 'T', States: { T: { ...task('t'), Resource: 'arn:aws:states:::batch:submitJob', End: true } } }), {});
    sim.run();
    expect([rec.status, rec.endMs, rec.jobIds]).toEqual(['SUCCEEDED', 0, ['job-0']]);
  });
});

describe('error matching', () => {
  it('States.ALL matches all, States.TaskFailed all but a timeout, and runtime errors are never caught', () => {
    expect(matchesError(['States.ALL'], 'JobFailed')).toBe(true);
    expect(matchesError(['States.TaskFailed'], 'States.Timeout')).toBe(false);
    expect(matchesError(['States.Timeout'], 'States.Timeout')).toBe(true);
    expect(matchesError(['States.ALL'], 'States.Runtime')).toBe(false);
    expect(matchesError(['JobFailed'], 'Other')).toBe(false);
  });
});
