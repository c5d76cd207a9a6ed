// Invariants that hold for every scenario, checked on random small ones (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../src/records/result.js';
import { simulate } from '../../src/plan/simulate.js';
import { usableMemoryMiB } from '../../src/model/capacity.js';
import { JobStatus } from '../../src/model/types.js';
import { instanceBill } from '../../src/metrics/billing.js';
import { summarize } from '../../src/metrics/summary.js';
import { isFargateSize } from '../../src/scenario/fargate-sizes.js';
import type { ComputeEnvironment, JobDefinition, Scenario } from '../../src/scenario/types.js';
import * as b from '../helpers/build.js';

const durationMs = fc.integer({ min: 0, max: 600 }).map((s) => s * 1000);

const definitionArb = (name: string): fc.Arbitrary<JobDefinition> =>
  fc
    .record({
      vcpus: fc.constantFrom(1, 2, 4, 8, 16),
      memoryMiB: fc.constantFrom(512, 2048, 7000, 16000, 40000),
      runtime: fc.oneof(
        durationMs.map((v) => ({ kind: 'fixed' as const, value: v })),
        fc.integer({ min: 1, max: 900 }).map((m) => ({ kind: 'exponential' as const, mean: m * 1000 })),
      ),
      failureProbability: fc.constantFrom(0, 0, 0.3, 1),
      attempts: fc.integer({ min: 1, max: 4 }),
      timeout: fc.option(fc.integer({ min: 60, max: 900 }).map((s) => s * 1000)),
    })
    .map((r) =>
      b.definition(name, {
        vcpus: r.vcpus,
        memoryMiB: r.memoryMiB,
        runtime: r.runtime,
        failure: r.failureProbability > 0 ? { probability: r.failureProbability, exitCode: 2, reason: 'Essential container in task exited' } : null,
        retryStrategy: { attempts: r.attempts, evaluateOnExit: [] },
        attemptDurationMs: r.timeout,
      }),
    );

const environmentArb = (name: string): fc.Arbitrary<ComputeEnvironment> =>
  fc.oneof(
    fc
      .record({
        instanceTypes: fc.constantFrom(['c6i'], ['m6i', 'r6i'], ['c6i.large', 'c6i.4xlarge']),
        maxvCpus: fc.integer({ min: 4, max: 64 }),
        allocationStrategy: fc.constantFrom('SPOT_CAPACITY_OPTIMIZED' as const, 'SPOT_PRICE_CAPACITY_OPTIMIZED' as const, 'BEST_FIT' as const),
        perHour: fc.constantFrom(0.5, 2, 6),
      })
      .map(({ perHour, ...cr }) =>
        b.managedEc2(name, { ...cr, type: 'SPOT', instanceTypes: [...cr.instanceTypes], spotInterruptions: { kind: 'perHour', perHour } }),
      ),
    fc
      .record({ vcpus: fc.constantFrom(2, 4, 8, 16), memoryMiB: fc.constantFrom(4096, 16384, 65536), count: fc.integer({ min: 1, max: 3 }) })
      .map((g) => b.unmanaged(name, [{ instanceType: `box${g.vcpus}`, priceUsdPerHour: 0.1, ...g }])),
    fc
      .record({
        instanceTypes: fc.constantFrom(['c5'], ['m5', 'r5'], ['optimal'], ['c5.large', 'c5.4xlarge']),
        maxvCpus: fc.integer({ min: 4, max: 64 }),
        minvCpus: fc.constantFrom(0, 0, 2),
        allocationStrategy: fc.constantFrom('BEST_FIT' as const, 'BEST_FIT_PROGRESSIVE' as const),
      })
      .map((cr) => b.managedEc2(name, { ...cr, instanceTypes: [...cr.instanceTypes], desiredvCpus: cr.minvCpus })),
  );

