// Registered memory per generation (issue 11, rule 1): what an instance offers jobs is what the ECS
// agent registers less the Batch AMI's 32 MiB, and on Nitro types that is well under nominal.
// AWS Batch "Compute resource memory management": https://docs.aws.amazon.com/batch/latest/userguide/memory-management.html
// ECS "Container instance memory management": https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generationOf, registeredMemoryMiB, shapeFits, usableMemoryMiB } from '../../src/model/capacity.js';
import { summarize } from '../../src/metrics/summary.js';
import { simulate } from '../../src/plan/simulate.js';
import { formatIssue } from '../../src/scenario/issues.js';
import { parseScenario } from '../../src/scenario/parse.js';
import * as b from '../helpers/build.js';

const info = (t: string) => b.catalog.instanceTypes.get(t)!;

describe('registered memory by generation', () => {
  it('Xen keeps AWS\'s m4.large figure, Nitro the fitted line, published types their own figure', () => {
    // m4.large (Xen): 8192 × 7985/8192 = 7985 registered, − 32 = 7953 for jobs (as before).
    expect(registeredMemoryMiB(info('m4.large'))).toBe(7985);
    expect(usableMemoryMiB(info('m4.large'))).toBe(7953);
    // m6i.large (Nitro): floor(8192 × 0.9735 = 7974.9) − 258 = 7716 registered, 7684 for jobs.
    expect(registeredMemoryMiB(info('m6i.large'))).toBe(7716);
    expect(usableMemoryMiB(info('m6i.large'))).toBe(7684);
    // m6i.xlarge: floor(16384 × 0.9735 = 15949.8) − 258 = 15691; − 32 = 15659.
    expect(usableMemoryMiB(info('m6i.xlarge'))).toBe(15659);
    // Published ECS figures win for their types: m5.large 7685 − 32, g4dn.xlarge 15731 − 32.
    expect(usableMemoryMiB(info('m5.large'))).toBe(7653);
    expect(usableMemoryMiB(info('g4dn.xlarge'))).toBe(15699);
    // Bare metal has no hypervisor and takes the Nitro line [EST]: floor(524288 × 0.9735 = 510394.4) − 258 = 510136.
    expect(generationOf(info('m6i.metal').hypervisor)).toBe('metal');
    expect(registeredMemoryMiB(info('m6i.metal'))).toBe(510136);
  });

  it('assumptions.registeredMemory overrides by type (MiB or share), family, then generation', () => {
    const m6i = info('m6i.large');
    expect(registeredMemoryMiB(m6i, { 'm6i.large': 7800 })).toBe(7800);
    expect(registeredMemoryMiB(m6i, { 'm6i.large': 0.5, m6i: 0.9 })).toBe(4096);
    // floor(8192 × 0.95) = 7782.
    expect(registeredMemoryMiB(m6i, { m6i: 0.95, nitro: 0.5 })).toBe(7782);
    expect(registeredMemoryMiB(m6i, { nitro: 1 })).toBe(8192);
    // A generation key overrides the published per-type figure too: the user said so.
    expect(registeredMemoryMiB(info('m5.large'), { nitro: 0.9 })).toBe(7372);
    expect(registeredMemoryMiB(info('m4.large'), { nitro: 0.5 })).toBe(7985);
  });

  it('property: jobs get less than nominal memory, and a bigger size of a family never gets less', () => {
    const types = [...b.catalog.instanceTypes.values()];
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.constantFrom(...types), (x, y) => {
        const ux = usableMemoryMiB(x);
        expect(ux).toBeGreaterThanOrEqual(0);
        expect(ux).toBeLessThan(x.memoryMiB);
        // Within a generation, with no published figure in the way, more nominal memory registers more.
        const published = (t: string) => ['c5.large', 'c5.xlarge', 'g4dn.xlarge', 'm5.large', 't3.medium'].includes(t);
        if (generationOf(x.hypervisor) === generationOf(y.hypervisor) && !published(x.instanceType) && !published(y.instanceType) && x.memoryMiB <= y.memoryMiB)
          expect(ux).toBeLessThanOrEqual(usableMemoryMiB(y));
        // The fit rule reads exactly this number.
        expect(shapeFits({ ...x, usableMemoryMiB: ux }, 0, ux, 0)).toBe(true);
        expect(shapeFits({ ...x, usableMemoryMiB: ux }, 0, ux + 1, 0)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a 7,700 MiB job on Nitro', () => {
  const job = { jobName: 'big', jobQueue: 'q', jobDefinition: 'big' };
  const world = (instanceTypes: string[], registeredMemory: Record<string, number> = {}) =>
    b.scenario({
      assumptions: b.assumptions({ registeredMemory }),
      computeEnvironments: [b.managedEc2('ce', { instanceTypes, allocationStrategy: 'BEST_FIT' })],
      jobQueues: [b.queue('q', ['ce'])],
      jobDefinitions: [b.definition('big', { vcpus: 2, memoryMiB: 7700, runtime: b.fixed(3_600_000) })],
      workload: [b.at('w', [0], [job])],
    });

  it('does not fit m6i.large (7684 MiB for jobs) and goes to m6i.xlarge, about twice the cost', () => {
    const r = simulate(world(['m6i.large', 'm6i.xlarge']), b.catalog);
    expect(r.instances.map((i) => i.instanceType)).toEqual(['m6i.xlarge']);
    // The job runs 0–3600 s, the instance idles 300 s more: 3900 s at $0.192/h = $0.208 (m6i.large: $0.104).
    const s = summarize(r);
    expect(s.jobs.succeeded).toBe(1);
    expect(s.costUsd.compute).toBeCloseTo((0.192 * 3900) / 3600, 9);
  });

  it('with only m6i.large allowed it never runs, with AWS\'s reason', () => {
    const r = simulate(world(['m6i.large']), b.catalog);
    expect(r.instances).toHaveLength(0);
    expect(r.jobs.strings[r.jobs.statusReason[0]]).toMatch(/^MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT/);
  });

  it('runs on m6i.large when the scenario says the type registers more', () => {
    // 7800 − 32 = 7768 ≥ 7700.
    const r = simulate(world(['m6i.large'], { 'm6i.large': 7800 }), b.catalog);
    expect(r.instances.map((i) => i.instanceType)).toEqual(['m6i.large']);
  });
});

describe('validate uses the same numbers', () => {
  const ctx = { catalog: b.catalog, baseDir: '/tmp', files: new Map<string, string>() };
  const doc = (instanceTypes: string[], assumptions: object = {}) => ({
    assumptions,
    computeEnvironments: [{ computeEnvironmentName: 'ce', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 64, instanceTypes } }],
    jobQueues: [{ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce' }] }],
    jobDefinitions: [
      {
        jobDefinitionName: 'big',
        containerProperties: { resourceRequirements: [{ type: 'VCPU', value: '2' }, { type: 'MEMORY', value: '7700' }] },
        simulation: { runtime: '1h' },
      },
    ],
    workload: [{ name: 'w', arrivals: { at: [0] }, jobs: [{ jobName: 'big', jobQueue: 'q', jobDefinition: 'big' }] }],
  });
  const shown = (d: object) => parseScenario(d, ctx).issues.map((i) => `${i.severity} ${formatIssue(i)}`);

  it('warns that a 7,700 MiB job never fits m6i.large, naming m6i.xlarge', () => {
    const issues = shown(doc(['m6i.large']));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^warning workload\[0\]\.jobs\[0\]: no compute environment of job queue "q" has an instance with 2 vCPU, 7700 MiB free for jobs/);
    expect(issues[0]).toMatch(/"ce" would hold it with m6i\.xlarge \(4 vCPU\) in instanceTypes$/);
    expect(shown(doc(['m6i']))).toEqual([]);
    expect(shown(doc(['m6i.large'], { registeredMemory: { 'm6i.large': 7800 } }))).toEqual([]);
  });

  it('rejects keys that are not a type, family or generation, MiB for a family, and more than nominal', () => {
    const errors = shown(doc(['m6i'], { registeredMemory: { nitor: 0.9, m6i: 7800, 'm6i.large': 9000, xen: 0.97, 'm6i.xlarge': 0 } }));
    expect(errors).toEqual([
      'error assumptions.registeredMemory.m6i.xlarge: must be greater than 0, got 0',
      'error assumptions.registeredMemory.nitor: "nitor" is neither an instance type, a family nor a generation (nitro, xen, metal); did you mean "nitro"?',
      'error assumptions.registeredMemory.m6i: a family or generation takes a share of nominal memory in (0, 1] (MiB only for one instance type, e.g. "m6i.large"), got 7800',
      'error assumptions.registeredMemory.m6i.large: m6i.large has 8192 MiB; it cannot register 9000 MiB',
    ]);
  });
});
