// Spot and Fargate rules at the scenario boundary: Fargate task sizes, GPUs, MNP placement,
// ARM64 on Fargate Spot, and the fargate/lambda assumptions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fargateSizes, isFargateSize, nearestFargateSizes } from '../../src/scenario/fargate-sizes.js';
import { formatIssue, type Issue } from '../../src/scenario/issues.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { fakeCatalog } from './fake-catalog.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = any;

const ctx = { catalog: fakeCatalog(), baseDir: '/tmp', files: new Map<string, string>() };
const errorsOf = (issues: Issue[]): string[] => issues.filter((i) => i.severity === 'error').map(formatIssue);

const requirements = (vcpus: string, memory: string): Doc => [
  { type: 'VCPU', value: vcpus },
  { type: 'MEMORY', value: memory },
];

/** A Fargate queue, a Fargate Spot queue, a Spot queue, an on-demand EC2 queue and an unmanaged one. */
function base(): Doc {
  return {
    name: 'sf',
    computeEnvironments: [
      { computeEnvironmentName: 'fg', type: 'MANAGED', computeResources: { type: 'FARGATE', maxvCpus: 256 } },
      { computeEnvironmentName: 'fgspot', type: 'MANAGED', computeResources: { type: 'FARGATE_SPOT', maxvCpus: 256 } },
      { computeEnvironmentName: 'spot', type: 'MANAGED', computeResources: { type: 'SPOT', maxvCpus: 64, instanceTypes: ['c5'], allocationStrategy: 'SPOT_CAPACITY_OPTIMIZED' } },
      { computeEnvironmentName: 'ondemand', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 64, instanceTypes: ['c5'] } },
      { computeEnvironmentName: 'rack', type: 'UNMANAGED', simulation: { instances: [{ instanceType: 'c5.4xlarge', count: 2 }] } },
    ],
    jobQueues: [
      { jobQueueName: 'fargate', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'fg' }] },
      { jobQueueName: 'fargate-spot', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'fgspot' }] },
      { jobQueueName: 'spot', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'spot' }, { order: 2, computeEnvironment: 'ondemand' }] },
      { jobQueueName: 'ondemand', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ondemand' }] },
      { jobQueueName: 'rack', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'rack' }] },
    ],
    jobDefinitions: [
      {
        jobDefinitionName: 'small',
        platformCapabilities: ['FARGATE'],
        containerProperties: { resourceRequirements: requirements('1', '2048') },
        simulation: { runtime: '1m' },
      },
    ],
    workload: [{ name: 'w', arrivals: { at: [0] }, jobs: [{ jobName: 'small', jobQueue: 'fargate', jobDefinition: 'small' }] }],
  };
}

const jd = (d: Doc): Doc => d.jobDefinitions[0];
const job = (d: Doc): Doc => d.workload[0].jobs[0];
const parse = (d: Doc) => parseScenario(d, ctx);

describe('the Spot and Fargate base scenario', () => {
  it('is valid and has nothing left unsimulated', () => {
    const { issues, scenario } = parse(base());
    expect(issues).toEqual([]);
    expect(scenario).not.toBeNull();
  });
});

