// summary.json: the run's figures. Keys are stable and documented in the README; every number is
// a pure function of the records, computed in a fixed order so output is byte-identical.
import { PiecewiseHazard } from '../model/environments/spotHazard.js';
import type { LimitsSnapshot } from '../model/result.js';
import type { ShareReport } from '../model/shareUsage.js';
import { isDependencyFailure, isTimeLimitCancel, reasonCode } from '../model/statusReasons.js';
import { AttemptEnd, JobStatus } from '../model/types.js';
import { round } from '../records/format.js';
import { ArrayRole } from '../records/jobs.js';
import type { SimulationResult } from '../records/result.js';
import { attributeCost } from './attribution.js';
import { distributionWith, type Distribution } from './distribution.js';
import type { DataSummary } from './dataMovement.js';
import { lazyModule } from '../engine/lazy.js';
import { compareLambda, lambdaRunsFromResult, type LambdaReport } from './lambda.js';
import type { StateMachineSummary } from './stateMachines.js';

/** The data-movement and Step Functions summaries and their price table, loaded only for runs that have them (start-up). */
const dataMovementModule = lazyModule<typeof import('./dataMovement.js')>(import.meta.url, './dataMovement.js', () => import('./dataMovement.js'));
const pipelinePricesModule = lazyModule<typeof import('./pipelinePrices.js')>(import.meta.url, './pipelinePrices.js', () => import('./pipelinePrices.js'));
const stateMachinesModule = lazyModule<typeof import('./stateMachines.js')>(import.meta.url, './stateMachines.js', () => import('./stateMachines.js'));

export type { Distribution };