/** Fargate jobs use only sizes Fargate offers (validate rejects the rest before a run). */
const fargateDefinitionArb: fc.Arbitrary<JobDefinition> = fc
  .record({
    size: fc.constantFrom([0.25, 512], [0.5, 1024], [1, 2048], [2, 8192], [4, 30720], [16, 122880]),
    runtime: fc.integer({ min: 1, max: 900 }).map((m) => ({ kind: 'exponential' as const, mean: m * 1000 })),
    attempts: fc.integer({ min: 1, max: 3 }),
    storage: fc.constantFrom(20, 50),
  })
  .map((r) =>
    b.definition('f0', {
      platformCapabilities: ['FARGATE'],
      vcpus: r.size[0],
      memoryMiB: r.size[1],
      runtime: r.runtime,
      retryStrategy: { attempts: r.attempts, evaluateOnExit: [] },
      ephemeralStorageGiB: r.storage,
    }),
  );

const fargateEnvironmentArb: fc.Arbitrary<ComputeEnvironment> = fc
  .record({ type: fc.constantFrom('FARGATE' as const, 'FARGATE_SPOT' as const), maxvCpus: fc.integer({ min: 1, max: 32 }), perHour: fc.constantFrom(0.5, 3) })
  .map(({ perHour, ...cr }) => b.managedEc2('fg', { ...cr, instanceTypes: [], spotInterruptions: { kind: 'perHour', perHour } }));

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    fargate: fargateEnvironmentArb,
    fargateDef: fargateDefinitionArb,
    fargateArrivals: fc.array(fc.integer({ min: 0, max: 3600 }), { maxLength: 30 }),
    launchBurst: fc.constantFrom(1, 5, 100),
    // SubmitJob unthrottled, or slow enough (one call per 20 s) that the arrivals queue up.
    submitJob: fc.constantFrom(null, { perSecond: 0.05, burst: 2 }),
    envs: fc.array(fc.constant(0), { minLength: 1, maxLength: 3 }).chain((xs) => fc.tuple(...xs.map((_, i) => environmentArb(`ce${i}`)))),
    defs: fc.tuple(definitionArb('d0'), definitionArb('d1')),
    arrivals: fc.array(fc.tuple(fc.integer({ min: 0, max: 3600 }), fc.constantFrom('d0', 'd1'), fc.constantFrom('q0', 'q1')), { minLength: 1, maxLength: 40 }),
    cycle: fc.constantFrom(0, 10_000),
    launch: fc.integer({ min: 0, max: 300 }).map((s) => s * 1000),
    start: fc.integer({ min: 0, max: 60 }).map((s) => s * 1000),
    idle: fc.constantFrom(0, 60_000, 300_000),
    until: fc.option(fc.integer({ min: 600, max: 20_000 }).map((s) => s * 1000), { freq: 4 }),
    seed: fc.integer({ min: 0, max: 1000 }),
  })
  .map((r) => {
    const names = r.envs.map((e) => e.computeEnvironmentName);
    return b.scenario({
      seed: r.seed,
      untilMs: r.until,
      assumptions: b.assumptions({
        schedulerCycleMs: r.cycle,
        ec2Launch: b.fixed(r.launch),
        fargateLaunch: b.fixed(r.launch / 10),
        containerStart: b.fixed(r.start),
        idleTerminateAfterMs: r.idle,
        fargate: { limits: 'current', launchBurst: r.launchBurst, launchPerSecond: 2 },
        api: { submitJob: r.submitJob, maxSubmittedJobs: 1_000_000 },
      }),
      computeEnvironments: [...r.envs, r.fargate],
      jobQueues: [b.queue('q0', names, 5), b.queue('q1', names.slice().reverse(), 1), b.queue('qf', ['fg'], 3)],
      jobDefinitions: [...r.defs, r.fargateDef],
      workload: [
        ...r.arrivals.map(([t, d, q], i) => b.at(`w${i}`, [t * 1000], [{ jobName: d, jobQueue: q, jobDefinition: d }])),
        ...r.fargateArrivals.map((t, i) => b.at(`f${i}`, [t * 1000], [{ jobName: 'f0', jobQueue: 'qf', jobDefinition: 'f0' }])),
      ],
    });
  });