describe('Fargate task sizes', () => {
  const accepted: [string, string][] = [
    ['0.25', '512'],
    ['0.25', '2048'],
    ['0.5', '1024'],
    ['0.5', '4096'],
    ['1', '8192'],
    ['2', '16384'],
    ['4', '30720'],
    ['8', '16384'],
    ['8', '61440'],
    ['16', '32768'],
    ['16', '122880'],
  ];
  it.each(accepted)('%s vCPU with %s MiB is accepted', (vcpus, memory) => {
    const doc = base();
    jd(doc).containerProperties.resourceRequirements = requirements(vcpus, memory);
    expect(parse(doc).issues).toEqual([]);
  });

  const rejected: [string, string, string][] = [
    ['1', '10240', '1 vCPU with 8192 MiB, 2 vCPU with 10240 MiB'],
    ['0.25', '1536', '0.25 vCPU with 1024 MiB, 0.25 vCPU with 2048 MiB'],
    ['0.25', '4096', '0.25 vCPU with 2048 MiB, 0.5 vCPU with 4096 MiB'],
    ['1', '1024', '1 vCPU with 2048 MiB'],
    ['1', '1500', '1 vCPU with 2048 MiB'],
    ['3', '8192', '2 vCPU with 8192 MiB, 4 vCPU with 8192 MiB'],
    ['8', '18432', '8 vCPU with 16384 MiB, 8 vCPU with 20480 MiB'],
    ['16', '126976', '16 vCPU with 122880 MiB'],
    ['32', '65536', '16 vCPU with 65536 MiB'],
  ];
  it.each(rejected)('%s vCPU with %s MiB is rejected, suggesting %s', (vcpus, memory, nearest) => {
    const doc = base();
    jd(doc).containerProperties.resourceRequirements = requirements(vcpus, memory);
    const { scenario, issues } = parse(doc);
    expect(scenario).toBeNull();
    expect(errorsOf(issues)).toEqual([
      `workload[0].jobs[0]: Fargate has no task size of ${vcpus} vCPU with ${memory} MiB; nearest valid sizes: ${nearest}`,
    ]);
  });

  it('checks the shape after containerOverrides', () => {
    const doc = base();
    job(doc).containerOverrides = { resourceRequirements: requirements('2', '2048') };
    expect(errorsOf(parse(doc).issues)).toEqual([
      'workload[0].jobs[0]: Fargate has no task size of 2 vCPU with 2048 MiB; nearest valid sizes: 2 vCPU with 4096 MiB',
    ]);
    job(doc).containerOverrides = { resourceRequirements: requirements('2', '4096') };
    expect(parse(doc).issues).toEqual([]);
  });

  it('applies on Fargate Spot queues too', () => {
    const doc = base();
    job(doc).jobQueue = 'fargate-spot';
    jd(doc).containerProperties.resourceRequirements = requirements('1', '10240');
    expect(errorsOf(parse(doc).issues)).toEqual([
      'workload[0].jobs[0]: Fargate has no task size of 1 vCPU with 10240 MiB; nearest valid sizes: 1 vCPU with 8192 MiB, 2 vCPU with 10240 MiB',
    ]);
  });

  it('does not apply to an EC2 queue', () => {
    const doc = base();
    jd(doc).platformCapabilities = ['EC2'];
    jd(doc).containerProperties.resourceRequirements = requirements('1', '1500');
    job(doc).jobQueue = 'ondemand';
    expect(parse(doc).issues).toEqual([]);
  });

  it('legacy limits stop at 4 vCPU and 30 GiB', () => {
    const doc = base();
    doc.assumptions = { fargate: { limits: 'legacy' } };
    jd(doc).containerProperties.resourceRequirements = requirements('4', '30720');
    expect(parse(doc).issues).toEqual([]);
    jd(doc).containerProperties.resourceRequirements = requirements('8', '16384');
    expect(errorsOf(parse(doc).issues)).toEqual([
      'workload[0].jobs[0]: Fargate (legacy limits: at most 4 vCPU and 30 GiB) has no task size of 8 vCPU with 16384 MiB; nearest valid sizes: 4 vCPU with 16384 MiB',
    ]);
    jd(doc).containerProperties.resourceRequirements = requirements('16', '122880');
    expect(errorsOf(parse(doc).issues)).toEqual([
      'workload[0].jobs[0]: Fargate (legacy limits: at most 4 vCPU and 30 GiB) has no task size of 16 vCPU with 122880 MiB; nearest valid sizes: 4 vCPU with 30720 MiB',
    ]);
  });

  it('the table holds the documented number of sizes', () => {
    // 3 + 4 + 7 + 13 + 23 + 12 + 12
    expect(fargateSizes('current')).toHaveLength(74);
    expect(fargateSizes('legacy')).toHaveLength(50);
  });

  it('every suggestion is a valid size, and one of them holds the request when any can', () => {
    const vcpuValues = [0.1, 0.25, 0.5, 0.75, 1, 2, 3, 4, 6, 8, 12, 16, 32];
    fc.assert(
      fc.property(fc.constantFrom(...vcpuValues), fc.integer({ min: 4, max: 200_000 }), fc.constantFrom('current' as const, 'legacy' as const), (vcpus, memoryMiB, limits) => {
        const nearest = nearestFargateSizes(vcpus, memoryMiB, limits);
        expect(nearest.length).toBeGreaterThan(0);
        for (const size of nearest) expect(isFargateSize(size.vcpus, size.memoryMiB, limits)).toBe(true);
        const holds = fargateSizes(limits).some((s) => s.vcpus >= vcpus && s.memoryMiB >= memoryMiB);
        if (holds) expect(nearest.some((s) => s.vcpus >= vcpus && s.memoryMiB >= memoryMiB)).toBe(true);
      }),
    );
  });
});