export interface Summary {
  scenario: string;
  seed: number;
  simulatedSeconds: number;
  cutOffByUntil: boolean;
  /** From the first submission to the last job end; null if no job ended. */
  makespanSeconds: number | null;
  /** When the last job ended, in s after `startAt` (the clock's 0): the figure a deadline constrains; null if none ended. */
  lastJobEndSeconds: number | null;
  /** Instants on the UTC calendar (ISO 8601), from the scenario's `startAt`; null where there is none. */
  clock: { startAt: string; firstSubmissionAt: string | null; lastJobEndAt: string | null; endAt: string };
  /** Jobs that run (array children count, their parents do not; `arrayParents` counts those). */
  jobs: { submitted: number; succeeded: number; failed: number; unfinished: number; attempts: number; arrayParents: number };
  queueWaitSeconds: Distribution | null;
  turnaroundSeconds: Distribution | null;
  utilisation: { vcpu: number | null };
  /**
   * total = compute + ebs = busy + idle + lostToInterruptions + ebs (each a sum of instance rows),
   * plus `data` when the scenario moves data and `stepFunctions` when a workload group starts a
   * state machine (then byJobQueue + unattributed add up to total − data − stepFunctions).
   */
  costUsd: {
    total: number;
    /** The state machines' executions (Standard transitions, Express requests and duration); only with state machines. */
    stepFunctions?: number;
    compute: number;
    ebs: number;
    /** The data part (`data.costUsd.total`): NAT gateway, S3 requests, ECR, DynamoDB; only when the scenario declares data movement. */
    data?: number;
    busy: number;
    idle: number;
    lostToInterruptions: number;
    byComputeEnvironment: Record<string, number>;
    byPurchaseOption: Record<string, number>;
    byInstanceType: Record<string, number>;
    /** Split over the jobs that ran, as AWS's split cost allocation data does (metrics/attribution.ts); with `unattributed` they add up to `total`. */
    byJobQueue: Record<string, number>;
    byJobDefinition: Record<string, number>;
    /** Instances no job held (initial capacity never used), and a multi-node job's other nodes. */
    unattributed: number;
    /** total / jobs succeeded; null if none succeeded. */
    perSucceededJobUsd: number | null;
  };
  spot: {
    interruptions: number;
    attemptsInterrupted: number;
    vcpuHoursLost: number;
    lostWorkCostUsd: number;
    /** Per SPOT or FARGATE_SPOT environment: the reclaim rate assumed, so "0 interruptions" reads against it. */
    byComputeEnvironment: Record<string, SpotAssumed>;
  };
  /**
   * SubmitJob as the account saw it (AWS Batch service quotas: 50 calls per second, 1,000,000 jobs
   * in SUBMITTED): calls made (an array job is one), how many waited and for how long, the most
   * waiting at once, and how long submission took from the first call to the last one through.
   */
  submission: {
    calls: number;
    throttledCalls: number;
    maxBacklog: number;
    /** Time with at least one call waiting. */
    throttledSeconds: number;
    meanWaitSeconds: number | null;
    maxWaitSeconds: number;
    /** First call made to last call through; null if none. */
    durationSeconds: number | null;
    /** When the last call went through (ISO 8601 UTC); null if none. */
    lastSubmittedAt: string | null;
    /** Time the next submission waited for room under the SUBMITTED cap. */
    heldBySubmittedLimitSeconds: number;
  };
  /** Jobs that never started, counted by reason (MISCONFIGURATION:..., behind a blocked head, no capacity, ...). */
  blocked: { neverRan: number; byReason: Record<string, number> };
  lambda: LambdaReport;
  jobQueues: Record<
    string,
    {
      jobs: number;
      succeeded: number;
      failed: number;
      unfinished: number;
      queueWaitSeconds: Distribution | null;
      /** When its last job ended (ISO 8601 UTC), if none was left unfinished; null otherwise or if it had no job. */
      drainedAt: string | null;
      /** Fair-share queues: per share, its vCPU-hours and usage against the share its weight targets. */
      shares?: Record<string, ShareReport>;
    }
  >;
  computeEnvironments: Record<string, {
    purchaseOption: string;
    /** The environment's maxvCpus; null for an unmanaged fleet. */
    maxvCpus: number | null;
    instancesLaunched: number;
    peakvCpus: number;
    vcpuHours: number;
    busyvCpuHours: number;
    utilisation: number | null;
    interruptions: number;
    costUsd: number;
  }>;
  /** Service quotas and insufficient capacity; only when the scenario sets `assumptions.serviceQuotas` or `capacity`. */
  limits?: LimitsSummary;
  /** Step Functions executions per state machine; only when a workload group starts one. */
  stateMachines?: Record<string, StateMachineSummary>;
  /** What moving the data cost and moved (metrics/dataMovement.ts); only when the scenario declares data movement. */
  data?: DataSummary;
}

/** What the account's limits did to the run. */
export interface LimitsSummary {
  /** The quota that held launches back longest (boundSeconds), or null if none refused a launch. */
  boundBy: string | null;
  /** Per quota set, by its name as list-service-quotas prints it. */
  quotas: Record<string, { code: string | null; limitVcpus: number; peakVcpus: number; refusedLaunches: number; boundSeconds: number }>;
  /** Launches that failed for insufficient capacity; null when the scenario has no capacity rule. */
  capacity: { failedLaunches: number; byInstanceType: Record<string, number> } | null;
}

/** What a Spot environment assumed about reclaims, against what it saw. */
export interface SpotAssumed {
  /**
   * `advisor band` (each type's Spot Instance Advisor band), `flat rate` (a perHour rate), `none`, or
   * `availability trace (mean rate)` (a replayed trace; the rates are its time-weighted means).
   */
  interruptionSource: 'advisor band' | 'flat rate' | 'none' | 'availability trace (mean rate)';
  /** Reclaims per instance-hour (per task-hour for Fargate Spot), averaged over the instance-hours it ran; over the types it may launch if it ran none. */
  assumedInterruptionsPerHour: number;
  /** The rate of each type it may launch, sorted by type. */
  assumedInterruptionsPerHourByInstanceType: Record<string, number>;
  /** Instance-hours (task-hours) exposed to reclaims: launch to termination. */
  instanceHours: number;
  /** Reclaims the rate predicts over those hours (sum of rate x hours), and those seen. */
  expectedInterruptions: number;
  interruptions: number;
}

