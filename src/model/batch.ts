// AWS Batch on the event engine: workload arrivals submit jobs, jobs move through AWS's states,
// the scheduler places RUNNABLE jobs queue by queue, managed environments scale, and every job,
// attempt, instance and sample is kept for the records layer.
import { sampler, type Sampler } from '../engine/distribution.js';
import { Simulation } from '../engine/simulation.js';
import type { ComputeEnvironment, JobDefinition, JobTemplate, Scenario, Trace } from '../scenario/types.js';
import { wholeOf } from './capacity.js';
import type { Catalog } from './catalog.js';
import { ComputeEnvironmentRuntime } from './computeEnvironment.js';
import { FairShare } from './fairShare.js';
import { FargateEnvironmentRuntime } from './fargate.js';
import { ec2Candidates, ec2OnDemandPrice, fargateRates, spotHazardPerHour } from './pricing.js';
import type { Context, Environment, Instance } from './instance.js';
import { Attempt, Job, type JobSpec } from './job.js';
import { AttemptLedger, JobLedger, StringTable } from './ledger.js';
import { LedgerWriter } from './ledgerWriter.js';
import { fitsBeforeReservation, reservationFor, type Reservation } from './easy.js';
import { JobQueueRuntime, type ShapeQueue } from './jobQueue.js';
import { Rank } from './ranks.js';
import type { ArrivalSource, RunOptions, SimulationResult, TraceEvent } from './result.js';
import { matchesPattern, shouldRetry } from './retry.js';
import {
  arrayChildrenFailed, arrayChildrenSucceeded, cancelledByTimeLimit, dependencyFailed, isMisconfiguration, reasonCode, STATUS_REASON,
} from './statusReasons.js';
import { ModelStreams, STREAM } from './streams.js';
import { AttemptEnd, InstanceState, JOB_STATUS_NAMES, JobStatus, type JobShape } from './types.js';

export type { ArrivalSource, RunOptions, SimulationResult, TraceEvent } from './result.js';

const NO_ATTEMPTS: readonly Attempt[] = Object.freeze([]);

export function runBatch(scenario: Scenario, catalog: Catalog, options: RunOptions): SimulationResult {
  return new BatchSimulation(scenario, catalog, options.seed ?? scenario.seed, options.trace ?? null, options.arrivals, options.progress ?? null).run();
}

class BatchSimulation {
  private readonly sim = new Simulation();
  private readonly streams: ModelStreams;
  private readonly strings = new StringTable();
  private readonly recorder: LedgerWriter;
  /** Jobs created so far; the next job's index. */
  private created = 0;
  /** Attempts placed and not yet ended, by instance ordinal; each attempt knows its slot. */
  private readonly onInstance: Attempt[][] = [];
  /** Jobs not yet in a terminal state; each knows its slot, so removal is a swap. */
  private readonly live: Job[] = [];
  private readonly instances: Instance[] = [];
  private readonly environments: Environment[] = [];
  private readonly queues: JobQueueRuntime[] = [];
  private readonly queueIndex = new Map<string, number>();
  private readonly queuesByPriority: JobQueueRuntime[];
  private readonly definitions = new Map<string, JobDefinition>();
  private readonly submitToRunnable: Sampler;
  private readonly containerStart: Sampler;
  private passScheduled = false;
  /** The other nodes of the gang findGang() just found, for the place() that follows it. */
  private gangNodes: readonly Instance[] = [];
  /** Jobs whose end is being propagated to dependents and parents (see settle). */
  private readonly settling: Job[] = [];
  private nextPassAt = 0;
  private readonly passAction = (): void => this.pass();
  private readonly hasManaged: boolean;
  /** Last instant a job changed state (instances are read off at the end). */
  private lastActivityAt = 0;
  private passNumber = 0;
  private lastPassAt = -1;
  private readonly cycleMs: number;

  constructor(
    private readonly scenario: Scenario,
    private readonly catalog: Catalog,
    private readonly seed: number,
    private readonly trace: ((e: TraceEvent) => void) | null,
    private readonly arrivalSource: ArrivalSource,
    private readonly progress: ((fraction: number | null) => void) | null,
  ) {
    this.streams = new ModelStreams(seed);
    const expected = expectedJobs(scenario);
    this.recorder = new LedgerWriter(this.strings, new JobLedger(this.strings, expected), new AttemptLedger(expected));
    const a = scenario.assumptions;
    this.cycleMs = a.schedulerCycleMs;
    this.submitToRunnable = sampler(a.submitToRunnable, this.streams.stream(STREAM.submitToRunnable));
    this.containerStart = sampler(a.containerStart, this.streams.stream(STREAM.containerStart));
    const ctx: Context = {
      sim: this.sim,
      requestPass: () => this.requestPass(),
      instances: this.instances,
      idleTerminateAfterMs: a.idleTerminateAfterMs,
      interruptAttempts: (inst, reason) => this.interruptAttempts(inst, reason),
      trace,
    };
    for (const ce of scenario.computeEnvironments) this.environments.push(this.environment(ce, ctx));
    // Unmanaged fleets exist from the start; their shapes decide what fits, so start them first.
    for (const ce of this.environments) ce.startInitialCapacity();
    const ceByName = new Map(this.environments.map((ce) => [ce.name, ce]));
    for (const q of scenario.jobQueues) {
      const ces = q.computeEnvironmentOrder.map((o) => ceByName.get(o.computeEnvironment)!);
      const policy = q.schedulingPolicyArn === null ? null : scenario.schedulingPolicies.find((p) => p.name === q.schedulingPolicyArn)!;
      const rt = new JobQueueRuntime(q, ces, policy ? new FairShare(policy) : null);
      this.queueIndex.set(rt.name, this.queues.length);
      this.queues.push(rt);
    }
    // Higher priority first; equal priorities in declaration order (sort is stable).
    this.queuesByPriority = [...this.queues].sort((x, y) => y.priority - x.priority);
    for (const d of scenario.jobDefinitions) this.definitions.set(d.jobDefinitionName, d);
    this.hasManaged = this.environments.some((ce) => ce.managed);
  }

