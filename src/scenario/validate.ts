// The validate stage: cross-references and whole-scenario rules over the normalized form (what
// read/ cannot see from one value at a time). Pure.
import { GENERATIONS, shapeFits, smallestFitting, usableMemoryMiB, type RegisteredMemoryOverrides } from '../model/capacity.js';
import { expandInstanceTypes, type Catalog, type InstanceTypeInfo } from '../model/catalog.js';
import { declaresDataMovement } from '../model/dataMovement.js';
import { QUOTA_CLASSES } from '../model/quotaClasses.js';
import { isFargateSize, nearestFargateSizes } from './fargate-sizes.js';
import { indexPath, joinPath, type Issue } from './issues.js';
import * as m from './messages.js';
import { mean as meanOf } from '../engine/distribution.js';
import { END_OF_TIME_MS, estimateRun, LARGE_RUN, MAX_INSTANCES, MAX_JOBS, MAX_SAMPLE_INSTANTS, samplingIntervalMs, type RunEstimate } from './estimate.js';
import { Reader } from './read/reader.js';
import { firesFrom, nextFiring, parseSchedule } from '../workload/schedule.js';
import { uniqueNames } from './names.js';
import { lazyModule } from '../engine/lazy.js';
import { nameFromArn } from '../model/arns.js';
import { isFargate, startsStateMachines, type Arrivals, type ComputeEnvironment, type JobDefinition, type JobQueue, type JobTemplate, type Scenario, type WorkloadGroup } from './types.js';
import type { DistributionSpec } from '../engine/distribution.js';

/** An epoch instant as messages print it: ISO 8601 UTC, without milliseconds when there are none. */
const instantText = (epochMs: number): string => new Date(epochMs).toISOString().replace('.000Z', 'Z');

/** The regions the bundled data prices (Spot Instance Advisor, Fargate). */
const knownRegions = (catalog: Catalog): string[] => [...new Set([...catalog.spotAdvisor.keys(), ...catalog.fargate.keys()])].sort();

/** The Step Functions checks (validatePipelines.ts), loaded only for a scenario with a pipeline (start-up). */
const validatePipelinesModule = lazyModule<typeof import('./validatePipelines.js')>(import.meta.url, './validatePipelines.js', () => import('./validatePipelines.js'));

/** Every cross-reference problem of a read scenario, each at its dotted path. */
export function validateScenario(s: Scenario, catalog: Catalog, options: { records: boolean } = { records: true }): Issue[] {
  const r = new Reader();
  const ces = uniqueNames(r, s.computeEnvironments.map((c) => c.computeEnvironmentName), 'computeEnvironments', 'computeEnvironmentName', m.KIND.computeEnvironment);
  const queues = uniqueNames(r, s.jobQueues.map((q) => q.jobQueueName), 'jobQueues', 'jobQueueName', m.KIND.jobQueue);
  const definitions = uniqueNames(r, s.jobDefinitions.map((d) => d.jobDefinitionName), 'jobDefinitions', 'jobDefinitionName', m.KIND.jobDefinition);
  const policies = uniqueNames(r, s.schedulingPolicies.map((p) => p.name), 'schedulingPolicies', 'name', m.KIND.schedulingPolicy);
  uniqueNames(r, s.workload.map((g) => g.name), 'workload', 'name', m.KIND.workloadGroup);
  // A region Fargate prices needs no look at the Spot Advisor's (whose file is then never read).
  const region = s.assumptions.region;
  const regions = catalog.fargate.has(region) || catalog.spotAdvisor.has(region) ? null : knownRegions(catalog);
  if (regions !== null && regions.length > 0) r.error('assumptions.region', m.unknownRegion(region, regions));
  else if (region !== 'us-east-1') {
    r.warning('assumptions.region', m.pricesAreUsEast1(region));
    // The pipeline price table (metrics/pipelinePrices.ts) is us-east-1's but for Standard transitions.
    const express = startsStateMachines(s) && (s.stateMachines ?? []).some((sm) => sm.type === 'EXPRESS');
    const ownPrices = Object.keys(s.prices.pipeline).length > 0;
    if (!ownPrices && (declaresDataMovement(s) || express)) r.warning('assumptions.region', m.pipelinePricesAreUsEast1(region, declaresDataMovement(s), express));
  }
  if (s.workload.length === 0) r.warning('workload', m.noWorkload());
  checkRegisteredMemory(r, s, catalog);
  s.assumptions.capacity.forEach((rule, i) => {
    if (!catalog.instanceTypes.has(rule.instanceType))
      r.error(joinPath(indexPath('assumptions.capacity', i), 'instanceType'), m.unknownInstanceType(rule.instanceType, [...catalog.instanceTypes.keys()]));
  });
  s.computeEnvironments.forEach((ce, i) => checkArchitectures(r, ce, indexPath('computeEnvironments', i), catalog));

  s.jobQueues.forEach((q, qi) => {
    const path = indexPath('jobQueues', qi);
    if (q.schedulingPolicyArn !== null && !policies.has(q.schedulingPolicyArn))
      r.error(joinPath(path, 'schedulingPolicyArn'), m.noNamed(m.KIND.schedulingPolicy, q.schedulingPolicyArn, [...policies.keys()]));
    const inQueue = new Set<string>();
    let ec2: string | null = null;
    let fargate: string | null = null;
    q.computeEnvironmentOrder.forEach((entry, i) => {
      const at = joinPath(indexPath(joinPath(path, 'computeEnvironmentOrder'), i), 'computeEnvironment');
      const name = entry.computeEnvironment;
      if (name === '') return;
      const ceIndex = ces.get(name);
      if (ceIndex === undefined) return r.error(at, m.noNamed(m.KIND.computeEnvironment, name, [...ces.keys()]));
      if (inQueue.has(name)) r.error(at, m.repeatedInQueue(name));
      inQueue.add(name);
      // UNMANAGED environments are EC2 for this rule.
      if (isFargate(s.computeEnvironments[ceIndex])) fargate ??= name;
      else ec2 ??= name;
    });
    if (ec2 !== null && fargate !== null) r.error(joinPath(path, 'computeEnvironmentOrder'), m.mixedQueue(ec2, fargate));
  });

  s.workload.forEach((group, gi) => validateGroup(r, s, group, indexPath('workload', gi), { queues, definitions }, catalog));
  // Only a scenario with state machines, or a group naming one, has anything there to check.
  if ((s.stateMachines?.length ?? 0) > 0 || startsStateMachines(s)) validatePipelinesModule().validatePipelines(r, s, { queues, definitions });
  checkImagePulls(r, s);
  checkDisabled(r, s, queues);
  checkInstances(r, s, catalog);
  checkSize(r, s, options.records);
  noteSubmitJobRate(r, s);
  return r.issues;
}

