// Building the model from a normalized Scenario: each compute environment's runtime with its
// prices, latencies and Spot streams; each job queue with its resolved environments; and job
// templates resolved once into the JobSpecs every job of a template shares.
import { sampler } from '../engine/distribution.js';
import { lazyModule } from '../engine/lazy.js';
import type { ComputeEnvironment, JobDefinition, JobTemplate, Scenario } from '../scenario/types.js';
import { usableMemoryMiB } from './capacity.js';
import type { Catalog } from './catalog.js';
import { ComputeEnvironmentRuntime } from './environments/ec2.js';
import type { FargateLaunchRates } from './environments/launchRate.js';
import type { AccountLimits, LaunchLimits } from './environments/launchLimits.js';
import type { Context, Environment } from './instance.js';
import type { JobSpec } from './job.js';
import { JobQueueRuntime } from './jobQueue.js';
import { ec2Candidates, ec2OnDemandPrice, fargateRates, spotHazardPerHour, traceHazards } from './pricing.js';
import type { Recorder } from './result.js';
import { STREAM, type ModelStreams } from './streams.js';
import type { PurchaseOption } from './types.js';

/**
 * Fargate environments, the account's launch limits and fair-share usage: loaded only for a scenario
 * that has them (start-up, issue 13: a module costs its reading and compiling whether used or not).
 */
const fargateModule = lazyModule<typeof import('./environments/fargate.js')>(import.meta.url, './environments/fargate.js', () => import('./environments/fargate.js'));
const launchLimitsModule = lazyModule<typeof import('./environments/launchLimits.js')>(import.meta.url, './environments/launchLimits.js', () => import('./environments/launchLimits.js'));
const shareUsageModule = lazyModule<typeof import('./shareUsage.js')>(import.meta.url, './shareUsage.js', () => import('./shareUsage.js'));

/**
 * The runtime of one compute environment, with its prices, latencies and Spot streams. Fargate
 * environments take their launch tokens from the account's buckets, which all of them share; every
 * environment's launches count against the account's service quotas (`account`).
 */
export function buildEnvironment(
  ce: ComputeEnvironment,
  scenario: Scenario,
  catalog: Catalog,
  streams: ModelStreams,
  ctx: Context,
  /** Null when the scenario has no Fargate environment. */
  launchRates: FargateLaunchRates | null,
  account: AccountLimits | null = null,
): Environment {
  const a = scenario.assumptions;
  const name = ce.computeEnvironmentName;
  const type = ce.computeResources?.type;
  const limitsFor = (option: PurchaseOption): LaunchLimits | null => {
    const l = account === null ? null : new (launchLimitsModule().LaunchLimits)(account, name, option);
    return l !== null && l.active ? l : null;
  };
  const interruptions = ce.computeResources?.spotInterruptions ?? a.spot.interruptions;
  const traced = interruptions.kind === 'trace' && (type === 'SPOT' || type === 'FARGATE_SPOT') ? traceHazards(interruptions.trace) : null;
  // A trace's reclaims come from streams of their own (spot-trace/…), so rate runs keep their numbers.
  const spotStream = (t: string) => streams.stream(traced !== null ? STREAM.spotTrace(name, t) : STREAM.spot(name, t));
  if (type === 'FARGATE' || type === 'FARGATE_SPOT') {
    const spot = type === 'FARGATE_SPOT';
    // Fargate Spot has no Advisor band; 'advisor' takes the lowest band's rate [EST].
    const hazard = spot ? spotHazardPerHour(interruptions, 0, a.spot.advisorReading, 'FARGATE_SPOT') : 0;
    const trace = traced?.get('FARGATE_SPOT') ?? null;
    return new (fargateModule().FargateEnvironmentRuntime)(ce, ctx, {
      launchRate: launchRates!.for(spot),
      launchDelay: sampler(a.fargateLaunch, streams.stream(STREAM.fargateLaunch(name))),
      rates: (arm64) => fargateRates(catalog, scenario, spot, arm64),
      hazardPerHour: trace !== null ? 0 : hazard,
      trace,
      noticeMs: a.spot.noticeMs,
      random: hazard > 0 || trace !== null ? spotStream('FARGATE_SPOT') : null,
    }, limitsFor(spot ? 'fargate-spot' : 'fargate'));
  }
  if (ce.type === 'UNMANAGED') {
    const fleet = ce.instances.map((g) => ({
      ...g,
      priceUsdPerHour: g.priceUsdPerHour ?? ec2OnDemandPrice(g.instanceType, catalog, scenario) ?? 0,
      // A custom shape has no hypervisor in the catalogue and is taken as Nitro [EST] (capacity.ts).
      usableMemoryMiB: usableMemoryMiB({ ...g, hypervisor: catalog.instanceTypes.get(g.instanceType)?.hypervisor }, a.registeredMemory),
    }));
    return new ComputeEnvironmentRuntime(ce, ctx, [], null, null, 0, null, fleet);
  }
  const spot = type === 'SPOT' ? { noticeMs: a.spot.noticeMs, random: spotStream, trace: traced } : null;
  const launch = sampler(a.ec2Launch, streams.stream(STREAM.ec2Launch(name)));
  return new ComputeEnvironmentRuntime(ce, ctx, ec2Candidates(ce, catalog, scenario), launch, spot, a.ec2BootMs, limitsFor(type === 'SPOT' ? 'spot' : 'on-demand'));
}

/** The job queues in declaration order, each with its computeEnvironmentOrder resolved. */
export function buildQueues(scenario: Scenario, environments: readonly Environment[]): JobQueueRuntime[] {
  const ceByName = new Map(environments.map((ce) => [ce.name, ce]));
  return scenario.jobQueues.map((q) => {
    const ces = q.computeEnvironmentOrder.map((o) => ceByName.get(o.computeEnvironment)!);
    const policy = q.schedulingPolicyArn === null ? null : scenario.schedulingPolicies.find((p) => p.name === q.schedulingPolicyArn)!;
    return new JobQueueRuntime(q, ces, policy ? new (shareUsageModule().FairShare)(policy) : null);
  });
}

/** Resolves a workload's job templates against the scenario's queues and definitions. */
export class JobSpecs {
  private readonly queueIndex = new Map<string, number>();
  private readonly definitions = new Map<string, JobDefinition>();

  constructor(
    scenario: Scenario,
    queues: readonly JobQueueRuntime[],
    private readonly recorder: Recorder,
  ) {
    queues.forEach((q, k) => this.queueIndex.set(q.name, k));
    for (const d of scenario.jobDefinitions) this.definitions.set(d.jobDefinitionName, d);
  }

  hasQueue(name: string): boolean {
    return this.queueIndex.has(name);
  }

  resolve(t: JobTemplate): JobSpec {
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
}
