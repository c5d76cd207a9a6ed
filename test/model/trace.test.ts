// Exact event traces of tiny scenarios, worked out by hand from AWS-BATCH-BEHAVIOUR.md.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/model/batch.js';
import { simulate } from '../../src/plan/simulate.js';
import { summarize } from '../../src/metrics/summary.js';
import { instanceBill } from '../../src/metrics/billing.js';
import * as b from '../helpers/build.js';

function traceOf(s: ReturnType<typeof b.scenario>): string[] {
  const lines: string[] = [];
  simulate(s, b.catalog, { trace: (e: TraceEvent) => lines.push(`${e.at / 1000} ${e.event} ${e.id}${e.detail ? ` ${e.detail}` : ''}`) });
  return lines;
}

const job = (jobDefinition: string, jobQueue = 'q') => ({ jobName: jobDefinition, jobQueue, jobDefinition });

describe('exact traces', () => {
  it('runs jobs one after another on a one-slot unmanaged machine', () => {
    const s = b.scenario({
      ...b.oneMachine(2, 8192),
      jobDefinitions: [b.definition('two', { vcpus: 2, runtime: b.fixed(60_000) })],
      workload: [b.at('w', [0], [job('two'), job('two'), job('two')])],
    });
    expect(traceOf(s)).toEqual([
      '0 LAUNCH i-00000000000000001 box box',
      '0 READY i-00000000000000001 box',
      '0 SUBMITTED job-1 two',
      '0 SUBMITTED job-2 two',
      '0 SUBMITTED job-3 two',
      '0 RUNNABLE job-1',
      '0 RUNNABLE job-2',
      '0 RUNNABLE job-3',
      '0 STARTING job-1 attempt 1 on i-00000000000000001',
      '0 RUNNING job-1 attempt 1',
      '60 SUCCEEDED job-1 Essential container in task exited',
      '60 STARTING job-2 attempt 1 on i-00000000000000001',
      '60 RUNNING job-2 attempt 1',
      '120 SUCCEEDED job-2 Essential container in task exited',
      '120 STARTING job-3 attempt 1 on i-00000000000000001',
      '120 RUNNING job-3 attempt 1',
      '180 SUCCEEDED job-3 Essential container in task exited',
    ]);
  });

  it('applies submit latency, scheduler cycles and container start', () => {
    const s = b.scenario({
      assumptions: b.assumptions({ schedulerCycleMs: 10_000, submitToRunnable: b.fixed(5_000), containerStart: b.fixed(3_000) }),
      ...b.oneMachine(4, 8192),
      jobDefinitions: [b.definition('one', { runtime: b.fixed(60_000) })],
      workload: [b.at('w', [2_000], [job('one')])],
    });
    // Submitted at 2 s, RUNNABLE at 7 s, placed at the next cycle (10 s), RUNNING 3 s later.
    expect(traceOf(s).slice(2)).toEqual([
      '2 SUBMITTED job-1 one',
      '7 RUNNABLE job-1',
      '10 STARTING job-1 attempt 1 on i-00000000000000001',
      '13 RUNNING job-1 attempt 1',
      '73 SUCCEEDED job-1 Essential container in task exited',
    ]);
  });

  it('scales a managed environment out for waiting work and in after idleTerminateAfter, billing from EC2 `running` to termination', () => {
    const s = b.scenario({
      assumptions: b.assumptions({ ec2Launch: b.fixed(180_000), idleTerminateAfterMs: 300_000 }),
      computeEnvironments: [b.managedEc2('ce', { instanceTypes: ['c5'], maxvCpus: 16 })],
      jobQueues: [b.queue('q', ['ce'])],
      jobDefinitions: [b.definition('d', { vcpus: 2, memoryMiB: 3000, runtime: b.fixed(60_000) })],
      workload: [b.at('w', [0], [job('d')])],
    });
    expect(traceOf(s)).toEqual([
      '0 SUBMITTED job-1 d',
      '0 RUNNABLE job-1',
      '0 LAUNCH i-00000000000000001 ce c5.large',
      '180 READY i-00000000000000001 ce',
      '180 STARTING job-1 attempt 1 on i-00000000000000001',
      '180 RUNNING job-1 attempt 1',
      '240 SUCCEEDED job-1 Essential container in task exited',
      '540 TERMINATE i-00000000000000001 ce',
    ]);
    const r = simulate(s, b.catalog);
    // Launch decision at 0, ready at 180; EC2 `running` (billing starts) ec2Boot = 60 s before
    // ready, at 120. c5.large at $0.085/h for 540 - 120 = 420 s = $0.00991667; 2 of its 2 vCPUs busy
    // for 60 of the 420 s (1/7); a 30 GiB gp3 root volume for the same 420 s.
    const compute = round6((420 * 0.085) / 3600);
    const ebs = round6((30 * 0.08 * 420) / (730 * 3600));
    expect(r.instances[0].runningAt).toBe(120_000);
    const bill = instanceBill(r.instances[0], { ebsRootVolumeGiB: 30, ebsUsdPerGiBMonth: 0.08 });
    expect(bill).toEqual({
      billedSeconds: 420,
      computeUsd: compute,
      ebsUsd: ebs,
      busyUsd: round6(compute / 7),
      idleUsd: round6(compute - round6(compute / 7)),
      lostUsd: 0,
      costUsd: round6(compute + ebs),
    });
    expect(summarize(r).costUsd.total).toBe(bill.costUsd);
  });

  it('bills at least 60 seconds per instance', () => {
    const s = b.scenario({
      assumptions: b.assumptions({ idleTerminateAfterMs: 0 }),
      computeEnvironments: [b.managedEc2('ce', { instanceTypes: ['c5.large'] })],
      jobQueues: [b.queue('q', ['ce'])],
      jobDefinitions: [b.definition('d', { runtime: b.fixed(10_000) })],
      workload: [b.at('w', [0], [job('d')])],
    });
    const r = simulate(s, b.catalog);
    expect(r.instances[0].terminatedAt).toBe(10_000);
    expect(instanceBill(r.instances[0], { ebsRootVolumeGiB: 0, ebsUsdPerGiBMonth: 0 })).toMatchObject({ billedSeconds: 60, costUsd: round6((60 * 0.085) / 3600) });
  });

  it('retries application failures while attempts remain, with no rule matching meaning retry', () => {
    const s = b.scenario({
      ...b.oneMachine(1, 4096),
      jobDefinitions: [
        b.definition('flaky', {
          runtime: b.fixed(30_000),
          failure: { probability: 1, exitCode: 3, reason: 'Essential container in task exited' },
          retryStrategy: { attempts: 3, evaluateOnExit: [{ action: 'EXIT', onExitCode: '1', onStatusReason: null, onReason: null }] },
        }),
      ],
      workload: [b.at('w', [0], [job('flaky')])],
    });
    expect(traceOf(s).slice(2)).toEqual([
      '0 SUBMITTED job-1 flaky',
      '0 RUNNABLE job-1',
      '0 STARTING job-1 attempt 1 on i-00000000000000001',
      '0 RUNNING job-1 attempt 1',
      '30 RUNNABLE job-1 retry after attempt 1',
      '30 STARTING job-1 attempt 2 on i-00000000000000001',
      '30 RUNNING job-1 attempt 2',
      '60 RUNNABLE job-1 retry after attempt 2',
      '60 STARTING job-1 attempt 3 on i-00000000000000001',
      '60 RUNNING job-1 attempt 3',
      '90 FAILED job-1 Essential container in task exited',
    ]);
  });

  it('stops at the first matching EXIT rule: the Spot idiom exits on an application error', () => {
    const s = b.scenario({
      ...b.oneMachine(1, 4096),
      jobDefinitions: [
        b.definition('flaky', {
          runtime: b.fixed(30_000),
          failure: { probability: 1, exitCode: 1, reason: 'Essential container in task exited' },
          retryStrategy: {
            attempts: 3,
            evaluateOnExit: [
              { action: 'RETRY', onStatusReason: 'Host EC2*', onReason: null, onExitCode: null },
              { action: 'EXIT', onStatusReason: null, onReason: '*', onExitCode: null },
            ],
          },
        }),
      ],
      workload: [b.at('w', [0], [job('flaky')])],
    });
    const r = simulate(s, b.catalog);
    expect(r.jobs.attempts[0]).toBe(1);
    expect(r.attempts.exitCode[0]).toBe(1);
  });

  it('fails a job whose attempt exceeds attemptDurationSeconds, without retrying it', () => {
    const s = b.scenario({
      ...b.oneMachine(1, 4096),
      jobDefinitions: [b.definition('slow', { runtime: b.fixed(120_000), attemptDurationMs: 60_000, retryStrategy: { attempts: 3, evaluateOnExit: [] } })],
      workload: [b.at('w', [0], [job('slow')])],
    });
    // SIGTERM at 60 s, SIGKILL 30 s later (job_timeouts): the attempt stops at 90 s.
    expect(traceOf(s).slice(-1)).toEqual(['90 FAILED job-1 Job attempt duration exceeded timeout']);
  });

  it('holds a timed-out attempt through the 30 s SIGTERM-to-SIGKILL grace, or until its work ends within it', () => {
    // One 1-vCPU slot, timeout 60 s (https://docs.aws.amazon.com/batch/latest/userguide/job_timeouts.html):
    //   job-1 runs 120 s: SIGTERM at 60, killed at 60 + 30 = 90; TIMED_OUT, runSeconds 90
    //   job-2 (placed at 90) runs 75 s: SIGTERM at 90 + 60 = 150, exits by itself at 90 + 75 = 165,
    //     inside the grace; still TIMED_OUT (the timeout fired), runSeconds 75
    //   job-3 (placed at 165) runs 50 s: under the timeout, SUCCEEDED at 215
    const s = b.scenario({
      ...b.oneMachine(1, 4096),
      jobDefinitions: [
        b.definition('slow', { runtime: b.fixed(120_000), attemptDurationMs: 60_000 }),
        b.definition('late', { runtime: b.fixed(75_000), attemptDurationMs: 60_000 }),
        b.definition('fast', { runtime: b.fixed(50_000), attemptDurationMs: 60_000 }),
      ],
      workload: [b.at('w', [0], [job('slow'), job('late'), job('fast')])],
    });
    expect(traceOf(s).filter((l) => /FAILED|SUCCEEDED/.test(l))).toEqual([
      '90 FAILED job-1 Job attempt duration exceeded timeout',
      '165 FAILED job-2 Job attempt duration exceeded timeout',
      '215 SUCCEEDED job-3 Essential container in task exited',
    ]);
    const r = simulate(s, b.catalog);
    expect(Array.from(r.attempts.stoppedAt)).toEqual([90_000, 165_000, 215_000]);
    // The slot was held (busy) for all of it: 90 + 75 + 50 = 215 vCPU-seconds.
    expect(r.instances[0].busyVcpuMs).toBe(215_000);
  });

  it('backfills a small job past a waiting big one (FIFO with backfill)', () => {
    const s = b.scenario({
      ...b.oneMachine(4, 16384),
      jobDefinitions: [
        b.definition('x', { vcpus: 3, runtime: b.fixed(100_000) }),
        b.definition('y', { vcpus: 4, runtime: b.fixed(10_000) }),
        b.definition('z', { vcpus: 1, runtime: b.fixed(50_000) }),
      ],
      workload: [b.at('wx', [0], [job('x')]), b.at('wy', [1_000], [job('y')]), b.at('wz', [2_000], [job('z')])],
    });
    const starts = traceOf(s).filter((l) => l.includes('STARTING'));
    expect(starts).toEqual([
      '0 STARTING job-1 attempt 1 on i-00000000000000001',
      '2 STARTING job-3 attempt 1 on i-00000000000000001',
      '100 STARTING job-2 attempt 1 on i-00000000000000001',
    ]);
  });

  it('blocks the queue behind a head job no environment can ever hold, with AWS\'s reason', () => {
    const s = b.scenario({
      ...b.oneMachine(4, 8192),
      jobDefinitions: [b.definition('huge', { vcpus: 8 }), b.definition('small', { vcpus: 1 })],
      workload: [b.at('w', [0], [job('huge')]), b.at('w2', [1_000], [job('small')])],
    });
    const r = simulate(s, b.catalog);
    const sum = summarize(r);
    expect(sum.jobs).toMatchObject({ submitted: 2, succeeded: 0, unfinished: 2 });
    expect(sum.blocked).toEqual({
      neverRan: 2,
      byReason: { 'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT': 1, 'still RUNNABLE behind a head job that no compute environment of the queue can hold': 1 },
    });
    expect(r.jobs.strings[r.jobs.statusReason[0]]).toMatch(/^MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT/);
  });

  it('says COMPUTE_ENVIRONMENT_MAX_RESOURCE when a job needs more vCPUs than maxvCpus', () => {
    const s = b.scenario({
      computeEnvironments: [b.managedEc2('ce', { instanceTypes: ['c5'], maxvCpus: 8 })],
      jobQueues: [b.queue('q', ['ce'])],
      jobDefinitions: [b.definition('wide', { vcpus: 16, memoryMiB: 2048 })],
      workload: [b.at('w', [0], [job('wide')])],
    });
    const r = simulate(s, b.catalog);
    expect(r.instances).toHaveLength(0);
    expect(r.jobs.strings[r.jobs.statusReason[0]]).toMatch(/^MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE/);
  });

  it('never fits an 8 GiB job on an 8 GiB instance (registered memory is less than nominal)', () => {
    const s = b.scenario({
      computeEnvironments: [b.managedEc2('ce', { instanceTypes: ['m5.large', 'm5.xlarge'] })],
      jobQueues: [b.queue('q', ['ce'])],
      jobDefinitions: [b.definition('eight', { vcpus: 2, memoryMiB: 8192 })],
      workload: [b.at('w', [0], [job('eight')])],
    });
    const r = simulate(s, b.catalog);
    expect(r.instances.map((i) => i.instanceType)).toEqual(['m5.xlarge']);
  });

  it('serves the higher-priority queue first when capacity frees', () => {
    const s = b.scenario({
      computeEnvironments: [b.unmanaged('box', [{ instanceType: 'box', vcpus: 1, memoryMiB: 4096, count: 1 }])],
      jobQueues: [b.queue('low', ['box'], 1), b.queue('high', ['box'], 10)],
      jobDefinitions: [b.definition('d', { runtime: b.fixed(10_000) })],
      workload: [b.at('a', [0], [job('d', 'low'), job('d', 'low')]), b.at('b', [1_000], [job('d', 'high')])],
    });
    const starts = traceOf(s).filter((l) => l.includes('STARTING')).map((l) => l.split(' ').slice(0, 3).join(' '));
    expect(starts).toEqual(['0 STARTING job-1', '10 STARTING job-3', '20 STARTING job-2']);
  });

  it('overshoots maxvCpus by at most one instance, except on-demand BEST_FIT', () => {
    const mk = (allocationStrategy: 'BEST_FIT' | 'BEST_FIT_PROGRESSIVE') =>
      b.scenario({
        computeEnvironments: [b.managedEc2('ce', { instanceTypes: ['c5.xlarge'], maxvCpus: 6, allocationStrategy })],
        jobQueues: [b.queue('q', ['ce'])],
        jobDefinitions: [b.definition('d', { vcpus: 3, memoryMiB: 2048 })],
        workload: [b.at('w', [0], [job('d'), job('d'), job('d')])],
      });
    expect(summarize(simulate(mk('BEST_FIT_PROGRESSIVE'), b.catalog)).computeEnvironments.ce.peakvCpus).toBe(8);
    expect(summarize(simulate(mk('BEST_FIT'), b.catalog)).computeEnvironments.ce.peakvCpus).toBe(4);
  });

  it('keeps minvCpus running from the start and never scales in below it', () => {
    const s = b.scenario({
      assumptions: b.assumptions({ idleTerminateAfterMs: 60_000 }),
      computeEnvironments: [b.managedEc2('ce', { instanceTypes: ['c5.xlarge'], minvCpus: 4, maxvCpus: 16 })],
      jobQueues: [b.queue('q', ['ce'])],
      jobDefinitions: [b.definition('d', { vcpus: 4, memoryMiB: 2048, runtime: b.fixed(600_000) })],
      workload: [b.at('w', [0], [job('d'), job('d')])],
    });
    const r = simulate(s, b.catalog);
    expect(r.instances.map((i) => [i.launchedAt, i.readyAt, i.terminatedAt])).toEqual([
      [0, 0, r.endAt],
      [0, 0, 660_000],
    ]);
  });
});

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