/**
 * A queue that receives jobs but can never run them, because it is DISABLED or none of its compute
 * environments is ENABLED: valid, but every job sent there stays RUNNABLE, and the run's reason
 * for them (no environment had room) does not say why. Queues named by a workload group's jobs, a
 * trace's queue column, or a started state machine's Tasks (a queue taken from the input at run
 * time cannot be known here).
 */
function checkDisabled(r: Reader, s: Scenario, queues: Map<string, number>): void {
  const dead = s.jobQueues.map((q, qi) => q.state === 'DISABLED' || queueEnvironments(s, qi).every((ce) => ce.state === 'DISABLED'));
  // Nothing to find (the usual case): no trace is walked.
  if (!dead.includes(true)) return;
  const receiving = new Set<string>();
  const started = new Set<string>();
  for (const g of s.workload) {
    if (g.stateMachine) started.add(g.stateMachine);
    for (const j of g.jobs) receiving.add(j.jobQueue);
    if (g.arrivals.kind === 'trace') for (const rec of g.arrivals.trace.jobs) if (rec.queue !== null) receiving.add(rec.queue);
  }
  for (const sm of s.stateMachines ?? [])
    if (started.has(sm.stateMachineName)) for (const ref of sm.refs) if (ref.kind === 'jobQueue') receiving.add(nameFromArn(ref.name, 'job-queue'));
  s.jobQueues.forEach((q, qi) => {
    if (!dead[qi] || queues.get(q.jobQueueName) !== qi || !receiving.has(q.jobQueueName)) return;
    const path = indexPath('jobQueues', qi);
    if (q.state === 'DISABLED') r.warning(joinPath(path, 'state'), m.disabledQueue(q.jobQueueName));
    const environments = queueEnvironments(s, qi);
    // A queue naming no environment that exists is already an error.
    if (environments.length > 0 && environments.every((ce) => ce.state === 'DISABLED'))
      r.warning(joinPath(path, 'computeEnvironmentOrder'), m.noEnabledEnvironment(q.jobQueueName, environments.map((ce) => ce.computeEnvironmentName)));
  });
}

/** Images and their pull times: an image without one keeps containerStart's timing; an entry no definition uses does nothing. */
function checkImagePulls(r: Reader, s: Scenario): void {
  const images = s.assumptions.imagePull?.images ?? {};
  const used = new Set<string>();
  s.jobDefinitions.forEach((d, i) => {
    if (d.image == null) return;
    used.add(d.image);
    const at = d.type === 'multinode' ? 'nodeProperties.nodeRangeProperties[0].container.image' : 'containerProperties.image';
    if (!Object.hasOwn(images, d.image)) r.note(joinPath(indexPath('jobDefinitions', i), at), m.imageWithoutPullTime(d.image));
  });
  for (const image of Object.keys(images)) if (!used.has(image)) r.warning(joinPath('assumptions.imagePull.images', image), m.imagePullUnused(image));
}

