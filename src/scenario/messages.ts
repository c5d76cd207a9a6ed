// Every user-facing sentence of the scenario layer (issues of load, read and validate, and the JSON
// Schema's editor hints), so the wording lives in one place.
import { FARGATE_MAX } from './fargate-sizes.js';
import { didYouMean } from './issues.js';

/** How a value reads in a message: strings quoted, containers named. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

const list = (values: readonly string[]): string => values.join(', ');

// Files and syntax
/** Why a file could not be read, in words rather than an errno code. */
export const fileError = (e: unknown): string => {
  const code = (e as { code?: unknown })?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
};
/** What a YAML or JSON document file is, for messages: a scenario or a plan. */
export type DocumentKind = 'scenario' | 'plan';
const TOP_LEVEL_SECTIONS: Record<DocumentKind, string> = { scenario: 'computeEnvironments, jobQueues, …', plan: 'base, axes, figures, …' };
export const fileUnreadable = (file: string, reason: string, kind: DocumentKind = 'scenario'): string => `cannot read ${kind} file "${file}": ${reason}`;
export const notADocument = (path: string, why: string, kind: DocumentKind): string => `"${path}" is not a ${kind}: ${why}; a ${kind} is a YAML or JSON text file`;
export const binaryFile = (offset: number): string => `it looks like a binary file (a NUL byte at offset ${offset})`;
export const utf16File = (): string => 'it is UTF-16 text; save it as UTF-8';
export const notUtf8 = (): string => 'it is not UTF-8 text';
export const yamlSyntax = (line: number, column: number, detail: string): string =>
  `syntax error at line ${line}, column ${column}: ${detail}`;
export const topLevelNotMapping = (got: unknown, kind: DocumentKind = 'scenario'): string =>
  `a ${kind} must be a mapping of sections (${TOP_LEVEL_SECTIONS[kind]}) at the top level, got ${describe(got)}`;
export const sideFileUnreadable = (file: string, resolved: string, reason: string): string =>
  `cannot read "${file}" (resolved to ${resolved}): ${reason}`;
export const sideFileNotLoaded = (file: string): string => `file "${file}" was not loaded`;

// Shapes and fields
export const required = (): string => 'required';
export const expected = (what: string, got: unknown): string => `expected ${what}, got ${describe(got)}`;
/** What `expected` names. */
export const EXPECTED = {
  mapping: 'a mapping',
  list: 'a list',
  string: 'a string',
  number: 'a number',
  durationOrDistribution: 'a duration or a distribution',
  interruptions: 'advisor, none, {perHour: x} or {trace: {file: spot.csv}}',
  imagePullTime: 'a size (2 GiB) or {pullTime: 45s}',
  spotPrice: 'advisor or {discount: 0..1}',
  timeseriesInterval: 'auto, changes or a duration (60s, 5m, 1h)',
  submitJob: 'unlimited or {perSecond: x, burst: n}',
  instanceTypeName: 'an instance type name',
  boolean: 'true or false',
} as const;
export const unknownField = (key: string, known: readonly string[]): string =>
  `unknown field "${key}"${didYouMean(key, known)}`;
export const ignoredField = (): string => 'ignored (not used by the simulator)';
export const oneOf = (values: readonly string[], got: unknown): string =>
  `must be one of ${list(values)}, got ${describe(got)}${typeof got === 'string' ? didYouMean(got, values) : ''}`;
export const exactlyOneOf = (keys: readonly string[], got: readonly string[]): string =>
  got.length === 0 ? `needs one of ${list(keys)}` : `needs exactly one of ${list(keys)}, got ${list(got)}`;
export const notInteger = (got: number): string => `must be a whole number, got ${got}`;
export const notSafeInteger = (got: number): string => `must be a whole number of at most ${Number.MAX_SAFE_INTEGER} (2^53 − 1), got ${got}`;
export const atLeast = (min: number, got: number): string => `must be at least ${min}, got ${got}`;
export const above = (min: number, got: number): string => `must be greater than ${min}, got ${got}`;
export const underAMillisecond = (got: unknown): string => `${JSON.stringify(got)} rounds to 0 ms (the clock counts whole milliseconds); give at least 1ms`;
export const atMost = (max: number, got: number): string => `must be at most ${max}, got ${got}`;
export const between = (min: number, max: number, got: number): string => `must be between ${min} and ${max}, got ${got}`;
export const notEmpty = (): string => 'must not be empty';
export const tooMany = (max: number, what: string, got: number): string => `at most ${max} ${what}, got ${got}`;
/** What `tooMany` counts. */
export const TOO_MANY = {
  queueEnvironments: 'compute environments per job queue (AWS quota)',
  dependencies: 'dependencies per job (AWS quota)',
  exitRules: 'evaluateOnExit rules',
} as const;