describe('arrays and dependencies', () => {
  const box = () => [b.unmanaged('box', [{ instanceType: 'box', vcpus: 2, memoryMiB: 8192, count: 1 }])];
  const tpl = b.template;
  const group = (jobs: ReturnType<typeof tpl>[]) => [{ name: 'g', arrivals: { kind: 'at' as const, atMs: [0] }, jobs }];

  it('runs SEQUENTIAL children one after another, child i after child i-1', () => {
    const s = b.scenario({
      computeEnvironments: box(),
      jobQueues: [b.queue('q', ['box'])],
      jobDefinitions: [b.definition('a', { runtime: b.fixed(10_000) })],
      workload: group([tpl('a', { arraySize: 3, dependsOn: [{ jobName: 'a', type: 'SEQUENTIAL' }] })]),
    });
    const lines = traceOf(s).filter((l) => /STARTING|SUCCEEDED/.test(l)).map((l) => l.split(' ').slice(0, 3).join(' '));
    expect(lines).toEqual([
      '0 STARTING job-1:0',
      '10 SUCCEEDED job-1:0',
      '10 STARTING job-1:1',
      '20 SUCCEEDED job-1:1',
      '20 STARTING job-1:2',
      '30 SUCCEEDED job-1:2',
      '30 SUCCEEDED job-1',
    ]);
  });

  it('starts child i of an N_TO_N array as soon as child i of its dependency succeeds', () => {
    const s = b.scenario({
      ...b.oneMachine(8, 65536),
      jobDefinitions: [b.definition('a', { runtime: { kind: 'uniform', min: 1_000, max: 50_000 } }), b.definition('c', { runtime: b.fixed(5_000) })],
      workload: group([tpl('a', { arraySize: 4 }), tpl('c', { arraySize: 4, dependsOn: [{ jobName: 'a', type: 'N_TO_N' }] })]),
    });
    const r = simulate(s, b.catalog);
    // Rows: 0 = job-1 (a's parent), 1..4 = job-1:0..3, 5 = job-6 (c's parent), 6..9 = job-6:0..3.
    for (let i = 0; i < 4; i++) expect(r.jobs.startingAt[6 + i]).toBe(r.jobs.stoppedAt[1 + i]);
    expect(r.jobs.stoppedAt[5]).toBe(Math.max(...[6, 7, 8, 9].map((k) => r.jobs.stoppedAt[k])));
    expect(new Set([1, 2, 3, 4].map((k) => r.jobs.stoppedAt[k])).size).toBe(4);
  });

  it('fails a dependent without running it when its dependency fails, and the failure cascades', () => {
    const s = b.scenario({
      computeEnvironments: box(),
      jobQueues: [b.queue('q', ['box'])],
      jobDefinitions: [
        b.definition('prep', { runtime: b.fixed(10_000), failure: { probability: 1, exitCode: 1, reason: 'Essential container in task exited' } }),
        b.definition('align', { runtime: b.fixed(10_000) }),
        b.definition('merge', { runtime: b.fixed(10_000) }),
      ],
      workload: group([
        tpl('prep'),
        tpl('align', { arraySize: 2, dependsOn: [{ jobName: 'prep', type: null }] }),
        tpl('merge', { dependsOn: [{ jobName: 'align', type: null }] }),
      ]),
    });
    expect(traceOf(s).filter((l) => /PENDING|FAILED|SUCCEEDED/.test(l))).toEqual([
      '0 PENDING job-2:0 waiting for 1 dependencies',
      '0 PENDING job-2:1 waiting for 1 dependencies',
      '0 PENDING job-5 waiting for 1 dependencies',
      '10 FAILED job-1 Essential container in task exited',
      '10 FAILED job-2:0 dependency job-1 failed',
      '10 FAILED job-2:1 dependency job-1 failed',
      '10 FAILED job-2 2 of 2 array children failed',
      '10 FAILED job-5 dependency job-2 failed',
    ]);
    const sum = summarize(simulate(s, b.catalog));
    expect(sum.jobs).toEqual({ submitted: 4, succeeded: 0, failed: 4, unfinished: 0, attempts: 1, arrayParents: 1 });
  });

  it('handles a 10,000-child SEQUENTIAL chain failing at its head without overflowing the stack', () => {
    const s = b.scenario({
      computeEnvironments: box(),
      jobQueues: [b.queue('q', ['box'])],
      jobDefinitions: [b.definition('a', { runtime: b.fixed(1_000), failure: { probability: 1, exitCode: 1, reason: 'Essential container in task exited' } })],
      workload: group([tpl('a', { arraySize: 10_000, dependsOn: [{ jobName: 'a', type: 'SEQUENTIAL' }] })]),
    });
    const sum = summarize(simulate(s, b.catalog));
    expect(sum.jobs).toMatchObject({ submitted: 10_000, failed: 10_000, attempts: 1 });
  });
});