const SPOT_SOURCE = { advisor: 'advisor band', perHour: 'flat rate', none: 'none', trace: 'availability trace (mean rate)' } as const;

export function summarize(r: SimulationResult): Summary {
  const L = r.jobs;
  const n = L.count;
  const strings = L.strings;

  // Array parents are bookkeeping, not work: counts and waits are over the jobs that run. Two
  // passes over the jobs table: count per queue (the totals are their sums), then fill the arrays.
  // Each pass over every job is a function of its own (below), so that each is optimized on its
  // own: as loops of this one function, each was compiled on stack replacement and thrown out when
  // it reached the next loop's code, which had never run.
  // Queue position by the queue name's string id (an array, not a map: it is read twice per job).
  const queueIndex = new Int32Array(strings.length).fill(-1);
  r.queues.forEach((q, k) => {
    const id = strings.indexOf(q.name);
    if (id >= 0) queueIndex[id] = k;
  });
  // One scratch array for every distribution (a 10M-job run would otherwise hold several copies of
  // 80 MB): the first pass leaves the waits in it in job order (the run's figures), then, if a queue
  // has figures of its own, the waits are grouped by queue in it, then the turnarounds. Sums,
  // minima and maxima are taken in job order as it fills, so the means are the same as summing the
  // jobs one by one.
  const scratch = new Float64Array(n);
  const t = tallyJobs(L, queueIndex, r.queues.length, scratch);
  const Q = r.queues.length;
  // Never started: counted by why (AWS's blocked-queue reason codes where they apply).
  const blockedByReason: Record<string, number> = {};
  t.neverStartedByReason.forEach((count, id) => {
    if (count === 0) return;
    const reason = blockedReason(strings[id]);
    blockedByReason[reason] = (blockedByReason[reason] ?? 0) + count;
  });
  const { parents, attempts, ended, lastEndAt, firstSubmittedAt } = t;
  // The run's counts: the queues' summed in queue order.
  const total = (perQueue: Int32Array) => perQueue.reduce((sum, c) => sum + c, 0);
  const succeeded = total(t.succeeded);
  const failed = total(t.failed);
  const started = total(t.started);
  const overallWait = distributionWith(scratch.subarray(0, started), t.waitSum, t.waitMax, t.waitMin);
  // A queue that started every job that started has the run's figures; one that started none, null;
  // the others (only when there are such) their own, from their waits grouped in scratch.
  const startedAll = Array.from(t.started, (c) => c === started);
  let queueWait: (Distribution | null)[] = startedAll.map((all) => (all ? overallWait : null));
  if (t.started.some((c) => c > 0 && c < started)) {
    const groupStart = new Int32Array(Q + 1);
    for (let k = 0; k < Q; k++) groupStart[k + 1] = groupStart[k] + t.started[k];
    const waitSum = new Float64Array(Q);
    const waitMax = new Float64Array(Q).fill(-Infinity);
    fillWaits(L, queueIndex, groupStart, scratch, waitSum, waitMax);
    queueWait = startedAll.map((all, k) => (all ? overallWait : distributionWith(scratch.subarray(groupStart[k], groupStart[k + 1]), waitSum[k], waitMax[k])));
  }
  const turnarounds = fillTurnarounds(L, scratch);
  const turnaroundSeconds = distributionWith(scratch.subarray(0, ended), turnarounds.sum, turnarounds.max, turnarounds.min);
  const jobQueues: Summary['jobQueues'] = {};
  r.queues.forEach((q, k) => {
    const unfinished = t.jobs[k] - t.succeeded[k] - t.failed[k];
    const lastEnd = t.queueLastEndAt[k];
    jobQueues[q.name] = {
      jobs: t.jobs[k],
      succeeded: t.succeeded[k],
      failed: t.failed[k],
      unfinished,
      queueWaitSeconds: queueWait[k],
      drainedAt: unfinished === 0 && lastEnd >= 0 ? clockTime(r.scenario.startAtMs, lastEnd) : null,
    };
    if (q.shares !== null) jobQueues[q.name].shares = q.shares;
  });

  // The bill, instance by instance, in creation order (each part a sum of rounded rows).
  const cost = { total: 0, compute: 0, ebs: 0, busy: 0, idle: 0, lostToInterruptions: 0 };
  const byPurchaseOption: Record<string, number> = {};
  const byInstanceType: Record<string, number> = {};
  const perCe = new Map(r.environments.map((ce) => [ce.name, { cost: 0, vcpuMs: 0, busyMs: 0, lostMs: 0, hoursMs: 0, expected: 0 }]));
  let busyMs = 0;
  let lostMs = 0;
  let provisionedMs = 0;
  const spotRates = new Map(r.environments.filter((ce) => ce.spotRisk !== null).map((ce) => [ce.name, ce.spotRisk!.perHourByInstanceType]));
  // A replayed Spot trace: an instance's expected reclaims are its life's integral of the trace's hazard.
  const spotTraces = new Map(
    r.environments
      .filter((ce) => ce.spotRisk?.traceByInstanceType !== undefined)
      .map((ce) => [ce.name, new Map(Object.entries(ce.spotRisk!.traceByInstanceType!).map(([t, h]) => [t, new PiecewiseHazard(h.atMs, h.perHour)]))]),
  );
  r.instances.forEach((x, k) => {
    const bill = r.bills[k];
    cost.total += bill.costUsd;
    cost.compute += bill.computeUsd;
    cost.ebs += bill.ebsUsd;
    cost.busy += bill.busyUsd;
    cost.idle += bill.idleUsd;
    cost.lostToInterruptions += bill.lostUsd;
    byPurchaseOption[x.purchaseOption] = (byPurchaseOption[x.purchaseOption] ?? 0) + bill.costUsd;
    byInstanceType[x.instanceType] = (byInstanceType[x.instanceType] ?? 0) + bill.costUsd;
    const c = perCe.get(x.computeEnvironment)!;
    const vcpuMs = x.vcpus * (x.terminatedAt - x.launchedAt);
    c.cost += bill.costUsd;
    c.vcpuMs += vcpuMs;
    c.busyMs += x.busyVcpuMs;
    c.lostMs += x.lostVcpuMs;
    c.hoursMs += x.terminatedAt - x.launchedAt;
    const traced = spotTraces.get(x.computeEnvironment)?.get(x.instanceType);
    c.expected += traced !== undefined
      ? traced.between(x.launchedAt, x.terminatedAt)
      : ((x.terminatedAt - x.launchedAt) / 3_600_000) * (spotRates.get(x.computeEnvironment)?.[x.instanceType] ?? 0);
    busyMs += x.busyVcpuMs;
    lostMs += x.lostVcpuMs;
    provisionedMs += vcpuMs;
  });
  const computeEnvironments: Summary['computeEnvironments'] = {};
  const byComputeEnvironment: Record<string, number> = {};
  for (const ce of r.environments) {
    const c = perCe.get(ce.name)!;
    byComputeEnvironment[ce.name] = round(c.cost);
    computeEnvironments[ce.name] = {
      purchaseOption: ce.purchaseOption,
      maxvCpus: ce.maxvCpus,
      instancesLaunched: ce.instancesLaunched,
      peakvCpus: ce.peakvCpus,
      vcpuHours: round(c.vcpuMs / 3_600_000, 4),
      busyvCpuHours: round(c.busyMs / 3_600_000, 4),
      utilisation: c.vcpuMs > 0 ? round(c.busyMs / c.vcpuMs, 6) : null,
      interruptions: ce.interruptions,
      costUsd: round(c.cost),
    };
  }
  const spotAssumed: Record<string, SpotAssumed> = {};
  for (const ce of r.environments) {
    if (ce.spotRisk === null) continue;
    const c = perCe.get(ce.name)!;
    const rates = Object.values(ce.spotRisk.perHourByInstanceType);
    const hours = c.hoursMs / 3_600_000;
    const mean = hours > 0 ? c.expected / hours : rates.length > 0 ? rates.reduce((a, b) => a + b, 0) / rates.length : 0;
    spotAssumed[ce.name] = {
      interruptionSource: SPOT_SOURCE[ce.spotRisk.source],
      assumedInterruptionsPerHour: round(mean, 9),
      assumedInterruptionsPerHourByInstanceType: Object.fromEntries(Object.entries(ce.spotRisk.perHourByInstanceType).map(([t, v]) => [t, round(v, 9)])),
      instanceHours: round(hours, 4),
      expectedInterruptions: round(c.expected, 4),
      interruptions: ce.interruptions,
    };
  }
  const attributed = attributeCost(r);
  // The data part and Step Functions, at the Region's and the scenario's pipeline prices.
  const pipelinePrices = r.data === undefined && r.pipelines === undefined ? null : pipelinePricesModule().pipelinePricesFor(r.scenario.assumptions.region, r.scenario.prices.pipeline);
  const data = r.data === undefined ? null : dataMovementModule().summarizeData({ snapshot: r.data, endAt: r.endAt }, pipelinePrices!);
  const stateMachines = r.pipelines === undefined ? undefined : stateMachinesModule().summarizeStateMachines(r.pipelines, pipelinePrices!, r.endAt);
  const orchestrationUsd = stateMachines === undefined ? 0 : stateMachinesModule().stepFunctionsUsd(stateMachines);
  // The bill: the instances, and the data part and Step Functions where the scenario has them.
  const totalUsd = cost.total + (data === null ? 0 : data.costUsd.total) + orchestrationUsd;
  const neverRan = n - parents - started;
  const attemptsInterrupted = countEnded(r.attempts.end, r.attempts.count, AttemptEnd.INTERRUPTED);

  return {
    scenario: r.scenario.name,
    seed: r.seed,
    simulatedSeconds: round(r.endAt / 1000, 3),
    cutOffByUntil: r.cutOff,
    makespanSeconds: lastEndAt >= 0 ? round((lastEndAt - firstSubmittedAt) / 1000, 3) : null,
    lastJobEndSeconds: lastEndAt >= 0 ? round(lastEndAt / 1000, 3) : null,
    clock: {
      startAt: clockTime(r.scenario.startAtMs, 0),
      firstSubmissionAt: Number.isFinite(firstSubmittedAt) ? clockTime(r.scenario.startAtMs, firstSubmittedAt) : null,
      lastJobEndAt: lastEndAt >= 0 ? clockTime(r.scenario.startAtMs, lastEndAt) : null,
      endAt: clockTime(r.scenario.startAtMs, r.endAt),
    },
    jobs: { submitted: n - parents, succeeded, failed, unfinished: n - parents - succeeded - failed, attempts, arrayParents: parents },
    queueWaitSeconds: overallWait,
    turnaroundSeconds,
    utilisation: { vcpu: provisionedMs > 0 ? round(busyMs / provisionedMs, 6) : null },
    costUsd: {
      total: round(totalUsd),
      ...(stateMachines === undefined ? {} : { stepFunctions: orchestrationUsd }),
      compute: round(cost.compute),
      ebs: round(cost.ebs),
      ...(data === null ? {} : { data: data.costUsd.total }),
      busy: round(cost.busy),
      idle: round(cost.idle),
      lostToInterruptions: round(cost.lostToInterruptions),
      byComputeEnvironment,
      byPurchaseOption: roundAll(byPurchaseOption),
      byInstanceType: roundAll(sortedKeys(byInstanceType)),
      byJobQueue: attributed.byJobQueue,
      byJobDefinition: attributed.byJobDefinition,
      unattributed: attributed.unattributed,
      perSucceededJobUsd: succeeded > 0 ? round(totalUsd / succeeded) : null,
    },
    spot: {
      interruptions: r.environments.reduce((k, ce) => k + ce.interruptions, 0),
      attemptsInterrupted,
      vcpuHoursLost: round(lostMs / 3_600_000, 4),
      lostWorkCostUsd: round(cost.lostToInterruptions),
      byComputeEnvironment: spotAssumed,
    },
    submission: submissionSummary(r),
    blocked: { neverRan, byReason: sortedKeys(blockedByReason) },
    lambda: compareLambda({
      definitions: r.scenario.jobDefinitions,
      runsMs: lambdaRunsFromResult(r),
      prices: r.prices.lambda,
      architecture: r.scenario.assumptions.lambda.architecture,
    }),
    jobQueues,
    computeEnvironments,
    ...(r.limits === undefined ? {} : { limits: summarizeLimits(r.limits) }),
    ...(stateMachines === undefined ? {} : { stateMachines }),
    ...(data === null ? {} : { data }),
  };
}

