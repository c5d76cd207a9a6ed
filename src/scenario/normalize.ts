// File shape -> normalized Scenario: units ("45m", "16 GiB"), shorthands and defaults, plus every
// check that needs only the value at hand (types, ranges, unknown keys). Cross-references are
// validate.ts's job. Pure: reads nothing but its arguments, and never throws on any input.
import { parseDurationText, parseSizeText } from '../engine/units.js';
import { resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { lognormalFromMedianP95, type DistributionSpec } from '../engine/distribution.js';
import { INSTANCE_TYPE_KEYWORDS, isKnownInstanceTypeName, type Catalog } from '../model/catalog.js';
import { parseTrace, CSV_COLUMN_FIELDS, MAX_TRACE_ERRORS, TRACE_FORMATS } from '../workload/traces/parse.js';
import { closestName, type Issue, indexPath, joinPath } from './issues.js';
import * as m from './messages.js';
import { parseIsoInstantMs, parseSchedule } from '../workload/schedule.js';
import { ALLOCATION_STRATEGIES } from './types.js';
import type {
  Arrivals,
  Assumptions,
  ComputeEnvironment,
  ComputeResources,
  JobDefinition,
  JobQueue,
  JobTemplate,
  PriceOverrides,
  RetryRule,
  Scenario,
  FargateAssumptions,
  LambdaAssumptions,
  SchedulingPolicy,
  SpotAssumptions,
  UnmanagedInstanceGroup,
  WorkloadGroup,
} from './types.js';

export interface NormalizeContext {
  catalog: Catalog;
  /** Folder of the scenario file; relative trace paths resolve against it. */
  baseDir: string;
  /** Side files read by load (empirical distributions, traces; .gz already inflated), keyed by the path as written. */
  files: Map<string, string>;
  seedOverride?: number;
  /** Used when the file has no `name` (e.g. the file name without extension). */
  defaultName?: string;
}

// ---------------------------------------------------------------- units

/** Integer ms from a number of seconds or a string like "500ms", "90s", "1h30m"; null if neither. */
export function parseDurationMs(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : null;
  return typeof value === 'string' ? parseDurationText(value) : null;
}

/** MiB (possibly fractional) from "16 GiB", "2 GB" …; a bare number is in `numberUnit`. */
export function parseSizeMiB(value: unknown, numberUnit: 'MiB' | 'GiB'): number | null {
  const scale = numberUnit === 'GiB' ? 1024 : 1;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * scale : null;
  return typeof value === 'string' ? parseSizeText(value, scale) : null;
}

// ---------------------------------------------------------------- reading with issues

type Obj = Record<string, unknown>;

interface Fields {
  known: readonly string[];
  /** AWS fields we accept and do not use: noted, never rejected. */
  ignored?: readonly string[];
}


interface NumberRule {
  required?: boolean;
  int?: boolean;
  min?: number;
  max?: number;
  /** Exclusive lower bound. */
  above?: number;
}

/** Reads values out of the untyped document, recording an issue for everything wrong. */
export class Reader {
  readonly issues: Issue[] = [];
  /** Fields reported as misspelt ("runtim" for runtime): their absence is not reported again. */
  private readonly misspelt = new Set<string>();

  error(path: string, message: string): void {
    this.issues.push({ path, message, severity: 'error' });
  }
  warning(path: string, message: string): void {
    this.issues.push({ path, message, severity: 'warning' });
  }
  note(path: string, message: string): void {
    this.issues.push({ path, message, severity: 'note' });
  }

  /** A mapping whose unknown keys are errors with did-you-mean and whose ignored AWS keys are notes. */
  object(value: unknown, path: string, fields: Fields): Obj | null {
    if (!isObj(value)) {
      this.error(path, m.expected('a mapping', value));
      return null;
    }
    const ignored = fields.ignored ?? [];
    for (const key of Object.keys(value)) {
      if (fields.known.includes(key)) continue;
      if (ignored.includes(key)) this.note(joinPath(path, key), m.ignoredField());
      else {
        this.error(joinPath(path, key), m.unknownField(key, [...fields.known, ...ignored]));
        const meant = closestName(key, fields.known);
        if (meant !== null) this.misspelt.add(joinPath(path, meant));
      }
    }
    return value;
  }

  /** `obj[key]`, treating null like absence (AWS describe output and empty YAML values hold nulls). */
  get(obj: Obj, key: string, path: string, required = false): unknown {
    const value = Object.hasOwn(obj, key) ? obj[key] : undefined;
    if (value === null || value === undefined) {
      if (required && !this.misspelt.has(joinPath(path, key))) this.error(joinPath(path, key), m.required());
      return undefined;
    }
    return value;
  }

  list(obj: Obj, key: string, path: string, required = false): unknown[] | undefined {
    const value = this.get(obj, key, path, required);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.error(joinPath(path, key), m.expected('a list', value));
      return undefined;
    }
    return value;
  }

  str(obj: Obj, key: string, path: string, required = false): string | undefined {
    const value = this.get(obj, key, path, required);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      this.error(joinPath(path, key), m.expected('a string', value));
      return undefined;
    }
    return value;
  }

  /** Accepts any case, returns the canonical spelling. */
  enumOf<T extends string>(obj: Obj, key: string, path: string, values: readonly T[], required = false): T | undefined {
    const value = this.get(obj, key, path, required);
    if (value === undefined) return undefined;
    return this.checkEnum(value, joinPath(path, key), values);
  }

  /** One of `values`, matched in any case (AWS enums are written either way); an error otherwise. */
  checkEnum<T extends string>(value: unknown, path: string, values: readonly T[]): T | undefined {
    const found = typeof value === 'string' ? values.find((v) => v.toLowerCase() === value.toLowerCase()) : undefined;
    if (found === undefined) this.error(path, m.oneOf(values, value));
    return found;
  }

  num(obj: Obj, key: string, path: string, rule: NumberRule = {}): number | undefined {
    const value = this.get(obj, key, path, rule.required);
    if (value === undefined) return undefined;
    return this.checkNumber(value, joinPath(path, key), rule);
  }

  checkNumber(value: unknown, path: string, rule: NumberRule): number | undefined {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.error(path, m.expected('a number', value));
      return undefined;
    }
    const problem = numberProblem(value, rule);
    if (problem) {
      this.error(path, problem);
      return undefined;
    }
    return value;
  }

  duration(obj: Obj, key: string, path: string, required = false): number | undefined {
    const value = this.get(obj, key, path, required);
    if (value === undefined) return undefined;
    return this.checkDuration(value, joinPath(path, key));
  }

  checkDuration(value: unknown, path: string): number | undefined {
    const ms = parseDurationMs(value);
    if (ms === null) this.error(path, typeof value === 'number' && value < 0 ? m.atLeast(0, value) : m.badDuration(value));
    return ms ?? undefined;
  }

  bool(obj: Obj, key: string, path: string): boolean | undefined {
    const value = this.get(obj, key, path);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') {
      this.error(joinPath(path, key), m.expected('true or false', value));
      return undefined;
    }
    return value;
  }
}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberProblem(value: number, rule: NumberRule): string | null {
  if (rule.int && !Number.isInteger(value)) return m.notInteger(value);
  if (rule.min !== undefined && rule.max !== undefined && (value < rule.min || value > rule.max))
    return m.between(rule.min, rule.max, value);
  if (rule.min !== undefined && value < rule.min) return m.atLeast(rule.min, value);
  if (rule.max !== undefined && value > rule.max) return m.atMost(rule.max, value);
  if (rule.above !== undefined && value <= rule.above) return m.above(rule.above, value);
  return null;
}

/** Each element of a list with its path; elements that are not mappings are reported and skipped by callers via null. */
function eachObject(r: Reader, items: unknown[], path: string, fields: Fields): (Obj | null)[] {
  return items.map((item, i) => r.object(item, indexPath(path, i), fields));
}

// ---------------------------------------------------------------- distributions

