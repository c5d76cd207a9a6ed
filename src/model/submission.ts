// Submission: each workload group's arrivals submit its jobs (array jobs as a parent and its
// children, dependencies wired by jobName), and trace groups replay their records one instant at
// a time; every submission goes through the account's SubmitJob throttle (submitter.ts) first.
// Also how many jobs a workload will submit, where that is known up front.
import type { Simulation } from '../engine/simulation.js';
import type { JobTemplate, Scenario, Trace, WorkloadGroup } from '../scenario/types.js';
import type { JobSpecs } from './build.js';
import type { Job, JobSpec } from './job.js';
import type { JobLifecycle } from './lifecycle.js';
import { Rank } from './ranks.js';
import type { ArrivalSource } from './result.js';
import { STREAM, type ModelStreams } from './streams.js';
import type { Submitter } from './submitter.js';

interface ResolvedTemplate {
  template: JobTemplate;
  spec: JobSpec;
}

export class Submission {
  constructor(
    private readonly sim: Simulation,
    private readonly lifecycle: JobLifecycle,
    private readonly specs: JobSpecs,
    private readonly streams: ModelStreams,
    private readonly arrivalSource: ArrivalSource,
    private readonly untilMs: number | null,
    private readonly submitter: Submitter,
  ) {}

  /** Schedule the first arrival of every group, in declaration order. */
  start(workload: readonly WorkloadGroup[]): void {
    const { sim } = this;
    for (const group of workload) {
      // A state machine group's jobs come from its executions (pipelines.ts).
      if (group.stateMachine) continue;
      if (group.arrivals.kind === 'trace') {
        this.replay(group.arrivals.trace, group.jobs[0]);
        continue;
      }
      const templates = group.jobs.map((t) => ({ template: t, spec: this.specs.resolve(t) }));
      const plain = group.jobs.every((t) => t.arraySize === null && t.dependsOn.length === 0);
      // One SubmitJob call per job template (an array job is one call); the jobs it puts in SUBMITTED.
      const calls = templates.length;
      const jobs = group.jobs.reduce((n, t) => n + (t.arraySize ?? 1), 0);
      const source = this.submitter.addSource({ calls: () => calls, jobs: () => jobs, submit: () => this.submitGroup(templates, plain) });
      const next = this.arrivalSource(group.arrivals, this.streams.stream(STREAM.arrivals(group.name)), this.untilMs);
      scheduleArrivals(sim, next, () => this.submitter.offer(source));
    }
  }

