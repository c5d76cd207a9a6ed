// Cross-references of the pipeline around the jobs: state machine names, the queues and job
// definitions their Tasks name, and a dry run of each state machine group's first execution on its
// input (an S3 group's on a sample upload event), so that a path selecting nothing in that input is
// reported where the definition writes it, before a long run fails at the first upload.
import { lazyModule } from '../engine/lazy.js';
import { Simulation } from '../engine/simulation.js';
import type { BatchPort } from '../model/stepFunctions/execution.js';
import { indexPath, joinPath } from './issues.js';
import * as m from './messages.js';
import type { Reader } from './read/reader.js';
import { uniqueNames } from './names.js';
import type { Scenario, StateMachineConfig, WorkloadGroup } from './types.js';

/** The pipeline model and the Step Functions interpreter, loaded only when the scenario has state machines (start-up). */
const pipelinesModule = lazyModule<typeof import('../model/pipelines.js')>(import.meta.url, '../model/pipelines.js', () => import('../model/pipelines.js'));
const executionModule = lazyModule<typeof import('../model/stepFunctions/execution.js')>(
  import.meta.url,
  '../model/stepFunctions/execution.js',
  () => import('../model/stepFunctions/execution.js'),
);

/** A dry run stops here: a definition that loops on Wait or Choice never ends on its own. */
const DRY_RUN_EVENTS = 1 << 17;
const DRY_RUN_HORIZON_MS = 366 * 86_400_000;
/** Failures of the definition against its input (not of jobs, which all succeed in a dry run). */
const DRY_RUN_ERRORS = new Set(['States.Runtime', 'States.IntrinsicFailure', 'Batch.ClientException']);
/** The data-flow fields a runtime path error names first (execution.ts's causes). */
const FLOW_FIELDS = ['InputPath', 'OutputPath', 'Parameters', 'ResultSelector', 'ItemSelector', 'ItemsPath', 'SecondsPath'];

export function validatePipelines(r: Reader, s: Scenario, names: { queues: ReadonlyMap<string, number>; definitions: ReadonlyMap<string, number> }): void {
  const list = s.stateMachines ?? [];
  const machines = uniqueNames(r, list.map((sm) => sm.stateMachineName), 'stateMachines', 'stateMachineName', m.KIND.stateMachine);
  list.forEach((sm) => {
    const { batchName } = pipelinesModule();
    for (const ref of sm.refs) {
      const known = ref.kind === 'jobQueue' ? names.queues : names.definitions;
      if (!known.has(batchName(ref.name, ref.kind))) r.error(ref.path, m.noNamed(ref.kind === 'jobQueue' ? m.KIND.jobQueue : m.KIND.jobDefinition, ref.name, [...known.keys()]));
    }
  });
  const used = new Set<string>();
  s.workload.forEach((g, gi) => {
    if (!g.stateMachine) return;
    const path = indexPath('workload', gi);
    const k = machines.get(g.stateMachine);
    if (k === undefined) return r.error(joinPath(path, 'stateMachine'), m.noNamed(m.KIND.stateMachine, g.stateMachine, [...machines.keys()]));
    used.add(g.stateMachine);
    // Not when the definition itself is wrong (read/ reported it) or names what does not exist.
    if (list[k].machine.states.size === 0 || r.issues.some((i) => i.severity === 'error' && i.path.startsWith(indexPath('stateMachines', k)))) return;
    dryRun(r, s, list[k], g, path, names);
  });
  list.forEach((sm, i) => {
    if (sm.stateMachineName !== '' && !used.has(sm.stateMachineName)) r.warning(indexPath('stateMachines', i), m.PIPELINE_MESSAGE.unusedStateMachine(sm.stateMachineName));
  });
}

/**
 * The group's first execution against a Batch where every job succeeds a second after it is
 * submitted: an execution that fails with States.Runtime (a path that selects nothing, a Task
 * whose Parameters are not a SubmitJob request) or with a queue or definition that does not exist
 * is reported at the state it failed in.
 */
function dryRun(r: Reader, s: Scenario, sm: StateMachineConfig, g: WorkloadGroup, groupPath: string, names: { queues: ReadonlyMap<string, number>; definitions: ReadonlyMap<string, number> }): void {
  const { batchName, Uploads } = pipelinesModule();
  const { StepFunctionsRuntime } = executionModule();
  const sim = new Simulation();
  let jobs = 0;
  const port: BatchPort = {
    submit(request, submitted, onEnd) {
      if (!names.queues.has(batchName(request.jobQueue, 'jobQueue'))) return submitted({ error: `JobQueue ${request.jobQueue} does not exist` });
      if (!names.definitions.has(batchName(request.jobDefinition, 'jobDefinition'))) return submitted({ error: `JobDefinition ${request.jobDefinition} does not exist` });
      const jobId = `job-${++jobs}`;
      submitted({ jobId });
      sim.after(1000, 0, () => onEnd?.({ JobId: jobId, JobName: request.jobName, JobQueue: request.jobQueue, Status: 'SUCCEEDED', StatusReason: 'Essential container in task exited', Container: { ExitCode: 0 } }));
    },
    terminate() {},
  };
  const runtime = new StepFunctionsRuntime(sim, port, { transitionMs: 0, syncLagMs: 0 });
  const input = g.s3Trigger ? new Uploads(g.s3Trigger, s, () => 1024 ** 3).next(0) : (g.input ?? {});
  const record = runtime.start(sm.machine, input);
  sim.everyEvents(DRY_RUN_EVENTS, () => sim.stop());
  sim.run(DRY_RUN_HORIZON_MS);
  const error = record.error;
  if (record.status !== 'FAILED' || error === null || !DRY_RUN_ERRORS.has(error)) return;
  const statePath = (record.failedState !== null ? sm.statePaths.get(record.failedState) : undefined) ?? indexPath('stateMachines', 0);
  const cause = record.cause ?? '';
  const field = FLOW_FIELDS.find((f) => cause.startsWith(`${f} `) || cause.startsWith(`${f}:`));
  r.error(field ? joinPath(statePath, field) : statePath, m.PIPELINE_MESSAGE.dryRunFailed(error, cause, groupPath, g.name, g.s3Trigger != null));
}