// Units
const DURATION_EXAMPLES = 'a string like 500ms, 90s, 45m, 2h, 3d or 1h30m';
const SIZE_EXAMPLES = '512 MiB, 16 GiB, 1 TiB or 2 GB';
export const badDuration = (got: unknown): string =>
  `${describe(got)} is not a duration; use a number of seconds or ${DURATION_EXAMPLES}`;
export const badSize = (got: unknown): string =>
  `${describe(got)} is not a size; use a string like ${SIZE_EXAMPLES}`;

// Distributions
export const unknownDistribution = (key: string, kinds: readonly string[]): string =>
  `unknown distribution "${key}"${didYouMean(key, kinds)}; expected one of ${list(kinds)}`;
export const minAboveMax = (min: string, max: string): string => `min (${min}) must not exceed max (${max})`;
export const p95NotAboveMedian = (): string => 'p95 must be greater than median';
export const lognormalForm = (): string => 'lognormal needs either {median, p95} or {mu, sigma}';
export const noSuchColumn = (column: string, file: string, columns: readonly string[]): string =>
  `no column "${column}" in "${file}"${didYouMean(column, columns)} (columns: ${list(columns)})`;
export const badCsv = (file: string, reason: string): string => `cannot parse "${file}" as CSV: ${reason}`;
export const badSampleCell = (file: string, row: number, column: string, got: unknown): string =>
  `"${file}" row ${row}, column "${column}": ${badDuration(got)}`;
export const noSamples = (file: string): string => `"${file}" holds no samples`;

// Compute environments
export const minvAboveMaxv = (min: number, max: number): string => `minvCpus (${min}) must not exceed maxvCpus (${max})`;
export const desiredOutside = (min: number, max: number, got: number): string =>
  `must be between minvCpus (${min}) and maxvCpus (${max}), got ${got}`;
export const spotStrategyNeedsSpot = (strategy: string, type: string): string =>
  `${strategy} applies only to SPOT compute environments, not ${type}`;
export const ignoredForFargate = (): string => 'ignored: Fargate compute environments choose no instance types';
export const notForFargate = (): string => 'not allowed for Fargate compute environments';
export const scalingPolicyIgnoredForFargate = (): string => 'ignored: a scale-down delay applies to EC2 instances, not Fargate tasks';
export const scaleDownDelayRange = (min: number, max: number, got: number): string => `must be 0 (off) or between ${min} and ${max} minutes, got ${got}`;
export const unknownInstanceType = (name: string, candidates: readonly string[]): string =>
  `unknown instance type "${name}"${didYouMean(name, candidates)}`;
export const unmanagedComputeResources = (): string => 'ignored: an UNMANAGED compute environment is not scaled by Batch';
export const unmanagedNeedsInstances = (): string =>
  'an UNMANAGED compute environment needs simulation.instances (the fleet you run yourself)';
export const onlyForUnmanaged = (): string => 'only for UNMANAGED compute environments';
export const onlyForManaged = (): string => 'only for MANAGED compute environments';
/** The fields `customShapeNeeds` asks for. */
export const CUSTOM_SHAPE = { vcpus: 'vcpus', memory: 'memoryMiB (or memory)' } as const;
export const customShapeNeeds = (field: string, name: string, candidates: readonly string[]): string =>
  `${field} is required for "${name}", which is not in the instance catalogue${didYouMean(name, candidates)}`;

// Names and references
/** What `noNamed` and `duplicateName` call the objects. */
export const KIND = {
  computeEnvironment: 'compute environment',
  jobQueue: 'job queue',
  jobDefinition: 'job definition',
  schedulingPolicy: 'scheduling policy',
  workloadGroup: 'workload group',
  stateMachine: 'state machine',
  job: 'job',
  jobInGroup: 'job in this workload group',
} as const;
export const noNamed = (kind: string, name: string, candidates: readonly string[]): string =>
  `no ${kind} named "${name}"${didYouMean(name, candidates)}`;
export const duplicateName = (kind: string, name: string, firstPath: string): string =>
  `duplicate ${kind} name "${name}" (first defined at ${firstPath})`;
export const repeatedInQueue = (name: string): string => `compute environment "${name}" appears twice in this queue`;
export const mixedQueue = (ec2: string, fargate: string): string =>
  `a job queue cannot mix EC2/SPOT compute environments ("${ec2}") with FARGATE/FARGATE_SPOT ones ("${fargate}")`;

// Job definitions
export const resourceNotNumber = (type: string, got: unknown): string =>
  `${type} must be a positive number, got ${describe(got)}`;
export const resourceNotWhole = (type: string, min: number, got: unknown): string =>
  `${type} must be a whole number of at least ${min}, got ${describe(got)}`;