const DISTRIBUTIONS = ['fixed', 'exponential', 'uniform', 'lognormal', 'empirical'] as const;
const LN_1000 = Math.log(1000);

/** A duration distribution in ms. A bare number or duration string is a fixed value. */
function readDistribution(r: Reader, value: unknown, path: string, files: Map<string, string>): DistributionSpec | undefined {
  if (typeof value === 'number' || typeof value === 'string') {
    const ms = r.checkDuration(value, path);
    return ms === undefined ? undefined : { kind: 'fixed', value: ms };
  }
  if (!isObj(value)) {
    r.error(path, m.expected('a duration or a distribution', value));
    return undefined;
  }
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    r.error(path, m.exactlyOneOf(DISTRIBUTIONS, keys));
    return undefined;
  }
  const kind = keys[0];
  const inner = value[kind];
  const at = joinPath(path, kind);
  switch (kind) {
    case 'fixed': {
      const ms = r.checkDuration(inner, at);
      return ms === undefined ? undefined : { kind: 'fixed', value: ms };
    }
    case 'exponential': {
      const o = r.object(inner, at, { known: ['mean'] });
      const mean = o ? r.duration(o, 'mean', at, true) : undefined;
      if (mean === 0) r.error(joinPath(at, 'mean'), m.above(0, 0));
      return mean ? { kind: 'exponential', mean } : undefined;
    }
    case 'uniform': {
      const o = r.object(inner, at, { known: ['min', 'max'] });
      if (!o) return undefined;
      const min = r.duration(o, 'min', at, true);
      const max = r.duration(o, 'max', at, true);
      if (min === undefined || max === undefined) return undefined;
      if (min > max) {
        r.error(at, m.minAboveMax(String(o.min), String(o.max)));
        return undefined;
      }
      return { kind: 'uniform', min, max };
    }
    case 'lognormal':
      return readLognormal(r, inner, at);
    case 'empirical':
      return readEmpirical(r, inner, at, files);
    default:
      r.error(at, m.unknownDistribution(kind, DISTRIBUTIONS));
      return undefined;
  }
}

function readLognormal(r: Reader, value: unknown, path: string): DistributionSpec | undefined {
  const o = r.object(value, path, { known: ['median', 'p95', 'mu', 'sigma'] });
  if (!o) return undefined;
  if (o.median !== undefined || o.p95 !== undefined) {
    if (o.mu !== undefined || o.sigma !== undefined) {
      r.error(path, m.lognormalForm());
      return undefined;
    }
    const median = r.duration(o, 'median', path, true);
    const p95 = r.duration(o, 'p95', path, true);
    if (median === undefined || p95 === undefined) return undefined;
    if (median <= 0) {
      r.error(joinPath(path, 'median'), m.above(0, median / 1000));
      return undefined;
    }
    if (p95 <= median) {
      r.error(joinPath(path, 'p95'), m.p95NotAboveMedian());
      return undefined;
    }
    return { kind: 'lognormal', ...lognormalFromMedianP95(median, p95) };
  }
  if (o.mu === undefined && o.sigma === undefined) {
    r.error(path, m.lognormalForm());
    return undefined;
  }
  const mu = r.num(o, 'mu', path, { required: true });
  const sigma = r.num(o, 'sigma', path, { required: true, min: 0 });
  if (mu === undefined || sigma === undefined) return undefined;
  // mu is of ln(seconds); ln(ms) = ln(seconds) + ln(1000).
  return { kind: 'lognormal', mu: mu + LN_1000, sigma };
}

function readEmpirical(r: Reader, value: unknown, path: string, files: Map<string, string>): DistributionSpec | undefined {
  const o = r.object(value, path, { known: ['file', 'column'] });
  if (!o) return undefined;
  const file = r.str(o, 'file', path, true);
  const column = r.str(o, 'column', path, true);
  if (file === undefined || column === undefined) return undefined;
  const text = files.get(file);
  if (text === undefined) {
    r.error(joinPath(path, 'file'), m.sideFileNotLoaded(file));
    return undefined;
  }
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  } catch (e) {
    r.error(joinPath(path, 'file'), m.badCsv(file, e instanceof Error ? e.message : String(e)));
    return undefined;
  }
  const columns = rows.length > 0 ? Object.keys(rows[0]) : csvHeader(text);
  if (!columns.includes(column)) {
    r.error(joinPath(path, 'column'), m.noSuchColumn(column, file, columns));
    return undefined;
  }
  const samples: number[] = [];
  let bad = false;
  rows.forEach((row, i) => {
    const ms = parseDurationMs(row[column]);
    if (ms === null) {
      // Row numbers count the header as row 1, as a spreadsheet shows them.
      r.error(joinPath(path, 'file'), m.badSampleCell(file, i + 2, column, row[column]));
      bad = true;
    } else samples.push(ms);
  });
  if (bad) return undefined;
  if (samples.length === 0) {
    r.error(joinPath(path, 'file'), m.noSamples(file));
    return undefined;
  }
  return { kind: 'empirical', samples };
}

function csvHeader(text: string): string[] {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return first === '' ? [] : first.split(',').map((c) => c.trim());
}

function distributionField(r: Reader, o: Obj, key: string, path: string, files: Map<string, string>, fallback: DistributionSpec): DistributionSpec {
  const value = r.get(o, key, path);
  if (value === undefined) return fallback;
  return readDistribution(r, value, joinPath(path, key), files) ?? fallback;
}

// ---------------------------------------------------------------- top level

const TOP_LEVEL_FIELDS = [
  'name',
  'description',
  'seed',
  'startAt',
  'until',
  'assumptions',
  'computeEnvironments',
  'jobQueues',
  'jobDefinitions',
  'schedulingPolicies',
  'workload',
  'prices',
] as const;

/** The normalized scenario (placeholders where a value was wrong) and every issue found on the way. */
export function normalizeDocument(document: unknown, ctx: NormalizeContext): { scenario: Scenario; issues: Issue[] } {
  const r = new Reader();
  let top: Obj | null = null;
  if (!isObj(document)) r.error('', m.topLevelNotMapping(document));
  // nextToken: describe-* output, pasted as-is.
  else top = r.object(document, '', { known: TOP_LEVEL_FIELDS, ignored: ['nextToken'] });
  const o = top ?? {};
  const listOf = <T>(key: string, read: (value: unknown, path: string) => T): T[] =>
    (r.list(o, key, '') ?? []).map((item, i) => read(item, indexPath(key, i)));

  const seed = r.num(o, 'seed', '', { int: true, min: 0 }) ?? 1;
  const scenario: Scenario = {
    name: r.str(o, 'name', '') ?? ctx.defaultName ?? 'scenario',
    description: r.str(o, 'description', '') ?? null,
    seed: ctx.seedOverride ?? seed,
    startAtMs: readStartAt(r, o),
    untilMs: r.duration(o, 'until', '') ?? null,
    assumptions: readAssumptions(r, r.get(o, 'assumptions', ''), ctx.files),
    computeEnvironments: listOf('computeEnvironments', (v, p) => readComputeEnvironment(r, v, p, ctx.catalog)),
    jobQueues: listOf('jobQueues', (v, p) => readJobQueue(r, v, p)),
    jobDefinitions: listOf('jobDefinitions', (v, p) => readJobDefinition(r, v, p, ctx.files)),
    schedulingPolicies: listOf('schedulingPolicies', (v, p) => readSchedulingPolicy(r, v, p)),
    workload: listOf('workload', (v, p) => readWorkloadGroup(r, v, p, ctx.baseDir, ctx.files)),
    prices: readPrices(r, r.get(o, 'prices', ''), ctx.catalog),
  };
  return { scenario, issues: r.issues };
}

// ---------------------------------------------------------------- assumptions

const SPOT_DEFAULTS: SpotAssumptions = { interruptions: { kind: 'advisor' }, noticeMs: 120_000, price: { kind: 'advisor' } };
const FARGATE_DEFAULTS: FargateAssumptions = { limits: 'current', launchBurst: 100, launchPerSecond: 20 };
const LAMBDA_DEFAULTS: LambdaAssumptions = { architecture: 'x86_64' };

