// `assumptions`: latencies, Spot, Fargate, Lambda and AWS Batch's API limits, each field falling back to defaults.ts.
import * as D from '../defaults.js';
import { QUOTA_CLASSES, quotaClassNamed } from '../../model/quotaClasses.js';
import {
  API_ASSUMPTIONS, ASSUMPTIONS, CAPACITY_RULE, CAPACITY_WINDOW, FARGATE_ASSUMPTIONS, IMAGE_PULL, IMAGE_PULL_TIME, INTERRUPTION_RATE, INTERRUPTION_TRACE,
  LAMBDA_ASSUMPTIONS, NETWORK, SPOT_ASSUMPTIONS, SPOT_DISCOUNT, SPOT_TRACE_FILE, SUBMIT_JOB_RATE,
} from '../fields/assumptions.js';
import { indexPath, joinPath } from '../issues.js';
import * as m from '../messages.js';
import type { ApiAssumptions, Assumptions, CapacityRule, FargateAssumptions, ImagePullAssumptions, ImagePullTime, LambdaAssumptions, NetworkAssumptions, SpotAssumptions } from '../types.js';
import { distributionField } from './distribution.js';
import { eachObject, isObj, type Reader } from './reader.js';
import { traceReaders } from './trace.js';
import { lazyModule } from '../../engine/lazy.js';
import { parseDurationMs, parseSizeMiB } from './units.js';

/**
 * The readers of the pipeline around the jobs (pipeline.ts: state machines, S3 triggers, their
 * latencies), for read/index.ts and read/workload.ts too: loaded only for a scenario that has one (start-up).
 */
export const pipelineReaders = lazyModule<typeof import('./pipeline.js')>(import.meta.url, './pipeline.js', () => import('./pipeline.js'));


function defaultAssumptions(): Assumptions {
  return {
    region: D.REGION,
    schedulerCycleMs: D.SCHEDULER_CYCLE_MS,
    submitToRunnable: D.SUBMIT_TO_RUNNABLE,
    containerStart: D.CONTAINER_START,
    ec2Launch: D.EC2_LAUNCH,
    ec2BootMs: D.EC2_BOOT_MS,
    placement: D.PLACEMENT,
    fargateLaunch: D.FARGATE_LAUNCH,
    idleTerminateAfterMs: D.IDLE_TERMINATE_AFTER_MS,
    ebsRootVolumeGiB: D.EBS_ROOT_VOLUME_GIB,
    timeseriesMode: 'auto',
    timeseriesIntervalMs: D.TIMESERIES_INTERVAL_MS,
    spot: D.SPOT,
    fargate: { ...D.FARGATE },
    lambda: { ...D.LAMBDA },
    imagePull: { ...D.IMAGE_PULL, images: {} },
    api: { ...D.API },
    registeredMemory: { ...D.REGISTERED_MEMORY },
    serviceQuotas: {},
    capacity: [],
    pipeline: { ...D.PIPELINE },
  };
}

/** What reading a Spot availability trace needs besides its reference: the files, the calendar, the region. */
export interface SpotTraceContext {
  files: Map<string, string>;
  startAtMs: number;
  region: string;
}