export const resourceRepeated = (type: string): string => `${type} is given more than once`;
export const resourceMissing = (type: string, legacy: string): string =>
  `${type} is required: a resourceRequirements entry {type: ${type}, value: "…"} or containerProperties.${legacy}`;
export const multinodeNeedsNodes = (): string => 'a multinode job definition needs nodeProperties';
export const mainNodeOutside = (numNodes: number, got: number): string =>
  `must be between 0 and numNodes - 1 (${numNodes - 1}), got ${got}`;
export const patternTooLong = (max: number, got: number): string => `patterns are at most ${max} characters, got ${got}`;
export const patternStar = (got: string): string => `only a trailing "*" is allowed (a prefix match), got ${JSON.stringify(got)}`;
export const patternChars = (got: string): string =>
  `may hold only letters, numbers, periods, colons, spaces and tabs, with an optional trailing "*" (AWS EvaluateOnExit), got ${JSON.stringify(got)}`;
export const exitCodePattern = (got: string): string =>
  `must be digits with an optional trailing "*", got ${JSON.stringify(got)}`;
/** ResourceRequirement API reference: https://docs.aws.amazon.com/batch/latest/APIReference/API_ResourceRequirement.html */
export const ec2VcpuBelowOne = (got: number): string =>
  `for EC2 resources, you must specify at least one vCPU (AWS ResourceRequirement); fractional vCPUs are Fargate sizes only, got ${got}`;
export const ec2VcpuOnQueue = (queue: string, got: number): string =>
  `job queue "${queue}" runs on EC2, and for EC2 resources you must specify at least one vCPU (AWS ResourceRequirement), got ${got}`;
export const gpuOnFargate = (): string => 'Fargate has no GPUs; GPU jobs need EC2 compute environments';

// Workload
export const rateNeedsEnd = (): string =>
  'this arrival stream never ends: give count or until here, or until at the top level';
export const countOnlyFor = (field: string): string => `${field} applies only to poisson, every and schedule arrivals`;
const SCHEDULE_FORMS = '"cron(…)" or "rate(…)"';
export const badSchedule = (got: string): string =>
  `must be an EventBridge schedule expression ${SCHEDULE_FORMS}, got ${JSON.stringify(got)}`;
export const invalidSchedule = (got: string, detail: string): string => `${got}: ${detail}`;
export const burstNeedsEnd = (): string => 'a burst on a schedule never ends: give until at the top level';
export const badStartAt = (got: unknown): string =>
  `${describe(got)} is not a date and time; use ISO 8601 in UTC like 2024-01-01T00:00:00Z or 2024-01-01 (years 1970-2199)`;
export const traceError = (file: string, line: number | null, detail: string): string =>
  `${line === null ? file : `${file}:${line}`}: ${detail}`;
export const traceTooManyErrors = (file: string, max: number): string => `${file}: stopped reading after ${max} errors`;
export const traceOneTemplate = (got: number): string =>
  `a trace replays every record as a job of one template (queue, definition, defaults): give exactly one job, got ${got}`;
export const traceColumnsOnlyCsv = (format: string): string => `columns applies only to format csv, not ${format}`;
export const traceSummary = (file: string, jobs: number, records: number, skipped: Record<string, number>): string => {
  const reasons = Object.entries(skipped).map(([reason, n]) => `${reason} ${n}`);
  return `trace "${file}": replaying ${jobs} of ${records} records${reasons.length > 0 ? `; skipped ${list(reasons)}` : ''}`;
};
export const traceNoJobs = (file: string): string => `trace "${file}" has no job that can be replayed`;
export const dependsOnSelf = (): string => 'a job cannot depend on itself (use type: SEQUENTIAL on an array job)';
export const sequentialNeedsArray = (): string => 'SEQUENTIAL dependencies apply only to array jobs (arrayProperties)';
export const sequentialOtherJob = (name: string): string =>
  `a SEQUENTIAL dependency refers to the array job itself, not "${name}"`;
export const nToNNeedsArrays = (a: string, b: string): string =>
  `N_TO_N needs "${a}" and "${b}" to be array jobs of the same size`;
export const dependencyCycle = (cycle: readonly string[]): string => `dependency cycle: ${cycle.join(' -> ')}`;
export const needsShareIdentifier = (queue: string): string =>
  `job queue "${queue}" has a scheduling policy (fair share), so every job needs a shareIdentifier`;
export const platformMismatch = (definition: string, platforms: readonly string[], queue: string, kind: string): string =>
  `job definition "${definition}" runs on ${list(platforms)} but job queue "${queue}" uses ${kind} compute environments`;