function defaultAssumptions(): Assumptions {
  return {
    region: 'us-east-1',
    schedulerCycleMs: 10_000,
    submitToRunnable: { kind: 'fixed', value: 5_000 },
    containerStart: { kind: 'fixed', value: 10_000 },
    ec2Launch: { kind: 'lognormal', ...lognormalFromMedianP95(180_000, 360_000) },
    fargateLaunch: { kind: 'fixed', value: 30_000 },
    idleTerminateAfterMs: 300_000,
    ebsRootVolumeGiB: 30,
    timeseriesIntervalMs: 60_000,
    spot: SPOT_DEFAULTS,
    fargate: { ...FARGATE_DEFAULTS },
    lambda: { ...LAMBDA_DEFAULTS },
  };
}

function readAssumptions(r: Reader, value: unknown, files: Map<string, string>): Assumptions {
  const d = defaultAssumptions();
  if (value === undefined) return d;
  const path = 'assumptions';
  const o = r.object(value, path, {
    known: ['region', 'schedulerCycle', 'submitToRunnable', 'containerStart', 'ec2Launch', 'fargateLaunch', 'idleTerminateAfter', 'ebsRootVolume', 'timeseriesInterval', 'spot', 'fargate', 'lambda'],
  });
  if (!o) return d;
  const idle = r.duration(o, 'idleTerminateAfter', path);
  if (idle !== undefined && idle > 86_400_000) r.error(joinPath(path, 'idleTerminateAfter'), m.between(0, 86_400, idle / 1000));
  const interval = r.duration(o, 'timeseriesInterval', path);
  if (interval === 0) r.error(joinPath(path, 'timeseriesInterval'), m.above(0, 0));
  let ebs = d.ebsRootVolumeGiB;
  const ebsValue = r.get(o, 'ebsRootVolume', path);
  if (ebsValue !== undefined) {
    const mib = parseSizeMiB(ebsValue, 'GiB');
    if (mib === null || mib <= 0) r.error(joinPath(path, 'ebsRootVolume'), m.badSize(ebsValue));
    else ebs = mib / 1024;
  }
  return {
    region: r.str(o, 'region', path) ?? d.region,
    schedulerCycleMs: r.duration(o, 'schedulerCycle', path) ?? d.schedulerCycleMs,
    submitToRunnable: distributionField(r, o, 'submitToRunnable', path, files, d.submitToRunnable),
    containerStart: distributionField(r, o, 'containerStart', path, files, d.containerStart),
    ec2Launch: distributionField(r, o, 'ec2Launch', path, files, d.ec2Launch),
    fargateLaunch: distributionField(r, o, 'fargateLaunch', path, files, d.fargateLaunch),
    idleTerminateAfterMs: idle ?? d.idleTerminateAfterMs,
    ebsRootVolumeGiB: ebs,
    timeseriesIntervalMs: interval || d.timeseriesIntervalMs,
    spot: readSpot(r, r.get(o, 'spot', path), joinPath(path, 'spot')),
    fargate: readFargateAssumptions(r, r.get(o, 'fargate', path), joinPath(path, 'fargate')),
    lambda: readLambdaAssumptions(r, r.get(o, 'lambda', path), joinPath(path, 'lambda')),
  };
}

function readFargateAssumptions(r: Reader, value: unknown, path: string): FargateAssumptions {
  if (value === undefined) return { ...FARGATE_DEFAULTS };
  const o = r.object(value, path, { known: ['limits', 'launchBurst', 'launchPerSecond'] });
  if (!o) return { ...FARGATE_DEFAULTS };
  return {
    limits: r.enumOf(o, 'limits', path, ['current', 'legacy'] as const) ?? FARGATE_DEFAULTS.limits,
    launchBurst: r.num(o, 'launchBurst', path, { int: true, min: 1 }) ?? FARGATE_DEFAULTS.launchBurst,
    launchPerSecond: r.num(o, 'launchPerSecond', path, { above: 0 }) ?? FARGATE_DEFAULTS.launchPerSecond,
  };
}

function readLambdaAssumptions(r: Reader, value: unknown, path: string): LambdaAssumptions {
  if (value === undefined) return { ...LAMBDA_DEFAULTS };
  const o = r.object(value, path, { known: ['architecture'] });
  if (!o) return { ...LAMBDA_DEFAULTS };
  return { architecture: r.enumOf(o, 'architecture', path, ['x86_64', 'arm64'] as const) ?? LAMBDA_DEFAULTS.architecture };
}

function readSpot(r: Reader, value: unknown, path: string): SpotAssumptions {
  if (value === undefined) return SPOT_DEFAULTS;
  const o = r.object(value, path, { known: ['interruptions', 'noticeSeconds', 'price'] });
  if (!o) return SPOT_DEFAULTS;
  const notice = r.num(o, 'noticeSeconds', path, { min: 0 });
  return {
    interruptions: readInterruptions(r, r.get(o, 'interruptions', path), joinPath(path, 'interruptions')) ?? SPOT_DEFAULTS.interruptions,
    noticeMs: notice === undefined ? SPOT_DEFAULTS.noticeMs : Math.round(notice * 1000),
    price: readSpotPrice(r, r.get(o, 'price', path), joinPath(path, 'price')),
  };
}

function readInterruptions(r: Reader, value: unknown, path: string): SpotAssumptions['interruptions'] | undefined {
  if (value === undefined) return undefined;
  if (value === 'advisor' || value === 'none') return { kind: value };
  if (isObj(value)) {
    const o = r.object(value, path, { known: ['perHour'] });
    const perHour = o ? r.num(o, 'perHour', path, { required: true, min: 0 }) : undefined;
    return perHour === undefined ? undefined : { kind: 'perHour', perHour };
  }
  r.error(path, m.expected('advisor, none or {perHour: x}', value));
  return undefined;
}

function readSpotPrice(r: Reader, value: unknown, path: string): SpotAssumptions['price'] {
  if (value === undefined || value === 'advisor') return SPOT_DEFAULTS.price;
  if (isObj(value)) {
    const o = r.object(value, path, { known: ['discount'] });
    const discount = o ? r.num(o, 'discount', path, { required: true, min: 0, max: 1 }) : undefined;
    if (discount !== undefined) return { kind: 'discount', discount };
  } else r.error(path, m.expected('advisor or {discount: 0..1}', value));
  return SPOT_DEFAULTS.price;
}

// ---------------------------------------------------------------- compute environments

const CE_FIELDS: Fields = {
  known: ['computeEnvironmentName', 'type', 'state', 'computeResources', 'simulation'],
  ignored: ['computeEnvironmentArn', 'ecsClusterArn', 'serviceRole', 'status', 'statusReason', 'tags', 'eksConfiguration', 'updatePolicy', 'containerOrchestrationType', 'uuid', 'unmanagedvCpus', 'context'],
};
const CR_FIELDS: Fields = {
  known: ['type', 'allocationStrategy', 'minvCpus', 'maxvCpus', 'desiredvCpus', 'instanceTypes', 'bidPercentage'],
  ignored: ['subnets', 'securityGroupIds', 'ec2KeyPair', 'instanceRole', 'launchTemplate', 'imageId', 'ec2Configuration', 'placementGroup', 'spotIamFleetRole', 'tags'],
};

/** Names instanceTypes accepts, for did-you-mean. */
function instanceTypeCandidates(catalog: Catalog): string[] {
  const names = new Set<string>(Object.keys(INSTANCE_TYPE_KEYWORDS));
  for (const info of catalog.instanceTypes.values()) {
    names.add(info.family);
    names.add(info.instanceType);
  }
  return [...names].sort();
}