function validateGroup(r: Reader, s: Scenario, group: WorkloadGroup, path: string, names: { queues: Map<string, number>; definitions: Map<string, number> }, catalog: Catalog): void {
  const a = group.arrivals;
  if ((a.kind === 'poisson' || a.kind === 'every' || a.kind === 'schedule') && a.count === null && a.untilMs === null && s.untilMs === null)
    r.error(joinPath(path, 'arrivals'), m.rateNeedsEnd());
  if (a.kind === 'burst' && a.schedule !== null && s.untilMs === null) r.error(joinPath(path, 'arrivals.burst.schedule'), m.burstNeedsEnd());
  const expression = a.kind === 'schedule' ? a.expression : a.kind === 'burst' ? a.schedule : null;
  const schedule = expression === null ? null : parseSchedule(expression);
  if (schedule?.ok && !firesFrom(schedule.schedule, s.startAtMs))
    r.error(joinPath(path, a.kind === 'burst' ? 'arrivals.burst.schedule' : 'arrivals.schedule'), m.neverFires(expression!, instantText(s.startAtMs)));
  checkFirstArrival(r, s, a, joinPath(path, 'arrivals'));
  const jobsPath = joinPath(path, 'jobs');
  const jobs = uniqueNames(r, group.jobs.map((j) => j.jobName), jobsPath, 'jobName', m.KIND.job);
  group.jobs.forEach((job, ji) => {
    const at = indexPath(jobsPath, ji);
    const queueIndex = names.queues.get(job.jobQueue);
    const definitionIndex = names.definitions.get(job.jobDefinition);
    if (job.jobQueue !== '' && queueIndex === undefined) r.error(joinPath(at, 'jobQueue'), m.noNamed(m.KIND.jobQueue, job.jobQueue, [...names.queues.keys()]));
    if (job.jobDefinition !== '' && definitionIndex === undefined)
      r.error(joinPath(at, 'jobDefinition'), m.noNamed(m.KIND.jobDefinition, job.jobDefinition, [...names.definitions.keys()]));
    if (queueIndex !== undefined) {
      const queue = s.jobQueues[queueIndex];
      if (queue.schedulingPolicyArn !== null && job.shareIdentifier === null) r.error(joinPath(at, 'shareIdentifier'), m.needsShareIdentifier(queue.jobQueueName));
      if (definitionIndex !== undefined) {
        const definition = s.jobDefinitions[definitionIndex];
        const placed: Placement = {
          path: at,
          queue,
          definition,
          environments: queueEnvironments(s, queueIndex),
          vcpus: job.vcpus ?? definition.vcpus,
          memoryMiB: job.memoryMiB ?? definition.memoryMiB,
        };
        checkPlatform(r, placed);
        checkEc2Vcpus(r, placed, job.vcpus !== null, job.vcpus !== null ? joinPath(at, 'containerOverrides.resourceRequirements') : at);
        checkMultinode(r, placed);
        checkFargate(r, s, placed);
        checkFits(r, s, placed, catalog);
        checkJobArchitecture(r, placed, catalog);
      }
    }
    job.dependsOn.forEach((dep, di) => {
      const dPath = indexPath(joinPath(at, 'dependsOn'), di);
      if (dep.type === 'SEQUENTIAL') {
        if (dep.jobName !== job.jobName) r.error(joinPath(dPath, 'jobName'), m.sequentialOtherJob(dep.jobName));
        else if (job.arraySize === null) r.error(joinPath(dPath, 'type'), m.sequentialNeedsArray());
        return;
      }
      if (dep.jobName === '') return;
      if (dep.jobName === job.jobName) return r.error(joinPath(dPath, 'jobName'), m.dependsOnSelf());
      const target = jobs.get(dep.jobName);
      if (target === undefined) return r.error(joinPath(dPath, 'jobName'), m.noNamed(m.KIND.jobInGroup, dep.jobName, [...jobs.keys()]));
      const other = group.jobs[target];
      if (dep.type === 'N_TO_N' && (job.arraySize === null || job.arraySize !== other.arraySize))
        r.error(joinPath(dPath, 'type'), m.nToNNeedsArrays(job.jobName, other.jobName));
    });
  });
  checkTraceFits(r, s, group, path, names.queues, names.definitions, catalog);
  const cycle = findCycle(group.jobs, jobs);
  if (cycle) r.error(joinPath(indexPath(jobsPath, jobs.get(cycle[0]) ?? 0), 'dependsOn'), m.dependencyCycle(cycle));
}

/**
 * A group whose first arrival comes after its until, or the scenario's, never submits anything:
 * valid, but the run has nothing of it to do (as an empty workload, which is warned of too).
 */
