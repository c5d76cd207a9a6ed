// Building the model from a normalized Scenario: each compute environment's runtime with its
// prices, latencies and Spot streams; each job queue with its resolved environments; and job
// templates resolved once into the JobSpecs every job of a template shares.
import { sampler } from '../engine/distribution.js';
import type { ComputeEnvironment, JobDefinition, JobTemplate, Scenario } from '../scenario/types.js';
import type { Catalog } from './catalog.js';
import { ComputeEnvironmentRuntime } from './environments/ec2.js';
import { FargateEnvironmentRuntime } from './environments/fargate.js';
import type { Context, Environment } from './instance.js';
import type { JobSpec } from './job.js';
import { JobQueueRuntime } from './jobQueue.js';
import { ec2Candidates, ec2OnDemandPrice, fargateRates, spotHazardPerHour } from './pricing.js';
import type { Recorder } from './result.js';
import { FairShare } from './shareUsage.js';
import { STREAM, type ModelStreams } from './streams.js';

/** The runtime of one compute environment, with its prices, latencies and Spot streams. */
export function buildEnvironment(ce: ComputeEnvironment, scenario: Scenario, catalog: Catalog, streams: ModelStreams, ctx: Context): Environment {
  const a = scenario.assumptions;
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
      launchDelay: sampler(a.fargateLaunch, streams.stream(STREAM.fargateLaunch(name))),
      rates: (arm64) => fargateRates(catalog, scenario, spot, arm64),
      hazardPerHour: hazard,
      noticeMs: a.spot.noticeMs,
      random: hazard > 0 ? streams.stream(STREAM.spot(name, 'FARGATE_SPOT')) : null,
    });
  }
  if (ce.type === 'UNMANAGED') {
    const instances = ce.instances.map((g) => ({ ...g, priceUsdPerHour: g.priceUsdPerHour ?? ec2OnDemandPrice(g.instanceType, catalog, scenario) ?? 0 }));
    return new ComputeEnvironmentRuntime({ ...ce, instances }, ctx, [], null, null);
  }
  const spot = type === 'SPOT' ? { noticeMs: a.spot.noticeMs, random: (t: string) => streams.stream(STREAM.spot(name, t)) } : null;
  const launch = sampler(a.ec2Launch, streams.stream(STREAM.ec2Launch(name)));
  return new ComputeEnvironmentRuntime(ce, ctx, ec2Candidates(ce, catalog, scenario), launch, spot, a.ec2BootMs);
}

/** The job queues in declaration order, each with its computeEnvironmentOrder resolved. */
export function buildQueues(scenario: Scenario, environments: readonly Environment[]): JobQueueRuntime[] {
  const ceByName = new Map(environments.map((ce) => [ce.name, ce]));
  return scenario.jobQueues.map((q) => {
    const ces = q.computeEnvironmentOrder.map((o) => ceByName.get(o.computeEnvironment)!);
    const policy = q.schedulingPolicyArn === null ? null : scenario.schedulingPolicies.find((p) => p.name === q.schedulingPolicyArn)!;
    return new JobQueueRuntime(q, ces, policy ? new FairShare(policy) : null);
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