type JobTable = SimulationResult['jobs'];

/** What tallyJobs counts: per queue (by position), and over the run. */
interface JobTally {
  jobs: Int32Array;
  succeeded: Int32Array;
  failed: Int32Array;
  started: Int32Array;
  /** When each queue's last job ended (ms), -1 if none did. */
  queueLastEndAt: Float64Array;
  /** Jobs that never started, by their statusReason's string id. */
  neverStartedByReason: Int32Array;
  parents: number;
  attempts: number;
  ended: number;
  /** When the run's last job ended (ms), -1 if none did. */
  lastEndAt: number;
  /** Infinity if none was submitted. */
  firstSubmittedAt: number;
  /** Over the waits (ms) of the jobs that started, left in scratch in job order. */
  waitSum: number;
  waitMin: number;
  waitMax: number;
}

/** The first pass over every job: counts per queue and over the run (array parents apart), and the waits into `scratch` in job order. */
function tallyJobs(L: JobTable, queueIndex: Int32Array, queues: number, scratch: Float64Array): JobTally {
  const jobs = new Int32Array(queues);
  const succeeded = new Int32Array(queues);
  const failed = new Int32Array(queues);
  const started = new Int32Array(queues);
  const queueLastEndAt = new Float64Array(queues).fill(-1);
  const neverStartedByReason = new Int32Array(L.strings.length);
  const { arrayRole: role, status, jobQueue, submittedAt, runnableAt, startingAt, stoppedAt, statusReason, attempts: attemptsOf, count } = L;
  let parents = 0;
  let attempts = 0;
  let ended = 0;
  let lastEndAt = -1;
  let firstSubmittedAt = Infinity;
  let waits = 0;
  let waitSum = 0;
  let waitMin = Infinity;
  let waitMax = -Infinity;
  for (let i = 0; i < count; i++) {
    if (role[i] === ArrayRole.PARENT) {
      parents++;
      continue;
    }
    const k = queueIndex[jobQueue[i]];
    jobs[k]++;
    const s = status[i];
    if (s === JobStatus.SUCCEEDED) succeeded[k]++;
    else if (s === JobStatus.FAILED) failed[k]++;
    attempts += attemptsOf[i];
    const submitted = submittedAt[i];
    if (submitted >= 0 && submitted < firstSubmittedAt) firstSubmittedAt = submitted;
    const starting = startingAt[i];
    if (starting >= 0) {
      started[k]++;
      const wait = starting - runnableAt[i];
      scratch[waits++] = wait;
      waitSum += wait;
      if (wait < waitMin) waitMin = wait;
      if (wait > waitMax) waitMax = wait;
    } else neverStartedByReason[statusReason[i]]++;
    const stopped = stoppedAt[i];
    if (stopped >= 0) {
      ended++;
      if (stopped > lastEndAt) lastEndAt = stopped;
      if (stopped > queueLastEndAt[k]) queueLastEndAt[k] = stopped;
    }
  }
  return { jobs, succeeded, failed, started, queueLastEndAt, neverStartedByReason, parents, attempts, ended, lastEndAt, firstSubmittedAt, waitSum, waitMin, waitMax };
}