function checkFirstArrival(r: Reader, s: Scenario, a: Arrivals, path: string): void {
  const own = a.kind === 'every' || a.kind === 'poisson' || a.kind === 'schedule' ? a.untilMs : null;
  const untilMs = own !== null && (s.untilMs === null || own <= s.untilMs) ? own : s.untilMs;
  if (untilMs === null) return;
  const first = firstArrivalMs(a, s.startAtMs);
  if (first !== null && first > untilMs) r.warning(path, m.firstArrivalAfterUntil(first, untilMs, untilMs === own));
}

/** The instant of a group's first arrival, when it does not depend on random draws (a poisson stream's does). */
function firstArrivalMs(a: Arrivals, startAtMs: number): number | null {
  const firstFiring = (expression: string): number | null => {
    const parsed = parseSchedule(expression);
    const at = parsed.ok ? nextFiring(parsed.schedule, parsed.schedule.kind === 'cron' ? startAtMs - 1 : startAtMs, startAtMs) : null;
    return at === null ? null : at - startAtMs;
  };
  switch (a.kind) {
    case 'at':
      return a.atMs[0] ?? null;
    case 'every':
      return a.everyMs; // like a rate schedule, one period after the start (arrivals.ts)
    case 'schedule':
      return firstFiring(a.expression);
    case 'burst':
      return a.atMs !== null ? a.atMs[0] ?? null : a.schedule !== null ? firstFiring(a.schedule) : null;
    case 'trace':
    case 'poisson':
      return null;
  }
}

/** A job template resolved against its queue and definition: what the placement checks look at. */
interface Placement {
  path: string;
  queue: JobQueue;
  definition: JobDefinition;
  /** The queue's compute environments that exist, in the order written. */
  environments: ComputeEnvironment[];
  vcpus: number;
  memoryMiB: number;
}

/** The compute environments a queue names that exist, in the order written. */
function queueEnvironments(s: Scenario, queueIndex: number): ComputeEnvironment[] {
  return s.jobQueues[queueIndex].computeEnvironmentOrder
    .map((e) => s.computeEnvironments.find((c) => c.computeEnvironmentName === e.computeEnvironment))
    .filter((c): c is ComputeEnvironment => c !== undefined);
}

/** A job definition for one platform sent to a queue of the other never runs. */
function checkPlatform(r: Reader, { path, queue, definition, environments }: Placement): void {
  const first = environments[0];
  if (!first) return;
  const kind = isFargate(first) ? 'FARGATE' : 'EC2';
  if (!definition.platformCapabilities.includes(kind))
    r.error(joinPath(path, 'jobDefinition'), m.platformMismatch(definition.jobDefinitionName, definition.platformCapabilities, queue.jobQueueName, kind));
}

/**
 * A fractional vCPU sent to an EC2 queue: from an override, or from a definition that also allows
 * Fargate (the reader refuses an EC2-only one). AWS requires at least one vCPU on EC2 (ResourceRequirement).
 */
function checkEc2Vcpus(r: Reader, { queue, definition, environments, vcpus }: Placement, overridden: boolean, path: string): void {
  const first = environments[0];
  if (first === undefined || isFargate(first) || vcpus <= 0 || vcpus >= 1) return;
  if (!overridden && !definition.platformCapabilities.includes('FARGATE')) return;
  r.error(path, m.ec2VcpuOnQueue(queue.jobQueueName, vcpus));
}

/** What an environment is, for the MNP rule: SPOT, FARGATE, FARGATE_SPOT, UNMANAGED or EC2. */
const environmentKind = (ce: ComputeEnvironment): string => (ce.type === 'UNMANAGED' ? 'UNMANAGED' : ce.computeResources?.type ?? 'EC2');

/** Multi-node parallel jobs run only on on-demand EC2 managed environments (AWS-BATCH-BEHAVIOUR §2.6). */
function checkMultinode(r: Reader, { path, queue, definition, environments }: Placement): void {
  if (definition.type !== 'multinode') return;
  const bad = environments.find((ce) => environmentKind(ce) !== 'EC2');
  if (bad) r.error(joinPath(path, 'jobDefinition'), m.multinodeOnEnvironment(definition.jobDefinitionName, queue.jobQueueName, bad.computeEnvironmentName, environmentKind(bad)));
}

/** A job bound for Fargate: a valid task size and no GPUs (ARM64 runs on Fargate Spot too, from platform 1.4.0). */
function checkFargate(r: Reader, s: Scenario, { path, queue, definition, environments, vcpus, memoryMiB }: Placement): void {
  if (!environments.some(isFargate)) return;
  if (definition.gpus > 0) r.error(path, m.gpuJobOnFargate(queue.jobQueueName));
  const limits = s.assumptions.fargate.limits;
  // 0 means the definition's shape was missing or wrong, which is already reported.
  if (vcpus > 0 && memoryMiB > 0 && !isFargateSize(vcpus, memoryMiB, limits))
    r.error(path, m.fargateSize(vcpus, memoryMiB, limits, nearestFargateSizes(vcpus, memoryMiB, limits)));
}