  run(): SimulationResult {
    const { sim, scenario } = this;
    for (const group of scenario.workload) {
      if (group.arrivals.kind === 'trace') {
        this.replay(group.arrivals.trace, group.jobs[0]);
        continue;
      }
      const templates = group.jobs.map((t) => ({ template: t, spec: this.spec(t) }));
      const plain = group.jobs.every((t) => t.arraySize === null && t.dependsOn.length === 0);
      const next = this.arrivalSource(group.arrivals, this.streams.stream(STREAM.arrivals(group.name)), scenario.untilMs);
      const arrive = (): void => {
        this.submitGroup(templates, plain);
        const at = next();
        if (at !== null) sim.schedule(Math.max(at, sim.now), Rank.ARRIVAL, arrive);
      };
      const first = next();
      if (first !== null) sim.schedule(first, Rank.ARRIVAL, arrive);
    }
    const interval = scenario.assumptions.timeseriesIntervalMs;
    const sample = (): void => {
      this.sample();
      // Keep sampling only while something else is still to happen.
      if (sim.pending > 0) sim.schedule(sim.now + interval, Rank.SAMPLE, sample);
    };
    sim.schedule(0, Rank.SAMPLE, sample);
    // A pass at schedulerCycle 0 is the kernel's end-of-instant hook at the SCHEDULER rank.
    if (this.cycleMs === 0) sim.onEndOfInstant(Rank.SCHEDULER, this.passAction);
    if (this.progress !== null) this.reportProgress(this.progress);
    const cutOff = sim.run(scenario.untilMs);
    const endAt = cutOff ? scenario.untilMs! : this.lastActivity();
    this.finish(endAt, cutOff);
    return {
      scenario,
      seed: this.seed,
      jobs: this.recorder.jobs,
      attempts: this.recorder.attempts,
      instances: this.instances,
      samples: this.recorder.samples,
      endAt,
      cutOff,
      queues: this.queues,
      environments: this.environments,
      eventsProcessed: sim.eventsProcessed,
      prices: {
        ebsRootVolumeGiB: scenario.assumptions.ebsRootVolumeGiB,
        ebsUsdPerGiBMonth: scenario.prices.ebsGp3UsdPerGiBMonth ?? this.catalog.ebsGp3UsdPerGiBMonth,
        lambda: this.catalog.lambda,
      },
    };
  }

  /** The runtime of one compute environment, with its prices, latencies and Spot streams. */
  private environment(ce: ComputeEnvironment, ctx: Context): Environment {
    const { catalog } = this;
    const a = this.scenario.assumptions;
    const name = ce.computeEnvironmentName;
    const type = ce.computeResources?.type;
    const interruptions = ce.computeResources?.spotInterruptions ?? a.spot.interruptions;
    if (type === 'FARGATE' || type === 'FARGATE_SPOT') {
      const spot = type === 'FARGATE_SPOT';
      // Fargate Spot has no Advisor band; 'advisor' takes the lowest band's rate [EST].
      const hazard = spot ? spotHazardPerHour(interruptions, 0) : 0;
      return new FargateEnvironmentRuntime(ce, ctx, {
        launchBurst: a.fargate.launchBurst,
        launchPerSecond: a.fargate.launchPerSecond,
        launchDelay: sampler(a.fargateLaunch, this.streams.stream(STREAM.fargateLaunch(name))),
        rates: (arm64) => fargateRates(catalog, this.scenario, spot, arm64),
        hazardPerHour: hazard,
        noticeMs: a.spot.noticeMs,
        random: hazard > 0 ? this.streams.stream(STREAM.spot(name, 'FARGATE_SPOT')) : null,
      });
    }
    if (ce.type === 'UNMANAGED') {
      const instances = ce.instances.map((g) => ({ ...g, priceUsdPerHour: g.priceUsdPerHour ?? ec2OnDemandPrice(g.instanceType, catalog, this.scenario) ?? 0 }));
      return new ComputeEnvironmentRuntime({ ...ce, instances }, ctx, [], null, null);
    }
    const spot = type === 'SPOT' ? { noticeMs: a.spot.noticeMs, random: (t: string) => this.streams.stream(STREAM.spot(name, t)) } : null;
    const launch = sampler(a.ec2Launch, this.streams.stream(STREAM.ec2Launch(name)));
    return new ComputeEnvironmentRuntime(ce, ctx, ec2Candidates(ce, catalog, this.scenario), launch, spot);
  }

