// CPU architecture (issue 11, rule 3): a job runs only on instances of its image's architecture
// (runtimePlatform.cpuArchitecture, default X86_64), and AWS refuses a managed environment whose
// types mix x86_64 and arm64 ("arm-based instance type cannot be used with other instance types.",
// CreateComputeEnvironment; https://github.com/aws/aws-cdk/issues/31148).
import { describe, expect, it } from 'vitest';
import { misconfigurationArchitecture } from '../../src/model/statusReasons.js';
import { simulate } from '../../src/plan/simulate.js';
import { formatIssue } from '../../src/scenario/issues.js';
import { parseScenario } from '../../src/scenario/parse.js';
import type { SimulationResult } from '../../src/records/result.js';
import * as b from '../helpers/build.js';

const job = (jobName: string) => ({ jobName, jobQueue: 'q', jobDefinition: jobName });
/** The instance type each job's first attempt ran on, by job name. */
function ranOn(r: SimulationResult): Record<string, string> {
  const byOrdinal = new Map(r.instances.map((x) => [x.ordinal, x.instanceType]));
  const out: Record<string, string> = {};
  for (let k = 0; k < r.attempts.count; k++) out[r.jobs.strings[r.jobs.jobName[r.attempts.job[k]]]] = byOrdinal.get(r.attempts.instance[k])!;
  return out;
}

describe('jobs run only on their architecture', () => {
  const definitions = [
    b.definition('arm', { vcpus: 1, memoryMiB: 1024, cpuArchitecture: 'ARM64' }),
    b.definition('x86', { vcpus: 1, memoryMiB: 1024 }),
  ];

  it('an ARM64 job skips a warm x86 instance with room and scales out the arm64 environment', () => {
    // x86 keeps one m6i.large (2 vCPU) ready from t = 0 (minvCpus 2): the x86 job takes it; the
    // ARM job fits its free vCPU but must not go there, nor launch an x86 type: it gets an m6g.large.
    const s = b.scenario({
      computeEnvironments: [
        b.managedEc2('x86', { instanceTypes: ['m6i.large'], minvCpus: 2, desiredvCpus: 2 }),
        b.managedEc2('graviton', { instanceTypes: ['m6g.large'] }),
      ],
      jobQueues: [b.queue('q', ['x86', 'graviton'])],
      jobDefinitions: definitions,
      workload: [b.at('w', [0], [job('x86'), job('arm')])],
    });
    const r = simulate(s, b.catalog);
    expect(r.instances.map((i) => `${i.computeEnvironment} ${i.instanceType}`)).toEqual(['x86 m6i.large', 'graviton m6g.large']);
    expect(ranOn(r)).toEqual({ x86: 'm6i.large', arm: 'm6g.large' });
  });

  it('an ARM64 job on a queue of x86 environments never runs, with a reason that says why', () => {
    const s = b.scenario({
      computeEnvironments: [b.managedEc2('x86', { instanceTypes: ['m6i'] })],
      jobQueues: [b.queue('q', ['x86'])],
      jobDefinitions: definitions,
      workload: [b.at('w', [0], [job('arm')])],
    });
    const r = simulate(s, b.catalog);
    expect(r.instances).toHaveLength(0);
    expect(r.jobs.strings[r.jobs.statusReason[0]]).toBe(misconfigurationArchitecture(true));
    expect(misconfigurationArchitecture(true)).toBe(
      "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - no instance type of the job's architecture (ARM64) is allowed in the queue's compute environments",
    );
  });

  it('an x86 job (the default) never scales out an arm64 environment', () => {
    const s = b.scenario({
      computeEnvironments: [b.managedEc2('graviton', { instanceTypes: ['default_arm64'] })],
      jobQueues: [b.queue('q', ['graviton'])],
      jobDefinitions: definitions,
      workload: [b.at('w', [0], [job('x86')])],
    });
    const r = simulate(s, b.catalog);
    expect(r.instances).toHaveLength(0);
    expect(r.jobs.strings[r.jobs.statusReason[0]]).toBe(misconfigurationArchitecture(false));
  });
});

describe('validate', () => {
  const ctx = { catalog: b.catalog, baseDir: '/tmp', files: new Map<string, string>() };
  const doc = (environments: Record<string, string[]>, order: string[], cpuArchitecture?: string) => ({
    computeEnvironments: Object.entries(environments).map(([name, instanceTypes]) => ({
      computeEnvironmentName: name,
      type: 'MANAGED',
      computeResources: { type: 'EC2', maxvCpus: 64, instanceTypes },
    })),
    jobQueues: [{ jobQueueName: 'q', priority: 1, computeEnvironmentOrder: order.map((c, i) => ({ order: i + 1, computeEnvironment: c })) }],
    jobDefinitions: [
      {
        jobDefinitionName: 'work',
        containerProperties: {
          resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '1024' }],
          ...(cpuArchitecture ? { runtimePlatform: { cpuArchitecture } } : {}),
        },
        simulation: { runtime: '10m' },
      },
    ],
    workload: [{ name: 'w', arrivals: { at: [0] }, jobs: [{ jobName: 'work', jobQueue: 'q', jobDefinition: 'work' }] }],
  });
  const shown = (d: object) => parseScenario(d, ctx).issues.map((i) => `${i.severity} ${formatIssue(i)}`);

  it('refuses an environment mixing x86_64 and arm64 types, as AWS does', () => {
    const { scenario, issues } = parseScenario(doc({ mixed: ['optimal', 'm6g'] }, ['mixed']), ctx);
    expect(scenario).toBeNull();
    expect(issues.map((i) => `${i.severity} ${formatIssue(i)}`)).toEqual([
      'error computeEnvironments[0].computeResources.instanceTypes: mixes x86_64 (c6i.12xlarge) and arm64 (m6g.12xlarge) instance types, which AWS refuses: "arm-based instance type cannot be used with other instance types."',
    ]);
  });

  it('warns, at the job, about environments of the other architecture', () => {
    expect(shown(doc({ x86: ['m6i'], graviton: ['m6g'] }, ['x86', 'graviton'], 'ARM64'))).toEqual([
      'warning workload[0].jobs[0]: job definition "work" is ARM64 (runtimePlatform.cpuArchitecture), but "x86" of job queue "q" launches only instance types of the other architecture, so the job never runs there',
    ]);
    expect(shown(doc({ graviton: ['default_arm64'] }, ['graviton']))).toEqual([
      'warning workload[0].jobs[0]: job definition "work" is X86_64 (runtimePlatform.cpuArchitecture), but "graviton" of job queue "q" launches only instance types of the other architecture, so the job never runs there and would stay RUNNABLE',
    ]);
    expect(shown(doc({ graviton: ['m6g', 'c7g.large'] }, ['graviton'], 'ARM64'))).toEqual([]);
  });
});