/** The CPU architectures a MANAGED EC2 or Spot environment's allowed types span, sorted (empty otherwise). */
function architecturesOf(ce: ComputeEnvironment, catalog: Catalog): ('arm64' | 'x86_64')[] {
  const resources = ce.computeResources;
  if (ce.type !== 'MANAGED' || resources === null || isFargate(ce)) return [];
  return [...new Set(expandInstanceTypes(resources.instanceTypes, catalog).map((t) => t.arch))].sort();
}

/**
 * AWS refuses a managed environment whose types mix x86_64 and arm64: CreateComputeEnvironment fails
 * with "arm-based instance type cannot be used with other instance types." (e.g. `optimal` with m6g;
 * https://github.com/aws/aws-cdk/issues/31148).
 */
function checkArchitectures(r: Reader, ce: ComputeEnvironment, path: string, catalog: Catalog): void {
  if (architecturesOf(ce, catalog).length < 2) return;
  const types = expandInstanceTypes(ce.computeResources!.instanceTypes, catalog);
  const first = (arch: string): string => types.find((t) => t.arch === arch)!.instanceType;
  r.error(joinPath(path, 'computeResources.instanceTypes'), m.mixedArchitectures(first('x86_64'), first('arm64')));
}

/**
 * A job runs only on instances of its image's architecture (runtimePlatform.cpuArchitecture,
 * default X86_64): an EC2 environment of the other one never places it, nor scales out for it.
 */
function checkJobArchitecture(r: Reader, { path, queue, definition, environments }: Placement, catalog: Catalog): void {
  const jobArch = definition.cpuArchitecture === 'ARM64' ? 'arm64' : 'x86_64';
  const other = environments.filter((ce) => {
    const arches = architecturesOf(ce, catalog);
    return arches.length === 1 && arches[0] !== jobArch;
  });
  if (other.length === 0) return;
  const ec2 = environments.filter((ce) => !isFargate(ce));
  r.warning(path, m.wrongArchitecture(definition.jobDefinitionName, definition.cpuArchitecture, queue.jobQueueName, other.map((ce) => ce.computeEnvironmentName), other.length === ec2.length));
}

/**
 * assumptions.registeredMemory: each key an instance type, a family or a generation; MiB only for
 * one instance type, and no more than it has.
 */
function checkRegisteredMemory(r: Reader, s: Scenario, catalog: Catalog): void {
  const generations: readonly string[] = GENERATIONS;
  // Nothing to check, and no need to gather the catalogue's 1,370 types' families.
  if (Object.keys(s.assumptions.registeredMemory).length === 0) return;
  const families = new Set([...catalog.instanceTypes.values()].map((t) => t.family));
  // Custom UNMANAGED shapes can be named too: they are instance types of the scenario's own.
  const custom = new Map(s.computeEnvironments.flatMap((ce) => ce.instances.map((g) => [g.instanceType, g.memoryMiB] as const)));
  for (const [key, value] of Object.entries(s.assumptions.registeredMemory)) {
    const at = joinPath('assumptions.registeredMemory', key);
    const nominal = catalog.instanceTypes.get(key)?.memoryMiB ?? custom.get(key);
    if (nominal !== undefined) {
      if (value > 1 && value > nominal) r.error(at, m.registeredMemoryAboveNominal(key, nominal, value));
    } else if (families.has(key) || generations.includes(key)) {
      if (value > 1) r.error(at, m.registeredMemoryShare(key, value));
    } else r.error(at, m.registeredMemoryKey(key, [...generations, ...families]));
  }
}

/** A job's demand, as the fit checks read it. */
interface Shape {
  vcpus: number;
  memoryMiB: number;
  gpus: number;
}

/** An instance type with the memory it registers for jobs under the scenario's assumptions (the model's own numbers). */
type TypeWithRoom = InstanceTypeInfo & { usableMemoryMiB: number };
const withRoom = (types: readonly InstanceTypeInfo[], memory: RegisteredMemoryOverrides): TypeWithRoom[] =>
  types.map((t) => ({ ...t, usableMemoryMiB: usableMemoryMiB(t, memory) }));

/** Whether some EC2 environment of a queue could ever hold the shape (Fargate sizes are checkFargate's). */
function environmentsHold(environments: readonly ComputeEnvironment[], { vcpus, memoryMiB, gpus }: Shape, catalog: Catalog, memory: RegisteredMemoryOverrides): boolean {
  // Against the memory an instance registers for jobs, not its nominal size (the 8 GiB trap).
  const fits = (room: { vcpus: number; usableMemoryMiB: number; gpus: number }): boolean => shapeFits(room, vcpus, memoryMiB, gpus);
  return environments.some((ce) => {
    if (isFargate(ce)) return false;
    // An entry of count 0 is no instance at all.
    if (ce.type === 'UNMANAGED')
      return ce.instances.some((g) => g.count > 0 && fits({ ...g, usableMemoryMiB: usableMemoryMiB({ ...g, hypervisor: catalog.instanceTypes.get(g.instanceType)?.hypervisor }, memory) }));
    const resources = ce.computeResources;
    return resources !== null && vcpus <= resources.maxvCpus && withRoom(expandInstanceTypes(resources.instanceTypes, catalog), memory).some(fits);
  });
}

