// Job definitions: the container shape (resourceRequirements or the legacy numbers), multi-node
// properties, retry strategy, timeout, and the simulation block (runtime, failures).
import * as D from '../defaults.js';
import {
  CONTAINER_PROPERTIES, EPHEMERAL_STORAGE, EVALUATE_ON_EXIT, FAILURE, JOB_DATA, JOB_DEFINITION, JOB_DEFINITION_SIMULATION,
  NODE_PROPERTIES, NODE_RANGE_PROPERTY, RESOURCE_REQUIREMENT, RETRY_STRATEGY, RUNTIME_PLATFORM, TIMEOUT,
} from '../fields/jobDefinition.js';
import { indexPath, joinPath } from '../issues.js';
import * as m from '../messages.js';
import type { JobData, JobDefinition, RetryRule } from '../types.js';
import { mean as meanOf } from '../../engine/distribution.js';
import { readDistribution } from './distribution.js';
import { UNIT_SUSPECT_MS, writtenAsNumber } from './units.js';
import { eachObject, type Obj, type Reader } from './reader.js';

export interface Resources {
  /** Types given at all, valid or not, so a bad value is not also reported as missing. */
  given?: Set<string>;
  vcpus?: number;
  /** Where the VCPU value was read, to locate the EC2 one-vCPU rule. */
  vcpusPath?: string;
  memoryMiB?: number;
  gpus?: number;
}

/** resourceRequirements: [{type: VCPU|MEMORY|GPU, value: "…"}]; values are strings in AWS, numbers tolerated. */
export function readResourceRequirements(r: Reader, items: unknown[], path: string): Resources {
  const out: Resources = { given: new Set() };
  eachObject(r, items, path, RESOURCE_REQUIREMENT).forEach((e, i) => {
    if (!e) return;
    const at = indexPath(path, i);
    const type = r.field(e, RESOURCE_REQUIREMENT, 'type', at);
    if (type !== undefined) out.given?.add(type);
    const raw = r.field(e, RESOURCE_REQUIREMENT, 'value', at);
    if (type === undefined || raw === undefined) return;
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    const valuePath = joinPath(at, 'value');
    const key = type === 'VCPU' ? 'vcpus' : type === 'MEMORY' ? 'memoryMiB' : 'gpus';
    if (out[key] !== undefined) r.error(at, m.resourceRepeated(type));
    if (type === 'VCPU') {
      if (!Number.isFinite(n) || n <= 0) r.error(valuePath, m.resourceNotNumber(type, raw));
      else {
        out.vcpus = n;
        out.vcpusPath = valuePath;
      }
    } else {
      // The same floor as the legacy containerProperties.memory.
      const min = type === 'MEMORY' ? CONTAINER_PROPERTIES.fields.memory.min : 0;
      if (!Number.isInteger(n) || n < min) r.error(valuePath, m.resourceNotWhole(type, min, raw));
      else out[key] = n;
    }
  });
  return out;
}

/** The shape of a container: resourceRequirements, or the legacy vcpus/memory numbers. */
function readContainerShape(r: Reader, o: Obj, path: string): Resources {
  const C = CONTAINER_PROPERTIES;
  const requirements = r.field(o, C, 'resourceRequirements', path);
  const shape = requirements ? readResourceRequirements(r, requirements, joinPath(path, 'resourceRequirements')) : {};
  const legacyVcpus = r.field(o, C, 'vcpus', path);
  const legacyMemory = r.field(o, C, 'memory', path);
  const given = new Set(shape.given);
  if (o.vcpus != null) given.add('VCPU');
  if (o.memory != null) given.add('MEMORY');
  const vcpusPath = shape.vcpus !== undefined ? shape.vcpusPath : joinPath(path, 'vcpus');
  return { given, vcpus: shape.vcpus ?? legacyVcpus, vcpusPath, memoryMiB: shape.memoryMiB ?? legacyMemory, gpus: shape.gpus };
}