function readComputeEnvironment(r: Reader, value: unknown, path: string, catalog: Catalog): ComputeEnvironment {
  const ce: ComputeEnvironment = { computeEnvironmentName: '', type: 'MANAGED', state: 'ENABLED', computeResources: null, instances: [] };
  const o = r.object(value, path, CE_FIELDS);
  if (!o) return ce;
  ce.computeEnvironmentName = r.str(o, 'computeEnvironmentName', path, true) ?? '';
  ce.type = r.enumOf(o, 'type', path, ['MANAGED', 'UNMANAGED'] as const, true) ?? 'MANAGED';
  ce.state = r.enumOf(o, 'state', path, ['ENABLED', 'DISABLED'] as const) ?? 'ENABLED';
  const resources = r.get(o, 'computeResources', path, ce.type === 'MANAGED');
  if (ce.type === 'MANAGED' && resources !== undefined) ce.computeResources = readComputeResources(r, resources, joinPath(path, 'computeResources'), catalog);
  if (ce.type === 'UNMANAGED' && resources !== undefined) r.warning(joinPath(path, 'computeResources'), m.unmanagedComputeResources());

  const simPath = joinPath(path, 'simulation');
  const simValue = r.get(o, 'simulation', path);
  const sim = simValue === undefined ? {} : r.object(simValue, simPath, { known: ['instances', 'spotInterruptions'] }) ?? {};
  const instances = r.list(sim, 'instances', simPath);
  if (ce.type === 'UNMANAGED') {
    if (instances === undefined && simValue !== undefined && sim.instances == null) r.error(joinPath(simPath, 'instances'), m.unmanagedNeedsInstances());
    else if (simValue === undefined) r.error(simPath, m.unmanagedNeedsInstances());
    ce.instances = (instances ?? []).map((v, i) => readInstanceGroup(r, v, indexPath(joinPath(simPath, 'instances'), i), catalog));
  } else if (instances !== undefined) r.error(joinPath(simPath, 'instances'), m.onlyForUnmanaged());
  const interruptions = readInterruptions(r, r.get(sim, 'spotInterruptions', simPath), joinPath(simPath, 'spotInterruptions'));
  if (interruptions !== undefined) {
    if (ce.computeResources) ce.computeResources.spotInterruptions = interruptions;
    else r.error(joinPath(simPath, 'spotInterruptions'), m.onlyForManaged());
  }
  return ce;
}

function readComputeResources(r: Reader, value: unknown, path: string, catalog: Catalog): ComputeResources {
  const o = r.object(value, path, CR_FIELDS) ?? {};
  const type = r.enumOf(o, 'type', path, ['EC2', 'SPOT', 'FARGATE', 'FARGATE_SPOT'] as const, true) ?? 'EC2';
  const fargate = type === 'FARGATE' || type === 'FARGATE_SPOT';
  let allocationStrategy = r.enumOf(o, 'allocationStrategy', path, ALLOCATION_STRATEGIES) ?? 'BEST_FIT';
  if (fargate && o.allocationStrategy != null) {
    r.note(joinPath(path, 'allocationStrategy'), m.ignoredForFargate());
    allocationStrategy = 'BEST_FIT';
  } else if (allocationStrategy.startsWith('SPOT_') && type !== 'SPOT')
    r.error(joinPath(path, 'allocationStrategy'), m.spotStrategyNeedsSpot(allocationStrategy, type));
  const minvCpus = r.num(o, 'minvCpus', path, { int: true, min: 0 }) ?? 0;
  const maxvCpus = r.num(o, 'maxvCpus', path, { required: true, int: true, min: 0 });
  const desired = r.num(o, 'desiredvCpus', path, { int: true, min: 0 });
  if (maxvCpus !== undefined) {
    if (minvCpus > maxvCpus) r.error(joinPath(path, 'minvCpus'), m.minvAboveMaxv(minvCpus, maxvCpus));
    else if (desired !== undefined && (desired < minvCpus || desired > maxvCpus))
      r.error(joinPath(path, 'desiredvCpus'), m.desiredOutside(minvCpus, maxvCpus, desired));
  }
  const instanceTypes: string[] = [];
  const typesValue = r.list(o, 'instanceTypes', path, !fargate);
  if (fargate && typesValue !== undefined) r.error(joinPath(path, 'instanceTypes'), m.notForFargate());
  else if (typesValue !== undefined) {
    if (typesValue.length === 0) r.error(joinPath(path, 'instanceTypes'), m.notEmpty());
    typesValue.forEach((name, i) => {
      const at = indexPath(joinPath(path, 'instanceTypes'), i);
      if (typeof name !== 'string') r.error(at, m.expected('an instance type name', name));
      else if (!isKnownInstanceTypeName(name, catalog)) r.error(at, m.unknownInstanceType(name, instanceTypeCandidates(catalog)));
      else instanceTypes.push(name);
    });
  }
  return {
    type,
    allocationStrategy,
    minvCpus,
    maxvCpus: maxvCpus ?? 0,
    desiredvCpus: desired ?? minvCpus,
    instanceTypes,
    bidPercentage: r.num(o, 'bidPercentage', path, { min: 0, max: 100 }) ?? 100,
    spotInterruptions: null,
  };
}

function readInstanceGroup(r: Reader, value: unknown, path: string, catalog: Catalog): UnmanagedInstanceGroup {
  const group: UnmanagedInstanceGroup = { instanceType: '', vcpus: 0, memoryMiB: 0, gpus: 0, count: 0, priceUsdPerHour: null };
  const o = r.object(value, path, { known: ['instanceType', 'count', 'vcpus', 'memoryMiB', 'memory', 'gpus', 'priceUsdPerHour'] });
  if (!o) return group;
  group.instanceType = r.str(o, 'instanceType', path, true) ?? '';
  group.count = r.num(o, 'count', path, { required: true, int: true, min: 0 }) ?? 0;
  const info = catalog.instanceTypes.get(group.instanceType);
  const vcpus = r.num(o, 'vcpus', path, { int: true, above: 0 });
  const gpus = r.num(o, 'gpus', path, { int: true, min: 0 });
  const price = r.num(o, 'priceUsdPerHour', path, { min: 0 });
  let memory = r.num(o, 'memoryMiB', path, { above: 0 });
  const memoryValue = r.get(o, 'memory', path);
  if (memoryValue !== undefined) {
    const mib = parseSizeMiB(memoryValue, 'MiB');
    if (mib === null || mib <= 0) r.error(joinPath(path, 'memory'), m.badSize(memoryValue));
    else memory = Math.floor(mib);
  }
  if (!info && group.instanceType !== '') {
    // A custom shape (on-premises, or a type the catalogue lacks) must say what it is.
    const candidates = [...catalog.instanceTypes.keys()];
    if (vcpus === undefined && o.vcpus == null) r.error(joinPath(path, 'vcpus'), m.customShapeNeeds('vcpus', group.instanceType, candidates));
    if (memory === undefined && o.memory == null && o.memoryMiB == null)
      r.error(joinPath(path, 'memoryMiB'), m.customShapeNeeds('memoryMiB (or memory)', group.instanceType, candidates));
  }
  group.vcpus = vcpus ?? info?.vcpus ?? 0;
  group.memoryMiB = memory ?? info?.memoryMiB ?? 0;
  group.gpus = gpus ?? info?.gpus ?? 0;
  group.priceUsdPerHour = price ?? (info ? null : 0);
  return group;
}

// ---------------------------------------------------------------- job queues

const JQ_FIELDS: Fields = {
  known: ['jobQueueName', 'state', 'priority', 'schedulingPolicyArn', 'computeEnvironmentOrder', 'jobStateTimeLimitActions', 'simulation'],
  ignored: ['jobQueueArn', 'status', 'statusReason', 'tags', 'jobQueueType', 'serviceEnvironmentOrder'],
};

/** "arn:aws:batch:<region>:<account>:<kind>/NAME" -> NAME; a plain name as is. */
export function nameFromArn(value: string, kind: string): string {
  const match = new RegExp(`^arn:aws[a-z-]*:batch:[^:]*:[^:]*:${kind}/(.+)$`).exec(value);
  return match ? match[1] : value;
}