/** What would hold a shape no environment of the queue holds: a bigger type of an environment's families, more maxvCpus. */
function capacityHint(environments: readonly ComputeEnvironment[], { vcpus, memoryMiB, gpus }: Shape, catalog: Catalog, memory: RegisteredMemoryOverrides): string[] {
  const hints: string[] = [];
  for (const ce of environments) {
    const resources = ce.computeResources;
    if (ce.type === 'UNMANAGED' && ce.instances.every((g) => g.count === 0)) hints.push(m.unmanagedWithoutInstances(ce.computeEnvironmentName));
    if (isFargate(ce) || ce.type === 'UNMANAGED' || resources === null) continue;
    const allowed = withRoom(expandInstanceTypes(resources.instanceTypes, catalog), memory);
    const families = [...new Set(allowed.map((t) => t.family))];
    const bigger = smallestFitting(withRoom(expandInstanceTypes(families, catalog), memory), vcpus, memoryMiB, gpus);
    const given = allowed.some((t) => shapeFits(t, vcpus, memoryMiB, gpus));
    if (bigger === null) hints.push(m.wouldHold(ce.computeEnvironmentName, null, null));
    else hints.push(m.wouldHold(ce.computeEnvironmentName, given ? null : bigger, vcpus > resources.maxvCpus ? vcpus : null));
  }
  return hints;
}

/** Valid but suspicious: a job no instance of its queue can hold blocks the queue (JOB_RESOURCE_REQUIREMENT). */
function checkFits(r: Reader, s: Scenario, { path, queue, definition, environments, vcpus, memoryMiB }: Placement, catalog: Catalog): void {
  const shape = { vcpus, memoryMiB, gpus: definition.gpus };
  const memory = s.assumptions.registeredMemory;
  if (!environments.some((ce) => !isFargate(ce)) || environmentsHold(environments, shape, catalog, memory)) return;
  // Only UNMANAGED fleets of no instance: what an instance registers is beside the point.
  const empty = environments.every((ce) => ce.type === 'UNMANAGED' && ce.instances.every((g) => g.count === 0));
  if (empty) r.warning(path, m.noInstanceAtAll(queue.jobQueueName, environments.map((ce) => ce.computeEnvironmentName)));
  else r.warning(path, m.neverFits(queue.jobQueueName, shape, capacityHint(environments, shape, catalog, memory)));
}

/** Trace records no environment of their queue can hold, counted per queue with the largest. */
function checkTraceFits(r: Reader, s: Scenario, group: WorkloadGroup, path: string, queues: Map<string, number>, definitions: Map<string, number>, catalog: Catalog): void {
  const a = group.arrivals;
  const template = group.jobs[0];
  if (a.kind !== 'trace' || template === undefined) return;
  const definition = s.jobDefinitions[definitions.get(template.jobDefinition) ?? -1];
  if (definition === undefined) return;
  // Whether the queue's environments hold a shape, by queue, vCPUs and memory: numbers as keys, so
  // the loop over 200,000 records builds no key string (Map's SameValueZero tells apart the same
  // numbers a key string did).
  const held = new Map<string, Map<number, Map<number, boolean>>>();
  const misfits = new Map<string, { count: number; largest: Shape }>();
  const jobs = a.trace.jobs;
  const gpus = definition.gpus;
  let lastByVcpus: Map<number, Map<number, boolean>> | null = null;
  let lastVcpus = NaN;
  let lastMemoryMiB = NaN;
  let lastFits = false;
  for (let i = 0; i < jobs.length; i++) {
    const rec = jobs[i];
    const queue = rec.queue !== null && queues.has(rec.queue) ? rec.queue : template.jobQueue;
    let byVcpus = held.get(queue);
    if (byVcpus === undefined) {
      if (!queues.has(queue)) continue;
      held.set(queue, (byVcpus = new Map()));
    }
    const vcpus = rec.vcpus ?? template.vcpus ?? definition.vcpus;
    const memoryMiB = rec.memoryMiB ?? template.memoryMiB ?? definition.memoryMiB;
    // Logs come in runs of one shape (3 records in 4 of HPC2N's have the shape of the one before).
    if (byVcpus !== lastByVcpus || !Object.is(vcpus, lastVcpus) || !Object.is(memoryMiB, lastMemoryMiB)) {
      let byMemory = byVcpus.get(vcpus);
      if (byMemory === undefined) byVcpus.set(vcpus, (byMemory = new Map()));
      let fits = byMemory.get(memoryMiB);
      if (fits === undefined) {
        const environments = queueEnvironments(s, queues.get(queue)!);
        fits = !environments.some((ce) => !isFargate(ce)) || environmentsHold(environments, { vcpus, memoryMiB, gpus }, catalog, s.assumptions.registeredMemory);
        byMemory.set(memoryMiB, fits);
      }
      lastByVcpus = byVcpus;
      lastVcpus = vcpus;
      lastMemoryMiB = memoryMiB;
      lastFits = fits;
    }
    if (lastFits) continue;
    const seen = misfits.get(queue);
    if (seen === undefined) misfits.set(queue, { count: 1, largest: { vcpus, memoryMiB, gpus } });
    else {
      seen.count++;
      if (vcpus > seen.largest.vcpus || (vcpus === seen.largest.vcpus && memoryMiB > seen.largest.memoryMiB)) seen.largest = { vcpus, memoryMiB, gpus };
    }
  }
  for (const [queue, { count, largest }] of misfits)
    r.warning(joinPath(path, 'arrivals.trace.file'), m.traceNeverFits(queue, count, a.trace.jobs.length, largest, capacityHint(queueEnvironments(s, queues.get(queue)!), largest, catalog, s.assumptions.registeredMemory)));
}