export function readJobDefinition(r: Reader, value: unknown, path: string, files: Map<string, string>): JobDefinition {
  const T = JOB_DEFINITION;
  const jd: JobDefinition = {
    jobDefinitionName: '', type: D.JOB_DEFINITION_TYPE, platformCapabilities: [...D.PLATFORM_CAPABILITIES], vcpus: 0, memoryMiB: 0, gpus: 0,
    retryStrategy: { attempts: D.ATTEMPTS, evaluateOnExit: [] }, attemptDurationMs: null, runtime: { kind: 'fixed', value: 0 },
    failure: null, nodeProperties: null, schedulingPriority: null, ephemeralStorageGiB: D.EPHEMERAL_STORAGE_GIB, cpuArchitecture: D.CPU_ARCHITECTURE,
    image: null,
  };
  const o = r.object(value, path, T);
  if (!o) return jd;
  jd.jobDefinitionName = r.field(o, T, 'jobDefinitionName', path) ?? '';
  jd.type = r.field(o, T, 'type', path) ?? D.JOB_DEFINITION_TYPE;
  const platforms = r.field(o, T, 'platformCapabilities', path);
  if (platforms) {
    if (platforms.length < T.fields.platformCapabilities.min) r.error(joinPath(path, 'platformCapabilities'), m.notEmpty());
    const read = platforms
      .map((p, i) => r.checkEnum(p, indexPath(joinPath(path, 'platformCapabilities'), i), T.fields.platformCapabilities.of.values))
      .filter((p): p is 'EC2' | 'FARGATE' => p !== undefined);
    if (read.length > 0) jd.platformCapabilities = [...new Set(read)];
  }

  // Where the container shape lives: containerProperties, or the first node range for multinode.
  let shape: Resources = {};
  let shapePath = joinPath(path, 'containerProperties');
  const container = r.field(o, T, 'containerProperties', path, jd.type === 'container');
  if (container !== undefined) {
    const c = r.object(container, shapePath, CONTAINER_PROPERTIES);
    if (c) {
      shape = readContainerShape(r, c, shapePath);
      readContainerExtras(r, c, shapePath, jd);
    }
  }
  const nodes = r.get(o, 'nodeProperties', path);
  if (jd.type === 'multinode') {
    if (nodes === undefined) r.error(joinPath(path, 'nodeProperties'), m.multinodeNeedsNodes());
    else {
      const read = readNodeProperties(r, nodes, joinPath(path, 'nodeProperties'), jd);
      if (read) ({ shape, shapePath } = read);
    }
  } else if (nodes !== undefined) r.note(joinPath(path, 'nodeProperties'), m.ignoredField());
  if (container !== undefined || jd.type === 'multinode') {
    if (!shape.given?.has('VCPU')) r.error(shapePath, m.resourceMissing('VCPU', 'vcpus'));
    if (!shape.given?.has('MEMORY')) r.error(shapePath, m.resourceMissing('MEMORY', 'memory'));
  }
  jd.vcpus = shape.vcpus ?? 0;
  jd.memoryMiB = shape.memoryMiB ?? 0;
  jd.gpus = shape.gpus ?? 0;
  if (jd.gpus > 0 && jd.platformCapabilities.includes('FARGATE')) r.error(shapePath, m.gpuOnFargate());
  // Fractional vCPUs are Fargate sizes; on EC2 AWS requires at least one (ResourceRequirement API reference).
  if (jd.vcpus > 0 && jd.vcpus < 1 && !jd.platformCapabilities.includes('FARGATE')) r.error(shape.vcpusPath ?? shapePath, m.ec2VcpuBelowOne(jd.vcpus));

  const retry = r.get(o, 'retryStrategy', path);
  if (retry !== undefined) jd.retryStrategy = readRetryStrategy(r, retry, joinPath(path, 'retryStrategy'));
  const timeout = r.get(o, 'timeout', path);
  if (timeout !== undefined) {
    const t = r.object(timeout, joinPath(path, 'timeout'), TIMEOUT);
    const seconds = t ? r.field(t, TIMEOUT, 'attemptDurationSeconds', joinPath(path, 'timeout')) : undefined;
    jd.attemptDurationMs = seconds === undefined ? null : seconds * 1000;
  }
  jd.schedulingPriority = r.field(o, T, 'schedulingPriority', path) ?? null;

  const simPath = joinPath(path, 'simulation');
  const S = JOB_DEFINITION_SIMULATION;
  const sim = r.object(r.field(o, T, 'simulation', path) ?? {}, simPath, S);
  if (sim) {
    const runtime = r.field(sim, S, 'runtime', simPath, o.simulation != null);
    if (runtime !== undefined) {
      jd.runtime = readDistribution(r, runtime, joinPath(simPath, 'runtime'), files) ?? jd.runtime;
      const mean = meanOf(jd.runtime);
      if (writtenAsNumber(runtime) && mean > UNIT_SUSPECT_MS) r.warning(joinPath(simPath, 'runtime'), m.secondsNotMs(mean, jd.runtime.kind !== 'fixed'));
    }
    const failure = r.get(sim, 'failure', simPath);
    if (failure !== undefined) {
      const fPath = joinPath(simPath, 'failure');
      const f = r.object(failure, fPath, FAILURE);
      if (f)
        jd.failure = {
          probability: r.field(f, FAILURE, 'probability', fPath) ?? 0,
          exitCode: r.field(f, FAILURE, 'exitCode', fPath) ?? D.FAILURE_EXIT_CODE,
          reason: r.field(f, FAILURE, 'reason', fPath) ?? D.FAILURE_REASON,
        };
    }
    const data = r.get(sim, 'data', simPath);
    if (data !== undefined) {
      const read = readJobData(r, data, joinPath(simPath, 'data'));
      if (read !== null) jd.data = read;
    }
  }
  return jd;
}