export function readAssumptions(r: Reader, value: unknown, files: Map<string, string>, startAtMs: number = D.START_AT_MS): Assumptions {
  const d = defaultAssumptions();
  if (value === undefined) return d;
  const path = 'assumptions';
  const o = r.object(value, path, ASSUMPTIONS);
  if (!o) return d;
  const idle = r.field(o, ASSUMPTIONS, 'idleTerminateAfter', path);
  const idleMaxSeconds = ASSUMPTIONS.fields.idleTerminateAfter.maxSeconds;
  if (idle !== undefined && idle > idleMaxSeconds * 1000) r.error(joinPath(path, 'idleTerminateAfter'), m.between(0, idleMaxSeconds, idle / 1000));
  const given = r.get(o, 'timeseriesInterval', path);
  // The keywords, like every enum value, in any case.
  const keyword = typeof given === 'string' ? given.trim().toLowerCase() : null;
  const mode = keyword === 'auto' || keyword === 'changes' ? keyword : given === undefined ? d.timeseriesMode : 'interval';
  const intervalPath = joinPath(path, 'timeseriesInterval');
  let interval: number | undefined;
  if (mode === 'interval' && typeof given === 'string' && parseDurationMs(given) === null) r.error(intervalPath, m.expected(m.EXPECTED.timeseriesInterval, given));
  // An interval must be more than 0 (a negative number is not "at least 0" either).
  else if (mode === 'interval' && typeof given === 'number' && given <= 0) r.error(intervalPath, m.above(0, given));
  else if (mode === 'interval') interval = r.checkDuration(given, intervalPath);
  // Above 0 but under half a millisecond: the clock counts whole milliseconds.
  const writtenNonZero = typeof given === 'number' ? given !== 0 : /[1-9]/.test(String(given));
  if (interval === 0) r.error(intervalPath, writtenNonZero ? m.underAMillisecond(given) : m.above(0, 0));
  let ebs = d.ebsRootVolumeGiB;
  const ebsValue = r.get(o, 'ebsRootVolume', path);
  if (ebsValue !== undefined) {
    const mib = parseSizeMiB(ebsValue, 'GiB');
    if (mib === null || mib <= 0) r.error(joinPath(path, 'ebsRootVolume'), m.badSize(ebsValue));
    else ebs = mib / 1024;
  }
  const region = r.field(o, ASSUMPTIONS, 'region', path) ?? d.region;
  const network = r.get(o, 'network', path);
  return {
    region,
    schedulerCycleMs: r.field(o, ASSUMPTIONS, 'schedulerCycle', path) ?? d.schedulerCycleMs,
    submitToRunnable: distributionField(r, o, 'submitToRunnable', path, files, d.submitToRunnable),
    containerStart: distributionField(r, o, 'containerStart', path, files, d.containerStart),
    ec2Launch: distributionField(r, o, 'ec2Launch', path, files, d.ec2Launch),
    ec2BootMs: r.field(o, ASSUMPTIONS, 'ec2Boot', path) ?? d.ec2BootMs,
    placement: r.field(o, ASSUMPTIONS, 'placement', path) ?? d.placement,
    fargateLaunch: distributionField(r, o, 'fargateLaunch', path, files, d.fargateLaunch),
    idleTerminateAfterMs: idle ?? d.idleTerminateAfterMs,
    ebsRootVolumeGiB: ebs,
    timeseriesMode: mode,
    timeseriesIntervalMs: interval || d.timeseriesIntervalMs,
    spot: readSpot(r, r.get(o, 'spot', path), joinPath(path, 'spot'), { files, startAtMs, region }),
    fargate: readFargateAssumptions(r, r.get(o, 'fargate', path), joinPath(path, 'fargate')),
    lambda: readLambdaAssumptions(r, r.get(o, 'lambda', path), joinPath(path, 'lambda')),
    imagePull: readImagePull(r, r.get(o, 'imagePull', path), joinPath(path, 'imagePull')),
    api: readApiAssumptions(r, r.get(o, 'api', path), joinPath(path, 'api')),
    registeredMemory: readRegisteredMemory(r, r.get(o, 'registeredMemory', path), joinPath(path, 'registeredMemory')),
    serviceQuotas: readServiceQuotas(r, r.get(o, 'serviceQuotas', path), joinPath(path, 'serviceQuotas')),
    capacity: readCapacity(r, r.field(o, ASSUMPTIONS, 'capacity', path), joinPath(path, 'capacity')),
    // Without stepFunctions and eventBridge, the defaults (what readPipelineAssumptions returns then).
    pipeline: r.get(o, 'stepFunctions', path) === undefined && r.get(o, 'eventBridge', path) === undefined ? { ...D.PIPELINE } : pipelineReaders().readPipelineAssumptions(r, o, path, files),
    // Only when given: a scenario without it keeps the same normalized shape (and outputs).
    ...(network === undefined ? {} : { network: readNetwork(r, network, joinPath(path, 'network')) }),
  };
}