/**
 * A run far beyond the usual is warned of, with the likely unit mistake; one past MAX_JOBS is
 * refused. `records`: the run writes record files (not `run --outputs summary`), so their size counts.
 */
function checkSize(r: Reader, s: Scenario, records: boolean): void {
  const estimate = estimateRun(s);
  let refused = false;
  estimate.jobsByGroup.forEach((jobs, gi) => {
    if (Number.isFinite(jobs) && jobs > MAX_JOBS) {
      r.error(joinPath(indexPath('workload', gi), 'arrivals'), m.tooManyJobs(jobs, MAX_JOBS));
      refused = true;
    }
  });
  if (refused || !Number.isFinite(estimate.jobs) || !Number.isFinite(estimate.horizonMs)) return;
  const pastEnd = checkEndOfTime(r, s, estimate);
  if (pastEnd) return;
  const outputBytes = records ? estimate.outputBytes : null;
  if (estimate.jobs > LARGE_RUN.jobs || estimate.horizonMs > LARGE_RUN.horizonMs || (outputBytes !== null && outputBytes > LARGE_RUN.outputBytes))
    r.warning('', m.largeRun({ ...estimate, outputBytes }));
  const interval = samplingIntervalMs(s, estimate);
  // The instants at the interval the run uses, counted as estimateRun counts them at the scenario's own.
  // Only a run that records its time series samples it (run --outputs summary does not).
  if (records && s.assumptions.timeseriesMode === 'interval' && interval !== s.assumptions.timeseriesIntervalMs)
    r.warning(
      'assumptions.timeseriesInterval',
      m.coarserSampling(estimate.sampleInstants, s.assumptions.timeseriesIntervalMs, interval, Math.floor(estimate.horizonMs / interval) + 1, MAX_SAMPLE_INSTANTS),
    );
}

/** The longest value a distribution draws, or its mean when it has no bound (exponential, lognormal). */
function longestDraw(d: DistributionSpec): number {
  if (d.kind === 'fixed') return d.value;
  if (d.kind === 'uniform') return d.max;
  if (d.kind === 'empirical') return d.samples.reduce((a, b) => Math.max(a, b), 0);
  return meanOf(d);
}

/**
 * Every instant of a run, startAt + ms, must be before END_OF_TIME_MS (2200-01-01): past it the
 * outputs cannot print the run's instants as dates. A value that alone reaches past it is refused
 * at its field; else a run whose estimated end does, at the group that ends last (or at the
 * workload, when its work queued behind the fleet is what takes so long). Whether one was refused.
 */
function checkEndOfTime(r: Reader, s: Scenario, estimate: RunEstimate): boolean {
  const room = END_OF_TIME_MS - s.startAtMs;
  const startAt = instantText(s.startAtMs);
  let refused = false;
  const check = (path: string, ms: number): void => {
    if (ms < room) return;
    r.error(path, m.pastEndOfTime(ms, startAt));
    refused = true;
  };
  if (s.untilMs !== null) check('until', s.untilMs);
  s.jobDefinitions.forEach((d, i) => check(joinPath(indexPath('jobDefinitions', i), 'simulation.runtime'), longestDraw(d.runtime)));
  s.workload.forEach((g, gi) => {
    const a = g.arrivals;
    const path = joinPath(indexPath('workload', gi), 'arrivals');
    if (a.kind === 'at') check(joinPath(path, 'at'), a.atMs.at(-1) ?? 0);
    if (a.kind === 'every') check(joinPath(path, 'every'), a.everyMs);
    if (a.kind === 'burst' && a.atMs !== null) check(joinPath(path, 'burst.at'), a.atMs.at(-1) ?? 0);
  });
  if (refused || estimate.horizonMs < room) return refused;
  const last = estimate.endsByGroup.reduce((best, end, gi) => (end > estimate.endsByGroup[best] ? gi : best), 0);
  const end = estimate.endsByGroup[last] ?? 0;
  if (end >= room) {
    const path = joinPath(indexPath('workload', last), s.workload[last].arrivals.kind === 'trace' ? 'arrivals.trace.file' : 'arrivals');
    r.error(path, m.groupPastEndOfTime(end, startAt));
  } else r.error('workload', m.workPastEndOfTime(estimate.horizonMs, startAt));
  return true;
}