/**
 * The waits (ms, RUNNABLE to STARTING) of the jobs that started, grouped by queue from
 * groupStart[k], in job order within each; each queue's sum and maximum.
 */
function fillWaits(L: JobTable, queueIndex: Int32Array, groupStart: Int32Array, scratch: Float64Array, waitSum: Float64Array, waitMax: Float64Array): void {
  const { arrayRole: role, jobQueue, runnableAt, startingAt } = L;
  const fill = groupStart.slice(0, groupStart.length - 1);
  for (let i = 0; i < L.count; i++) {
    if (role[i] === ArrayRole.PARENT || startingAt[i] < 0) continue;
    const wait = startingAt[i] - runnableAt[i];
    const k = queueIndex[jobQueue[i]];
    scratch[fill[k]++] = wait;
    waitSum[k] += wait;
    if (wait > waitMax[k]) waitMax[k] = wait;
  }
}

/** The turnarounds (ms, submission to end) of the jobs that ended, in job order; returns their sum, maximum and minimum. */
function fillTurnarounds(L: JobTable, scratch: Float64Array): { sum: number; max: number; min: number } {
  const { arrayRole: role, submittedAt, stoppedAt, count } = L;
  let sum = 0;
  let max = -Infinity;
  let min = Infinity;
  for (let i = 0, t = 0; i < count; i++) {
    const stopped = stoppedAt[i];
    if (stopped < 0 || role[i] === ArrayRole.PARENT) continue;
    const turnaround = stopped - submittedAt[i];
    scratch[t++] = turnaround;
    sum += turnaround;
    if (turnaround > max) max = turnaround;
    if (turnaround < min) min = turnaround;
  }
  return { sum, max, min };
}