function readJobQueue(r: Reader, value: unknown, path: string): JobQueue {
  const q: JobQueue = {
    jobQueueName: '',
    state: 'ENABLED',
    priority: 0,
    schedulingPolicyArn: null,
    computeEnvironmentOrder: [],
    jobStateTimeLimitActions: [],
    discipline: 'fifo',
  };
  const o = r.object(value, path, JQ_FIELDS);
  if (!o) return q;
  q.jobQueueName = r.str(o, 'jobQueueName', path, true) ?? '';
  q.state = r.enumOf(o, 'state', path, ['ENABLED', 'DISABLED'] as const) ?? 'ENABLED';
  q.priority = r.num(o, 'priority', path, { required: true, int: true, min: 0 }) ?? 0;
  const policy = r.str(o, 'schedulingPolicyArn', path);
  q.schedulingPolicyArn = policy === undefined ? null : nameFromArn(policy, 'scheduling-policy');
  const orderPath = joinPath(path, 'computeEnvironmentOrder');
  const order = r.list(o, 'computeEnvironmentOrder', path, true) ?? [];
  if (o.computeEnvironmentOrder != null && order.length === 0) r.error(orderPath, m.notEmpty());
  if (order.length > 3) r.error(orderPath, m.tooMany(3, 'compute environments per job queue (AWS quota)', order.length));
  q.computeEnvironmentOrder = eachObject(r, order, orderPath, { known: ['order', 'computeEnvironment'] }).map((e, i) => {
    const at = indexPath(orderPath, i);
    const ce = e ? r.str(e, 'computeEnvironment', at, true) : undefined;
    return {
      order: (e ? r.num(e, 'order', at, { required: true, int: true, min: 0 }) : undefined) ?? i,
      computeEnvironment: ce === undefined ? '' : nameFromArn(ce, 'compute-environment'),
    };
  });
  const actionsPath = joinPath(path, 'jobStateTimeLimitActions');
  const actions = r.list(o, 'jobStateTimeLimitActions', path) ?? [];
  q.jobStateTimeLimitActions = eachObject(r, actions, actionsPath, { known: ['reason', 'state', 'maxTimeSeconds', 'action'] }).map((a, i) => {
    const at = indexPath(actionsPath, i);
    return {
      reason: (a ? r.str(a, 'reason', at, true) : undefined) ?? '',
      state: (a ? r.enumOf(a, 'state', at, ['RUNNABLE'] as const, true) : undefined) ?? 'RUNNABLE',
      maxTimeSeconds: (a ? r.num(a, 'maxTimeSeconds', at, { required: true, int: true, min: 600, max: 86_400 }) : undefined) ?? 600,
      action: (a ? r.enumOf(a, 'action', at, ['CANCEL'] as const, true) : undefined) ?? 'CANCEL',
    };
  });
  // What-if queue disciplines: AWS's own (fifo) or an HPC scheduler's on the same work.
  const simPath = joinPath(path, 'simulation');
  const sim = r.get(o, 'simulation', path);
  if (sim !== undefined) {
    const so = r.object(sim, simPath, { known: ['discipline'] });
    if (so) q.discipline = r.enumOf(so, 'discipline', simPath, ['fifo', 'strict-fifo', 'easy-backfill'] as const) ?? 'fifo';
  }
  return q;
}

// ---------------------------------------------------------------- job definitions

const JD_FIELDS: Fields = {
  known: ['jobDefinitionName', 'type', 'platformCapabilities', 'containerProperties', 'nodeProperties', 'retryStrategy', 'timeout', 'schedulingPriority', 'simulation'],
  ignored: ['jobDefinitionArn', 'revision', 'status', 'parameters', 'propagateTags', 'tags', 'containerOrchestrationType', 'eksProperties', 'ecsProperties'],
};
const CONTAINER_FIELDS: Fields = {
  known: ['resourceRequirements', 'vcpus', 'memory', 'ephemeralStorage', 'runtimePlatform'],
  ignored: ['image', 'command', 'jobRoleArn', 'executionRoleArn', 'volumes', 'environment', 'mountPoints', 'readonlyRootFilesystem', 'privileged', 'ulimits', 'user', 'instanceType', 'linuxParameters', 'logConfiguration', 'secrets', 'networkConfiguration', 'fargatePlatformConfiguration', 'repositoryCredentials'],
};

interface Resources {
  /** Types given at all, valid or not, so a bad value is not also reported as missing. */
  given?: Set<string>;
  vcpus?: number;
  memoryMiB?: number;
  gpus?: number;
}

/** resourceRequirements: [{type: VCPU|MEMORY|GPU, value: "…"}]; values are strings in AWS, numbers tolerated. */
function readResourceRequirements(r: Reader, items: unknown[], path: string): Resources {
  const out: Resources = { given: new Set() };
  eachObject(r, items, path, { known: ['type', 'value'] }).forEach((e, i) => {
    if (!e) return;
    const at = indexPath(path, i);
    const type = r.enumOf(e, 'type', at, ['VCPU', 'MEMORY', 'GPU'] as const, true);
    if (type !== undefined) out.given?.add(type);
    const raw = r.get(e, 'value', at, true);
    if (type === undefined || raw === undefined) return;
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    const valuePath = joinPath(at, 'value');
    const key = type === 'VCPU' ? 'vcpus' : type === 'MEMORY' ? 'memoryMiB' : 'gpus';
    if (out[key] !== undefined) r.error(at, m.resourceRepeated(type));
    if (type === 'VCPU') {
      if (!Number.isFinite(n) || n <= 0) r.error(valuePath, m.resourceNotNumber(type, raw));
      else out.vcpus = n;
    } else {
      const min = type === 'MEMORY' ? 4 : 0;
      if (!Number.isInteger(n) || n < min) r.error(valuePath, m.resourceNotWhole(type, min, raw));
      else out[key] = n;
    }
  });
  return out;
}

/** The shape of a container: resourceRequirements, or the legacy vcpus/memory numbers. */
function readContainerShape(r: Reader, o: Obj, path: string): Resources {
  const requirements = r.list(o, 'resourceRequirements', path);
  const shape = requirements ? readResourceRequirements(r, requirements, joinPath(path, 'resourceRequirements')) : {};
  const legacyVcpus = r.num(o, 'vcpus', path, { above: 0 });
  const legacyMemory = r.num(o, 'memory', path, { int: true, min: 4 });
  const given = new Set(shape.given);
  if (o.vcpus != null) given.add('VCPU');
  if (o.memory != null) given.add('MEMORY');
  return { given, vcpus: shape.vcpus ?? legacyVcpus, memoryMiB: shape.memoryMiB ?? legacyMemory, gpus: shape.gpus };
}