function check(s: Scenario, r: SimulationResult): void {
  const J = r.jobs;
  const A = r.attempts;
  const defs = new Map(s.jobDefinitions.map((d) => [d.jobDefinitionName, d]));
  // Jobs are conserved: every submitted job is in the ledger exactly once, in a known state. Each
  // group here is one job, one SubmitJob call; a throttled call may go through after `until`.
  const due = s.workload.filter((w) => w.arrivals.kind === 'at' && (s.untilMs === null || w.arrivals.atMs[0] <= s.untilMs));
  const dueJobs = due.reduce((n, w) => n + w.jobs.length, 0);
  const sum = summarize(r);
  expect(sum.submission.calls).toBe(J.count);
  if (s.untilMs === null || s.assumptions.api.submitJob === null) expect(J.count).toBe(dueJobs);
  else expect(J.count).toBeLessThanOrEqual(dueJobs);
  // No job is created before its call was made, nor faster than the bucket allows.
  const madeAt = s.workload.map((w) => (w.arrivals.kind === 'at' ? w.arrivals.atMs[0] : 0)).sort((x, y) => x - y);
  const createdAt = Array.from(J.submittedAt.subarray(0, J.count)).sort((x, y) => x - y);
  createdAt.forEach((t, n) => expect(t).toBeGreaterThanOrEqual(madeAt[n]));
  const rate = s.assumptions.api.submitJob;
  if (rate !== null) for (let n = 0; n < createdAt.length; n++) expect(n + 1).toBeLessThanOrEqual(rate.burst + (rate.perSecond * createdAt[n]) / 1000 + 1e-9);
  expect(sum.jobs.succeeded + sum.jobs.failed + sum.jobs.unfinished).toBe(J.count);
  let attemptsFromJobs = 0;
  for (let i = 0; i < J.count; i++) attemptsFromJobs += J.attempts[i];
  expect(A.count).toBe(attemptsFromJobs);
  // Without a horizon, a job is left unfinished only when it waits for capacity that can never
  // come, and then it says why.
  if (s.untilMs === null) {
    for (let i = 0; i < J.count; i++) {
      const st = J.status[i];
      if (st === JobStatus.SUCCEEDED || st === JobStatus.FAILED) continue;
      expect(st).toBe(JobStatus.RUNNABLE);
      expect(J.strings[J.statusReason[i]]).toMatch(/^(MISCONFIGURATION:|still RUNNABLE (behind|at the end))/);
    }
  }
  const byOrdinal = new Map(r.instances.map((x) => [x.ordinal, x]));
  const perInstance = new Map<number, [number, number, number][]>();
  for (let k = 0; k < A.count; k++) {
    const inst = byOrdinal.get(A.instance[k])!;
    const j = A.job[k];
    const def = defs.get(J.strings[J.jobDefinition[j]])!;
    // A placed job always fits its instance, and never outside the instance's life.
    expect(def.vcpus).toBeLessThanOrEqual(inst.vcpus);
    const hypervisor = b.catalog.instanceTypes.get(inst.instanceType)?.hypervisor;
    expect(def.memoryMiB).toBeLessThanOrEqual(inst.fargate ? inst.memoryMiB : usableMemoryMiB({ instanceType: inst.instanceType, memoryMiB: inst.memoryMiB, hypervisor }));
    if (inst.fargate) expect(isFargateSize(inst.vcpus, inst.memoryMiB, 'current')).toBe(true);
    const from = A.startingAt[k];
    const to = A.stoppedAt[k] < 0 ? r.endAt : A.stoppedAt[k];
    // A Fargate job is STARTING while its task is provisioned (before readyAt); on EC2 it waits for readiness.
    expect(from).toBeGreaterThanOrEqual(inst.fargate ? inst.launchedAt : inst.readyAt);
    expect(to).toBeLessThanOrEqual(inst.terminatedAt);
    // Nothing runs on an instance after it was reclaimed.
    if (inst.interrupted) expect(to).toBeLessThanOrEqual(inst.reclaimAt);
    expect(A.attemptNumber[k]).toBeLessThanOrEqual(def.retryStrategy.attempts);
    if (!perInstance.has(inst.ordinal)) perInstance.set(inst.ordinal, []);
    perInstance.get(inst.ordinal)!.push([from, to, def.vcpus]);
  }
  // No vCPU is used twice: at every instant the attempts on an instance fit its vCPUs.
  for (const [ordinal, spans] of perInstance) {
    expect(peak(spans)).toBeLessThanOrEqual(byOrdinal.get(ordinal)!.vcpus);
  }
  // Fargate tasks never exceed maxvCpus at all.
  const tasks = r.instances.filter((x) => x.fargate).map((x) => [x.launchedAt, x.terminatedAt, x.vcpus] as [number, number, number]);
  const fg = s.computeEnvironments.find((c) => c.computeEnvironmentName === 'fg');
  if (fg) expect(peak(tasks)).toBeLessThanOrEqual(fg.computeResources!.maxvCpus);
  // Provisioned vCPUs never exceed maxvCpus by more than one instance.
  for (const ce of s.computeEnvironments) {
    if (ce.type !== 'MANAGED' || ce.computeResources!.type.startsWith('FARGATE')) continue;
    const insts = r.instances.filter((x) => x.computeEnvironment === ce.computeEnvironmentName);
    const largest = Math.max(0, ...insts.map((x) => x.vcpus));
    const spans = insts.map((x) => [x.launchedAt, x.terminatedAt, x.vcpus] as [number, number, number]);
    expect(peak(spans)).toBeLessThanOrEqual(Math.max(ce.computeResources!.maxvCpus, ce.computeResources!.minvCpus) + largest);
  }
  // Cost is never negative, and the parts add up to the total.
  let total = 0;
  for (const x of r.instances) {
    const bill = instanceBill(x, { ebsRootVolumeGiB: r.prices.ebsRootVolumeGiB, ebsUsdPerGiBMonth: r.prices.ebsUsdPerGiBMonth });
    for (const part of [bill.computeUsd, bill.ebsUsd, bill.busyUsd, bill.idleUsd, bill.lostUsd]) expect(part).toBeGreaterThanOrEqual(0);
    expect(bill.busyUsd + bill.idleUsd + bill.lostUsd).toBeCloseTo(bill.computeUsd, 9);
    expect(bill.costUsd).toBeCloseTo(bill.computeUsd + bill.ebsUsd, 9);
    total += bill.costUsd;
  }
  expect(sum.costUsd.total).toBeCloseTo(total, 5);
  const byCe = Object.values(sum.costUsd.byComputeEnvironment).reduce((a, x) => a + x, 0);
  expect(byCe).toBeCloseTo(sum.costUsd.total, 5);
  const c = sum.costUsd;
  // The parts add up to the total, to the cent.
  expect(Math.abs(c.busy + c.idle + c.lostToInterruptions + c.ebs - c.total)).toBeLessThan(0.005);
  expect(Math.abs(c.compute + c.ebs - c.total)).toBeLessThan(0.005);
  if (sum.utilisation.vcpu !== null) expect(sum.utilisation.vcpu).toBeLessThanOrEqual(1 + 1e-9);
  // Split cost allocation: by queue and by definition, with what no job held, add up to the total, to the cent.
  for (const by of [c.byJobQueue, c.byJobDefinition]) {
    for (const v of Object.values(by)) expect(v).toBeGreaterThanOrEqual(0);
    expect(Math.abs(Object.values(by).reduce((a, x) => a + x, 0) + c.unattributed - c.total)).toBeLessThan(0.01);
  }
  expect(c.unattributed).toBeGreaterThanOrEqual(0);
}

