// Reading Amazon States Language definitions: what a correct one becomes, and where each mistake is reported.
import { describe, expect, it } from 'vitest';
import { Reader } from '../../src/scenario/read/reader.js';
import { readDefinition } from '../../src/scenario/read/stateMachine.js';
import type { MapState, ParallelState, SubmitJobTask } from '../../src/model/stepFunctions/types.js';

const P = 'stateMachines[0].definition';

function read(definition: unknown) {
  const r = new Reader();
  const d = readDefinition(r, definition, P);
  return { d, issues: r.issues, errors: r.issues.filter((i) => i.severity === 'error').map((i) => `${i.path}: ${i.message}`) };
}

/** A pipeline in the shape AWS's own Batch sample uses: a Map of .sync jobs with retries, a Choice and a handler. */
const PIPELINE = {
  Comment: 'align every sample, then report',
  StartAt: 'Samples',
  States: {
    Samples: {
      Type: 'Map',
      ItemsPath: '$.samples',
      MaxConcurrency: 5,
      ItemSelector: { 'sample.$': '$$.Map.Item.Value', 'size.$': '$.sizeGiB' },
      ItemProcessor: {
        StartAt: 'Align',
        States: {
          Align: {
            Type: 'Task',
            Resource: 'arn:aws:states:::batch:submitJob.sync',
            Parameters: { JobName: 'align', JobQueue: 'main', JobDefinition: 'align:3', 'Parameters': { 'sample.$': '$.sample' } },
            Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 30, MaxAttempts: 2 }],
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Skip', ResultPath: '$.error' }],
            End: true,
          },
          Skip: { Type: 'Pass', Result: { skipped: true }, End: true },
        },
      },
      ResultPath: '$.aligned',
      Next: 'Enough',
    },
    Enough: { Type: 'Choice', Choices: [{ Variable: '$.samples[0]', IsPresent: true, Next: 'Settle' }], Default: 'Failed' },
    Settle: { Type: 'Wait', Seconds: 60, Next: 'Report' },
    Report: {
      Type: 'Parallel',
      Branches: [{ StartAt: 'Summarise', States: { Summarise: { Type: 'Task', Resource: 'arn:aws:states:::batch:submitJob', Parameters: { JobName: 'sum', 'JobQueue.$': '$.queue', JobDefinition: 'arn:aws:batch:us-east-1:123456789012:job-definition/report:1' }, End: true } } }],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
    Failed: { Type: 'Fail', Error: 'NoSamples', Cause: 'the input listed no samples' },
  },
};

describe('a definition batchsim runs', () => {
  it('reads a Map of .sync jobs with Retry, Catch, Choice, Wait, Parallel, Succeed and Fail, with no issue', () => {
    const { d, issues } = read(PIPELINE);
    expect(issues).toEqual([]);
    expect(d!.scope.startAt).toBe('Samples');
    expect([...d!.scope.states.keys()]).toEqual(['Samples', 'Enough', 'Settle', 'Report', 'Done', 'Failed']);
    const map = d!.scope.states.get('Samples') as MapState;
    expect(map.maxConcurrency).toBe(5);
    expect(map.mode).toBe('INLINE');
    expect(map.itemsPath!.steps).toEqual(['samples']);
    const align = map.processor.states.get('Align') as SubmitJobTask;
    expect(align.sync).toBe(true);
    // ASL's defaults fill what the retrier leaves out: BackoffRate 2.0, no MaxDelaySeconds.
    expect(align.retry).toEqual([{ errorEquals: ['States.TaskFailed'], intervalSeconds: 30, maxAttempts: 2, backoffRate: 2, maxDelaySeconds: null }]);
    expect(align.catch[0].next).toBe('Skip');
    expect((d!.scope.states.get('Report') as ParallelState).branches).toHaveLength(1);
  });

  it('reads the JSON text describe-state-machine prints the same as the mapping', () => {
    const a = read(PIPELINE).d!;
    const b = read(JSON.stringify(PIPELINE)).d!;
    expect(b).toEqual(a);
  });

  it('keeps the static queue and definition names, located, for validate to check; paths (.$) are left to run time', () => {
    const { d } = read(PIPELINE);
    expect(d!.refs).toEqual([
      { kind: 'jobQueue', name: 'main', path: `${P}.States.Samples.ItemProcessor.States.Align.Parameters.JobQueue` },
      { kind: 'jobDefinition', name: 'align:3', path: `${P}.States.Samples.ItemProcessor.States.Align.Parameters.JobDefinition` },
      { kind: 'jobDefinition', name: 'arn:aws:batch:us-east-1:123456789012:job-definition/report:1', path: `${P}.States.Report.Branches[0].States.Summarise.Parameters.JobDefinition` },
    ]);
  });

  it('reads the older Iterator and Parameters of a Map, and a distributed Map', () => {
    const { d, errors } = read({ StartAt: 'M', States: { M: { Type: 'Map', Parameters: { 'x.$': '$$.Map.Item.Index' }, Iterator: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } });
    expect(errors).toEqual([]);
    expect((d!.scope.states.get('M') as MapState).itemSelector).toEqual({ kind: 'object', fields: [{ key: 'x', value: { kind: 'path', path: { text: '$$.Map.Item.Index', context: true, steps: ['Map', 'Item', 'Index'] } } }] });
    const dist = read({ StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } });
    expect(dist.errors).toEqual([]);
    expect((dist.d!.scope.states.get('M') as MapState).mode).toBe('DISTRIBUTED');
  });
});