function readJobDefinition(r: Reader, value: unknown, path: string, files: Map<string, string>): JobDefinition {
  const jd: JobDefinition = {
    jobDefinitionName: '', type: 'container', platformCapabilities: ['EC2'], vcpus: 0, memoryMiB: 0, gpus: 0,
    retryStrategy: { attempts: 1, evaluateOnExit: [] }, attemptDurationMs: null, runtime: { kind: 'fixed', value: 0 },
    failure: null, nodeProperties: null, schedulingPriority: null, ephemeralStorageGiB: 20, cpuArchitecture: 'X86_64',
  };
  const o = r.object(value, path, JD_FIELDS);
  if (!o) return jd;
  jd.jobDefinitionName = r.str(o, 'jobDefinitionName', path, true) ?? '';
  jd.type = r.enumOf(o, 'type', path, ['container', 'multinode'] as const) ?? 'container';
  const platforms = r.list(o, 'platformCapabilities', path);
  if (platforms) {
    if (platforms.length === 0) r.error(joinPath(path, 'platformCapabilities'), m.notEmpty());
    const read = platforms
      .map((p, i) => r.checkEnum(p, indexPath(joinPath(path, 'platformCapabilities'), i), ['EC2', 'FARGATE'] as const))
      .filter((p): p is 'EC2' | 'FARGATE' => p !== undefined);
    if (read.length > 0) jd.platformCapabilities = [...new Set(read)];
  }

  // Where the container shape lives: containerProperties, or the first node range for multinode.
  let shape: Resources = {};
  let shapePath = joinPath(path, 'containerProperties');
  const container = r.get(o, 'containerProperties', path, jd.type === 'container');
  if (container !== undefined) {
    const c = r.object(container, shapePath, CONTAINER_FIELDS);
    if (c) {
      shape = readContainerShape(r, c, shapePath);
      readContainerExtras(r, c, shapePath, jd);
    }
  }
  const nodes = r.get(o, 'nodeProperties', path);
  if (jd.type === 'multinode') {
    if (nodes === undefined) r.error(joinPath(path, 'nodeProperties'), m.multinodeNeedsNodes());
    else {
      const read = readNodeProperties(r, nodes, joinPath(path, 'nodeProperties'), jd);
      if (read) ({ shape, shapePath } = read);
    }
  } else if (nodes !== undefined) r.note(joinPath(path, 'nodeProperties'), m.ignoredField());
  if (container !== undefined || jd.type === 'multinode') {
    if (!shape.given?.has('VCPU')) r.error(shapePath, m.resourceMissing('VCPU', 'vcpus'));
    if (!shape.given?.has('MEMORY')) r.error(shapePath, m.resourceMissing('MEMORY', 'memory'));
  }
  jd.vcpus = shape.vcpus ?? 0;
  jd.memoryMiB = shape.memoryMiB ?? 0;
  jd.gpus = shape.gpus ?? 0;
  if (jd.gpus > 0 && jd.platformCapabilities.includes('FARGATE')) r.error(shapePath, m.gpuOnFargate());

  const retry = r.get(o, 'retryStrategy', path);
  if (retry !== undefined) jd.retryStrategy = readRetryStrategy(r, retry, joinPath(path, 'retryStrategy'));
  const timeout = r.get(o, 'timeout', path);
  if (timeout !== undefined) {
    const t = r.object(timeout, joinPath(path, 'timeout'), { known: ['attemptDurationSeconds'] });
    const seconds = t ? r.num(t, 'attemptDurationSeconds', joinPath(path, 'timeout'), { int: true, min: 60 }) : undefined;
    jd.attemptDurationMs = seconds === undefined ? null : seconds * 1000;
  }
  jd.schedulingPriority = r.num(o, 'schedulingPriority', path, { int: true, min: 0, max: 9999 }) ?? null;

  const simPath = joinPath(path, 'simulation');
  const sim = r.object(r.get(o, 'simulation', path, true) ?? {}, simPath, { known: ['runtime', 'failure'] });
  if (sim) {
    const runtime = r.get(sim, 'runtime', simPath, o.simulation != null);
    if (runtime !== undefined) jd.runtime = readDistribution(r, runtime, joinPath(simPath, 'runtime'), files) ?? jd.runtime;
    const failure = r.get(sim, 'failure', simPath);
    if (failure !== undefined) {
      const fPath = joinPath(simPath, 'failure');
      const f = r.object(failure, fPath, { known: ['probability', 'exitCode', 'reason'] });
      if (f)
        jd.failure = {
          probability: r.num(f, 'probability', fPath, { required: true, min: 0, max: 1 }) ?? 0,
          exitCode: r.num(f, 'exitCode', fPath, { int: true, min: 0, max: 255 }) ?? 1,
          reason: r.str(f, 'reason', fPath) ?? 'Essential container in task exited',
        };
    }
  }
  return jd;
}

function readContainerExtras(r: Reader, c: Obj, path: string, jd: JobDefinition): void {
  const storage = r.get(c, 'ephemeralStorage', path);
  if (storage !== undefined) {
    const s = r.object(storage, joinPath(path, 'ephemeralStorage'), { known: ['sizeInGiB'] });
    const size = s ? r.num(s, 'sizeInGiB', joinPath(path, 'ephemeralStorage'), { required: true, int: true, min: 21, max: 200 }) : undefined;
    if (size !== undefined) jd.ephemeralStorageGiB = size;
  }
  const platform = r.get(c, 'runtimePlatform', path);
  if (platform !== undefined) {
    const p = r.object(platform, joinPath(path, 'runtimePlatform'), { known: ['cpuArchitecture'], ignored: ['operatingSystemFamily'] });
    const arch = p ? r.enumOf(p, 'cpuArchitecture', joinPath(path, 'runtimePlatform'), ['X86_64', 'ARM64'] as const) : undefined;
    if (arch !== undefined) jd.cpuArchitecture = arch;
  }
}

function readNodeProperties(r: Reader, value: unknown, path: string, jd: JobDefinition): { shape: Resources; shapePath: string } | null {
  const o = r.object(value, path, { known: ['numNodes', 'mainNode', 'nodeRangeProperties'] });
  if (!o) return null;
  const numNodes = r.num(o, 'numNodes', path, { required: true, int: true, min: 1 });
  const mainNode = r.num(o, 'mainNode', path, { required: true, int: true, min: 0 });
  if (numNodes !== undefined && mainNode !== undefined && mainNode >= numNodes)
    r.error(joinPath(path, 'mainNode'), m.mainNodeOutside(numNodes, mainNode));
  jd.nodeProperties = { numNodes: numNodes ?? 1, mainNode: mainNode ?? 0 };
  const rangesPath = joinPath(path, 'nodeRangeProperties');
  const ranges = r.list(o, 'nodeRangeProperties', path, true) ?? [];
  if (o.nodeRangeProperties != null && ranges.length === 0) r.error(rangesPath, m.notEmpty());
  let first: { shape: Resources; shapePath: string } | null = null;
  eachObject(r, ranges, rangesPath, { known: ['targetNodes', 'container'], ignored: ['instanceTypes', 'ecsProperties', 'eksProperties', 'consumableResourceProperties'] }).forEach((range, i) => {
    if (!range) return;
    const at = indexPath(rangesPath, i);
    const containerPath = joinPath(at, 'container');
    const container = r.object(r.get(range, 'container', at, true) ?? {}, containerPath, CONTAINER_FIELDS);
    // The first range's container stands for every node; the shapes of the others are checked only.
    const shape = container ? readContainerShape(r, container, containerPath) : {};
    if (first === null) first = { shape, shapePath: containerPath };
  });
  return first ?? { shape: {}, shapePath: rangesPath };
}

function readRetryStrategy(r: Reader, value: unknown, path: string): JobDefinition['retryStrategy'] {
  const o = r.object(value, path, { known: ['attempts', 'evaluateOnExit'] });
  if (!o) return { attempts: 1, evaluateOnExit: [] };
  const attempts = r.num(o, 'attempts', path, { int: true, min: 1, max: 10 }) ?? 1;
  const rulesPath = joinPath(path, 'evaluateOnExit');
  const rules = r.list(o, 'evaluateOnExit', path) ?? [];
  if (rules.length > 5) r.error(rulesPath, m.tooMany(5, 'evaluateOnExit rules', rules.length));
  const evaluateOnExit: RetryRule[] = eachObject(r, rules, rulesPath, { known: ['action', 'onStatusReason', 'onReason', 'onExitCode'] }).map((rule, i) => {
    const at = indexPath(rulesPath, i);
    if (!rule) return { action: 'EXIT', onStatusReason: null, onReason: null, onExitCode: null };
    return {
      action: r.enumOf(rule, 'action', at, ['RETRY', 'EXIT'] as const, true) ?? 'EXIT',
      onStatusReason: readPattern(r, rule, 'onStatusReason', at, false),
      onReason: readPattern(r, rule, 'onReason', at, false),
      onExitCode: readPattern(r, rule, 'onExitCode', at, true),
    };
  });
  return { attempts, evaluateOnExit };
}