  // ---- job lifecycle -------------------------------------------------------------------------

  /** Resolve a workload's job template against the scenario once. */
  private spec(t: JobTemplate): JobSpec {
    const def = this.definitions.get(t.jobDefinition)!;
    return {
      jobName: t.jobName,
      jobQueue: t.jobQueue,
      queueIndex: this.queueIndex.get(t.jobQueue)!,
      definition: def,
      vcpus: t.vcpus ?? def.vcpus,
      memoryMiB: t.memoryMiB ?? def.memoryMiB,
      gpus: def.gpus,
      shareIdentifier: t.shareIdentifier ?? '',
      schedulingPriority: t.schedulingPriorityOverride ?? def.schedulingPriority ?? 0,
      jobNameId: this.recorder.intern(t.jobName),
      jobQueueId: this.recorder.intern(t.jobQueue),
      jobDefinitionId: this.recorder.intern(def.jobDefinitionName),
    };
  }

  /**
   * One arrival of a workload group: every job of the group is submitted together, array jobs as a
   * parent and its children, and dependencies are wired by jobName within this submission
   * (job_dependencies: plain = wait for the whole job or array; N_TO_N = child i waits for child
   * i; SEQUENTIAL = child i waits for child i-1).
   */
  private submitGroup(templates: readonly { template: JobTemplate; spec: JobSpec }[], plain: boolean): void {
    // The common case, one plain job, allocates nothing but the job itself.
    if (plain && templates.length === 1) {
      this.startSubmitLatency(this.createJob(templates[0].spec, null, null));
      return;
    }
    // By position in the group; names (unique within a group, as validate checks) resolve dependsOn.
    const whole: Job[] = [];
    const units: Job[][] = [];
    const byName = new Map<string, number>();
    templates.forEach(({ template, spec }, k) => {
      if (!byName.has(template.jobName)) byName.set(template.jobName, k);
      if (template.arraySize === null) {
        const job = this.createJob(spec, null, null);
        whole.push(job);
        units.push([job]);
        return;
      }
      const parent = this.createJob(spec, null, null);
      parent.arraySize = template.arraySize;
      parent.moveTo(JobStatus.PENDING);
      parent.submitted = true;
      const children: Job[] = [];
      for (let i = 0; i < template.arraySize; i++) children.push(this.createJob(spec, parent, i));
      whole.push(parent);
      units.push(children);
    });
    templates.forEach(({ template }, k) => {
      const mine = units[k];
      for (const d of template.dependsOn) {
        if (d.type === 'SEQUENTIAL') {
          for (let i = 1; i < mine.length; i++) mine[i].dependOn(mine[i - 1]);
        } else if (d.type === 'N_TO_N') {
          const theirs = units[byName.get(d.jobName)!];
          for (let i = 0; i < mine.length; i++) mine[i].dependOn(theirs[i]);
        } else {
          const other = whole[byName.get(d.jobName)!];
          for (const job of mine) job.dependOn(other);
        }
      }
    });
    for (const group of units) for (const job of group) this.startSubmitLatency(job);
  }

  private createJob(spec: JobSpec, parent: Job | null, arrayIndex: number | null): Job {
    const job = new Job(this.created++, spec, arrayIndex, this.sim.now);
    job.parent = parent;
    job.liveSlot = this.live.length;
    this.live.push(job);
    this.lastActivityAt = this.sim.now;
    this.trace?.({ at: this.sim.now, event: 'SUBMITTED', id: job.jobId, detail: job.jobName });
    return job;
  }

  private startSubmitLatency(job: Job, runtimeMs: number | null = null): void {
    const def = job.definition;
    this.queues[job.template.queueIndex].fairShare?.noteSubmitted(job.template.shareIdentifier, this.sim.now);
    // The first attempt's runtime and failure are drawn at submission, in submission order, so
    // two configurations of the same workload see the same work (common random numbers).
    const draw = this.streams.firstAttemptDraws(def);
    job.runtimeMs = Math.max(0, runtimeMs ?? Math.round(draw.runtime()));
    job.firstFails = def.failure !== null && draw.failure.next() < def.failure.probability;
    const delay = Math.max(0, Math.round(this.submitToRunnable()));
    if (delay === 0) this.leaveSubmitted(job);
    else this.sim.schedule(this.sim.now + delay, Rank.JOB_TRANSITION, () => this.leaveSubmitted(job));
  }