describe('a fair-share pass, once a shape finds no room', () => {
  it('refuses in that pass only shapes that need no less; a smaller one behind it still starts', () => {
    // One 4-vCPU 8 GiB box behind a fair-share queue; `hold` takes 2 vCPUs and 6,000 MiB from 0 to
    // 100 s. At 1 s, in this order: `wide` (2 vCPUs, 4,000 MiB: no memory left for it), `small`
    // (1 vCPU, 1,000 MiB: fits) and `wider` (3 vCPUs, 5,000 MiB: needs more than wide in everything,
    // refused with it without a lookup).
    const machine = b.oneMachine(4, 8192);
    const s = b.scenario({
      ...machine,
      jobQueues: [{ ...machine.jobQueues[0], schedulingPolicyArn: 'p' }],
      schedulingPolicies: [{ name: 'p', shareDecaySeconds: 600, computeReservation: 0, shareDistribution: [] }],
      jobDefinitions: [
        b.definition('hold', { vcpus: 2, memoryMiB: 6000, runtime: b.fixed(100_000) }),
        b.definition('wide', { vcpus: 2, memoryMiB: 4000, runtime: b.fixed(60_000) }),
        b.definition('small', { vcpus: 1, memoryMiB: 1000, runtime: b.fixed(60_000) }),
        b.definition('wider', { vcpus: 3, memoryMiB: 5000, runtime: b.fixed(60_000) }),
      ],
      workload: [b.at('w', [0], [job('hold')]), b.at('v', [1_000], [job('wide'), job('small'), job('wider')])],
    });
    expect(traceOf(s).filter((l) => l.includes('STARTING'))).toEqual([
      '0 STARTING job-1 attempt 1 on i-00000000000000001',
      '1 STARTING job-3 attempt 1 on i-00000000000000001',
      '100 STARTING job-2 attempt 1 on i-00000000000000001',
      '160 STARTING job-4 attempt 1 on i-00000000000000001',
    ]);
  });
});

