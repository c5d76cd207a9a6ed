// A Fargate environment's readyvCpus series: a task counts from the end of its provisioning (its
// readyAt) until it stops, never while it is still provisioning (ECS: PROVISIONING and PENDING
// before RUNNING), and a task stopped before it was ready is never counted.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/plan/simulate.js';
import type { SimulationResult } from '../../../src/records/result.js';
import type { Assumptions, ComputeEnvironment, Scenario } from '../../../src/scenario/types.js';
import * as b from '../../helpers/build.js';

/** One Fargate (or Fargate Spot) environment `fg`, one 2-vCPU job of 60 s at 0, provisioning `launchMs`. */
function oneTask(launchMs: number, over: { type?: 'FARGATE' | 'FARGATE_SPOT'; assumptions?: Partial<Assumptions>; untilMs?: number; attempts?: number } = {}): Scenario {
  const ce: ComputeEnvironment = b.managedEc2('fg', { type: over.type ?? 'FARGATE', maxvCpus: 16, instanceTypes: [] });
  return b.scenario({
    untilMs: over.untilMs ?? null,
    assumptions: b.assumptions({ timeseriesMode: 'changes', fargateLaunch: b.fixed(launchMs), containerStart: b.fixed(10_000), ...over.assumptions }),
    computeEnvironments: [ce],
    jobQueues: [b.queue('q', ['fg'])],
    jobDefinitions: [
      b.definition('d', {
        platformCapabilities: ['FARGATE'], vcpus: 2, memoryMiB: 4096, runtime: b.fixed(60_000),
        retryStrategy: { attempts: over.attempts ?? 1, evaluateOnExit: [] },
      }),
    ],
    workload: [b.at('w', [0], [{ jobName: 'd', jobQueue: 'q', jobDefinition: 'd' }])],
  });
}

/** [seconds, value] at each change of environment `fg`'s `metric` series, the end's closing row included. */
function series(r: SimulationResult, metric: string): [number, number][] {
  const { samples } = r;
  const id = samples.series.findIndex((k) => k.scope === 'computeEnvironment' && k.name === 'fg' && k.metric === metric);
  expect(id).toBeGreaterThanOrEqual(0);
  return samples.t.flatMap((t, i) => (samples.id[i] === id ? [[t / 1000, samples.value[i]] as [number, number]] : []));
}

describe('Fargate readyvCpus', () => {
  it('is 0 while the task provisions, the task’s vCPUs from its readyAt, 0 again once it stops', () => {
    // Provisioning 30 s, a 10 s container start, 60 s of work: ready at 30 s, stopped at 100 s.
    const r = simulate(oneTask(30_000), b.catalog);
    expect(r.instances.map((x) => [x.launchedAt, x.readyAt, x.terminatedAt])).toEqual([[0, 30_000, 100_000]]);
    expect(series(r, 'readyvCpus')).toEqual([[0, 0], [30, 2], [100, 0]]);
    // The task holds its slot from launch: desired and busy vCPUs are unchanged by provisioning.
    expect(series(r, 'desiredvCpus')).toEqual([[0, 2], [100, 0]]);
    expect(series(r, 'busyvCpus')).toEqual([[0, 2], [100, 0]]);
  });

  it('counts a task with no provisioning time at once, with no event of its own', () => {
    const r = simulate(oneTask(0), b.catalog);
    expect(series(r, 'readyvCpus')).toEqual([[0, 2], [70, 0]]);
    // One event more for a task that provisions: its readyAt (the job's RUNNING is an event either way).
    expect(simulate(oneTask(30_000), b.catalog).eventsProcessed).toBe(r.eventsProcessed + 1);
  });

  it('never counts a task reclaimed while it provisions (Fargate Spot), and never goes below 0', () => {
    // A reclaim every ~10 ms on average: the task is gone long before its 30 s of provisioning end.
    const spot = { interruptions: { kind: 'perHour' as const, perHour: 360_000 }, noticeMs: 0, price: { kind: 'advisor' as const } };
    const r = simulate(oneTask(30_000, { type: 'FARGATE_SPOT', assumptions: { spot } }), b.catalog);
    expect(r.instances).toHaveLength(1);
    const [task] = r.instances;
    expect(task.interrupted).toBe(true);
    expect(task.terminatedAt).toBeLessThan(task.readyAt);
    expect(series(r, 'readyvCpus').every(([, v]) => v === 0)).toBe(true);
    expect(series(r, 'desiredvCpus')[0]).toEqual([0, 2]);
  });

  it('never counts a task whose provisioning the run’s `until` cuts off', () => {
    const r = simulate(oneTask(30_000, { untilMs: 20_000 }), b.catalog);
    expect(r.cutOff).toBe(true);
    expect(r.endAt).toBe(20_000);
    expect(series(r, 'readyvCpus')).toEqual([[0, 0], [20, 0]]);
    expect(series(r, 'desiredvCpus')).toEqual([[0, 2], [20, 2]]);
  });

  it('never counts any of a job’s tasks when each is reclaimed while it provisions', () => {
    // The first attempt's task is reclaimed during provisioning; so is every retry's, on the same
    // pool: the series stays 0 throughout, however many tasks were launched.
    const spot = { interruptions: { kind: 'perHour' as const, perHour: 360_000 }, noticeMs: 0, price: { kind: 'advisor' as const } };
    const r = simulate(oneTask(30_000, { type: 'FARGATE_SPOT', assumptions: { spot }, attempts: 3 }), b.catalog);
    expect(r.instances).toHaveLength(3);
    expect(series(r, 'readyvCpus').every(([, v]) => v === 0)).toBe(true);
  });
});