  /**
   * Trace replay: one job per record at its submit instant, the record's runtime, vCPUs, memory,
   * queue, share and estimate filling in for the group's job template (lazily, one arrival event
   * at a time, so a 200,000-record log never sits in the event heap).
   */
  private replay(trace: Trace, template: JobTemplate): void {
    const { sim } = this;
    const jobs = trace.jobs;
    const specs = new Map<string, JobSpec>();
    const until = this.scenario.untilMs;
    let k = 0;
    const arrive = (): void => {
      const t = jobs[k].submitMs;
      for (; k < jobs.length && jobs[k].submitMs === t; k++) {
        const rec = jobs[k];
        const queue = rec.queue !== null && this.queueIndex.has(rec.queue) ? rec.queue : template.jobQueue;
        const key = `${queue}\u0000${rec.vcpus}\u0000${rec.memoryMiB}\u0000${rec.shareIdentifier}`;
        let spec = specs.get(key);
        if (!spec) {
          spec = this.spec({ ...template, jobQueue: queue, vcpus: rec.vcpus ?? template.vcpus, memoryMiB: rec.memoryMiB ?? template.memoryMiB, shareIdentifier: rec.shareIdentifier ?? template.shareIdentifier });
          specs.set(key, spec);
        }
        const job = this.createJob(spec, null, null);
        job.estimateMs = rec.requestedMs;
        this.startSubmitLatency(job, rec.runtimeMs);
      }
      if (k < jobs.length && (until === null || jobs[k].submitMs <= until)) sim.schedule(jobs[k].submitMs, Rank.ARRIVAL, arrive);
    };
    if (jobs.length > 0 && (until === null || jobs[0].submitMs <= until)) sim.schedule(jobs[0].submitMs, Rank.ARRIVAL, arrive);
  }

  /** SUBMITTED -> RUNNABLE, or PENDING while a dependency has not succeeded (unless it already failed). */
  private leaveSubmitted(job: Job): void {
    if (job.status === JobStatus.FAILED) return;
    job.submitted = true;
    if (job.waitingOn === 0) {
      this.makeRunnable(job);
      return;
    }
    job.moveTo(JobStatus.PENDING);
    this.trace?.({ at: this.sim.now, event: 'PENDING', id: job.jobId, detail: `waiting for ${job.waitingOn} dependencies` });
  }

  private makeRunnable(job: Job): void {
    this.lastActivityAt = this.sim.now;
    job.moveTo(JobStatus.RUNNABLE);
    if (job.runnableAt < 0) job.runnableAt = this.sim.now;
    job.lastRunnableAt = this.sim.now;
    this.trace?.({ at: this.sim.now, event: 'RUNNABLE', id: job.jobId, detail: job.attemptCount > 0 ? `retry after attempt ${job.attemptCount}` : '' });
    this.queues[job.template.queueIndex].enqueue(job);
    this.requestPass();
  }

  private place(job: Job, inst: Instance): void {
    const now = this.sim.now;
    const queue = this.queues[job.template.queueIndex];
    const multinode = job.definition.nodeProperties !== null;
    inst.ce.occupy(inst, multinode ? wholeOf(inst) : job);
    const nodes = this.gangNodes;
    if (multinode) {
      this.gangNodes = [];
      for (const node of nodes) node.ce.occupy(node, wholeOf(node));
    }
    queue.runnable--;
    queue.starting++;
    job.moveTo(JobStatus.STARTING);
    if (job.startingAt < 0) job.startingAt = now;
    job.statusReason = '';
    const attempt = new Attempt(job, ++job.attemptCount, inst, now);
    job.lastAttempt = attempt;
    if (multinode) attempt.nodeInstances = nodes;
    this.addAttempt(inst, attempt);
    queue.fairShare?.started(job.template.shareIdentifier, job.vcpus, now);
    this.trace?.({ at: now, event: 'STARTING', id: job.jobId, detail: `attempt ${attempt.attemptNumber} on ${inst.instanceId}` });
    // STARTING covers a Fargate task's provisioning (until its readyAt) and the image pull.
    const delay = Math.max(0, inst.readyAt - now) + Math.max(0, Math.round(this.containerStart()));
    if (delay === 0) this.startRunning(attempt);
    else attempt.pending = this.sim.schedule(now + delay, Rank.JOB_TRANSITION, () => this.startRunning(attempt));
  }

  private startRunning(attempt: Attempt): void {
    const { job } = attempt;
    const queue = this.queues[job.template.queueIndex];
    const now = this.sim.now;
    this.lastActivityAt = now;
    queue.starting--;
    queue.running++;
    job.moveTo(JobStatus.RUNNING);
    attempt.startedAt = now;
    if (job.startedAt < 0) job.startedAt = now;
    this.trace?.({ at: now, event: 'RUNNING', id: job.jobId, detail: `attempt ${attempt.attemptNumber}` });
    // A retry runs the same work, so it takes the job's own runtime again; only whether the
    // application fails is drawn afresh for each attempt.
    const runtime = job.runtimeMs;
    let fails = job.firstFails;
    if (attempt.attemptNumber > 1) {
      const def = job.definition;
      fails = def.failure !== null && this.streams.retryFailure(def).next() < def.failure.probability;
    }
    // The timeout clock starts at startedAt (job_timeouts); a timed-out attempt is not retried.
    const timeout = job.definition.attemptDurationMs;
    if (timeout !== null && runtime > timeout) {
      attempt.pending = this.sim.schedule(now + timeout, Rank.ATTEMPT_END, () => this.endAttempt(attempt, AttemptEnd.TIMED_OUT));
    } else {
      attempt.pending = this.sim.schedule(now + runtime, Rank.ATTEMPT_END, () => this.endAttempt(attempt, fails ? AttemptEnd.FAILED : AttemptEnd.SUCCEEDED));
    }
  }

