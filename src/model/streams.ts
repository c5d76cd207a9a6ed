// Every named random stream of the model, built here and nowhere else. A stream's name is part of
// its seed, so these names are the common-random-numbers contract: renaming one changes outputs.
import { sampler, type Sampler } from '../engine/distribution.js';
import { RandomStreams, type Random } from '../engine/random.js';
import type { JobDefinition } from '../scenario/types.js';

export const STREAM = {
  submitToRunnable: 'submitToRunnable',
  containerStart: 'containerStart',
  arrivals: (workloadGroup: string) => `arrivals/${workloadGroup}`,
  runtime: (jobDefinition: string) => `runtime/${jobDefinition}`,
  runtimeFailure: (jobDefinition: string) => `runtime-failure/${jobDefinition}`,
  retryFailure: (jobDefinition: string) => `retry-failure/${jobDefinition}`,
  ec2Launch: (computeEnvironment: string) => `ec2Launch/${computeEnvironment}`,
  fargateLaunch: (computeEnvironment: string) => `fargateLaunch/${computeEnvironment}`,
  /** Fargate Spot uses the instance type FARGATE_SPOT. */
  spot: (computeEnvironment: string, instanceType: string) => `spot/${computeEnvironment}/${instanceType}`,
  /** Reclaims drawn on a replayed availability trace: their own stream, so a trace run shifts no rate run's numbers. */
  spotTrace: (computeEnvironment: string, instanceType: string) => `spot-trace/${computeEnvironment}/${instanceType}`,
  /** Whether a launch fails for insufficient capacity (assumptions.capacity launchFailureProbability). */
  capacity: (computeEnvironment: string, instanceType: string) => `capacity/${computeEnvironment}/${instanceType}`,
  /** An S3-triggered group's object sizes, and EventBridge's delivery of each upload's event. */
  objectSize: (workloadGroup: string) => `object-size/${workloadGroup}`,
  eventDelivery: (workloadGroup: string) => `event-delivery/${workloadGroup}`,
} as const;

/** A job definition's draws for first attempts: its runtime and whether the attempt fails. */
export interface FirstAttemptDraws {
  runtime: Sampler;
  failure: Random;
}

/** The scenario seed's streams, with the per-definition ones kept so the hot path looks them up once. */
export class ModelStreams {
  private readonly streams: RandomStreams;
  private readonly firstAttempt = new Map<string, FirstAttemptDraws>();
  /** The last definition asked for and its draws: consecutive submissions mostly share one. */
  private lastDefinition: JobDefinition | null = null;
  private lastDraws: FirstAttemptDraws | null = null;
  /** Whether a retry's application fails is drawn afresh, from its own stream per definition. */
  private readonly retries = new Map<string, Random>();

  constructor(seed: number) {
    this.streams = new RandomStreams(seed);
  }

  stream(name: string): Random {
    return this.streams.stream(name);
  }

  firstAttemptDraws(def: JobDefinition): FirstAttemptDraws {
    if (def === this.lastDefinition) return this.lastDraws!;
    let d = this.firstAttempt.get(def.jobDefinitionName);
    if (!d) {
      d = {
        runtime: sampler(def.runtime, this.streams.stream(STREAM.runtime(def.jobDefinitionName))),
        failure: this.streams.stream(STREAM.runtimeFailure(def.jobDefinitionName)),
      };
      this.firstAttempt.set(def.jobDefinitionName, d);
    }
    this.lastDefinition = def;
    this.lastDraws = d;
    return d;
  }

  retryFailure(def: JobDefinition): Random {
    let r = this.retries.get(def.jobDefinitionName);
    if (!r) {
      r = this.streams.stream(STREAM.retryFailure(def.jobDefinitionName));
      this.retries.set(def.jobDefinitionName, r);
    }
    return r;
  }
}