describe('mistakes, each at its path', () => {
  const one = (definition: unknown) => read(definition).errors;

  it('no StartAt, or one naming no state', () => {
    expect(one({ States: { A: { Type: 'Succeed' } } })).toEqual([`${P}.StartAt: StartAt is required: the name of the first state`]);
    expect(one({ StartAt: 'Aling', States: { Align: { Type: 'Succeed' } } })).toEqual([`${P}.StartAt: no state is named "Aling"; did you mean "Align"?`]);
  });

  it('an unknown state type, with did-you-mean', () => {
    expect(one({ StartAt: 'A', States: { A: { Type: 'Tsak', End: true } } })).toEqual([`${P}.States.A.Type: unknown state type "Tsak": batchsim runs Task, Pass, Wait, Choice, Map, Parallel, Succeed, Fail; did you mean "Task"?`]);
  });

  it("a Map's ProcessorConfig: ExecutionType STANDARD with DISTRIBUTED only; EXPRESS children refused", () => {
    const map = (config: unknown) => one({ StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { ProcessorConfig: config, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } });
    const at = `${P}.States.M.ItemProcessor.ProcessorConfig`;
    expect(map({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' })).toEqual([]);
    expect(map({ Mode: 'DISTRIBUTED' })).toEqual([`${at}: a Map with Mode DISTRIBUTED needs ExecutionType: STANDARD (its child workflows run as Standard executions)`]);
    expect(map({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' })).toEqual([
      `${at}.ExecutionType: EXPRESS child workflows are not modelled: batchsim would run and bill them as STANDARD, while Express ones are billed per request and duration, end after 5 minutes and cannot wait for a job (.sync); use STANDARD`,
    ]);
    expect(map({ Mode: 'DISTRIBUTED', ExecutionType: 'FAST' })).toEqual([`${at}.ExecutionType: ExecutionType is STANDARD or EXPRESS`]);
    expect(map({ Mode: 'INLINE', ExecutionType: 'STANDARD' })).toEqual([`${at}.ExecutionType: ExecutionType is for a Map with Mode DISTRIBUTED; an INLINE Map runs its iterations in its own execution`]);
    expect(map({ Mode: 'INLINE', Tolerance: 1 })).toEqual([`${at}.Tolerance: ProcessorConfig has no field "Tolerance"`]);
    expect(map({ Mode: 'inline' })).toEqual([`${at}.Mode: Mode is INLINE or DISTRIBUTED`]);
  });

  it('a Next naming no state', () => {
    expect(one({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Algn' }, Align: { Type: 'Succeed' } } })).toEqual([`${P}.States.A.Next: no state is named "Algn" in this scope; did you mean "Align"?`]);
  });

  it('a Catch naming a state of another scope', () => {
    const errs = one({ StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Pass', End: true } } }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'T' }], End: true } } });
    expect(errs).toEqual([`${P}.States.M.Catch[0].Next: no state is named "T" in this scope; did you mean "M"?`]);
  });

  it('Next and End together, or neither', () => {
    expect(one({ StartAt: 'A', States: { A: { Type: 'Pass' } } })).toEqual([`${P}.States.A: a state needs Next (the state that follows) or "End": true`]);
    expect(one({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'A', End: true } } })).toEqual([`${P}.States.A: a state has either Next or "End": true, not both`]);
  });

  it('a state name used twice, even in a nested scope', () => {
    const errs = one({ StartAt: 'A', States: { A: { Type: 'Map', ItemProcessor: { StartAt: 'A', States: { A: { Type: 'Succeed' } } }, End: true } } });
    expect(errs).toEqual([`${P}.States.A.ItemProcessor.States.A: the state name "A" is already used at ${P}.States.A: state names are unique in the whole state machine`]);
  });

  it('a state no transition reaches', () => {
    expect(one({ StartAt: 'A', States: { A: { Type: 'Succeed' }, Orphan: { Type: 'Succeed' } } })).toEqual([`${P}.States.Orphan: no transition reaches the state "Orphan" from StartAt`]);
  });

  it('a Task that is not one of the Batch integrations batchsim runs', () => {
    const errs = one({ StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:1:function:f', End: true } } });
    expect(errs[0]).toBe(`${P}.States.A.Resource: batchsim runs the Batch tasks arn:aws:states:::batch:submitJob.sync and arn:aws:states:::batch:submitJob, not "arn:aws:lambda:us-east-1:1:function:f"`);
    expect(errs[1]).toBe(`${P}.States.A.Parameters: Parameters is required for a Batch task: JobName, JobQueue and JobDefinition`);
  });

  it('SubmitJob parameters: a missing JobQueue, a misspelt field, an array size out of range', () => {
    const errs = one({ StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:states:::batch:submitJob.sync', Parameters: { JobName: 'x', JobDefinition: 'd', JobQeue: 'q', ArrayProperties: { Size: 1 } }, End: true } } });
    expect(errs).toEqual([
      `${P}.States.A.Parameters.JobQueue: JobQueue is required (SubmitJob)`,
      `${P}.States.A.Parameters.JobQeue: SubmitJob has no field "JobQeue"; did you mean "JobQueue"?`,
      `${P}.States.A.Parameters.ArrayProperties.Size: an array job has 2 to 10,000 children (SubmitJob ArrayProperties.Size)`,
    ]);
  });

  it('intrinsic functions and paths batchsim cannot follow', () => {
    const errs = one({ StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { 'x.$': 'States.UUID()', 'z.$': "States.Format('{}', $.a", 'y.$': '$.items[*].id' }, End: true } } });
    expect(errs).toEqual([
      `${P}.States.A.Parameters.x.$: the intrinsic function States.UUID is not supported by batchsim (it runs States.Format, States.StringToJson, States.JsonToString, States.Array, States.ArrayPartition, States.ArrayContains, States.ArrayRange, States.ArrayGetItem, States.ArrayLength, States.ArrayUnique, States.MathAdd, States.StringSplit)`,
      `${P}.States.A.Parameters.z.$: States.Format( is not closed with ")"`,
      `${P}.States.A.Parameters.y.$: "[*].id" in $.items[*].id is not supported: batchsim follows paths of field names (.name or ['name']) and list indexes ([0]), without wildcards, filters or slices`,
    ]);
  });

  it('States.ALL anywhere but alone in the last retrier', () => {
    const errs = one({
      StartAt: 'A',
      States: { A: { Type: 'Task', Resource: 'arn:aws:states:::batch:submitJob', Parameters: { JobName: 'x', JobQueue: 'q', JobDefinition: 'd' }, Retry: [{ ErrorEquals: ['States.ALL', 'States.Timeout'] }, { ErrorEquals: ['States.TaskFailed'] }], End: true } },
    });
    expect(errs).toEqual([`${P}.States.A.Retry[0].ErrorEquals: States.ALL must appear alone in its ErrorEquals`, `${P}.States.A.Retry[0].ErrorEquals: States.ALL must be in the last retrier`]);
  });

  it('Choice rules: an unknown comparison, a value of the wrong type, no Next', () => {
    const errs = one({ StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThen: 3, Next: 'D' }, { Variable: '$.n', NumericEquals: '3', Next: 'D' }, { Variable: '$.s', StringEquals: 'a' }], Default: 'D' }, D: { Type: 'Succeed' } } });
    expect(errs).toEqual([
      `${P}.States.C.Choices[0].NumericGreaterThen: unknown comparison "NumericGreaterThen"; did you mean "NumericGreaterThan"?`,
      `${P}.States.C.Choices[1].NumericEquals: NumericEquals compares with a number`,
      `${P}.States.C.Choices[2].Next: Next is required: the state this rule goes to`,
    ]);
  });

  it('fields a state type does not have, and unsupported ones', () => {
    expect(one({ StartAt: 'W', States: { W: { Type: 'Wait', Secnds: 5, End: true } } })).toEqual([`${P}.States.W.Secnds: a Wait state has no field "Secnds"; did you mean "Seconds"?`, `${P}.States.W: a Wait state needs exactly one of Seconds or SecondsPath`]);
    expect(one({ StartAt: 'W', States: { W: { Type: 'Wait', Timestamp: '2026-01-01T00:00:00Z', End: true } } })).toEqual([`${P}.States.W.Timestamp: Timestamp is not supported by batchsim yet`]);
  });

  it('text that is not JSON, and JSONata', () => {
    expect(one('{"StartAt": "A",')[0]).toMatch(new RegExp(`^${P.replace(/[[\].]/g, '\\$&')}: the definition is not valid JSON: `));
    expect(one({ QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Succeed' } } })).toEqual([`${P}.QueryLanguage: batchsim reads JSONPath definitions; JSONata is not supported yet`]);
  });
});