/** How many of the first `count` attempt ends are `end`. */
function countEnded(ends: ArrayLike<number>, count: number, end: number): number {
  let k = 0;
  for (let i = 0; i < count; i++) if (ends[i] === end) k++;
  return k;
}

function summarizeLimits(l: LimitsSnapshot): LimitsSummary {
  const quotas: LimitsSummary['quotas'] = {};
  let boundBy: string | null = null;
  let longest = 0;
  for (const q of l.quotas) {
    quotas[q.quota] = { code: q.code, limitVcpus: q.limitVcpus, peakVcpus: round(q.peakVcpus, 4), refusedLaunches: q.refusedLaunches, boundSeconds: round(q.boundSeconds, 3) };
    if (q.refusedLaunches > 0 && (boundBy === null || q.boundSeconds > longest)) {
      boundBy = q.quota;
      longest = q.boundSeconds;
    }
  }
  return { boundBy, quotas, capacity: l.capacity };
}

/** An instant of the run (ms after `startAt`) on the UTC calendar, ISO 8601 with milliseconds. */
export function clockTime(startAtMs: number, atMs: number): string {
  return new Date(startAtMs + Math.round(atMs)).toISOString();
}

/** The reason a job never ran, as a category: AWS's code before " - ", or a simulator reason's gist. */
function blockedReason(statusReason: string): string {
  if (isDependencyFailure(statusReason)) return 'a dependency failed';
  if (isTimeLimitCancel(statusReason)) return 'cancelled by jobStateTimeLimitActions';
  if (statusReason === '') return 'not yet placed';
  return reasonCode(statusReason);
}

function roundAll(o: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(o)) out[k] = round(v);
  return out;
}

function sortedKeys(o: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

function submissionSummary(r: SimulationResult): Summary['submission'] {
  const s = r.submission;
  return {
    calls: s.calls,
    throttledCalls: s.throttledCalls,
    maxBacklog: s.maxBacklog,
    throttledSeconds: round(s.throttledMs / 1000, 3),
    meanWaitSeconds: s.calls > 0 ? round(s.waitMsTotal / s.calls / 1000, 3) : null,
    maxWaitSeconds: round(s.maxWaitMs / 1000, 3),
    durationSeconds: s.lastSubmittedAt >= 0 ? round((s.lastSubmittedAt - s.firstCallAt) / 1000, 3) : null,
    lastSubmittedAt: s.lastSubmittedAt >= 0 ? clockTime(r.scenario.startAtMs, s.lastSubmittedAt) : null,
    heldBySubmittedLimitSeconds: round(s.heldBySubmittedLimitMs / 1000, 3),
  };
}
