// The workload: groups of job templates (AWS SubmitJob's fields) and how they arrive (poisson, at,
// every, schedule, burst, or a replayed trace).
import { parseSchedule } from '../../workload/schedule.js';
import { ARRAY_PROPERTIES, ARRIVALS, BURST, CONTAINER_OVERRIDES, DEPENDENCY, JOB, POISSON, WORKLOAD_GROUP } from '../fields/workload.js';
import { indexPath, joinPath } from '../issues.js';
import * as m from '../messages.js';
import { PIPELINE_MESSAGE } from '../messages.js';
import { START_AT_MS } from '../defaults.js';
import type { Arrivals, JobTemplate, WorkloadGroup } from '../types.js';
import { nameFromArn } from '../../model/arns.js';
import { readResourceRequirements } from './jobDefinition.js';
import { pipelineReaders } from './assumptions.js';
import { eachObject, isObj, type Obj, type Reader } from './reader.js';
import { readTrace } from './trace.js';

/** Each form's kind, in the order messages list them. */
const ARRIVAL_KINDS = ARRIVALS.forms.map((f) => f.required[0]);
const RATES = POISSON.forms.map((f) => f.required[0]);
/** How many of a rate's unit make an hour. */
const PER_HOUR = { perHour: 1, perMinute: 60, perSecond: 3600 } as const;

export function readWorkloadGroup(r: Reader, value: unknown, path: string, baseDir: string, files: Map<string, string>, startAtMs = START_AT_MS): WorkloadGroup {
  const T = WORKLOAD_GROUP;
  const group: WorkloadGroup = { name: '', arrivals: { kind: 'at', atMs: [] }, jobs: [] };
  const o = r.object(value, path, T);
  if (!o) return group;
  group.name = r.field(o, T, 'name', path) ?? '';
  const replaysUploads = isObj(o.s3Trigger) && o.s3Trigger.objects != null;
  const arrivals = r.field(o, T, 'arrivals', path, !replaysUploads);
  if (arrivals !== undefined) group.arrivals = readArrivals(r, arrivals, joinPath(path, 'arrivals'), baseDir, files) ?? group.arrivals;
  const stateMachine = r.field(o, T, 'stateMachine', path);
  if (stateMachine !== undefined) return readPipelineGroup(r, o, path, group, stateMachine, files, startAtMs);
  for (const field of ['input', 's3Trigger']) if (o[field] != null) r.error(joinPath(path, field), PIPELINE_MESSAGE.onlyWithStateMachine(field));
  const jobsPath = joinPath(path, 'jobs');
  // Required unless the group starts a state machine.
  const jobs = r.field(o, T, 'jobs', path, true) ?? [];
  if (o.jobs != null && jobs.length === 0) r.error(jobsPath, m.notEmpty());
  group.jobs = jobs.map((j, i) => readJob(r, j, indexPath(jobsPath, i)));
  if (isObj(arrivals) && arrivals.trace != null && jobs.length > 1) r.error(jobsPath, m.traceOneTemplate(jobs.length));
  return group;
}

/** A group whose arrivals start executions of a state machine (with `input`, or an S3 upload's event). */
function readPipelineGroup(r: Reader, o: Obj, path: string, group: WorkloadGroup, stateMachine: string, files: Map<string, string>, startAtMs: number): WorkloadGroup {
  if (o.jobs != null) r.error(joinPath(path, 'jobs'), PIPELINE_MESSAGE.jobsOrStateMachine);
  if (group.arrivals.kind === 'trace') r.error(joinPath(path, 'arrivals'), PIPELINE_MESSAGE.traceNeedsTemplate);
  group.stateMachine = stateMachine;
  const trigger = o.s3Trigger == null ? null : pipelineReaders().readS3Trigger(r, o.s3Trigger, joinPath(path, 's3Trigger'), files, startAtMs);
  if (trigger?.objects !== undefined) {
    if (o.arrivals != null) r.error(joinPath(path, 'arrivals'), PIPELINE_MESSAGE.objectsWithArrivals);
    group.arrivals = { kind: 'at', atMs: trigger.objects.map((u) => u.atMs) };
  }
  if (trigger !== null && o.input != null) r.error(joinPath(path, 'input'), PIPELINE_MESSAGE.inputWithTrigger);
  group.s3Trigger = trigger;
  group.input = o.input ?? {};
  return group;
}