/**
 * The instances a run must hold from its start, refused past MAX_INSTANCES at the field that asks
 * for most of them: UNMANAGED counts, and MANAGED EC2 or Spot minvCpus or desiredvCpus over the
 * smallest allowed type's vCPUs (Batch keeps at least minvCpus running and starts at desiredvCpus:
 * https://docs.aws.amazon.com/batch/latest/APIReference/API_ComputeResource.html). maxvCpus is a
 * ceiling that demand may never reach, so it is not counted.
 */
function checkInstances(r: Reader, s: Scenario, catalog: Catalog): void {
  let total = 0;
  let largest = { path: '', instances: 0 };
  const add = (path: string, instances: number): void => {
    total += instances;
    if (instances > largest.instances) largest = { path, instances };
  };
  s.computeEnvironments.forEach((ce, i) => {
    const path = indexPath('computeEnvironments', i);
    if (ce.type === 'UNMANAGED') ce.instances.forEach((g, k) => add(joinPath(indexPath(joinPath(path, 'simulation.instances'), k), 'count'), g.count));
    const resources = ce.computeResources;
    if (ce.type !== 'MANAGED' || resources === null || isFargate(ce)) return;
    const smallest = Math.min(...expandInstanceTypes(resources.instanceTypes, catalog).map((t) => t.vcpus));
    if (!(smallest > 0)) return;
    const field = resources.desiredvCpus > resources.minvCpus ? 'desiredvCpus' : 'minvCpus';
    add(joinPath(path, `computeResources.${field}`), Math.ceil(Math.max(resources.minvCpus, resources.desiredvCpus) / smallest));
  });
  if (total > MAX_INSTANCES) r.error(largest.path, m.tooManyInstances(total, MAX_INSTANCES));
}

/**
 * A workload group that makes more SubmitJob calls at one instant than the bucket holds is noted:
 * how long its calls take to go through, and that an array job is one call (AWS Batch service quotas).
 */
function noteSubmitJobRate(r: Reader, s: Scenario): void {
  const rate = s.assumptions.api.submitJob;
  if (rate === null) return;
  s.workload.forEach((g, gi) => {
    const a = g.arrivals;
    let atOnce = 0;
    if (a.kind === 'burst') atOnce = a.count;
    else if (a.kind === 'at') {
      const counts = new Map<number, number>();
      for (const t of a.atMs) counts.set(t, (counts.get(t) ?? 0) + 1);
      atOnce = Math.max(0, ...counts.values());
    }
    const calls = atOnce * g.jobs.length;
    if (calls > rate.burst) r.note(joinPath(indexPath('workload', gi), 'arrivals'), m.submitJobThrottled(calls, rate.perSecond, rate.burst, g.jobs.some((t) => t.arraySize === null)));
  });
}

/** The first dependency cycle among a group's jobs (names, closed), or null. */
function findCycle(jobs: JobTemplate[], index: Map<string, number>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | null => {
    if (state.get(name) === 'done') return null;
    if (state.get(name) === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    const job = jobs[index.get(name) ?? -1];
    for (const dep of job?.dependsOn ?? []) {
      if (dep.type === 'SEQUENTIAL' || dep.jobName === name || !index.has(dep.jobName)) continue;
      const found = visit(dep.jobName);
      if (found) return found;
    }
    stack.pop();
    state.set(name, 'done');
    return null;
  };
  for (const name of index.keys()) {
    const found = visit(name);
    if (found) return found;
  }
  return null;
}

/**
 * `validate`'s note when no service quota is set and Batch would launch instances or tasks: the
 * run assumes an account without limits, and a new account's are far lower (quotaClasses.ts).
 */
export function serviceQuotaNote(s: Scenario): Issue | null {
  if (Object.keys(s.assumptions.serviceQuotas).length > 0 || !s.computeEnvironments.some((ce) => ce.type === 'MANAGED')) return null;
  const defaults = QUOTA_CLASSES.map((c) => `${c.name}${c.code === null ? '' : ` (${c.code})`}: ${c.newAccountDefault === null ? 'not published' : `${c.newAccountDefault} vCPUs`}`);
  return { path: 'assumptions.serviceQuotas', severity: 'note', message: m.noServiceQuotas(defaults.join('; ')) };
}