describe('other Fargate and Spot rules', () => {
  it('GPUs on Fargate', () => {
    const doc = base();
    jd(doc).containerProperties.resourceRequirements.push({ type: 'GPU', value: '1' });
    expect(errorsOf(parse(doc).issues)).toEqual([
      'jobDefinitions[0].containerProperties: Fargate has no GPUs; GPU jobs need EC2 compute environments',
      'workload[0].jobs[0]: Fargate has no GPUs: job queue "fargate" uses Fargate compute environments, so this GPU job would never run',
    ]);
  });

  it('ephemeral storage must be 21..200 GiB', () => {
    const doc = base();
    jd(doc).containerProperties.ephemeralStorage = { sizeInGiB: 201 };
    expect(errorsOf(parse(doc).issues)).toEqual(['jobDefinitions[0].containerProperties.ephemeralStorage.sizeInGiB: must be between 21 and 200, got 201']);
    jd(doc).containerProperties.ephemeralStorage = { sizeInGiB: 20 };
    expect(errorsOf(parse(doc).issues)).toEqual(['jobDefinitions[0].containerProperties.ephemeralStorage.sizeInGiB: must be between 21 and 200, got 20']);
    jd(doc).containerProperties.ephemeralStorage = { sizeInGiB: 200 };
    expect(parse(doc).scenario!.jobDefinitions[0].ephemeralStorageGiB).toBe(200);
  });

  const multinode = (d: Doc, queue: string): void => {
    d.jobDefinitions.push({
      jobDefinitionName: 'mpi',
      type: 'multinode',
      nodeProperties: { numNodes: 2, mainNode: 0, nodeRangeProperties: [{ targetNodes: '0:', container: { resourceRequirements: requirements('4', '4096') } }] },
      simulation: { runtime: '1h' },
    });
    d.workload[0].jobs.push({ jobName: 'mpi', jobQueue: queue, jobDefinition: 'mpi' });
  };

  it.each([
    ['spot', 'spot', 'SPOT'],
    ['rack', 'rack', 'UNMANAGED'],
  ])('a multinode job on the %s queue', (queue, environment, kind) => {
    const doc = base();
    multinode(doc, queue);
    expect(errorsOf(parse(doc).issues)).toEqual([
      `workload[0].jobs[1].jobDefinition: multinode job definition "mpi" cannot run on job queue "${queue}": compute environment "${environment}" is ${kind}, and multi-node parallel jobs run only on on-demand EC2 managed compute environments`,
    ]);
  });

  it('a multinode job on a Fargate queue', () => {
    const doc = base();
    multinode(doc, 'fargate');
    jd(doc).platformCapabilities = ['EC2', 'FARGATE'];
    doc.jobDefinitions[1].platformCapabilities = ['FARGATE'];
    expect(errorsOf(parse(doc).issues)).toContain(
      'workload[0].jobs[1].jobDefinition: multinode job definition "mpi" cannot run on job queue "fargate": compute environment "fg" is FARGATE, and multi-node parallel jobs run only on on-demand EC2 managed compute environments',
    );
  });

  it('a multinode job on an on-demand EC2 queue validates', () => {
    const doc = base();
    multinode(doc, 'ondemand');
    const { scenario, issues } = parse(doc);
    expect(errorsOf(issues)).toEqual([]);
    expect(scenario!.jobDefinitions[1].nodeProperties).not.toBeNull();
  });

  it('an ARM64 job runs on Fargate Spot without a warning (platform 1.4.0+; only Windows is refused there)', () => {
    // RuntimePlatform API reference: "Fargate Spot is not supported on Windows-based containers on Fargate."
    const doc = base();
    jd(doc).containerProperties.runtimePlatform = { cpuArchitecture: 'ARM64' };
    job(doc).jobQueue = 'fargate-spot';
    const { scenario, issues } = parse(doc);
    expect(scenario).not.toBeNull();
    expect(issues).toEqual([]);
  });

  it('an ARM64 job is fine on a queue with on-demand Fargate as well', () => {
    const doc = base();
    jd(doc).containerProperties.runtimePlatform = { cpuArchitecture: 'ARM64' };
    doc.jobQueues[1].computeEnvironmentOrder.push({ order: 2, computeEnvironment: 'fg' });
    job(doc).jobQueue = 'fargate-spot';
    expect(parse(doc).issues).toEqual([]);
  });

  it('reads every kind of compute environment', () => {
    const { scenario } = parse(base());
    expect(scenario!.computeEnvironments.map((c) => c.computeResources?.type ?? c.type)).toEqual(['FARGATE', 'FARGATE_SPOT', 'SPOT', 'EC2', 'UNMANAGED']);
  });
});