/** `network`: how jobs reach S3 and ECR (defaults.ts NETWORK); a NAT count is noted as unused with gateway endpoints. */
function readNetwork(r: Reader, value: unknown, path: string): NetworkAssumptions {
  const out: NetworkAssumptions = { ...D.NETWORK };
  const o = r.object(value, path, NETWORK);
  if (!o) return out;
  out.s3Path = r.field(o, NETWORK, 's3Path', path) ?? out.s3Path;
  const azs = r.field(o, NETWORK, 'natGatewayAzs', path);
  if (azs !== undefined) out.natGatewayAzs = azs;
  if (azs !== undefined && out.s3Path === 'gatewayEndpoint') r.note(joinPath(path, 'natGatewayAzs'), m.natUnusedWithEndpoint());
  out.dynamoDbRecordPerJob = r.field(o, NETWORK, 'dynamoDbRecordPerJob', path) ?? out.dynamoDbRecordPerJob;
  out.fargateBandwidthMbps = r.field(o, NETWORK, 'fargateBandwidthMbps', path) ?? out.fargateBandwidthMbps;
  out.bandwidthSharing = r.field(o, NETWORK, 'bandwidthSharing', path) ?? out.bandwidthSharing;
  return out;
}

/**
 * `serviceQuotas`: quota code or name -> vCPUs. Keys of quotas the model does not enforce (an
 * imported list-service-quotas holds many) are noted and ignored, not refused.
 */