describe('fair share', () => {
  const run = (weightB: number) => {
    const s = b.scenario({
      computeEnvironments: [b.unmanaged('box', [{ instanceType: 'box', vcpus: 1, memoryMiB: 8192, count: 1 }])],
      jobQueues: [{ ...b.queue('q', ['box']), schedulingPolicyArn: 'p' }],
      schedulingPolicies: [
        { name: 'p', shareDecaySeconds: 600, computeReservation: 0, shareDistribution: [{ shareIdentifier: 'A', weightFactor: 1 }, { shareIdentifier: 'B', weightFactor: weightB }] },
      ],
      jobDefinitions: [b.definition('d', { runtime: b.fixed(100_000) })],
      workload: [
        {
          name: 'g',
          arrivals: { kind: 'at' as const, atMs: [0] },
          jobs: ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'B'].map((share, k) => b.template(`${share}${k}`, { jobDefinition: 'd', shareIdentifier: share })),
        },
      ],
    });
    const order: string[] = [];
    simulate(s, b.catalog, { trace: (e) => e.event === 'STARTING' && order.push(e.id) });
    return { order: order.map((id) => (Number(id.slice(4)) <= 4 ? 'A' : 'B')).join(''), summary: summarize(simulate(s, b.catalog)) };
  };

  it('alternates equal-weight shares where FIFO would run all of A first', () => {
    // Worked by hand: usage = weight x (vCPU-s used in the last 600 s + running vCPUs x 600 s);
    // the lower usage goes next, ties by share name.
    expect(run(1).order).toBe('ABABABAB');
  });

  it('gives a share of weight 2 half the turns while both have work', () => {
    // t=0 tie->A; 100: A 100,B 0 ->B; 200: A 100,B 200 ->A; 300: A 200,B 200 ->A; 400: A 300,B 200 ->B;
    // 500: A 300,B 400 ->A (A's last); then B, B.
    const { order, summary } = run(2);
    expect(order).toBe('ABAABABB');
    const shares = summary.jobQueues.q.shares!;
    expect(shares.A).toMatchObject({ jobs: 4, weightFactor: 1, targetShare: 0.666667 });
    expect(shares.B).toMatchObject({ jobs: 4, weightFactor: 2, targetShare: 0.333333 });
    expect(shares.A.vcpuHours).toBeCloseTo(400 / 3600, 4);
  });
});