  /**
   * An attempt's work, up to `until`, on each instance it held (a multi-node job's nodes hold
   * theirs whole): kept if the attempt ended, lost if its host was reclaimed under it.
   */
  private chargeWork(attempt: Attempt, until: number, end: AttemptEnd): void {
    const { job, instance } = attempt;
    const ms = until - attempt.startingAt;
    const lost = end === AttemptEnd.INTERRUPTED;
    charge(instance, (job.definition.nodeProperties !== null ? instance.vcpus : job.vcpus) * ms, lost);
    for (const node of attempt.nodeInstances) charge(node, node.vcpus * ms, lost);
  }

  /** The instance under these attempts was reclaimed: each fails as AWS reports it, then retry rules decide. */
  private interruptAttempts(inst: Instance, statusReason: string): void {
    for (const attempt of [...this.attemptsOn(inst)].sort((x, y) => x.job.index - y.job.index)) {
      this.sim.cancel(attempt.pending);
      this.endAttempt(attempt, AttemptEnd.INTERRUPTED, statusReason);
    }
  }

  private endAttempt(attempt: Attempt, end: AttemptEnd, interruption = ''): void {
    const { job } = attempt;
    const queue = this.queues[job.template.queueIndex];
    const now = this.sim.now;
    this.lastActivityAt = now;
    attempt.stoppedAt = now;
    attempt.end = end;
    attempt.pending = null;
    const inst = attempt.instance;
    const multinode = job.definition.nodeProperties !== null;
    this.chargeWork(attempt, now, end);
    if (attempt.startedAt < 0) queue.starting--;
    else queue.running--;
    queue.fairShare?.ended(job.template.shareIdentifier, job.vcpus, now);
    const idle = this.removeAttempt(inst, attempt);
    if (multinode) {
      // Every node ends with the main node (only its failure counts: mnp retries).
      for (const node of attempt.nodeInstances) node.ce.release(node, wholeOf(node), true);
      inst.ce.release(inst, wholeOf(inst), idle);
    } else inst.ce.release(inst, job, idle);
    const def = job.definition;
    if (end === AttemptEnd.SUCCEEDED) {
      attempt.exitCode = 0;
      attempt.statusReason = STATUS_REASON.SUCCEEDED;
      this.stop(job, JobStatus.SUCCEEDED, attempt.statusReason);
    } else if (end === AttemptEnd.TIMED_OUT) {
      attempt.exitCode = null;
      attempt.statusReason = STATUS_REASON.TIMEOUT;
      this.stop(job, JobStatus.FAILED, attempt.statusReason);
    } else {
      // An application failure, or an interruption: exit code missing, as AWS reports a lost host.
      const interrupted = end === AttemptEnd.INTERRUPTED;
      const reason = interrupted ? interruption : def.failure!.reason;
      attempt.exitCode = interrupted ? null : def.failure!.exitCode;
      attempt.statusReason = reason;
      const outcome = { statusReason: reason, reason: null, exitCode: attempt.exitCode };
      if (shouldRetry(def.retryStrategy.evaluateOnExit, job.attemptCount, def.retryStrategy.attempts, outcome)) {
        job.statusReason = reason;
        this.makeRunnable(job);
      } else {
        this.stop(job, JobStatus.FAILED, reason);
      }
    }
    this.recorder.attempt(attempt);
    this.requestPass();
  }

  private stop(job: Job, status: JobStatus, reason: string): void {
    this.lastActivityAt = this.sim.now;
    job.moveTo(status);
    job.stoppedAt = this.sim.now;
    job.statusReason = reason;
    this.trace?.({ at: this.sim.now, event: JOB_STATUS_NAMES[status], id: job.jobId, detail: reason });
    const last = this.live.pop()!;
    if (last !== job) {
      this.live[job.liveSlot] = last;
      last.liveSlot = job.liveSlot;
    }
    this.recorder.job(job);
    if (job.dependents !== null || job.parent !== null) this.settle(job);
  }

  /**
   * What a job's end means for others: dependents of a success may become RUNNABLE; dependents of
   * a failure fail without running (PENDING -> FAILED), which cascades; an array parent ends once
   * all its children have, FAILED if any child failed. Worked off a queue, in order, so a chain of
   * 10,000 SEQUENTIAL children cannot overflow the stack.
   */
  private settle(first: Job): void {
    this.settling.push(first);
    // Re-entered from a stop() below: the running loop will reach it.
    if (this.settling.length > 1) return;
    for (let k = 0; k < this.settling.length; k++) {
      const job = this.settling[k];
      const failed = job.status === JobStatus.FAILED;
      for (const d of job.dependents ?? []) {
        if (d.status === JobStatus.FAILED || d.status === JobStatus.SUCCEEDED) continue;
        if (failed) this.stop(d, JobStatus.FAILED, dependencyFailed(job.jobId));
        else if (--d.waitingOn === 0 && d.submitted) this.makeRunnable(d);
      }
      const p = job.parent;
      if (p !== null) {
        p.childrenEnded++;
        if (failed) p.childrenFailed++;
        if (p.childrenEnded === p.arraySize) {
          if (p.childrenFailed > 0) this.stop(p, JobStatus.FAILED, arrayChildrenFailed(p.childrenFailed, p.arraySize));
          else this.stop(p, JobStatus.SUCCEEDED, arrayChildrenSucceeded(p.arraySize));
        }
      }
    }
    this.settling.length = 0;
  }

