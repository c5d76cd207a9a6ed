// Properties of dependencies and queue disciplines on random workloads (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JobStatus } from '../../src/model/types.js';
import { simulate } from '../../src/plan/simulate.js';
import type { JobTemplate, Scenario } from '../../src/scenario/types.js';
import * as b from '../helpers/build.js';

const runs = Number(process.env.FC_RUNS ?? 100);

const template = (jobName: string, over: Partial<JobTemplate>): JobTemplate => b.template(jobName, { jobDefinition: 'd', ...over });

describe('dependencies', () => {
  // A random DAG in one submission: job k may depend on earlier jobs, plainly or N_TO_N; arrays may be SEQUENTIAL.
  const groupArb = fc
    .array(
      fc.record({
        array: fc.option(fc.integer({ min: 2, max: 5 })),
        sequential: fc.boolean(),
        deps: fc.array(fc.nat(), { maxLength: 3 }),
        n2n: fc.boolean(),
      }),
      { minLength: 1, maxLength: 7 },
    )
    .map((specs) =>
      specs.map((s, k) => {
        const dependsOn: JobTemplate['dependsOn'] = [];
        if (s.array !== null && s.sequential) dependsOn.push({ jobName: `j${k}`, type: 'SEQUENTIAL' });
        for (const d of new Set(s.deps.filter(() => k > 0).map((x) => x % k))) {
          const other = specs[d];
          const n2n = s.n2n && s.array !== null && other.array === s.array;
          dependsOn.push({ jobName: `j${d}`, type: n2n ? 'N_TO_N' : null });
        }
        return template(`j${k}`, { arraySize: s.array, dependsOn });
      }),
    );

  it('no job starts before every dependency has succeeded, and a failed dependency fails its dependents', () => {
    fc.assert(
      fc.property(groupArb, fc.constantFrom(0, 0.3), fc.integer({ min: 0, max: 99 }), (jobs, failure, seed) => {
        const s: Scenario = b.scenario({
          seed,
          computeEnvironments: [b.unmanaged('box', [{ instanceType: 'box', vcpus: 3, memoryMiB: 65536, count: 1 }])],
          jobQueues: [b.queue('q', ['box'])],
          jobDefinitions: [
            b.definition('d', {
              runtime: { kind: 'exponential', mean: 60_000 },
              failure: failure > 0 ? { probability: failure, exitCode: 1, reason: 'Essential container in task exited' } : null,
            }),
          ],
          workload: [{ name: 'g', arrivals: { kind: 'at', atMs: [0] }, jobs }],
        });
        const r = simulate(s, b.catalog);
        // Rebuild ledger rows: each template in order is one row, or a parent row and its children.
        const whole: number[] = [];
        const units: number[][] = [];
        let row = 0;
        for (const t of jobs) {
          whole.push(row);
          if (t.arraySize === null) units.push([row++]);
          else {
            row++;
            units.push(Array.from({ length: t.arraySize }, () => row++));
          }
        }
        expect(r.jobs.count).toBe(row);
        const L = r.jobs;
        jobs.forEach((t, k) => {
          units[k].forEach((me, i) => {
            const deps: number[] = [];
            for (const d of t.dependsOn) {
              const other = Number(d.jobName.slice(1));
              if (d.type === 'SEQUENTIAL') {
                if (i > 0) deps.push(units[k][i - 1]);
              } else if (d.type === 'N_TO_N') deps.push(units[other][i]);
              else deps.push(whole[other]);
            }
            for (const dep of deps) {
              if (L.startingAt[me] >= 0) {
                expect(L.status[dep]).toBe(JobStatus.SUCCEEDED);
                expect(L.stoppedAt[dep]).toBeLessThanOrEqual(L.startingAt[me]);
              }
              if (L.status[dep] === JobStatus.FAILED) expect(L.status[me]).toBe(JobStatus.FAILED);
            }
          });
        });
        // Without failures everything runs.
        if (failure === 0) for (let i = 0; i < L.count; i++) expect(L.status[i]).toBe(JobStatus.SUCCEEDED);
      }),
      { numRuns: runs },
    );
  });
});