describe('stuck jobs', () => {
  it('cancels a blocking head job after jobStateTimeLimitActions.maxTimeSeconds, letting the queue move', () => {
    const s = b.scenario({
      computeEnvironments: [b.unmanaged('box', [{ instanceType: 'box', vcpus: 4, memoryMiB: 8192, count: 1 }])],
      jobQueues: [
        {
          ...b.queue('q', ['box']),
          jobStateTimeLimitActions: [{ reason: 'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT', state: 'RUNNABLE', maxTimeSeconds: 600, action: 'CANCEL' }],
        },
      ],
      jobDefinitions: [b.definition('huge', { vcpus: 8 }), b.definition('small', { vcpus: 1, runtime: b.fixed(60_000) })],
      workload: [b.at('w', [0], [{ jobName: 'huge', jobQueue: 'q', jobDefinition: 'huge' }]), b.at('w2', [1_000], [{ jobName: 'small', jobQueue: 'q', jobDefinition: 'small' }])],
    });
    expect(traceOf(s).filter((l) => /FAILED|STARTING|SUCCEEDED/.test(l))).toEqual([
      '600 FAILED job-1 Canceled by JobStateTimeLimit action due to reason: MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT',
      '600 STARTING job-2 attempt 1 on i-00000000000000001',
      '660 SUCCEEDED job-2 Essential container in task exited',
    ]);
  });

  it('times each blocking job from when it reached the head: three in a row go one maxTimeSeconds apart', () => {
    // JobStateTimeLimitAction: "after the job has remained at the head of the queue in the specified
    // state for longer than the specified time" (API_JobStateTimeLimitAction). Three 8-vCPU jobs no
    // 4-vCPU box can hold, RUNNABLE at 0, 100 and 200 s, then a 1-vCPU job at 300 s, cycle 10 s:
    //   job-1 head from its first pass (runnable 0)        -> cancelled at 0 + 600    =  600
    //   job-2 head from 600 (job-1 left), not from 100     -> cancelled at 600 + 600  = 1200
    //   job-3 head from 1200                               -> cancelled at 1200 + 600 = 1800
    //   job-4 is the head at 1800 and fits: STARTING 1800, SUCCEEDED 1860.
    // Timed from RUNNABLE instead, they would all go by 800 (600, 700, 800).
    const s = b.scenario({
      assumptions: b.assumptions({ schedulerCycleMs: 10_000 }),
      computeEnvironments: [b.unmanaged('box', [{ instanceType: 'box', vcpus: 4, memoryMiB: 8192, count: 1 }])],
      jobQueues: [
        {
          ...b.queue('q', ['box']),
          jobStateTimeLimitActions: [{ reason: 'MISCONFIGURATION:*', state: 'RUNNABLE', maxTimeSeconds: 600, action: 'CANCEL' }],
        },
      ],
      jobDefinitions: [b.definition('huge', { vcpus: 8 }), b.definition('small', { vcpus: 1, runtime: b.fixed(60_000) })],
      workload: [
        b.at('w', [0, 100_000, 200_000], [{ jobName: 'huge', jobQueue: 'q', jobDefinition: 'huge' }]),
        b.at('w2', [300_000], [{ jobName: 'small', jobQueue: 'q', jobDefinition: 'small' }]),
      ],
    });
    const reason = 'Canceled by JobStateTimeLimit action due to reason: MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT';
    expect(traceOf(s).filter((l) => /FAILED|STARTING|SUCCEEDED/.test(l))).toEqual([
      `600 FAILED job-1 ${reason}`,
      `1200 FAILED job-2 ${reason}`,
      `1800 FAILED job-3 ${reason}`,
      '1800 STARTING job-4 attempt 1 on i-00000000000000001',
      '1860 SUCCEEDED job-4 Essential container in task exited',
    ]);
    const summary = summarize(simulate(s, b.catalog));
    expect(summary.blocked.byReason).toEqual({ 'cancelled by jobStateTimeLimitActions': 3 });
  });
});