  // ---- scheduler ----------------------------------------------------------------------------

  /**
   * With schedulerCycle 0 a pass runs at the instant anything changes, after every other event of
   * lower rank at that instant (the kernel's end-of-instant hook: as an event of rank SCHEDULER
   * would, without allocating one); otherwise at the next cycle boundary, so a job arriving mid-cycle waits for it.
   */
  private requestPass(): number {
    if (this.passScheduled) return this.nextPassAt;
    const now = this.sim.now;
    this.passScheduled = true;
    if (this.cycleMs === 0) {
      this.nextPassAt = now;
      this.sim.armEndOfInstant();
      return now;
    }
    let at = Math.ceil(now / this.cycleMs) * this.cycleMs;
    if (at === this.lastPassAt) at += this.cycleMs;
    this.nextPassAt = at;
    this.sim.schedule(at, Rank.SCHEDULER, this.passAction);
    return at;
  }

  /** Every 65,536 events, how far the run has come. */
  private reportProgress(progress: (fraction: number | null) => void): void {
    const expected = expectedJobs(this.scenario, false);
    const until = this.scenario.untilMs;
    this.sim.everyEvents(0x10000, () => {
      const ended = this.created - this.live.length;
      progress(expected > 0 ? Math.min(1, ended / expected) : until !== null && until > 0 ? Math.min(1, this.sim.now / until) : null);
    });
  }

  private pass(): void {
    this.passScheduled = false;
    this.lastPassAt = this.sim.now;
    const pass = ++this.passNumber;
    let waiting = 0;
    for (const q of this.queuesByPriority) {
      if (!q.enabled) continue;
      if (q.fairShare) this.dispatchFairShare(q, q.fairShare, pass);
      else this.dispatch(q, pass);
      waiting += q.runnable;
    }
    if (waiting > 0 && this.hasManaged) this.scaleOut();
  }

  /**
   * FIFO with backfill: the oldest job of each shape is tried in submission order; a shape whose
   * oldest job fits nowhere now is skipped for the rest of the pass, and later jobs of other
   * shapes may pass it. A head job that no environment can *ever* hold blocks the whole queue, as
   * AWS documents for unplaceable head jobs (job_stuck_in_runnable; AWS-BATCH-BEHAVIOUR.md §1.7).
   */
  private dispatch(q: JobQueueRuntime, pass: number): void {
    let oldestStalledSeq = Infinity;
    // EASY: once the head is found waiting, the reservation that backfilled jobs must respect.
    let easy: Reservation | null = null;
    for (;;) {
      const shape = q.oldestShape(pass);
      if (shape === null) return;
      const isHead = shape.headSeq() < oldestStalledSeq;
      if (shape.neverPlaceable !== null) {
        if (isHead) {
          const job = shape.peek();
          job.statusReason = shape.neverPlaceable;
          if (this.cancelIfOverTimeLimit(q, shape, job)) continue;
          q.blockedInPass = pass;
          return;
        }
        this.stall(shape, pass);
        oldestStalledSeq = Math.min(oldestStalledSeq, shape.headSeq());
        continue;
      }
      if (easy !== null && !fitsBeforeReservation(shape.peek(), easy, this.sim.now)) {
        this.stall(shape, pass);
        oldestStalledSeq = Math.min(oldestStalledSeq, shape.headSeq());
        continue;
      }
      const inst = this.capacityFor(q, shape);
      if (inst === null) {
        if (isHead && q.config.discipline === 'strict-fifo') return;
        if (isHead && q.config.discipline === 'easy-backfill') {
          easy = reservationFor(this.instances, q.environments, (inst) => this.attemptsOn(inst), shape.peek(), this.sim.now);
          this.trace?.({ at: this.sim.now, event: 'RESERVE', id: shape.peek().jobId, detail: String(easy.shadowAt) });
        }
        this.stall(shape, pass);
        oldestStalledSeq = Math.min(oldestStalledSeq, shape.headSeq());
        continue;
      }
      this.place(shape.shift(), inst);
    }
  }