/**
 * Every environment's readyvCpus (a run sampled at every change) lies in [0, desiredvCpus] at each
 * instant; Fargate's ('fg') is, before the end, exactly the vCPUs of the tasks past their readyAt
 * and not yet stopped: none while provisioning, none of a task stopped before it was ready.
 */
function checkReadyvCpus(r: SimulationResult): void {
  const { samples } = r;
  const rows = (name: string, metric: string): [number, number][] => {
    const id = samples.series.findIndex((k) => k.scope === 'computeEnvironment' && k.name === name && k.metric === metric);
    return samples.t.flatMap((t, i) => (samples.id[i] === id ? [[t, samples.value[i]] as [number, number]] : []));
  };
  /** A series' value at `t`: its last row at or before t (0 before its first). */
  const at = (series: [number, number][], t: number): number => {
    let v = 0;
    for (const [u, x] of series) if (u <= t) v = x;
    return v;
  };
  const instants = [...new Set(samples.t)];
  for (const name of new Set(samples.series.filter((k) => k.scope === 'computeEnvironment').map((k) => k.name))) {
    const ready = rows(name, 'readyvCpus');
    const desired = rows(name, 'desiredvCpus');
    for (const t of instants) {
      expect(at(ready, t), `${name} readyvCpus at ${t}`).toBeGreaterThanOrEqual(0);
      expect(at(ready, t), `${name} readyvCpus at ${t}`).toBeLessThanOrEqual(at(desired, t));
    }
  }
  const tasks = r.instances.filter((x) => x.computeEnvironment === 'fg');
  const ready = rows('fg', 'readyvCpus');
  const changes = [...instants, ...tasks.flatMap((x) => [x.readyAt, x.terminatedAt])].filter((t) => t >= 0 && t < r.endAt);
  for (const t of changes) {
    const expected = tasks.reduce((n, x) => n + (x.readyAt <= t && t < x.terminatedAt ? x.vcpus : 0), 0);
    expect(at(ready, t), `fg readyvCpus at ${t}`).toBe(expected);
  }
}