function readPattern(r: Reader, rule: Obj, key: string, path: string, exitCode: boolean): string | null {
  const raw = r.get(rule, key, path);
  if (raw === undefined) return null;
  // Exit codes arrive as numbers from YAML (onExitCode: 137).
  const pattern = exitCode && typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
  const at = joinPath(path, key);
  if (typeof pattern !== 'string') {
    r.error(at, m.expected('a string', raw));
    return null;
  }
  if (pattern.length > 512) r.error(at, m.patternTooLong(pattern.length));
  else if (exitCode && !/^(\d+\*?|\*)$/.test(pattern)) r.error(at, m.exitCodePattern(pattern));
  else if (pattern.slice(0, -1).includes('*')) r.error(at, m.patternStar(pattern));
  else if (!/^[\x20-\x7e\t]*$/.test(pattern)) r.error(at, m.patternChars(pattern));
  return pattern;
}

// ---------------------------------------------------------------- scheduling policies

function readSchedulingPolicy(r: Reader, value: unknown, path: string): SchedulingPolicy {
  const policy: SchedulingPolicy = { name: '', shareDecaySeconds: 0, computeReservation: 0, shareDistribution: [] };
  const o = r.object(value, path, { known: ['name', 'fairsharePolicy'], ignored: ['arn', 'tags'] });
  if (!o) return policy;
  policy.name = r.str(o, 'name', path, true) ?? '';
  const fairshare = r.get(o, 'fairsharePolicy', path);
  if (fairshare === undefined) return policy;
  const fPath = joinPath(path, 'fairsharePolicy');
  const f = r.object(fairshare, fPath, { known: ['shareDecaySeconds', 'computeReservation', 'shareDistribution'] });
  if (!f) return policy;
  policy.shareDecaySeconds = r.num(f, 'shareDecaySeconds', fPath, { int: true, min: 0, max: 604_800 }) ?? 0;
  policy.computeReservation = r.num(f, 'computeReservation', fPath, { int: true, min: 0, max: 99 }) ?? 0;
  const sharesPath = joinPath(fPath, 'shareDistribution');
  const shares = r.list(f, 'shareDistribution', fPath) ?? [];
  policy.shareDistribution = eachObject(r, shares, sharesPath, { known: ['shareIdentifier', 'weightFactor'] }).map((s, i) => {
    const at = indexPath(sharesPath, i);
    return {
      shareIdentifier: (s ? r.str(s, 'shareIdentifier', at, true) : undefined) ?? '',
      weightFactor: (s ? r.num(s, 'weightFactor', at, { min: 0.0001, max: 999.9999 }) : undefined) ?? 1,
    };
  });
  return policy;
}

// ---------------------------------------------------------------- workload

const ARRIVAL_KINDS = ['poisson', 'at', 'every', 'schedule', 'burst', 'trace'] as const;
const JOB_FIELDS: Fields = {
  known: ['jobName', 'jobQueue', 'jobDefinition', 'shareIdentifier', 'schedulingPriorityOverride', 'arrayProperties', 'dependsOn', 'containerOverrides'],
  ignored: ['parameters', 'tags', 'propagateTags', 'nodeOverrides', 'eksPropertiesOverride', 'ecsPropertiesOverride', 'consumableResourcePropertiesOverride'],
};

function readWorkloadGroup(r: Reader, value: unknown, path: string, baseDir: string, files: Map<string, string>): WorkloadGroup {
  const group: WorkloadGroup = { name: '', arrivals: { kind: 'at', atMs: [] }, jobs: [] };
  const o = r.object(value, path, { known: ['name', 'arrivals', 'jobs'] });
  if (!o) return group;
  group.name = r.str(o, 'name', path, true) ?? '';
  const arrivals = r.get(o, 'arrivals', path, true);
  if (arrivals !== undefined) group.arrivals = readArrivals(r, arrivals, joinPath(path, 'arrivals'), baseDir, files) ?? group.arrivals;
  const jobsPath = joinPath(path, 'jobs');
  const jobs = r.list(o, 'jobs', path, true) ?? [];
  if (o.jobs != null && jobs.length === 0) r.error(jobsPath, m.notEmpty());
  group.jobs = jobs.map((j, i) => readJob(r, j, indexPath(jobsPath, i)));
  if (isObj(arrivals) && arrivals.trace != null && jobs.length > 1) r.error(jobsPath, m.traceOneTemplate(jobs.length));
  return group;
}

function readArrivals(r: Reader, value: unknown, path: string, baseDir: string, files: Map<string, string>): Arrivals | undefined {
  const o = r.object(value, path, { known: [...ARRIVAL_KINDS, 'count', 'until'] });
  if (!o) return undefined;
  const kinds = ARRIVAL_KINDS.filter((k) => o[k] != null);
  if (kinds.length !== 1) {
    r.error(path, m.exactlyOneOf(ARRIVAL_KINDS, kinds));
    return undefined;
  }
  const kind = kinds[0];
  const at = joinPath(path, kind);
  const bounded = kind === 'poisson' || kind === 'every' || kind === 'schedule';
  for (const field of ['count', 'until'])
    if (!bounded && o[field] != null) r.error(joinPath(path, field), m.countOnlyFor(field));
  const count = bounded ? r.num(o, 'count', path, { int: true, min: 1 }) ?? null : null;
  const untilMs = bounded ? r.duration(o, 'until', path) ?? null : null;
  switch (kind) {
    case 'poisson': {
      const p = r.object(o.poisson, at, { known: ['perHour', 'perMinute', 'perSecond'] });
      if (!p) return undefined;
      const given = (['perHour', 'perMinute', 'perSecond'] as const).filter((k) => p[k] != null);
      if (given.length !== 1) {
        r.error(at, m.exactlyOneOf(['perHour', 'perMinute', 'perSecond'], given));
        return undefined;
      }
      const rate = r.num(p, given[0], at, { above: 0 });
      if (rate === undefined) return undefined;
      const perHour = rate * (given[0] === 'perHour' ? 1 : given[0] === 'perMinute' ? 60 : 3600);
      return { kind: 'poisson', perHour, count, untilMs };
    }
    case 'at': {
      const times = r.list(o, 'at', path) ?? [];
      if (o.at != null && times.length === 0) r.error(at, m.notEmpty());
      const atMs = times.map((t, i) => r.checkDuration(t, indexPath(at, i))).filter((t): t is number => t !== undefined);
      return { kind: 'at', atMs: atMs.sort((a, b) => a - b) };
    }
    case 'every': {
      const everyMs = r.duration(o, 'every', path);
      if (everyMs === 0) r.error(at, m.above(0, 0));
      return everyMs ? { kind: 'every', everyMs, count, untilMs } : undefined;
    }
    case 'schedule': {
      const expression = readSchedule(r, o, 'schedule', path);
      return expression === undefined ? undefined : { kind: 'schedule', expression, count, untilMs };
    }
    case 'burst': {
      const b = r.object(o.burst, at, { known: ['count', 'at', 'schedule'] });
      if (!b) return undefined;
      const burstCount = r.num(b, 'count', at, { required: true, int: true, min: 1 });
      const when = (['at', 'schedule'] as const).filter((k) => b[k] != null);
      if (when.length !== 1) r.error(at, m.exactlyOneOf(['at', 'schedule'], when));
      const times = r.list(b, 'at', at);
      const atMs = times
        ? times.map((t, i) => r.checkDuration(t, indexPath(joinPath(at, 'at'), i))).filter((t): t is number => t !== undefined).sort((x, y) => x - y)
        : null;
      const schedule = b.schedule != null ? readSchedule(r, b, 'schedule', at) ?? null : null;
      return burstCount === undefined ? undefined : { kind: 'burst', count: burstCount, atMs, schedule };
    }
    case 'trace':
      return readTrace(r, o.trace, at, baseDir, files);
  }
}