  /**
   * Fair share: repeatedly the share with the lowest weighted usage offers its head job (highest
   * schedulingPriority, then oldest); a job no environment can hold stalls only its own share
   * (a large job "does not stop lighter shares from advancing", AWS fair-share blog), and no share
   * may use the capacity held back by computeReservation.
   */
  private dispatchFairShare(q: JobQueueRuntime, fs: FairShare, pass: number): void {
    const now = this.sim.now;
    const waiting = new Set<string>();
    for (const s of q.shapes) if (s.size > 0) waiting.add(s.share);
    const capacity = this.capacityOf(q);
    const reserved = fs.reservedvCpus(capacity, fs.activeShares(now, (share) => waiting.has(share)));
    for (;;) {
      const heads = new Map<string, ShapeQueue>();
      for (const s of q.shapes) {
        if (s.size === 0 || s.stalledInPass === pass) continue;
        const h = heads.get(s.share);
        if (!h || s.priority > h.priority || (s.priority === h.priority && s.headSeq() < h.headSeq())) heads.set(s.share, s);
      }
      let shape: ShapeQueue | null = null;
      let lowest = Infinity;
      for (const [share, s] of heads) {
        const u = fs.weightedUsage(share, now);
        if (u < lowest || (u === lowest && shape !== null && share < shape.share)) {
          lowest = u;
          shape = s;
        }
      }
      if (shape === null) return;
      if (shape.neverPlaceable !== null) {
        shape.peek().statusReason = shape.neverPlaceable;
        this.stall(shape, pass);
        continue;
      }
      const busy = q.environments.reduce((n, ce) => n + ce.busyvCpus, 0);
      const inst = reserved > 0 && busy + shape.vcpus * shape.nodes > capacity - reserved ? null : this.capacityFor(q, shape);
      if (inst === null) {
        this.stall(shape, pass);
        continue;
      }
      this.place(shape.shift(), inst);
    }
  }

  /**
   * jobStateTimeLimitActions: a head job blocking its queue with a matching reason is cancelled
   * once it has been RUNNABLE for maxTimeSeconds (JobStateTimeLimitAction; AWS-BATCH-BEHAVIOUR.md
   * §1.6), letting the next job become the head. Until then, the scheduler is woken when it is due.
   */
  private cancelIfOverTimeLimit(q: JobQueueRuntime, shape: ShapeQueue, job: Job): boolean {
    const code = reasonCode(job.statusReason);
    const action = q.config.jobStateTimeLimitActions.find((a) => a.state === 'RUNNABLE' && matchesPattern(a.reason, code));
    if (!action) return false;
    const due = job.lastRunnableAt + action.maxTimeSeconds * 1000;
    if (this.sim.now < due) {
      if (!q.wakeUpAt.has(due)) {
        q.wakeUpAt.add(due);
        this.sim.schedule(due, Rank.WAKE_UP, () => {
          q.wakeUpAt.delete(due);
          this.requestPass();
        });
      }
      return false;
    }
    shape.shift();
    q.runnable--;
    this.stop(job, JobStatus.FAILED, cancelledByTimeLimit(action.maxTimeSeconds, code));
    return true;
  }

  /** The most vCPUs a queue's environments can hold: maxvCpus, or an unmanaged fleet's size. */
  private capacityOf(q: JobQueueRuntime): number {
    return q.environments.reduce((n, ce) => n + (Number.isFinite(ce.maxvCpus) ? ce.maxvCpus : ce.provisionedvCpus), 0);
  }

  private stall(shape: ShapeQueue, pass: number): void {
    shape.stalledInPass = pass;
  }

  /** Room for the shape's oldest job now: an instance, or for a multi-node job its whole gang. */
  private capacityFor(q: JobQueueRuntime, shape: ShapeQueue): Instance | null {
    return shape.nodes > 1 ? this.findGang(q, shape) : this.findCapacity(q, shape);
  }

  /**
   * A multi-node job's gang in the first environment that has one: the main node's instance is
   * returned, the others are left in `gangNodes` for place() (MNP nodes start together, each alone
   * on its instance; mnp-ce).
   */
  private findGang(q: JobQueueRuntime, shape: ShapeQueue): Instance | null {
    for (const ce of q.environments) {
      const gang = ce.findGang?.(shape) ?? null;
      if (gang !== null) {
        this.gangNodes = gang.slice(1);
        return gang[0];
      }
    }
    return null;
  }

  /** computeEnvironmentOrder: the first environment with room now. */
  private findCapacity(q: JobQueueRuntime, shape: ShapeQueue): Instance | null {
    for (const ce of q.environments) {
      const inst = ce.findInstance(shape);
      if (inst !== null) return inst;
    }
    return null;
  }

  /**
   * Demand-driven scale-out [EST]: the jobs still RUNNABLE after dispatch, shape by shape in queue
   * priority order, go to the first environment in the queue's order that can hold them and has
   * headroom under maxvCpus; what it cannot cover spills to the next. Room on instances already
   * launching counts first, so a pass never launches twice for the same jobs.
   */
  private scaleOut(): void {
    const pendingRoom = new Map<Instance, JobShape>();
    for (const q of this.queuesByPriority) {
      // Jobs behind a blocked head cannot be dispatched, so they must not buy capacity either.
      if (!q.enabled || q.blockedInPass === this.passNumber) continue;
      for (const shape of q.shapes) {
        if (shape.size === 0 || shape.neverPlaceable !== null) continue;
        let remaining = shape.size * shape.nodes;
        for (const ce of q.environments) {
          remaining -= ce.scaleOutFor(shape, remaining, pendingRoom);
          if (remaining <= 0) break;
        }
      }
    }
  }