/** GiB as 2^30 bytes (AWS bills data transfer in such GB), rounded to the byte. */
const BYTES_PER_GIB = 2 ** 30;

/** simulation.data: {readGiB, writeGiB}, each >= 0 (default 0); kept in bytes. */
function readJobData(r: Reader, value: unknown, path: string): JobData | null {
  const o = r.object(value, path, JOB_DATA);
  if (!o) return null;
  const readGiB = r.field(o, JOB_DATA, 'readGiB', path) ?? 0;
  const writeGiB = r.field(o, JOB_DATA, 'writeGiB', path) ?? 0;
  const data: JobData = { readBytes: Math.round(readGiB * BYTES_PER_GIB), writeBytes: Math.round(writeGiB * BYTES_PER_GIB) };
  if (r.field(o, JOB_DATA, 'readTriggeringObject', path) === true) data.readTriggeringObject = true;
  return data;
}

function readContainerExtras(r: Reader, c: Obj, path: string, jd: JobDefinition): void {
  jd.image = r.field(c, CONTAINER_PROPERTIES, 'image', path) ?? null;
  const storage = r.get(c, 'ephemeralStorage', path);
  if (storage !== undefined) {
    const s = r.object(storage, joinPath(path, 'ephemeralStorage'), EPHEMERAL_STORAGE);
    const size = s ? r.field(s, EPHEMERAL_STORAGE, 'sizeInGiB', joinPath(path, 'ephemeralStorage')) : undefined;
    if (size !== undefined) jd.ephemeralStorageGiB = size;
  }
  const platform = r.get(c, 'runtimePlatform', path);
  if (platform !== undefined) {
    const p = r.object(platform, joinPath(path, 'runtimePlatform'), RUNTIME_PLATFORM);
    const arch = p ? r.field(p, RUNTIME_PLATFORM, 'cpuArchitecture', joinPath(path, 'runtimePlatform')) : undefined;
    if (arch !== undefined) jd.cpuArchitecture = arch;
  }
}