  /**
   * One arrival of a workload group: every job of the group is submitted together, array jobs as a
   * parent and its children, and dependencies are wired by jobName within this submission
   * (job_dependencies: plain = wait for the whole job or array; N_TO_N = child i waits for child
   * i; SEQUENTIAL = child i waits for child i-1).
   */
  private submitGroup(templates: readonly ResolvedTemplate[], plain: boolean): void {
    const { lifecycle } = this;
    // The common case, one plain job, allocates nothing but the job itself.
    if (plain && templates.length === 1) {
      lifecycle.startSubmitLatency(lifecycle.createJob(templates[0].spec, null, null));
      return;
    }
    // By position in the group; names (unique within a group, as validate checks) resolve dependsOn.
    const whole: Job[] = [];
    const units: Job[][] = [];
    const byName = new Map<string, number>();
    templates.forEach(({ template, spec }, k) => {
      if (!byName.has(template.jobName)) byName.set(template.jobName, k);
      if (template.arraySize === null) {
        const job = lifecycle.createJob(spec, null, null);
        whole.push(job);
        units.push([job]);
        return;
      }
      const parent = lifecycle.createJob(spec, null, null);
      lifecycle.holdAsArrayParent(parent, template.arraySize);
      const children: Job[] = [];
      for (let i = 0; i < template.arraySize; i++) children.push(lifecycle.createJob(spec, parent, i));
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
    for (const group of units) for (const job of group) lifecycle.startSubmitLatency(job);
  }

  /**
   * Trace replay: one job per record at its submit instant, the record's runtime, vCPUs, memory,
   * queue, share and estimate filling in for the group's job template (lazily, one arrival event
   * at a time, so a 200,000-record log never sits in the event heap). Each record is one SubmitJob
   * call, made at the record's instant.
   */
  private replay(trace: Trace, template: JobTemplate): void {
    const { sim, lifecycle } = this;
    const jobs = trace.jobs;
    const specs = new Map<string, JobSpec>();
    const until = this.untilMs;
    // Most records have the queue, shape and share of the record before (7 in 10 of HPC2N's):
    // those reuse its spec without building the map's key.
    let last: Trace['jobs'][number] | null = null;
    let lastSpec: JobSpec | null = null;
    const specOf = (rec: Trace['jobs'][number]): JobSpec => {
      if (last !== null && rec.queue === last.queue && rec.vcpus === last.vcpus && rec.memoryMiB === last.memoryMiB && rec.shareIdentifier === last.shareIdentifier) return lastSpec!;
      const queue = rec.queue !== null && this.specs.hasQueue(rec.queue) ? rec.queue : template.jobQueue;
      const key = `${queue}\u0000${rec.vcpus}\u0000${rec.memoryMiB}\u0000${rec.shareIdentifier}`;
      let spec = specs.get(key);
      if (!spec) {
        spec = this.specs.resolve({ ...template, jobQueue: queue, vcpus: rec.vcpus ?? template.vcpus, memoryMiB: rec.memoryMiB ?? template.memoryMiB, shareIdentifier: rec.shareIdentifier ?? template.shareIdentifier });
        specs.set(key, spec);
      }
      last = rec;
      lastSpec = spec;
      return spec;
    };
    const submit = (k: number): void => {
      const rec = jobs[k];
      const job = lifecycle.createJob(specOf(rec), null, null);
      job.estimateMs = rec.requestedMs;
      lifecycle.startSubmitLatency(job, rec.runtimeMs);
    };
    const one = (): number => 1;
    const source = this.submitter.addSource({ calls: one, jobs: one, submit });
    let k = 0;
    const arrive = (): void => {
      const t = jobs[k].submitMs;
      for (; k < jobs.length && jobs[k].submitMs === t; k++) this.submitter.offer(source, k);
      if (k < jobs.length && (until === null || jobs[k].submitMs <= until)) sim.schedule(jobs[k].submitMs, Rank.ARRIVAL, arrive);
    };
    if (jobs.length > 0 && (until === null || jobs[0].submitMs <= until)) sim.schedule(jobs[0].submitMs, Rank.ARRIVAL, arrive);
  }
}

/**
 * Calls `onArrival` at each instant `next` gives, one pending event at a time (a stream of a million
 * arrivals never sits in the heap), at ARRIVAL rank: before the scheduler's pass of the instant.
 */
export function scheduleArrivals(sim: Simulation, next: () => number | null, onArrival: () => void): void {
  const arrive = (): void => {
    onArrival();
    const at = next();
    if (at !== null) sim.schedule(Math.max(at, sim.now), Rank.ARRIVAL, arrive);
  };
  const first = next();
  if (first !== null) sim.schedule(first, Rank.ARRIVAL, arrive);
}

/** Jobs the workload will submit, where that is known up front (sizes the recorder's columns; 0 if unknown when not clamped). */
export function expectedJobs(scenario: Scenario, clamp = true): number {
  let n = 0;
  let known = true;
  for (const g of scenario.workload) {
    const a = g.arrivals;
    let arrivals: number | null = null;
    if (a.kind === 'at') arrivals = a.atMs.length;
    else if (a.kind === 'trace') arrivals = a.trace.jobs.length;
    else if ((a.kind === 'poisson' || a.kind === 'every' || a.kind === 'schedule') && a.count !== null && a.untilMs === null) arrivals = a.count;
    // Executions decide how many jobs a state machine group submits.
    if (arrivals === null || g.stateMachine) known = false;
    // Trace groups submit one job per record; other groups submit their whole template list.
    else if (a.kind === 'trace') n += arrivals;
    else for (const t of g.jobs) n += arrivals * (t.arraySize ?? 1);
  }
  if (!clamp) return known ? n : 0;
  return Math.min(Math.max(n, 1024), 1 << 24);
}