export const fargateSize = (
  vcpus: number,
  memoryMiB: number,
  limits: 'current' | 'legacy',
  nearest: readonly { vcpus: number; memoryMiB: number }[],
): string =>
  `Fargate${limits === 'legacy' ? ` (legacy limits: at most ${FARGATE_MAX.legacy.vcpus} vCPU and ${FARGATE_MAX.legacy.memoryMiB / 1024} GiB)` : ''} has no task size of ${vcpus} vCPU with ${memoryMiB} MiB; ` +
  `nearest valid sizes: ${nearest.map((s) => `${s.vcpus} vCPU with ${s.memoryMiB} MiB`).join(', ')}`;
export const gpuJobOnFargate = (queue: string): string =>
  `Fargate has no GPUs: job queue "${queue}" uses Fargate compute environments, so this GPU job would never run`;
export const multinodeOnEnvironment = (definition: string, queue: string, environment: string, kind: string): string =>
  `multinode job definition "${definition}" cannot run on job queue "${queue}": compute environment "${environment}" is ${kind}, ` +
  'and multi-node parallel jobs run only on on-demand EC2 managed compute environments';
export const mixedArchitectures = (x86: string, arm: string): string =>
  `mixes x86_64 (${x86}) and arm64 (${arm}) instance types, which AWS refuses: "arm-based instance type cannot be used with other instance types."`;
export const wrongArchitecture = (definition: string, arch: string, queue: string, environments: readonly string[], all: boolean): string =>
  `job definition "${definition}" is ${arch} (runtimePlatform.cpuArchitecture), but ${environments.map((e) => `"${e}"`).join(', ')} of job queue "${queue}" ` +
  `launch${environments.length === 1 ? 'es' : ''} only instance types of the other architecture, so the job never runs there` +
  (all ? ' and would stay RUNNABLE' : '');

/** A DISABLED environment takes no new jobs and does not scale out (AWS-BATCH-BEHAVIOUR §2.1): the queue's jobs wait forever. */
export const noEnabledEnvironment = (queue: string, disabled: readonly string[]): string =>
  `job queue "${queue}" has no ENABLED compute environment (${disabled.map((e) => `"${e}"`).join(', ')} ${disabled.length === 1 ? 'is' : 'are'} DISABLED), ` +
  'and a DISABLED compute environment takes no new jobs and does not scale out, so every job sent to this queue would stay RUNNABLE';
/** JobQueueDetail.state: "If the job queue state is DISABLED, new jobs can't be added to the queue, but jobs already in the queue can finish." */
export const disabledQueue = (queue: string): string =>
  `job queue "${queue}" is DISABLED, and AWS adds no new jobs to a DISABLED queue; the jobs sent to it here are never scheduled and would stay RUNNABLE`;

export const internalError = (detail: string): string => `internal error (a bug in batchsim): ${detail}`;

const shapeText = ({ vcpus, memoryMiB, gpus }: { vcpus: number; memoryMiB: number; gpus: number }): string =>
  `${vcpus} vCPU, ${memoryMiB} MiB${gpus > 0 ? `, ${gpus} GPU` : ''}`;
const holdHints = (hints: readonly string[]): string => (hints.length > 0 ? `; ${hints.join('; ')}` : '');
/** What would hold a job on one environment: a bigger instance type, more maxvCpus, or both. */
export const wouldHold = (environment: string, type: { instanceType: string; vcpus: number } | null, maxvCpus: number | null): string => {
  const parts = [...(type !== null ? [`${type.instanceType} (${type.vcpus} vCPU) in instanceTypes`] : []), ...(maxvCpus !== null ? [`maxvCpus ≥ ${maxvCpus}`] : [])];
  return parts.length > 0 ? `"${environment}" would hold it with ${parts.join(' and ')}` : `no instance type of the families of "${environment}" holds it`;
};
export const neverFits = (queue: string, shape: { vcpus: number; memoryMiB: number; gpus: number }, hints: readonly string[]): string =>
  `no compute environment of job queue "${queue}" has an instance with ${shapeText(shape)} free for jobs ` +
  `(an instance registers less than its nominal memory, 91–97% on Nitro and 97.5% on Xen, less 32 MiB for the ECS agent; ` +
  `see assumptions.registeredMemory), so this job would stay RUNNABLE${holdHints(hints)}`;
export const noInstanceAtAll = (queue: string, environments: readonly string[]): string =>
  `no compute environment of job queue "${queue}" has any instance (${environments.map((e) => `UNMANAGED "${e}"`).join(', ')}: no entry of simulation.instances has a count above 0), so this job would stay RUNNABLE`;
export const registeredMemoryKey = (key: string, candidates: readonly string[]): string =>
  `"${key}" is neither an instance type, a family nor a generation (nitro, xen, metal)${didYouMean(key, candidates)}`;
export const registeredMemoryShare = (key: string, got: number): string =>
  `a family or generation takes a share of nominal memory in (0, 1] (MiB only for one instance type, e.g. "${key}.large"), got ${got}`;