describe('multi-node parallel jobs', () => {
  it('gang-places every node at once, each alone on an instance, and releases them together', () => {
    const s = b.scenario({
      assumptions: b.assumptions({ ec2Launch: b.fixed(120_000), idleTerminateAfterMs: 60_000 }),
      computeEnvironments: [b.managedEc2('od', { instanceTypes: ['c6i.xlarge', 'c6i.2xlarge'], maxvCpus: 64 })],
      jobQueues: [b.queue('q', ['od'])],
      jobDefinitions: [
        b.definition('mpi', { type: 'multinode', vcpus: 2, memoryMiB: 2048, nodeProperties: { numNodes: 3, mainNode: 0 }, runtime: b.fixed(600_000) }),
        b.definition('small', { vcpus: 1, memoryMiB: 1024, runtime: b.fixed(60_000) }),
      ],
      workload: [b.at('w', [0], [{ jobName: 'mpi', jobQueue: 'q', jobDefinition: 'mpi' }]), b.at('w2', [200_000], [{ jobName: 'small', jobQueue: 'q', jobDefinition: 'small' }])],
    });
    const r = simulate(s, b.catalog);
    // Three whole c6i.xlarge for the gang (single-tenant), all ready at 120 s; the small job gets its own.
    const gang = r.instances.slice(0, 3);
    expect(gang.map((x) => [x.instanceType, x.readyAt, x.jobsRun])).toEqual([
      ['c6i.xlarge', 120_000, 1],
      ['c6i.xlarge', 120_000, 1],
      ['c6i.xlarge', 120_000, 1],
    ]);
    expect(r.jobs.startingAt[0]).toBe(120_000);
    expect(r.jobs.stoppedAt[0]).toBe(720_000);
    for (const x of gang) {
      expect(x.busyVcpuMs).toBe(4 * 600_000);
      expect(x.terminatedAt).toBe(780_000);
    }
    expect(r.instances).toHaveLength(4);
    expect(r.jobs.startingAt[1]).toBeGreaterThanOrEqual(r.instances[3].readyAt);
  });

  it('blocks when the gang cannot fit under maxvCpus, with COMPUTE_ENVIRONMENT_MAX_RESOURCE', () => {
    const s = b.scenario({
      computeEnvironments: [b.managedEc2('od', { instanceTypes: ['c6i.xlarge'], maxvCpus: 8, allocationStrategy: 'BEST_FIT' })],
      jobQueues: [b.queue('q', ['od'])],
      jobDefinitions: [b.definition('mpi', { type: 'multinode', vcpus: 2, memoryMiB: 2048, nodeProperties: { numNodes: 3, mainNode: 0 } })],
      workload: [b.at('w', [0], [{ jobName: 'mpi', jobQueue: 'q', jobDefinition: 'mpi' }])],
    });
    const r = simulate(s, b.catalog);
    expect(r.instances).toHaveLength(0);
    expect(r.jobs.strings[r.jobs.statusReason[0]]).toMatch(/^MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE/);
  });
});