  // ---- sampling and the end of the run ------------------------------------------------------

  private sample(): void {
    const t = this.sim.now;
    const r = this.recorder;
    for (const q of this.queues) {
      r.sample(t, 'jobQueue', q.name, 'RUNNABLE', q.runnable);
      r.sample(t, 'jobQueue', q.name, 'STARTING', q.starting);
      r.sample(t, 'jobQueue', q.name, 'RUNNING', q.running);
    }
    for (const ce of this.environments) {
      r.sample(t, 'computeEnvironment', ce.name, 'desiredvCpus', ce.provisionedvCpus);
      r.sample(t, 'computeEnvironment', ce.name, 'readyvCpus', ce.readyvCpus);
      r.sample(t, 'computeEnvironment', ce.name, 'busyvCpus', ce.busyvCpus);
    }
  }

  private lastActivity(): number {
    let t = this.lastActivityAt;
    for (const inst of this.instances) t = Math.max(t, inst.terminatedAt, inst.readyAt);
    return t;
  }

  /** Why a job was still waiting at the end, for jobs.csv (AWS gives the head job a reason only). */
  private whyStillRunnable(job: Job, cutOff: boolean): string {
    if (cutOff) return STATUS_REASON.AT_HORIZON;
    if (this.queues[job.template.queueIndex].blockedInPass === this.passNumber) return STATUS_REASON.BEHIND_BLOCKED_HEAD;
    return STATUS_REASON.NO_CAPACITY;
  }

  /** Close the books at `endAt`: unfinished attempts and live instances end there. */
  private finish(endAt: number, cutOff: boolean): void {
    this.sim.close(endAt);
    // Jobs still in flight are reported as they stand; their attempts end here, unfinished.
    for (const job of [...this.live].sort((x, y) => x.index - y.index)) {
      if (job.status === JobStatus.RUNNABLE && !isMisconfiguration(job.statusReason)) job.statusReason = this.whyStillRunnable(job, cutOff);
      if (job.status === JobStatus.SUBMITTED) job.statusReason = STATUS_REASON.SUBMITTED_AT_END;
      if (job.status === JobStatus.PENDING && job.statusReason === '') {
        job.statusReason = job.isArrayParent ? STATUS_REASON.CHILDREN_UNFINISHED : STATUS_REASON.DEPENDENCIES_UNFINISHED;
      }
      const a = job.lastAttempt;
      if (a && a.stoppedAt < 0) {
        a.end = AttemptEnd.UNFINISHED;
        a.statusReason = STATUS_REASON.RUNNING_AT_END;
        this.chargeWork(a, endAt, AttemptEnd.UNFINISHED);
        this.recorder.attempt(a);
      }
      this.recorder.job(job);
    }
    for (const inst of this.instances) {
      if (inst.state !== InstanceState.TERMINATED) inst.terminatedAt = endAt;
    }
    // The sampler may have ticked once past the last activity; drop that and sample the end.
    if (this.recorder.truncateSamplesAfter(endAt) !== endAt) this.sample();
  }

  /** The attempts running on an instance now. */
  private attemptsOn(inst: Instance): readonly Attempt[] {
    return this.onInstance[inst.ordinal] ?? NO_ATTEMPTS;
  }

  private addAttempt(inst: Instance, a: Attempt): void {
    let list = this.onInstance[inst.ordinal];
    if (list === undefined) {
      list = [];
      this.onInstance[inst.ordinal] = list;
    }
    a.slot = list.length;
    list.push(a);
  }

  /** Swap-remove; returns whether the instance runs no attempt any more. */
  private removeAttempt(inst: Instance, a: Attempt): boolean {
    const list = this.onInstance[inst.ordinal];
    const last = list.pop()!;
    if (last !== a) {
      list[a.slot] = last;
      last.slot = a.slot;
    }
    a.slot = -1;
    return list.length === 0;
  }
}

/** Jobs the workload will submit, where that is known up front (sizes the ledgers; 0 if unknown when not clamped). */
function expectedJobs(scenario: Scenario, clamp = true): number {
  let n = 0;
  let known = true;
  for (const g of scenario.workload) {
    const a = g.arrivals;
    let arrivals: number | null = null;
    if (a.kind === 'at') arrivals = a.atMs.length;
    else if (a.kind === 'trace') arrivals = a.trace.jobs.length;
    else if ((a.kind === 'poisson' || a.kind === 'every' || a.kind === 'schedule') && a.count !== null && a.untilMs === null) arrivals = a.count;
    if (arrivals === null) known = false;
    // Trace groups submit one job per record; other groups submit their whole template list.
    else if (a.kind === 'trace') n += arrivals;
    else for (const t of g.jobs) n += arrivals * (t.arraySize ?? 1);
  }
  if (!clamp) return known ? n : 0;
  return Math.min(Math.max(n, 1024), 1 << 24);
}

function charge(host: Instance, vcpuMs: number, lost: boolean): void {
  if (lost) host.lostVcpuMs += vcpuMs;
  else host.busyVcpuMs += vcpuMs;
}