export const registeredMemoryAboveNominal = (type: string, nominalMiB: number, got: number): string =>
  `${type} has ${nominalMiB} MiB; it cannot register ${got} MiB`;
export const traceNeverFits = (queue: string, count: number, records: number, largest: { vcpus: number; memoryMiB: number; gpus: number }, hints: readonly string[]): string =>
  `${count} of ${records} records need more than any instance of job queue "${queue}" has free, so they would stay RUNNABLE ` +
  `and block the queue; the largest needs ${shapeText(largest)}${holdHints(hints)}`;

/** Regions grouped by prefix (`us-east-1/2`), to list them all on one line. */
const regionList = (regions: readonly string[]): string => {
  const groups = new Map<string, string[]>();
  for (const r of regions) {
    const [, prefix, n] = /^(.*-)(\d+)$/.exec(r) ?? [r, r, ''];
    groups.set(prefix, [...(groups.get(prefix) ?? []), n]);
  }
  return [...groups].map(([prefix, ns]) => `${prefix}${ns.join('/')}`).join(', ');
};
export const unknownRegion = (region: string, known: readonly string[]): string =>
  `unknown region "${region}"${didYouMean(region, known)}; the bundled Spot and Fargate prices know ${regionList(known)}`;
export const noWorkload = (): string => 'no workload: nothing is ever submitted, so a run has nothing to do';
export const neverFires = (expression: string, startAt: string): string =>
  `${expression} never fires at or after startAt (${startAt}), so no job arrives; check the day of the month and the year`;
/** A long span of simulated time in the unit that reads best: `31.7 years`, `12.5 days`, `2h 19m`. */
export const spanText = (ms: number): string => {
  const days = ms / 86_400_000;
  if (days >= 365) return `${(days / 365.25).toFixed(1)} years`;
  if (days >= 2) return `${days.toFixed(1)} days`;
  const minutes = Math.round(ms / 60_000);
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  return minutes >= 60 ? `${Math.floor(minutes / 60)}h${minutes % 60 > 0 ? ` ${minutes % 60}m` : ''}` : `${minutes}m`;
};
/**
 * n rounded, with en-US thousands separators: what Math.round(n).toLocaleString('en-US') prints,
 * without loading the locale data for it (the first toLocaleString call is about 10 ms, and the
 * large-run warning was the only one in a 1M-job run).
 */