describe('scale-down delay (computeResources.scalingPolicy.minScaleDownDelayMinutes)', () => {
  it('keeps an instance that ran a job for the delay after its last job; a never-used one goes after idleTerminateAfter', () => {
    // API_ComputeScalingPolicy: "For each instance, the delay period begins when the last job
    // finishes"; "newly launched instances that have not yet run any jobs" are exempt.
    // idleTerminateAfter 300 s, delay 20 min = 1200 s, launches take 0 s, cycle 0:
    //   i-1 (desiredvCpus 2, c5.large) ready at 0, never runs a job -> terminated at 0 + 300 = 300
    //   the job arrives at 400 -> i-2 launched and ready at 400, job 400..460
    //   i-2 terminated at 460 + 1200 = 1660 (without the policy: 460 + 300 = 760)
    //   i-2 bill: 1260 s x $0.085/h = $0.02975
    const s = b.scenario({
      computeEnvironments: [b.managedEc2('od', { instanceTypes: ['c5.large'], desiredvCpus: 2, minScaleDownDelayMs: 1_200_000 })],
      jobQueues: [b.queue('q', ['od'])],
      jobDefinitions: [b.definition('one', { vcpus: 1, memoryMiB: 1024, runtime: b.fixed(60_000) })],
      workload: [b.at('w', [400_000], [job('one')])],
    });
    const r = simulate(s, b.catalog);
    expect(r.instances.map((x) => [x.instanceId, x.readyAt / 1000, x.terminatedAt / 1000, x.jobsRun])).toEqual([
      ['i-00000000000000001', 0, 300, 0],
      ['i-00000000000000002', 400, 1660, 1],
    ]);
    expect(instanceBill(r.instances[1], { ebsRootVolumeGiB: 0, ebsUsdPerGiBMonth: 0 }).computeUsd).toBeCloseTo((1260 * 0.085) / 3600, 6);
  });
});

