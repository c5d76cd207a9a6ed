// Compute environments: MANAGED ones with their computeResources, UNMANAGED ones with the fleet
// their simulation block describes, each instance shape resolved against the catalogue.
import { INSTANCE_TYPE_KEYWORDS, isKnownInstanceTypeName, type Catalog } from '../../model/catalog.js';
import * as D from '../defaults.js';
import {
  COMPUTE_ENVIRONMENT, COMPUTE_ENVIRONMENT_SIMULATION, COMPUTE_RESOURCES, COMPUTE_SCALING_POLICY, INSTANCE_GROUP, MIN_SCALE_DOWN_DELAY_MINUTES,
} from '../fields/computeEnvironment.js';
import { indexPath, joinPath } from '../issues.js';
import * as m from '../messages.js';
import type { ComputeEnvironment, ComputeResources, UnmanagedInstanceGroup } from '../types.js';
import { readInterruptions, type SpotTraceContext } from './assumptions.js';
import type { Reader } from './reader.js';
import { parseSizeMiB } from './units.js';

/** Names instanceTypes accepts, for did-you-mean. */
function instanceTypeCandidates(catalog: Catalog): string[] {
  const names = new Set<string>(Object.keys(INSTANCE_TYPE_KEYWORDS));
  for (const info of catalog.instanceTypes.values()) {
    names.add(info.family);
    names.add(info.instanceType);
  }
  return [...names].sort();
}

export function readComputeEnvironment(r: Reader, value: unknown, path: string, catalog: Catalog, traces?: SpotTraceContext): ComputeEnvironment {
  const ce: ComputeEnvironment = { computeEnvironmentName: '', type: 'MANAGED', state: D.STATE, computeResources: null, instances: [] };
  const o = r.object(value, path, COMPUTE_ENVIRONMENT);
  if (!o) return ce;
  ce.computeEnvironmentName = r.field(o, COMPUTE_ENVIRONMENT, 'computeEnvironmentName', path) ?? '';
  ce.type = r.field(o, COMPUTE_ENVIRONMENT, 'type', path) ?? 'MANAGED';
  ce.state = r.field(o, COMPUTE_ENVIRONMENT, 'state', path) ?? D.STATE;
  const resources = r.field(o, COMPUTE_ENVIRONMENT, 'computeResources', path, ce.type === 'MANAGED');
  if (ce.type === 'MANAGED' && resources !== undefined) ce.computeResources = readComputeResources(r, resources, joinPath(path, 'computeResources'), catalog);
  if (ce.type === 'UNMANAGED' && resources !== undefined) r.warning(joinPath(path, 'computeResources'), m.unmanagedComputeResources());

  const simPath = joinPath(path, 'simulation');
  const simValue = r.get(o, 'simulation', path);
  const sim = simValue === undefined ? {} : r.object(simValue, simPath, COMPUTE_ENVIRONMENT_SIMULATION) ?? {};
  const instances = r.field(sim, COMPUTE_ENVIRONMENT_SIMULATION, 'instances', simPath);
  if (ce.type === 'UNMANAGED') {
    if (instances === undefined && simValue !== undefined && sim.instances == null) r.error(joinPath(simPath, 'instances'), m.unmanagedNeedsInstances());
    else if (simValue === undefined) r.error(simPath, m.unmanagedNeedsInstances());
    ce.instances = (instances ?? []).map((v, i) => readInstanceGroup(r, v, indexPath(joinPath(simPath, 'instances'), i), catalog));
  } else if (instances !== undefined) r.error(joinPath(simPath, 'instances'), m.onlyForUnmanaged());
  const interruptions = readInterruptions(r, r.get(sim, 'spotInterruptions', simPath), joinPath(simPath, 'spotInterruptions'), traces);
  if (interruptions !== undefined) {
    if (ce.computeResources) ce.computeResources.spotInterruptions = interruptions;
    else r.error(joinPath(simPath, 'spotInterruptions'), m.onlyForManaged());
  }
  return ce;
}