export const count = (n: number): string => {
  const r = Math.round(n);
  if (!Number.isSafeInteger(r) || Object.is(r, -0)) return r.toLocaleString('en-US');
  const digits = String(Math.abs(r));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return r < 0 ? `-${out}` : out;
};
const bytesText = (n: number): string => (n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GiB` : `${Math.max(1, Math.round(n / 2 ** 20))} MiB`);
export const secondsNotMs = (ms: number, mean: boolean): string =>
  `${mean ? 'a mean of ' : ''}${ms / 1000} is seconds (${spanText(ms)}); did you mean milliseconds? (a number is seconds; write "${ms / 1000}ms")`;
export const tooManyJobs = (jobs: number, max: number): string =>
  `this workload submits about ${count(jobs)} jobs; one run holds at most ${count(max)} (check count, until and the rate; a sweep of smaller runs scales further)`;
/** `outputBytes`: null for a run that writes no record files (run --outputs summary). */
export const largeRun = (e: { jobs: number; horizonMs: number; events: number; outputBytes: number | null }): string =>
  `a large run: about ${count(e.jobs)} jobs${e.outputBytes === null ? ` and ${count(e.events)} events` : `, ${count(e.events)} events and ${bytesText(e.outputBytes)} of record files`} over ${spanText(e.horizonMs)} of simulated time; check the units of durations and counts`;
/**
 * A sampling interval exactly, as timeseries.csv steps by it: under a second in ms (`1ms`, `500ms`),
 * else days, hours, minutes and seconds with the seconds' ms as decimals (`1.075s`, `1h 24m`, `1m 30.5s`).
 */
export const intervalText = (ms: number): string => {
  if (ms < 1000) return `${ms}ms`;
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (rest > 0) parts.push(`${Number((rest / 1000).toFixed(3))}s`);
  return parts.join(' ');
};
/** The interval a run samples at instead of the scenario's own (samplingIntervalMs), and about how many instants that takes. */
export const coarserSampling = (instants: number, ownMs: number, usedMs: number, usedInstants: number, max: number): string =>
  `sampling every ${intervalText(ownMs)} would take about ${count(instants)} instants; timeseries.csv is sampled every ${intervalText(usedMs)} instead, ` +
  `about ${count(usedInstants)} instants (past ${count(max)} instants the interval doubles)`;
export const submitJobThrottled = (calls: number, perSecond: number, burst: number, singles: boolean): string =>
  `${count(calls)} SubmitJob calls at one instant: at ${perSecond} per second (burst ${burst}, assumptions.api.submitJob) the last goes through ${spanText(Math.ceil(((calls - burst) * 1000) / perSecond))} later${singles ? '; an array job (arrayProperties.size up to 10,000) is one call' : ''}`;
export const pricesAreUsEast1 = (region: string): string =>
  `the bundled EC2 on-demand prices are us-east-1's; costs for "${region}" use them unless you set prices.ec2`;
/** What else a run outside us-east-1 bills at us-east-1's prices unless the scenario sets prices.pipeline. */
export const pipelinePricesAreUsEast1 = (region: string, data: boolean, express: boolean): string => {
  const parts = [...(data ? ['the data part (NAT gateway hours and GB processed, S3 requests, ECR, DynamoDB writes: costUsd.data)'] : []), ...(express ? ['Step Functions Express (requests and GB-seconds)'] : [])];
  const standard = express ? " (Standard transitions use the region's)" : '';
  return `${parts.join(' and ')} ${parts.length > 1 ? 'are' : 'is'} billed at us-east-1's prices in "${region}" too${standard}, unless you set your Region's in prices.pipeline`;
};

// Editor hints of the JSON Schema (schema/scenario.schema.json), next to the errors they echo
export const SCHEMA_HINT = {
  placement: '[EST] Which of equally good instance types to launch: smallest (default), largest, or lowest-vcpu-cost (rank by $/h per vCPU).',
  scenario: 'A batchsim scenario: AWS Batch objects in the AWS API shape, plus workload, assumptions and prices.',
  duration: `A number of seconds, or ${DURATION_EXAMPLES}.`,
  size: `A size like ${SIZE_EXAMPLES}.`,
  distribution: 'A duration (fixed) or a distribution of durations.',
  lognormalMu: 'Mean of ln(seconds).',
  schedule: `An EventBridge schedule expression: ${SCHEDULE_FORMS}.`,
  startAt: (defaultAt: string): string =>
    `The instant (ISO 8601, UTC unless an offset is given) the clock starts at; schedules fire on this calendar. Default ${defaultAt}, a Monday.`,
  nextToken: 'From pasted describe-* output: the output is one page of a longer listing (warned); otherwise ignored.',
  fargateLimits: 'Fargate task size limits: current (16 vCPU / 120 GB, the default) or legacy (4 vCPU / 30 GB), any case.',
  launchBurst: (burst: number): string => `Fargate task launch token bucket: burst (default ${burst}).`,
  launchPerSecond: (perSecond: number): string => `Fargate task launch token bucket: refill per second (default ${perSecond}).`,
  submitJob: 'SubmitJob rate limit per account and Region: {perSecond, burst} (default 50 per second, burst 50), or unlimited.',
  submitJobPerSecond: (perSecond: number): string => `SubmitJob calls per second (default ${perSecond}, AWS Batch service quotas).`,
  submitJobBurst: 'SubmitJob token bucket size (default: one second of calls).',
  maxSubmittedJobs: (max: number): string => `Jobs that may be in SUBMITTED at once (default ${max}, AWS Batch service quotas).`,
  registeredMemory:
    'Memory ECS registers per instance [EST], by instance type, family or generation (nitro, xen, metal): a share of nominal memory in (0, 1], or MiB for an instance type.',
  lambdaArchitecture: 'Architecture the Lambda comparison prices at: x86_64 (the default) or arm64, any case.',
  traceFile: 'Trace file, relative to the scenario; .gz files are decompressed.',
  traceColumns: 'csv only: the column holding each field (default: columns named like the fields).',
  traceLimit: 'Replay only the first N jobs.',
  traceTimeScale: 'Multiplies inter-arrival times (default 1).',
  advisorReading: 'How a Spot Instance Advisor band is read as a reclaim rate: per-instance-month (the default), per-instance-week or per-instance-day.',
  spotTraceFile: 'Spot availability trace (CSV: time, instanceType, reclaimsPerHour or interruptionProbability), relative to the scenario.',
  spotTraceZone: 'Replay only this availability zone\'s rows (when the trace has an availabilityZone column).',
  pullThroughput: (mibps: number): string => `MiB per second a cold image pull downloads and unpacks (default ${mibps}) [EST].`,
  pullImages: 'By image name as containerProperties.image spells it: its size (pulled at throughput) or {pullTime: 45s}.',
  anyCaseOf: (values: readonly string[]): string => `One of ${list(values)} (any case).`,
} as const;

// Job-definition revisions (import/revisions.ts).
export const revisionSkipped = (name: string, revision: number, status: string | null): string =>
  `revision ${revision} of job definition "${name}" is ${status !== null && status.toUpperCase() === 'INACTIVE' ? 'INACTIVE' : 'not the latest ACTIVE one'} and no submission names it; skipped`;
export const inactiveRevisionUsed = (ref: string): string => `"${ref}" is an INACTIVE revision; AWS Batch refuses new submissions to it, but replaying history on it is allowed`;

// Image pulls and Spot availability traces (read/assumptions.ts).
export const imagePullUnused = (image: string): string => `no job definition's containerProperties.image is "${image}"; this entry is not used`;
export const imageWithoutPullTime = (image: string): string =>
  `image "${image}" has no entry under assumptions.imagePull.images: its pull is left to containerStart`;
export const spotTraceFileError = (file: string, line: number | null, detail: string): string =>
  `${line === null ? file : `${file}:${line}`}: ${detail}`;
// Service quotas and insufficient capacity (assumptions.serviceQuotas, assumptions.capacity).
export const unmodelledQuota = (key: string, modelled: readonly string[]): string =>
  `quota "${key}" is not one the simulator enforces; ignored (it enforces: ${modelled.join('; ')})`;
export const quotaTwice = (name: string, firstKey: string): string => `quota "${name}" is already given as "${firstKey}"`;
export const windowEndsFirst = (): string => 'to must be later than from';
export const noServiceQuotas = (defaults: string): string =>
  `no assumptions.serviceQuotas: no account quota binds this run; AWS's defaults for a new account are ${defaults}, and real accounts differ (aws service-quotas list-service-quotas)`;
export const LIMITS_HINT = {
  serviceQuotas:
    'Account vCPU quotas per Region, keyed by quota code (L-1216C47A) or by name as aws service-quotas list-service-quotas prints it; unset: no quota.',
  capacity: 'Insufficient-capacity rules per instance type and purchase option: outage windows and a per-launch failure chance.',
  purchaseOption: 'ON_DEMAND or SPOT (any case).',
  unavailable: 'An outage window {from, to} (or a list of them), times after the clock start like until: every launch in it fails.',
  launchFailureProbability: '[EST] Chance that one launch of the type fails for lack of capacity (default 0).',
  retryAfter: (seconds: number): string => `[EST] How long before a launch is tried again after a failed draw (default ${seconds} s).`,
} as const;

// ---------------------------------------------------------------- the pipeline around the jobs

export const PIPELINE_HINT = {
  definition: 'The Amazon States Language definition: a mapping, its JSON text as describe-state-machine prints it, or {file: path} (relative to the scenario).',
  definitionFile: 'An ASL JSON file, relative to the scenario.',
  type: 'STANDARD (default; billed per state transition) or EXPRESS (billed per request and GB-second).',
  objectSize: 'Size of each uploaded object (e.g. 2 GiB), or {uniform: {min, max}} or {lognormal: {median, p95}} of sizes.',
  keyPrefix: 'Object keys are this prefix and a sequence number (upload-000001).',
  objects: 'Replay recorded uploads instead of arrivals: {file: uploads.csv} with a header row time,key,size (time: seconds or a duration after startAt, or an ISO instant; size: bytes or e.g. 2 GiB).',
  objectsFile: 'CSV of uploads, relative to the scenario; .gz files are decompressed.',
  transitionLatency: (s: number) => `[EST] From entering a state to its action (default ${s} s).`,
  syncLag: (s: number) => `[EST] From a Batch job's end to its .sync Task seeing it (default ${s} s).`,
  deliveryLatency: '[EST] From an S3 object landing to EventBridge starting the execution: a duration or a distribution (default lognormal, median 2 s, p95 20 s).',
};

export const PIPELINE_MESSAGE = {
  jobsOrStateMachine: 'a workload group has either `jobs` (SubmitJob templates) or `stateMachine` (the name of a state machine it starts), not both',
  onlyWithStateMachine: (field: string) => `\`${field}\` is for a group that starts a state machine (\`stateMachine\`)`,
  inputWithTrigger: 'with `s3Trigger` the execution input is the EventBridge event of the upload; leave `input` out',
  traceNeedsTemplate: 'a trace group replays jobs; a state machine group takes poisson, at, every, schedule or burst arrivals',
  definitionFileNotLoaded: (file: string) => `the definition file "${file}" was not read`,
  expressSync: (state: string) => `an EXPRESS workflow cannot wait for a job (${state}: submitJob.sync, Run a Job): Express supports only Request Response; use type STANDARD, or arn:aws:states:::batch:submitJob`,
  objectsWithArrivals: 'with `s3Trigger.objects` each recorded upload is an arrival; leave `arrivals` out',
  objectsColumns: (file: string, missing: readonly string[], columns: readonly string[]) =>
    `${file} needs the columns time, key and size (missing: ${missing.join(', ')}; it has ${columns.length === 0 ? 'none' : columns.join(', ')})`,
  objectsRow: (file: string, line: number, column: string, value: string) => `${file}:${line}: ${column} "${value}" is not ${column === 'time' ? 'a time (seconds, a duration like 90s, or an ISO 8601 instant)' : 'a size (bytes, or e.g. 2 GiB)'}`,
  objectsEmpty: (file: string) => `${file} has no uploads`,
  unusedStateMachine: (name: string) => `no workload group starts the state machine "${name}" (workload[].stateMachine)`,
  dryRunFailed: (error: string, cause: string, groupPath: string, group: string, s3: boolean) =>
    `the first execution started by ${groupPath} ("${group}") would fail with ${error}: ${cause} (its input: ${s3 ? "an S3 Object Created event, e.g. $.detail.object.key and $.detail.object.size" : `${groupPath}.input`})`,
};

// Data movement (fields/jobDefinition.ts simulation.data, fields/assumptions.ts network).
export const NETWORK_HINT = {
  data: 'What each job moves to and from S3 (README, "What moving the data costs"): its attempts read readGiB before the work and write writeGiB after it, at the instance\'s network bandwidth.',
  readGiB: 'GiB each attempt reads from S3 before its work (default 0).',
  writeGiB: 'GiB each attempt writes to S3 after its work, unless it fails (default 0).',
  readTriggeringObject: 'Jobs that an S3-triggered state machine submits read the uploaded object (its size from the S3 event) instead of readGiB (default false).',
  network: 'How jobs reach S3 and ECR and what that costs; giving it (or any simulation.data) adds the data part to the bill.',
  s3Path: '[EST] natGateway (the default: S3 and ECR traffic pays NAT processing, each gateway its hours) or gatewayEndpoint (free).',
  natGatewayAzs: (azs: number): string => `[EST] NAT gateways billed, one per Availability Zone used (default ${azs}).`,
  dynamoDbRecordPerJob: 'Price one DynamoDB on-demand write (an item of at most 1 KB) per job that ends (default false).',
  fargateBandwidthMbps: (mbps: number): string => `[EST] A Fargate task's network bandwidth in Mbps; AWS publishes none (default ${mbps}).`,
  bandwidthSharing: "[EST] none (the default: each attempt moves at the instance's full bandwidth) or byVcpu (at its share of the instance's vCPUs).",
} as const;
export const natUnusedWithEndpoint = (): string => 'with s3Path gatewayEndpoint no NAT gateway is billed; this count is not used';

// Importers (src/scenario/import/): helper b's block.
// The AWS CLI fetches every page unless told not to: --no-paginate stops after the first page and
// --max-items after that many items, each leaving the token in the output (--page-size only makes the
// calls smaller). https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-pagination.html
export const paginated = (key: string): string =>
  `${key} present: the output is one page of a longer listing, so compute environments, job queues, job definitions or quotas after it may be missing; ` +
  `run the describe command again without --max-items, --starting-token or --no-paginate (the AWS CLI then fetches every page), or fetch the rest with --starting-token and this ${key}`;

// Runs that cannot end, never start or cannot be held (scenario/validate.ts checkEndOfTime, checkInstances, checkFirstArrival).
const PAST_2199 = 'past the end of 2199, the last year a run can reach (its instants are printed as dates)';
export const pastEndOfTime = (ms: number, startAt: string): string =>
  `${spanText(ms)} after startAt (${startAt}) is ${PAST_2199}; check the unit (a number is seconds)`;
export const groupPastEndOfTime = (ms: number, startAt: string): string =>
  `this group's last job would end about ${spanText(ms)} after startAt (${startAt}), ${PAST_2199}; check count, until, the rate and the runtimes`;
export const workPastEndOfTime = (ms: number, startAt: string): string =>
  `the work of this workload, queued behind the compute environments' vCPUs, would take about ${spanText(ms)} after startAt (${startAt}), ${PAST_2199}; set until, or give it more vCPUs`;
export const tooManyInstances = (instances: number, max: number): string =>
  `this scenario makes about ${count(instances)} instances exist from the start; one run holds at most ${count(max)} (check count, minvCpus and desiredvCpus; maxvCpus is a ceiling and may stay large)`;
export const firstArrivalAfterUntil = (firstMs: number, untilMs: number, own: boolean): string =>
  `the first arrival, at ${spanText(firstMs)}, comes after ${own ? 'its' : 'the top-level'} until (${spanText(untilMs)}): this group never submits a job, so a run has nothing of it to do`;
export const unmanagedWithoutInstances = (environment: string): string => `UNMANAGED "${environment}" has no instance (no entry of simulation.instances has a count above 0)`;