describe('the end of a run given `until`', () => {
  it('bills a minvCpus pool, and an unmanaged fleet, up to `until`, not only to the last job', () => {
    // minvCpus 2 keeps one c5.large ($0.085/h) up from t = 0 however idle (Batch never scales
    // below minvCpus); one 60 s job at 0; until 1 h. The run lasts to 3600 s and the pool is
    // billed 3600 s = $0.085 (it was billed 60 s, to the last job, before).
    const s = b.scenario({
      untilMs: 3_600_000,
      computeEnvironments: [b.managedEc2('od', { instanceTypes: ['c5.large'], minvCpus: 2, desiredvCpus: 2 })],
      jobQueues: [b.queue('q', ['od'])],
      jobDefinitions: [b.definition('one', { vcpus: 1, memoryMiB: 1024, runtime: b.fixed(60_000) })],
      workload: [b.at('w', [0], [job('one')])],
    });
    const r = simulate(s, b.catalog);
    expect(r.endAt).toBe(3_600_000);
    expect(r.cutOff).toBe(false);
    expect(r.instances.map((x) => x.terminatedAt)).toEqual([3_600_000]);
    expect(instanceBill(r.instances[0], { ebsRootVolumeGiB: 0, ebsUsdPerGiBMonth: 0 }).computeUsd).toBeCloseTo(0.085, 6);
    const summary = summarize(r);
    expect(summary.simulatedSeconds).toBe(3600);
    expect(summary.cutOffByUntil).toBe(false);

    // An unmanaged machine at $0.50/h, same job and horizon: billed the whole hour, $0.50.
    const own = b.scenario({ ...s, computeEnvironments: [b.unmanaged('box', [{ instanceType: 'box', vcpus: 2, memoryMiB: 4096, count: 1, priceUsdPerHour: 0.5 }])], jobQueues: [b.queue('q', ['box'])] });
    const ro = simulate(own, b.catalog);
    expect(ro.endAt).toBe(3_600_000);
    expect(instanceBill(ro.instances[0], { ebsRootVolumeGiB: 0, ebsUsdPerGiBMonth: 0 }).computeUsd).toBeCloseTo(0.5, 6);
  });

  it('still ends at the last activity when nothing is kept up (desiredvCpus without minvCpus is scaled in)', () => {
    // desiredvCpus 2, minvCpus 0: the c5.large runs the job 0..60 and is scaled in at 60 + 300 = 360.
    const s = b.scenario({
      untilMs: 3_600_000,
      computeEnvironments: [b.managedEc2('od', { instanceTypes: ['c5.large'], desiredvCpus: 2 })],
      jobQueues: [b.queue('q', ['od'])],
      jobDefinitions: [b.definition('one', { vcpus: 1, memoryMiB: 1024, runtime: b.fixed(60_000) })],
      workload: [b.at('w', [0], [job('one')])],
    });
    const r = simulate(s, b.catalog);
    expect(r.endAt).toBe(360_000);
    expect(r.instances.map((x) => x.terminatedAt)).toEqual([360_000]);
  });
});

describe('EC2 billing starts at `running`', () => {
  it('bills nothing for an instance still pending when the run stops, and the 60 s minimum once running', () => {
    // ec2Launch 180 s, ec2Boot 60 s: running at 120, ready at 180. A run cut off by `until` at
    // 100 s ends the instance before it ran: 0 s billed. Cut off at 150 s: it ran 30 s, billed the
    // 60 s minimum, 60 x $0.085/h = $0.001417.
    const at = (untilMs: number) =>
      b.scenario({
        untilMs,
        assumptions: b.assumptions({ ec2Launch: b.fixed(180_000) }),
        computeEnvironments: [b.managedEc2('ce', { instanceTypes: ['c5.large'] })],
        jobQueues: [b.queue('q', ['ce'])],
        jobDefinitions: [b.definition('d', { vcpus: 1, memoryMiB: 1024, runtime: b.fixed(60_000) })],
        workload: [b.at('w', [0], [job('d')])],
      });
    const rates = { ebsRootVolumeGiB: 30, ebsUsdPerGiBMonth: 0.08 };
    const early = simulate(at(100_000), b.catalog).instances[0];
    expect([early.runningAt, early.terminatedAt]).toEqual([120_000, 100_000]);
    expect(instanceBill(early, rates)).toMatchObject({ billedSeconds: 0, computeUsd: 0, ebsUsd: 0, costUsd: 0 });
    const later = simulate(at(150_000), b.catalog).instances[0];
    expect(instanceBill(later, rates)).toMatchObject({ billedSeconds: 60, computeUsd: round6((60 * 0.085) / 3600) });
  });
});