function readArrivals(r: Reader, value: unknown, path: string, baseDir: string, files: Map<string, string>): Arrivals | undefined {
  const A = ARRIVALS;
  const o = r.object(value, path, A);
  if (!o) return undefined;
  const kinds = ARRIVAL_KINDS.filter((k) => o[k] != null);
  if (kinds.length !== 1) {
    r.error(path, m.exactlyOneOf(ARRIVAL_KINDS, kinds));
    return undefined;
  }
  const kind = kinds[0];
  const at = joinPath(path, kind);
  // The forms that take count and until: the open-ended streams.
  const bounded = A.forms.some((f) => f.required[0] === kind && 'optional' in f);
  for (const field of ['count', 'until'])
    if (!bounded && o[field] != null) r.error(joinPath(path, field), m.countOnlyFor(field));
  const count = bounded ? r.field(o, A, 'count', path) ?? null : null;
  const untilMs = bounded ? r.field(o, A, 'until', path) ?? null : null;
  switch (kind) {
    case 'poisson': {
      const p = r.object(o.poisson, at, POISSON);
      if (!p) return undefined;
      const given = RATES.filter((k) => p[k] != null);
      if (given.length !== 1) {
        r.error(at, m.exactlyOneOf(RATES, given));
        return undefined;
      }
      const rate = r.field(p, POISSON, given[0], at);
      if (rate === undefined) return undefined;
      return { kind: 'poisson', perHour: rate * PER_HOUR[given[0]], count, untilMs };
    }
    case 'at': {
      const times = r.field(o, A, 'at', path) ?? [];
      if (o.at != null && times.length < A.fields.at.min) r.error(at, m.notEmpty());
      const atMs = times.map((t, i) => r.checkDuration(t, indexPath(at, i))).filter((t): t is number => t !== undefined);
      return { kind: 'at', atMs: atMs.sort((a, b) => a - b) };
    }
    case 'every': {
      const everyMs = r.field(o, A, 'every', path);
      if (everyMs === 0) r.error(at, m.above(0, 0));
      return everyMs ? { kind: 'every', everyMs, count, untilMs } : undefined;
    }
    case 'schedule': {
      const expression = readSchedule(r, o, 'schedule', path);
      return expression === undefined ? undefined : { kind: 'schedule', expression, count, untilMs };
    }
    case 'burst': {
      const b = r.object(o.burst, at, BURST);
      if (!b) return undefined;
      const burstCount = r.field(b, BURST, 'count', at);
      const when = (['at', 'schedule'] as const).filter((k) => b[k] != null);
      if (when.length !== 1) r.error(at, m.exactlyOneOf(['at', 'schedule'], when));
      const times = r.field(b, BURST, 'at', at);
      const atMs = times
        ? times.map((t, i) => r.checkDuration(t, indexPath(joinPath(at, 'at'), i))).filter((t): t is number => t !== undefined).sort((x, y) => x - y)
        : null;
      const schedule = b.schedule != null ? readSchedule(r, b, 'schedule', at) ?? null : null;
      return burstCount === undefined ? undefined : { kind: 'burst', count: burstCount, atMs, schedule };
    }
    case 'trace':
      return readTrace(r, o.trace, at, baseDir, files);
  }
  return undefined;
}

function readSchedule(r: Reader, o: Obj, key: string, path: string): string | undefined {
  const expression = r.str(o, key, path);
  if (expression === undefined) return undefined;
  const text = expression.trim();
  if (!/^(cron|rate)\(.*\)$/s.test(text)) {
    r.error(joinPath(path, key), m.badSchedule(expression));
    return undefined;
  }
  const parsed = parseSchedule(text);
  if (!parsed.ok) {
    r.error(joinPath(path, key), m.invalidSchedule(text, parsed.message));
    return undefined;
  }
  return text;
}

function readJob(r: Reader, value: unknown, path: string): JobTemplate {
  const T = JOB;
  const job: JobTemplate = {
    jobName: '', jobQueue: '', jobDefinition: '', shareIdentifier: null, schedulingPriorityOverride: null,
    arraySize: null, dependsOn: [], vcpus: null, memoryMiB: null,
  };
  const o = r.object(value, path, T);
  if (!o) return job;
  job.jobName = r.field(o, T, 'jobName', path) ?? '';
  job.jobQueue = nameFromArn(r.field(o, T, 'jobQueue', path) ?? '', 'job-queue');
  job.jobDefinition = nameFromArn(r.field(o, T, 'jobDefinition', path) ?? '', 'job-definition');
  job.shareIdentifier = r.field(o, T, 'shareIdentifier', path) ?? null;
  job.schedulingPriorityOverride = r.field(o, T, 'schedulingPriorityOverride', path) ?? null;
  const array = r.get(o, 'arrayProperties', path);
  if (array !== undefined) {
    const aPath = joinPath(path, 'arrayProperties');
    const a = r.object(array, aPath, ARRAY_PROPERTIES);
    job.arraySize = (a ? r.field(a, ARRAY_PROPERTIES, 'size', aPath) : undefined) ?? null;
  }
  const depsPath = joinPath(path, 'dependsOn');
  const deps = r.field(o, T, 'dependsOn', path) ?? [];
  const { max } = T.fields.dependsOn;
  if (deps.length > max) r.error(depsPath, m.tooMany(max, m.TOO_MANY.dependencies, deps.length));
  job.dependsOn = eachObject(r, deps, depsPath, DEPENDENCY).map((d, i) => {
    const at = indexPath(depsPath, i);
    if (!d) return { jobName: '', type: null };
    const type = r.field(d, DEPENDENCY, 'type', at) ?? null;
    // A SEQUENTIAL dependency is the array job on itself, so its jobName may be left out.
    const name = r.field(d, DEPENDENCY, 'jobName', at, type !== 'SEQUENTIAL');
    return { jobName: name ?? (type === 'SEQUENTIAL' ? job.jobName : ''), type };
  });
  const overrides = r.get(o, 'containerOverrides', path);
  if (overrides !== undefined) {
    const cPath = joinPath(path, 'containerOverrides');
    const c = r.object(overrides, cPath, CONTAINER_OVERRIDES);
    const requirements = c ? r.field(c, CONTAINER_OVERRIDES, 'resourceRequirements', cPath) : undefined;
    if (requirements) {
      const shape = readResourceRequirements(r, requirements, joinPath(cPath, 'resourceRequirements'));
      job.vcpus = shape.vcpus ?? null;
      job.memoryMiB = shape.memoryMiB ?? null;
    }
  }
  return job;
}