function readNodeProperties(r: Reader, value: unknown, path: string, jd: JobDefinition): { shape: Resources; shapePath: string } | null {
  const N = NODE_PROPERTIES;
  const o = r.object(value, path, N);
  if (!o) return null;
  const numNodes = r.field(o, N, 'numNodes', path);
  const mainNode = r.field(o, N, 'mainNode', path);
  if (numNodes !== undefined && mainNode !== undefined && mainNode >= numNodes)
    r.error(joinPath(path, 'mainNode'), m.mainNodeOutside(numNodes, mainNode));
  jd.nodeProperties = { numNodes: numNodes ?? 1, mainNode: mainNode ?? 0 };
  const rangesPath = joinPath(path, 'nodeRangeProperties');
  const ranges = r.field(o, N, 'nodeRangeProperties', path) ?? [];
  if (o.nodeRangeProperties != null && ranges.length === 0) r.error(rangesPath, m.notEmpty());
  let first: { shape: Resources; shapePath: string } | null = null;
  eachObject(r, ranges, rangesPath, NODE_RANGE_PROPERTY).forEach((range, i) => {
    if (!range) return;
    const at = indexPath(rangesPath, i);
    const containerPath = joinPath(at, 'container');
    const container = r.object(r.field(range, NODE_RANGE_PROPERTY, 'container', at) ?? {}, containerPath, CONTAINER_PROPERTIES);
    // The first range's container stands for every node; the shapes of the others are checked only.
    const shape = container ? readContainerShape(r, container, containerPath) : {};
    if (container) {
      const image = r.field(container, CONTAINER_PROPERTIES, 'image', containerPath);
      // The first range's image stands for the job's pull, timed on its main node's instance.
      if (first === null && image !== undefined) jd.image = image;
    }
    if (first === null) first = { shape, shapePath: containerPath };
  });
  return first ?? { shape: {}, shapePath: rangesPath };
}

function readRetryStrategy(r: Reader, value: unknown, path: string): JobDefinition['retryStrategy'] {
  const o = r.object(value, path, RETRY_STRATEGY);
  if (!o) return { attempts: D.ATTEMPTS, evaluateOnExit: [] };
  const attempts = r.field(o, RETRY_STRATEGY, 'attempts', path) ?? D.ATTEMPTS;
  const rulesPath = joinPath(path, 'evaluateOnExit');
  const rules = r.field(o, RETRY_STRATEGY, 'evaluateOnExit', path) ?? [];
  const { max } = RETRY_STRATEGY.fields.evaluateOnExit;
  if (rules.length > max) r.error(rulesPath, m.tooMany(max, m.TOO_MANY.exitRules, rules.length));
  const evaluateOnExit: RetryRule[] = eachObject(r, rules, rulesPath, EVALUATE_ON_EXIT).map((rule, i) => {
    const at = indexPath(rulesPath, i);
    if (!rule) return { action: 'EXIT', onStatusReason: null, onReason: null, onExitCode: null };
    return {
      action: r.field(rule, EVALUATE_ON_EXIT, 'action', at) ?? 'EXIT',
      onStatusReason: readPattern(r, rule, 'onStatusReason', at),
      onReason: readPattern(r, rule, 'onReason', at),
      onExitCode: readPattern(r, rule, 'onExitCode', at),
    };
  });
  return { attempts, evaluateOnExit };
}

/**
 * AWS's character set for onStatusReason and onReason: letters, numbers, periods, colons and white
 * space (spaces, tabs), optionally ending in one "*"; 1 to 512 characters (EvaluateOnExit API
 * reference, https://docs.aws.amazon.com/batch/latest/APIReference/API_EvaluateOnExit.html).
 */
const REASON_PATTERN = /^[A-Za-z0-9.: \t]*\*?$/;

function readPattern(r: Reader, rule: Obj, key: 'onStatusReason' | 'onReason' | 'onExitCode', path: string): string | null {
  const spec: { maxLength: number; exitCode?: boolean } = EVALUATE_ON_EXIT.fields[key];
  const exitCode = spec.exitCode === true;
  const raw = r.get(rule, key, path);
  if (raw === undefined) return null;
  // Exit codes arrive as numbers from YAML (onExitCode: 137).
  const pattern = exitCode && typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
  const at = joinPath(path, key);
  if (typeof pattern !== 'string') {
    r.error(at, m.expected(m.EXPECTED.string, raw));
    return null;
  }
  if (pattern.length > spec.maxLength) r.error(at, m.patternTooLong(spec.maxLength, pattern.length));
  else if (exitCode && !/^(\d+\*?|\*)$/.test(pattern)) r.error(at, m.exitCodePattern(pattern));
  else if (pattern.slice(0, -1).includes('*')) r.error(at, m.patternStar(pattern));
  else if (!exitCode && !REASON_PATTERN.test(pattern)) r.error(at, m.patternChars(pattern));
  return pattern;
}