function readComputeResources(r: Reader, value: unknown, path: string, catalog: Catalog): ComputeResources {
  const T = COMPUTE_RESOURCES;
  const o = r.object(value, path, T) ?? {};
  const type = r.field(o, T, 'type', path) ?? 'EC2';
  const fargate = type === 'FARGATE' || type === 'FARGATE_SPOT';
  let allocationStrategy = r.field(o, T, 'allocationStrategy', path) ?? D.ALLOCATION_STRATEGY;
  if (fargate && o.allocationStrategy != null) {
    r.note(joinPath(path, 'allocationStrategy'), m.ignoredForFargate());
    allocationStrategy = D.ALLOCATION_STRATEGY;
  } else if (allocationStrategy.startsWith('SPOT_') && type !== 'SPOT')
    r.error(joinPath(path, 'allocationStrategy'), m.spotStrategyNeedsSpot(allocationStrategy, type));
  const minvCpus = r.field(o, T, 'minvCpus', path) ?? D.MIN_VCPUS;
  const maxvCpus = r.field(o, T, 'maxvCpus', path);
  const desired = r.field(o, T, 'desiredvCpus', path);
  if (maxvCpus !== undefined) {
    if (minvCpus > maxvCpus) r.error(joinPath(path, 'minvCpus'), m.minvAboveMaxv(minvCpus, maxvCpus));
    else if (desired !== undefined && (desired < minvCpus || desired > maxvCpus))
      r.error(joinPath(path, 'desiredvCpus'), m.desiredOutside(minvCpus, maxvCpus, desired));
  }
  const instanceTypes: string[] = [];
  // Fargate environments choose no instance types; every other kind must name them.
  const typesValue = r.field(o, T, 'instanceTypes', path, !fargate);
  if (fargate && typesValue !== undefined) r.error(joinPath(path, 'instanceTypes'), m.notForFargate());
  else if (typesValue !== undefined) {
    if (typesValue.length === 0) r.error(joinPath(path, 'instanceTypes'), m.notEmpty());
    typesValue.forEach((name, i) => {
      const at = indexPath(joinPath(path, 'instanceTypes'), i);
      if (typeof name !== 'string') r.error(at, m.expected(m.EXPECTED.instanceTypeName, name));
      else if (!isKnownInstanceTypeName(name, catalog)) r.error(at, m.unknownInstanceType(name, instanceTypeCandidates(catalog)));
      else instanceTypes.push(name);
    });
  }
  return {
    type,
    allocationStrategy,
    minvCpus,
    maxvCpus: maxvCpus ?? 0,
    desiredvCpus: desired ?? minvCpus,
    instanceTypes,
    bidPercentage: r.field(o, T, 'bidPercentage', path) ?? D.BID_PERCENTAGE,
    minScaleDownDelayMs: readScalingPolicy(r, r.field(o, T, 'scalingPolicy', path), joinPath(path, 'scalingPolicy'), fargate),
    spotInterruptions: null,
  };
}

/** computeResources.scalingPolicy: the scale-down delay in ms, or null when off (0 or unset) or on Fargate. */
function readScalingPolicy(r: Reader, value: unknown, path: string, fargate: boolean): number | null {
  if (value === undefined) return null;
  const T = COMPUTE_SCALING_POLICY;
  const o = r.object(value, path, T);
  if (!o) return null;
  const minutes = r.field(o, T, 'minScaleDownDelayMinutes', path);
  if (minutes === undefined || minutes === 0) return null;
  const at = joinPath(path, 'minScaleDownDelayMinutes');
  if (minutes < MIN_SCALE_DOWN_DELAY_MINUTES.min) {
    r.error(at, m.scaleDownDelayRange(MIN_SCALE_DOWN_DELAY_MINUTES.min, MIN_SCALE_DOWN_DELAY_MINUTES.max, minutes));
    return null;
  }
  // "This parameter isn't applicable to jobs that are running on Fargate resources" (ComputeResource).
  if (fargate) {
    r.note(path, m.scalingPolicyIgnoredForFargate());
    return null;
  }
  return minutes * 60_000;
}

function readInstanceGroup(r: Reader, value: unknown, path: string, catalog: Catalog): UnmanagedInstanceGroup {
  const T = INSTANCE_GROUP;
  const group: UnmanagedInstanceGroup = { instanceType: '', vcpus: 0, memoryMiB: 0, gpus: 0, count: 0, priceUsdPerHour: null };
  const o = r.object(value, path, T);
  if (!o) return group;
  group.instanceType = r.field(o, T, 'instanceType', path) ?? '';
  group.count = r.field(o, T, 'count', path) ?? 0;
  const info = catalog.instanceTypes.get(group.instanceType);
  const vcpus = r.field(o, T, 'vcpus', path);
  const gpus = r.field(o, T, 'gpus', path);
  const price = r.field(o, T, 'priceUsdPerHour', path);
  let memory = r.field(o, T, 'memoryMiB', path);
  const memoryValue = r.get(o, 'memory', path);
  if (memoryValue !== undefined) {
    const mib = parseSizeMiB(memoryValue, 'MiB');
    if (mib === null || mib <= 0) r.error(joinPath(path, 'memory'), m.badSize(memoryValue));
    else memory = Math.floor(mib);
  }
  if (!info && group.instanceType !== '') {
    // A custom shape (on-premises, or a type the catalogue lacks) must say what it is.
    const candidates = [...catalog.instanceTypes.keys()];
    if (vcpus === undefined && o.vcpus == null) r.error(joinPath(path, 'vcpus'), m.customShapeNeeds(m.CUSTOM_SHAPE.vcpus, group.instanceType, candidates));
    if (memory === undefined && o.memory == null && o.memoryMiB == null)
      r.error(joinPath(path, 'memoryMiB'), m.customShapeNeeds(m.CUSTOM_SHAPE.memory, group.instanceType, candidates));
  }
  group.vcpus = vcpus ?? info?.vcpus ?? 0;
  group.memoryMiB = memory ?? info?.memoryMiB ?? 0;
  group.gpus = gpus ?? info?.gpus ?? 0;
  group.priceUsdPerHour = price ?? (info ? null : 0);
  return group;
}