/** Largest sum of concurrent amounts over half-open spans [from, to). */
function peak(spans: [number, number, number][]): number {
  const events: [number, number][] = [];
  for (const [from, to, amount] of spans) {
    if (to <= from) continue;
    events.push([from, amount], [to, -amount]);
  }
  // Releases before acquisitions at the same instant.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cur = 0;
  let max = 0;
  for (const [, d] of events) {
    cur += d;
    max = Math.max(max, cur);
  }
  return max;
}

describe('invariants on random scenarios', () => {
  it('jobs conserved, placements fit, no vCPU used twice, maxvCpus overshoot bounded, cost adds up', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        // Without a horizon the run must end by itself; a generous one turns a hang into a failure.
        // A minvCpus pool or an unmanaged fleet makes the run last to that horizon, so it is sampled
        // hourly there (sampling only observes; nothing checked here reads the time series).
        const bounded = s.untilMs === null ? { ...s, untilMs: 60 * 86_400_000, assumptions: { ...s.assumptions, timeseriesIntervalMs: 3_600_000 } } : s;
        const r = simulate(bounded, b.catalog);
        if (s.untilMs === null) expect(r.cutOff, 'the run did not end by itself').toBe(false);
        check(s, r);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 150) },
    );
  });

  it('readyvCpus: never below 0 nor above desiredvCpus; a Fargate task counts from its readyAt until it stops', () => {
    fc.assert(
      fc.property(scenarioArb, (given) => {
        const s = { ...given, untilMs: given.untilMs ?? 60 * 86_400_000, assumptions: { ...given.assumptions, timeseriesMode: 'changes' as const } };
        const r = simulate(s, b.catalog);
        checkReadyvCpus(r);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 60) },
    );
  });

  it('is deterministic: the same scenario and seed give identical ledgers', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const x = simulate(s, b.catalog);
        const y = simulate(s, b.catalog);
        expect(Array.from(y.jobs.stoppedAt.subarray(0, y.jobs.count))).toEqual(Array.from(x.jobs.stoppedAt.subarray(0, x.jobs.count)));
        expect(Array.from(y.attempts.startingAt.subarray(0, y.attempts.count))).toEqual(Array.from(x.attempts.startingAt.subarray(0, x.attempts.count)));
        expect(summarize(y)).toEqual(summarize(x));
      }),
      { numRuns: 40 },
    );
  });
});