/** A trace file (read by load) parsed into the jobs to replay; file errors carry file:line. */
function readTrace(r: Reader, value: unknown, at: string, baseDir: string, files: Map<string, string>): Arrivals | undefined {
  const t = r.object(value, at, { known: ['file', 'format', 'columns', 'limit', 'timeScale'] });
  if (!t) return undefined;
  const file = r.str(t, 'file', at, true);
  const format = r.enumOf(t, 'format', at, TRACE_FORMATS, true);
  const limit = r.num(t, 'limit', at, { int: true, min: 1 });
  const timeScale = r.num(t, 'timeScale', at, { above: 0 });
  let columns: Record<string, string> | undefined;
  if (t.columns != null) {
    const cPath = joinPath(at, 'columns');
    if (format !== undefined && format !== 'csv') r.error(cPath, m.traceColumnsOnlyCsv(format));
    const c = r.object(t.columns, cPath, { known: CSV_COLUMN_FIELDS });
    if (c) {
      columns = {};
      for (const field of CSV_COLUMN_FIELDS) {
        const name = r.str(c, field, cPath, field === 'submitTime' || field === 'runtime');
        if (name !== undefined) columns[field] = name;
      }
    }
  }
  if (file === undefined || format === undefined) return undefined;
  const text = files.get(file);
  if (text === undefined) {
    r.error(joinPath(at, 'file'), m.sideFileNotLoaded(file));
    return undefined;
  }
  const csvColumns = columns && columns.submitTime !== undefined && columns.runtime !== undefined
    ? { ...columns, submitTime: columns.submitTime, runtime: columns.runtime } : undefined;
  const parsed = parseTrace(text, format, { limit, timeScale, columns: format === 'csv' ? csvColumns : undefined });
  if (!parsed.ok) {
    for (const e of parsed.errors) r.error(joinPath(at, 'file'), m.traceError(file, e.line, e.message));
    if (parsed.errors.length >= MAX_TRACE_ERRORS) r.error(joinPath(at, 'file'), m.traceTooManyErrors(file, MAX_TRACE_ERRORS));
    return undefined;
  }
  const { trace } = parsed;
  r.note(joinPath(at, 'file'), m.traceSummary(file, trace.jobs.length, trace.meta.records, trace.skipped));
  if (trace.jobs.length === 0) r.warning(joinPath(at, 'file'), m.traceNoJobs(file));
  // Kept absolute so it no longer depends on the working directory.
  return { kind: 'trace', file: resolve(baseDir, file), format, trace };
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

/** 2024-01-01T00:00:00Z (a Monday) unless the file says otherwise. */
const DEFAULT_START_AT_MS = Date.UTC(2024, 0, 1);

function readStartAt(r: Reader, o: Obj): number {
  const value = r.get(o, 'startAt', '');
  if (value === undefined) return DEFAULT_START_AT_MS;
  // A YAML loader with timestamps on hands over a Date.
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? parseIsoInstantMs(value) : null;
  if (ms === null || !Number.isFinite(ms)) {
    r.error('startAt', m.badStartAt(value));
    return DEFAULT_START_AT_MS;
  }
  return ms;
}

function readJob(r: Reader, value: unknown, path: string): JobTemplate {
  const job: JobTemplate = {
    jobName: '', jobQueue: '', jobDefinition: '', shareIdentifier: null, schedulingPriorityOverride: null,
    arraySize: null, dependsOn: [], vcpus: null, memoryMiB: null,
  };
  const o = r.object(value, path, JOB_FIELDS);
  if (!o) return job;
  job.jobName = r.str(o, 'jobName', path, true) ?? '';
  job.jobQueue = nameFromArn(r.str(o, 'jobQueue', path, true) ?? '', 'job-queue');
  job.jobDefinition = nameFromArn(r.str(o, 'jobDefinition', path, true) ?? '', 'job-definition');
  job.shareIdentifier = r.str(o, 'shareIdentifier', path) ?? null;
  job.schedulingPriorityOverride = r.num(o, 'schedulingPriorityOverride', path, { int: true, min: 0, max: 9999 }) ?? null;
  const array = r.get(o, 'arrayProperties', path);
  if (array !== undefined) {
    const aPath = joinPath(path, 'arrayProperties');
    const a = r.object(array, aPath, { known: ['size'] });
    job.arraySize = (a ? r.num(a, 'size', aPath, { required: true, int: true, min: 2, max: 10_000 }) : undefined) ?? null;
  }
  const depsPath = joinPath(path, 'dependsOn');
  const deps = r.list(o, 'dependsOn', path) ?? [];
  if (deps.length > 20) r.error(depsPath, m.tooMany(20, 'dependencies per job (AWS quota)', deps.length));
  job.dependsOn = eachObject(r, deps, depsPath, { known: ['jobName', 'type'], ignored: ['jobId'] }).map((d, i) => {
    const at = indexPath(depsPath, i);
    if (!d) return { jobName: '', type: null };
    const type = r.enumOf(d, 'type', at, ['N_TO_N', 'SEQUENTIAL'] as const) ?? null;
    // A SEQUENTIAL dependency is the array job on itself, so its jobName may be left out.
    const name = r.str(d, 'jobName', at, type !== 'SEQUENTIAL');
    return { jobName: name ?? (type === 'SEQUENTIAL' ? job.jobName : ''), type };
  });
  const overrides = r.get(o, 'containerOverrides', path);
  if (overrides !== undefined) {
    const cPath = joinPath(path, 'containerOverrides');
    const c = r.object(overrides, cPath, { known: ['resourceRequirements'], ignored: ['command', 'environment', 'instanceType', 'vcpus', 'memory'] });
    const requirements = c ? r.list(c, 'resourceRequirements', cPath) : undefined;
    if (requirements) {
      const shape = readResourceRequirements(r, requirements, joinPath(cPath, 'resourceRequirements'));
      job.vcpus = shape.vcpus ?? null;
      job.memoryMiB = shape.memoryMiB ?? null;
    }
  }
  return job;
}

// ---------------------------------------------------------------- prices

function readPrices(r: Reader, value: unknown, catalog: Catalog): PriceOverrides {
  const prices: PriceOverrides = { ec2OnDemandUsdPerHour: {}, spotDiscount: {}, fargate: {}, ebsGp3UsdPerGiBMonth: null };
  if (value === undefined) return prices;
  const path = 'prices';
  const o = r.object(value, path, { known: ['ec2', 'spotDiscount', 'fargate', 'ebsGp3UsdPerGiBMonth'] });
  if (!o) return prices;
  const perType = (key: string, max: number | undefined, into: Record<string, number>): void => {
    const v = r.get(o, key, path);
    if (v === undefined) return;
    const at = joinPath(path, key);
    const table = r.object(v, at, { known: Object.keys(isObj(v) ? v : {}) });
    if (!table) return;
    for (const [type, price] of Object.entries(table)) {
      if (!catalog.instanceTypes.has(type)) r.error(joinPath(at, type), m.unknownInstanceType(type, [...catalog.instanceTypes.keys()]));
      const n = r.checkNumber(price, joinPath(at, type), { min: 0, max });
      if (n !== undefined) into[type] = n;
    }
  };
  perType('ec2', undefined, prices.ec2OnDemandUsdPerHour);
  perType('spotDiscount', 1, prices.spotDiscount);
  const fargate = r.get(o, 'fargate', path);
  if (fargate !== undefined) {
    const fPath = joinPath(path, 'fargate');
    const keys = ['x86VcpuHourUsd', 'x86GbHourUsd', 'armVcpuHourUsd', 'armGbHourUsd', 'spotDiscount', 'storageGbHourUsd'] as const;
    const f = r.object(fargate, fPath, { known: keys });
    if (f)
      for (const key of keys) {
        const n = r.num(f, key, fPath, { min: 0, max: key === 'spotDiscount' ? 1 : undefined });
        if (n !== undefined) prices.fargate[key] = n;
      }
  }
  prices.ebsGp3UsdPerGiBMonth = r.num(o, 'ebsGp3UsdPerGiBMonth', path, { min: 0 }) ?? null;
  return prices;
}
