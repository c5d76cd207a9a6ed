// A tiny instance catalogue for scenario tests, so they do not depend on the bundled data.
import type { Catalog, InstanceTypeInfo } from '../../src/model/catalog.js';

const type = (instanceType: string, vcpus: number, memoryGiB: number, usd: number, gpus = 0): InstanceTypeInfo => ({
  instanceType,
  family: instanceType.split('.')[0],
  vcpus,
  memoryMiB: memoryGiB * 1024,
  gpus,
  arch: 'x86_64',
  hypervisor: 'nitro',
  onDemandUsdPerHour: usd,
  networkMbps: null,
});

export function fakeCatalog(): Catalog {
  const types = [
    type('c5.large', 2, 4, 0.085),
    type('c5.xlarge', 4, 8, 0.17),
    type('c5.4xlarge', 16, 32, 0.68),
    type('m5.4xlarge', 16, 64, 0.768),
    type('m6i.large', 2, 8, 0.096),
    type('m6i.xlarge', 4, 16, 0.192),
    type('m6i.4xlarge', 16, 64, 0.768),
    type('c6i.large', 2, 4, 0.085),
    type('r6i.large', 2, 16, 0.126),
    type('r6i.4xlarge', 16, 128, 1.008),
    type('g4dn.xlarge', 4, 16, 0.526, 1),
  ];
  return {
    sources: {},
    instanceTypes: new Map(types.map((t) => [t.instanceType, t])),
    spotAdvisor: new Map(),
    fargate: new Map(),
    lambda: { requestUsdPerMillion: 0.2, x86GbSecondUsd: [], arm64GbSecondUsd: [] },
    ebsGp3UsdPerGiBMonth: 0.08,
    fargateStorageGbHourUsd: 0.000111,
  };
}