function readServiceQuotas(r: Reader, value: unknown, path: string): Record<string, number> {
  const out: Record<string, number> = {};
  if (value === undefined) return out;
  const table = r.mapping(value, path);
  if (!table) return out;
  const firstKey = new Map<string, string>();
  for (const [key, limit] of Object.entries(table)) {
    const at = joinPath(path, key);
    const quota = quotaClassNamed(key);
    if (quota === null) {
      r.note(at, m.unmodelledQuota(key, QUOTA_CLASSES.map((c) => c.code ?? c.name)));
      continue;
    }
    const n = r.checkNumber(limit, at, ASSUMPTIONS.fields.serviceQuotas.of);
    if (n === undefined) continue;
    const first = firstKey.get(quota.key);
    if (first !== undefined) r.error(at, m.quotaTwice(quota.name, first));
    else firstKey.set(quota.key, key);
    out[quota.key] = n;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `capacity`: one rule per list item; `unavailable` is one window or a list of them. */
function readCapacity(r: Reader, items: unknown[] | undefined, path: string): CapacityRule[] {
  if (items === undefined) return [];
  const rules: CapacityRule[] = [];
  eachObject(r, items, path, CAPACITY_RULE).forEach((o, i) => {
    if (!o) return;
    const at = indexPath(path, i);
    const instanceType = r.field(o, CAPACITY_RULE, 'instanceType', at);
    const purchaseOption = r.field(o, CAPACITY_RULE, 'purchaseOption', at);
    const windows = readWindows(r, r.get(o, 'unavailable', at), joinPath(at, 'unavailable'));
    const p = r.field(o, CAPACITY_RULE, 'launchFailureProbability', at);
    const retry = r.field(o, CAPACITY_RULE, 'retryAfter', at);
    if (retry === 0) r.error(joinPath(at, 'retryAfter'), m.above(0, 0));
    if (instanceType === undefined || purchaseOption === undefined) return;
    rules.push({ instanceType, purchaseOption, unavailable: windows, launchFailureProbability: p ?? 0, retryAfterMs: retry || D.CAPACITY_RETRY_MS });
  });
  return rules;
}

function readWindows(r: Reader, value: unknown, path: string): CapacityRule['unavailable'] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: CapacityRule['unavailable'] = [];
  list.forEach((w, i) => {
    const at = Array.isArray(value) ? indexPath(path, i) : path;
    const o = r.object(w, at, CAPACITY_WINDOW);
    if (!o) return;
    const fromMs = r.field(o, CAPACITY_WINDOW, 'from', at);
    const toMs = r.field(o, CAPACITY_WINDOW, 'to', at);
    if (fromMs === undefined || toMs === undefined) return;
    if (toMs <= fromMs) return r.error(joinPath(at, 'to'), m.windowEndsFirst());
    out.push({ fromMs, toMs });
  });
  return out.sort((a, b) => a.fromMs - b.fromMs);
}

/** `api`: SubmitJob's rate (a token bucket, or unlimited) and the SUBMITTED-jobs cap. */
function readApiAssumptions(r: Reader, value: unknown, path: string): ApiAssumptions {
  if (value === undefined) return { ...D.API };
  const o = r.object(value, path, API_ASSUMPTIONS);
  if (!o) return { ...D.API };
  return {
    submitJob: readSubmitJobRate(r, r.get(o, 'submitJob', path), joinPath(path, 'submitJob')),
    maxSubmittedJobs: r.field(o, API_ASSUMPTIONS, 'maxSubmittedJobs', path) ?? D.API.maxSubmittedJobs,
  };
}

function readSubmitJobRate(r: Reader, value: unknown, path: string): ApiAssumptions['submitJob'] {
  if (value === undefined) return D.API.submitJob;
  if (typeof value === 'string' && value.toLowerCase() === 'unlimited') return null;
  if (isObj(value)) {
    const o = r.object(value, path, SUBMIT_JOB_RATE);
    if (!o) return D.API.submitJob;
    const perSecond = r.field(o, SUBMIT_JOB_RATE, 'perSecond', path) ?? D.API.submitJob!.perSecond;
    return { perSecond, burst: r.field(o, SUBMIT_JOB_RATE, 'burst', path) ?? D.submitJobBurst(perSecond) };
  }
  r.error(path, m.expected(m.EXPECTED.submitJob, value));
  return D.API.submitJob;
}

/** assumptions.imagePull: a throughput [EST] and, per image, a size or a measured pull time. */
function readImagePull(r: Reader, value: unknown, path: string): ImagePullAssumptions {
  const out: ImagePullAssumptions = { ...D.IMAGE_PULL, images: {} };
  if (value === undefined) return out;
  const o = r.object(value, path, IMAGE_PULL);
  if (!o) return out;
  out.throughputMiBPerSecond = r.field(o, IMAGE_PULL, 'throughput', path) ?? D.IMAGE_PULL.throughputMiBPerSecond;
  const images = r.get(o, 'images', path);
  const at = joinPath(path, 'images');
  const table = images === undefined ? null : r.mapping(images, at);
  for (const [image, entry] of Object.entries(table ?? {})) {
    const time = readImagePullTime(r, entry, joinPath(at, image));
    if (time !== undefined) out.images[image] = time;
  }
  return out;
}

/** Registered memory by type, family or generation; validate checks the keys against the catalogue. */
function readRegisteredMemory(r: Reader, value: unknown, path: string): Record<string, number> {
  const out: Record<string, number> = { ...D.REGISTERED_MEMORY };
  if (value === undefined) return out;
  const table = r.mapping(value, path);
  if (!table) return out;
  for (const [key, v] of Object.entries(table)) {
    const n = r.checkNumber(v, joinPath(path, key), ASSUMPTIONS.fields.registeredMemory.of);
    if (n !== undefined) out[key] = n;
  }
  return out;
}

function readImagePullTime(r: Reader, value: unknown, path: string): ImagePullTime | undefined {
  if (isObj(value)) {
    const t = r.object(value, path, IMAGE_PULL_TIME);
    const ms = t ? r.field(t, IMAGE_PULL_TIME, 'pullTime', path) : undefined;
    return ms === undefined ? undefined : { kind: 'time', ms };
  }
  const mib = typeof value === 'string' ? parseSizeMiB(value, 'GiB') : null;
  if (mib === null || mib < 0) {
    r.error(path, m.expected(m.EXPECTED.imagePullTime, value));
    return undefined;
  }
  return { kind: 'size', sizeMiB: mib };
}

function readFargateAssumptions(r: Reader, value: unknown, path: string): FargateAssumptions {
  if (value === undefined) return { ...D.FARGATE };
  const o = r.object(value, path, FARGATE_ASSUMPTIONS);
  if (!o) return { ...D.FARGATE };
  return {
    limits: r.field(o, FARGATE_ASSUMPTIONS, 'limits', path) ?? D.FARGATE.limits,
    launchBurst: r.field(o, FARGATE_ASSUMPTIONS, 'launchBurst', path) ?? D.FARGATE.launchBurst,
    launchPerSecond: r.field(o, FARGATE_ASSUMPTIONS, 'launchPerSecond', path) ?? D.FARGATE.launchPerSecond,
  };
}

function readLambdaAssumptions(r: Reader, value: unknown, path: string): LambdaAssumptions {
  if (value === undefined) return { ...D.LAMBDA };
  const o = r.object(value, path, LAMBDA_ASSUMPTIONS);
  if (!o) return { ...D.LAMBDA };
  return { architecture: r.field(o, LAMBDA_ASSUMPTIONS, 'architecture', path) ?? D.LAMBDA.architecture };
}

function readSpot(r: Reader, value: unknown, path: string, traces: SpotTraceContext): SpotAssumptions {
  if (value === undefined) return D.SPOT;
  const o = r.object(value, path, SPOT_ASSUMPTIONS);
  if (!o) return D.SPOT;
  const notice = r.field(o, SPOT_ASSUMPTIONS, 'noticeSeconds', path);
  return {
    interruptions: readInterruptions(r, r.get(o, 'interruptions', path), joinPath(path, 'interruptions'), traces) ?? D.SPOT.interruptions,
    advisorReading: r.field(o, SPOT_ASSUMPTIONS, 'advisorReading', path) ?? D.SPOT.advisorReading,
    noticeMs: notice === undefined ? D.SPOT.noticeMs : Math.round(notice * 1000),
    price: readSpotPrice(r, r.get(o, 'price', path), joinPath(path, 'price')),
  };
}

/** Spot interruptions: advisor, none, {perHour} or {trace}; also a compute environment's own override. */
export function readInterruptions(r: Reader, value: unknown, path: string, traces?: SpotTraceContext): SpotAssumptions['interruptions'] | undefined {
  if (value === undefined) return undefined;
  if (value === 'advisor' || value === 'none') return { kind: value };
  if (isObj(value) && Object.hasOwn(value, 'trace')) return readSpotTrace(r, value, path, traces);
  if (isObj(value)) {
    const o = r.object(value, path, INTERRUPTION_RATE);
    const perHour = o ? r.field(o, INTERRUPTION_RATE, 'perHour', path) : undefined;
    return perHour === undefined ? undefined : { kind: 'perHour', perHour };
  }
  r.error(path, m.expected(m.EXPECTED.interruptions, value));
  return undefined;
}

function readSpotPrice(r: Reader, value: unknown, path: string): SpotAssumptions['price'] {
  if (value === undefined || value === 'advisor') return D.SPOT.price;
  if (isObj(value)) {
    const o = r.object(value, path, SPOT_DISCOUNT);
    const discount = o ? r.field(o, SPOT_DISCOUNT, 'discount', path) : undefined;
    if (discount !== undefined) return { kind: 'discount', discount };
  } else r.error(path, m.expected(m.EXPECTED.spotPrice, value));
  return D.SPOT.price;
}

/** {trace: {file, availabilityZone?}}: the CSV parsed into a hazard per instance type, errors at file:line. */
function readSpotTrace(r: Reader, value: Record<string, unknown>, path: string, traces: SpotTraceContext | undefined): SpotAssumptions['interruptions'] | undefined {
  const o = r.object(value, path, INTERRUPTION_TRACE);
  const tPath = joinPath(path, 'trace');
  const t = o ? r.object(r.field(o, INTERRUPTION_TRACE, 'trace', path), tPath, SPOT_TRACE_FILE) : null;
  if (!t) return undefined;
  const file = r.field(t, SPOT_TRACE_FILE, 'file', tPath);
  const zone = r.field(t, SPOT_TRACE_FILE, 'availabilityZone', tPath) ?? null;
  if (file === undefined) return undefined;
  const fPath = joinPath(tPath, 'file');
  const text = traces?.files.get(file);
  if (traces === undefined || text === undefined) {
    r.error(fPath, m.sideFileNotLoaded(file));
    return undefined;
  }
  const { MAX_TRACE_ERRORS, parseSpotTrace } = traceReaders();
  const parsed = parseSpotTrace(text, { startAtMs: traces.startAtMs, region: traces.region, availabilityZone: zone });
  if (!parsed.ok) {
    for (const e of parsed.errors) r.error(fPath, m.spotTraceFileError(file, e.line, e.message));
    if (parsed.errors.length >= MAX_TRACE_ERRORS) r.error(fPath, m.traceTooManyErrors(file, MAX_TRACE_ERRORS));
    return undefined;
  }
  return { kind: 'trace', trace: { file, byInstanceType: parsed.trace } };
}