describe('fargate and lambda assumptions', () => {
  it('defaults', () => {
    const { scenario } = parse(base());
    expect(scenario!.assumptions.fargate).toEqual({ limits: 'current', launchBurst: 100, launchPerSecond: 20 });
    expect(scenario!.assumptions.lambda).toEqual({ architecture: 'x86_64' });
  });

  it('values as written, any case', () => {
    const doc = base();
    doc.assumptions = { fargate: { limits: 'LEGACY', launchBurst: 10, launchPerSecond: 0.5 }, lambda: { architecture: 'ARM64' } };
    const { scenario, issues } = parse(doc);
    expect(issues).toEqual([]);
    expect(scenario!.assumptions.fargate).toEqual({ limits: 'legacy', launchBurst: 10, launchPerSecond: 0.5 });
    expect(scenario!.assumptions.lambda).toEqual({ architecture: 'arm64' });
  });

  it('empty blocks keep the defaults', () => {
    const doc = base();
    doc.assumptions = { fargate: {}, lambda: {} };
    const { scenario } = parse(doc);
    expect(scenario!.assumptions.fargate).toEqual({ limits: 'current', launchBurst: 100, launchPerSecond: 20 });
    expect(scenario!.assumptions.lambda).toEqual({ architecture: 'x86_64' });
  });

  const bad: [string, Doc, string][] = [
    ['unknown limits', { fargate: { limits: 'legasy' } }, 'assumptions.fargate.limits: must be one of current, legacy, got "legasy"; did you mean "legacy"?'],
    ['launchBurst 0', { fargate: { launchBurst: 0 } }, 'assumptions.fargate.launchBurst: must be at least 1, got 0'],
    ['fractional launchBurst', { fargate: { launchBurst: 1.5 } }, 'assumptions.fargate.launchBurst: must be a whole number, got 1.5'],
    ['launchPerSecond 0', { fargate: { launchPerSecond: 0 } }, 'assumptions.fargate.launchPerSecond: must be greater than 0, got 0'],
    ['launchPerSecond not a number', { fargate: { launchPerSecond: 'fast' } }, 'assumptions.fargate.launchPerSecond: expected a number, got "fast"'],
    ['misspelt fargate key', { fargate: { launchBrust: 5 } }, 'assumptions.fargate.launchBrust: unknown field "launchBrust"; did you mean "launchBurst"?'],
    ['fargate not a mapping', { fargate: 'legacy' }, 'assumptions.fargate: expected a mapping, got "legacy"'],
    ['unknown architecture', { lambda: { architecture: 'arm' } }, 'assumptions.lambda.architecture: must be one of x86_64, arm64, got "arm"; did you mean "arm64"?'],
    ['misspelt lambda key', { lambda: { arch: 'arm64' } }, 'assumptions.lambda.arch: unknown field "arch"'],
    ['misspelt assumptions block', { fargat: {} }, 'assumptions.fargat: unknown field "fargat"; did you mean "fargate"?'],
  ];
  it.each(bad)('%s', (_title, assumptions, expected) => {
    const doc = base();
    doc.assumptions = assumptions;
    const { scenario, issues } = parse(doc);
    expect(scenario).toBeNull();
    expect(errorsOf(issues)).toEqual([expected]);
  });
});