describe('queue disciplines', () => {
  // Jobs of 1..8 vCPUs on one 8-vCPU machine, each definition's timeout equal to its fixed runtime,
  // so EASY's estimates are exact.
  const workloadArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 1200 }), fc.integer({ min: 1, max: 8 }), fc.constantFrom(0, 1, 2)), { minLength: 1, maxLength: 40 });
  const runtimes = [60_000, 300_000, 900_000];
  const scenarioFor = (arrivals: [number, number, number][], discipline: 'strict-fifo' | 'easy-backfill') =>
    b.scenario({
      computeEnvironments: [b.unmanaged('box', [{ instanceType: 'box', vcpus: 8, memoryMiB: 65536, count: 1 }])],
      jobQueues: [{ ...b.queue('q', ['box']), discipline }],
      jobDefinitions: runtimes.map((ms, k) => b.definition(`d${k}`, { runtime: b.fixed(ms), attemptDurationMs: ms })),
      workload: arrivals.map(([t, vcpus, d], i) => ({
        ...b.at(`w${i}`, [t * 1000], []),
        jobs: [template(`j${i}`, { jobDefinition: `d${d}`, vcpus })],
      })),
    });

  it('strict FIFO: no job starts before one that became RUNNABLE earlier', () => {
    fc.assert(
      fc.property(workloadArb, (arrivals) => {
        const r = simulate(scenarioFor(arrivals, 'strict-fifo'), b.catalog);
        const rows = Array.from({ length: r.jobs.count }, (_, i) => i).sort((x, y) => r.jobs.runnableAt[x] - r.jobs.runnableAt[y] || x - y);
        for (let k = 1; k < rows.length; k++) expect(r.jobs.startingAt[rows[k]]).toBeGreaterThanOrEqual(r.jobs.startingAt[rows[k - 1]]);
      }),
      { numRuns: runs },
    );
  });

  it('EASY: a waiting head job starts no later than the reservation it was given', () => {
    fc.assert(
      fc.property(workloadArb, (arrivals) => {
        const reservations = new Map<string, number>();
        const starts = new Map<string, number>();
        simulate(scenarioFor(arrivals, 'easy-backfill'), b.catalog, {
          trace: (e) => {
            if (e.event === 'RESERVE') reservations.set(e.id, Math.min(reservations.get(e.id) ?? Infinity, Number(e.detail)));
            if (e.event === 'STARTING') starts.set(e.id, e.at);
          },
        });
        for (const [id, shadowAt] of reservations) expect(starts.get(id)!).toBeLessThanOrEqual(shadowAt);
        expect(starts.size).toBe(arrivals.length);
      }),
      { numRuns: runs },
    );
  });

  it('EASY: attempts expected to end at the same instant free their vCPUs together', () => {
    // 5 vCPUs. A and B (2 each) run 0-100 s; H (3) waits from 1 s: its reservation is 100 s, when A
    // and B both end and free 4 vCPUs beside the 1 free now, 2 more than H needs. So C (1 vCPU,
    // 1000 s) may take the free vCPU at 2 s without delaying H. Counting A and B one at a time, the
    // walk stopped at A with nothing to spare, and C waited until 100 s.
    const s = b.scenario({
      computeEnvironments: [b.unmanaged('box', [{ instanceType: 'box', vcpus: 5, memoryMiB: 65536, count: 1 }])],
      jobQueues: [{ ...b.queue('q', ['box']), discipline: 'easy-backfill' }],
      jobDefinitions: [100_000, 60_000, 1_000_000].map((ms, k) => b.definition(`d${k}`, { runtime: b.fixed(ms), attemptDurationMs: ms })),
      workload: [
        { ...b.at('ab', [0, 0], []), jobs: [template('A', { jobDefinition: 'd0', vcpus: 2 })] },
        { ...b.at('h', [1000], []), jobs: [template('H', { jobDefinition: 'd1', vcpus: 3 })] },
        { ...b.at('c', [2000], []), jobs: [template('C', { jobDefinition: 'd2', vcpus: 1 })] },
      ],
    });
    const starts: [string, number][] = [];
    const reservations: number[] = [];
    simulate(s, b.catalog, {
      trace: (e) => {
        if (e.event === 'STARTING') starts.push([e.id, e.at]);
        if (e.event === 'RESERVE') reservations.push(Number(e.detail));
      },
    });
    expect(starts.map(([, at]) => at)).toEqual([0, 0, 2000, 100_000]);
    expect(new Set(reservations)).toEqual(new Set([100_000]));
  });
});
