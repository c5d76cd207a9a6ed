// The field tables tie the reader and the JSON Schema: every table's fields and bounds appear in the
// schema as written, and the reader takes exactly the table's fields (known, or noted as ignored).
import { describe, expect, it } from 'vitest';
import * as assumptions from '../../src/scenario/fields/assumptions.js';
import * as computeEnvironment from '../../src/scenario/fields/computeEnvironment.js';
import * as distribution from '../../src/scenario/fields/distribution.js';
import * as jobDefinition from '../../src/scenario/fields/jobDefinition.js';
import * as jobQueue from '../../src/scenario/fields/jobQueue.js';
import * as prices from '../../src/scenario/fields/prices.js';
import * as scenario from '../../src/scenario/fields/scenario.js';
import * as schedulingPolicy from '../../src/scenario/fields/schedulingPolicy.js';
import { keysOf, type FieldSpec, type Table } from '../../src/scenario/fields/spec.js';
import * as workload from '../../src/scenario/fields/workload.js';
import { formatIssue, joinPath } from '../../src/scenario/issues.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';
import { fakeCatalog } from './fake-catalog.js';

type Json = Record<string, unknown>;
const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && 'fields' in v;
const TABLES: [string, Table][] = [assumptions, computeEnvironment, distribution, jobDefinition, jobQueue, prices, scenario, schedulingPolicy, workload]
  .flatMap((mod) => Object.entries(mod).filter((e): e is [string, Table] => isTable(e[1])));

// ---------------------------------------------------------------- table <-> JSON Schema

const FULL = scenarioJsonSchema();
const seen = new Set<Table>();

/** Checks a field's value schema against its spec, descending into the tables it holds. */
function checkValue(spec: FieldSpec, node: Json, at: string): void {
  switch (spec.kind) {
    case 'number': {
      const omits: readonly string[] = spec.schemaOmits ?? [];
      expect(node.type, at).toBe(spec.int ? 'integer' : 'number');
      // zod bounds integers to the safe range unless a bound of the table says more.
      const safeMin = spec.int && spec.above === undefined ? Number.MIN_SAFE_INTEGER : undefined;
      expect(node.minimum, `${at} minimum`).toBe(spec.min !== undefined && !omits.includes('min') ? spec.min : safeMin);
      expect(node.maximum, `${at} maximum`).toBe(spec.max !== undefined && !omits.includes('max') ? spec.max : spec.int ? Number.MAX_SAFE_INTEGER : undefined);
      expect(node.exclusiveMinimum, `${at} exclusiveMinimum`).toBe(spec.above);
      return;
    }
    case 'text':
      expect(node.type, at).toBe('string');
      expect(node.maxLength, at).toBe(spec.maxLength);
      return;
    case 'enum':
      if (spec.exactInSchema) expect(node.enum, at).toEqual(spec.values);
      else expect(node.type, at).toBe('string');
      return;
    case 'pattern':
      expect(JSON.stringify(node), at).toContain(`"maxLength":${spec.maxLength}`);
      return;
    case 'list': {
      const omits: readonly string[] = spec.schemaOmits ?? [];
      expect(node.type, at).toBe('array');
      expect(node.minItems, `${at} minItems`).toBe(omits.includes('minItems') ? undefined : spec.min);
      expect(node.maxItems, `${at} maxItems`).toBe(spec.max);
      checkValue(spec.of, node.items as Json, `${at}[]`);
      return;
    }
    case 'record':
      checkValue(spec.of, node.additionalProperties as Json, `${at}.*`);
      return;
    case 'object':
      checkTable(spec.table, node, at);
      return;
    case 'oneOf': {
      // A union of bare primitives comes out as one `type` list.
      const options = (node.anyOf as Json[] | undefined) ?? (node.type as string[]).map((type) => ({ type }));
      spec.options.forEach((option, i) => checkValue(option, options[i], `${at}|${i}`));
      return;
    }
    default:
      // Durations, sizes, schedules, distributions and literals are shared shapes, not bounds.
      return;
  }
}

function checkTable(table: Table, node: Json, at: string): void {
  seen.add(table);
  if (table.forms) {
    table.forms.forEach((form, i) => {
      const shape = (node.anyOf as Json[])[i];
      expect(Object.keys(shape.properties as Json), `${at} form ${i}`).toEqual([...form.required, ...(form.optional ?? [])]);
      expect(shape.required, `${at} form ${i} required`).toEqual(form.required);
      for (const key of Object.keys(shape.properties as Json)) checkValue(table.fields[key], (shape.properties as Json)[key] as Json, joinPath(at, key));
    });
    return;
  }
  const properties = node.properties as Json;
  expect(Object.keys(properties), at).toEqual(Object.keys(table.fields));
  const required = Object.entries(table.fields)
    .filter(([, s]) => s.required === true || ('schemaRequires' in s && s.schemaRequires === true))
    .map(([k]) => k);
  expect(node.required ?? [], `${at} required`).toEqual(required);
  // AWS objects take the fields we ignore, so the schema leaves them open.
  expect(node.additionalProperties, `${at} additionalProperties`).toEqual((table.ignored ?? []).length > 0 ? {} : false);
  for (const [key, spec] of Object.entries(table.fields)) checkValue(spec, properties[key] as Json, joinPath(at, key));
}

describe('field tables and the JSON Schema', () => {
  it('every field of every table is in the schema with the same bounds', () => {
    checkTable(scenario.SCENARIO, FULL, '(top)');
    // Distributions are a union of a bare duration and one single-key mapping per kind.
    const dist = (FULL.properties as Json).assumptions as Json;
    const union = ((dist.properties as Json).ec2Launch as Json).anyOf as Json[];
    Object.entries(distribution.DISTRIBUTION.fields).forEach(([kind, spec], i) => {
      const shape = union[i + 1];
      expect(Object.keys(shape.properties as Json)).toEqual([kind]);
      checkValue(spec, (shape.properties as Json)[kind] as Json, kind);
    });
    seen.add(distribution.DISTRIBUTION);
    expect(TABLES.filter(([, t]) => !seen.has(t)).map(([name]) => name)).toEqual([]);
  });
});

// ---------------------------------------------------------------- table <-> reader

/** A document that reaches every table at least once (valid or not does not matter here). */
function base(): Json {
  const job = (jobName: string): Json => ({ jobName, jobQueue: 'q', jobDefinition: 'd' });
  return {
    name: 'tie',
    assumptions: {
      spot: { interruptions: { perHour: 0.1 }, price: { discount: 0.5 } },
      fargate: { limits: 'current' },
      lambda: { architecture: 'arm64' },
      api: { submitJob: { perSecond: 10 }, maxSubmittedJobs: 100 },
      serviceQuotas: { 'L-1216C47A': 64 },
      capacity: [{ instanceType: 'c5.large', purchaseOption: 'SPOT', unavailable: { from: 0, to: 60 } }],
      submitToRunnable: { exponential: { mean: 5 } },
      containerStart: { uniform: { min: 1, max: 2 } },
      ec2Launch: { lognormal: { median: 60, p95: 120 } },
      fargateLaunch: { empirical: { file: 's.csv', column: 't' } },
      imagePull: { throughput: 50, images: { img: { pullTime: 5 } } },
      network: { s3Path: 'natGateway' },
    },
    computeEnvironments: [
      {
        computeEnvironmentName: 'ec2', type: 'MANAGED', computeResources: { type: 'EC2', maxvCpus: 16, instanceTypes: ['c5.large'], scalingPolicy: {} },
        simulation: { spotInterruptions: { trace: { file: 'v.csv' } } },
      },
      { computeEnvironmentName: 'own', type: 'UNMANAGED', simulation: { instances: [{ instanceType: 'c5.large', count: 1 }] } },
    ],
    jobQueues: [
      {
        jobQueueName: 'q', priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ec2' }],
        jobStateTimeLimitActions: [{ reason: 'r', state: 'RUNNABLE', maxTimeSeconds: 600, action: 'CANCEL' }], simulation: {},
      },
    ],
    jobDefinitions: [
      {
        jobDefinitionName: 'd',
        containerProperties: {
          resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '1024' }],
          ephemeralStorage: { sizeInGiB: 30 }, runtimePlatform: {},
        },
        retryStrategy: { attempts: 2, evaluateOnExit: [{ action: 'RETRY' }] },
        timeout: { attemptDurationSeconds: 600 },
        simulation: { runtime: 60, failure: { probability: 0.1 }, data: { readGiB: 1 } },
      },
      {
        jobDefinitionName: 'mnp', type: 'multinode',
        nodeProperties: { numNodes: 2, mainNode: 0, nodeRangeProperties: [{ container: { vcpus: 1, memory: 1024 } }] },
        simulation: { runtime: 60 },
      },
    ],
    schedulingPolicies: [{ name: 'p', fairsharePolicy: { shareDistribution: [{ shareIdentifier: 'a' }] } }],
    workload: [
      {
        name: 'w', arrivals: { poisson: { perHour: 1 }, count: 1 },
        jobs: [{ ...job('j'), arrayProperties: { size: 2 }, dependsOn: [{ type: 'SEQUENTIAL' }], containerOverrides: {} }],
      },
      { name: 'b', arrivals: { burst: { count: 1, at: [0] } }, jobs: [job('k')] },
      { name: 't', arrivals: { trace: { file: 't.csv', format: 'csv', columns: { submitTime: 's', runtime: 'r' } } }, jobs: [job('l')] },
    ],
    prices: { fargate: {}, pipeline: {} },
  };
}

/** Where in base() each table's mapping is read. */
const LOCATIONS: Record<string, string> = {
  SCENARIO: '',
  ASSUMPTIONS: 'assumptions',
  SPOT_ASSUMPTIONS: 'assumptions.spot',
  INTERRUPTION_RATE: 'assumptions.spot.interruptions',
  SPOT_DISCOUNT: 'assumptions.spot.price',
  FARGATE_ASSUMPTIONS: 'assumptions.fargate',
  LAMBDA_ASSUMPTIONS: 'assumptions.lambda',
  IMAGE_PULL: 'assumptions.imagePull',
  IMAGE_PULL_TIME: 'assumptions.imagePull.images.img',
  NETWORK: 'assumptions.network',
  JOB_DATA: 'jobDefinitions[0].simulation.data',
  INTERRUPTION_TRACE: 'computeEnvironments[0].simulation.spotInterruptions',
  SPOT_TRACE_FILE: 'computeEnvironments[0].simulation.spotInterruptions.trace',
  API_ASSUMPTIONS: 'assumptions.api',
  SUBMIT_JOB_RATE: 'assumptions.api.submitJob',
  CAPACITY_RULE: 'assumptions.capacity[0]',
  CAPACITY_WINDOW: 'assumptions.capacity[0].unavailable',
  EXPONENTIAL: 'assumptions.submitToRunnable.exponential',
  UNIFORM: 'assumptions.containerStart.uniform',
  LOGNORMAL: 'assumptions.ec2Launch.lognormal',
  EMPIRICAL: 'assumptions.fargateLaunch.empirical',
  COMPUTE_ENVIRONMENT: 'computeEnvironments[0]',
  COMPUTE_RESOURCES: 'computeEnvironments[0].computeResources',
  COMPUTE_SCALING_POLICY: 'computeEnvironments[0].computeResources.scalingPolicy',
  COMPUTE_ENVIRONMENT_SIMULATION: 'computeEnvironments[1].simulation',
  INSTANCE_GROUP: 'computeEnvironments[1].simulation.instances[0]',
  JOB_QUEUE: 'jobQueues[0]',
  COMPUTE_ENVIRONMENT_ORDER: 'jobQueues[0].computeEnvironmentOrder[0]',
  JOB_STATE_TIME_LIMIT_ACTION: 'jobQueues[0].jobStateTimeLimitActions[0]',
  JOB_QUEUE_SIMULATION: 'jobQueues[0].simulation',
  JOB_DEFINITION: 'jobDefinitions[0]',
  CONTAINER_PROPERTIES: 'jobDefinitions[0].containerProperties',
  RESOURCE_REQUIREMENT: 'jobDefinitions[0].containerProperties.resourceRequirements[0]',
  EPHEMERAL_STORAGE: 'jobDefinitions[0].containerProperties.ephemeralStorage',
  RUNTIME_PLATFORM: 'jobDefinitions[0].containerProperties.runtimePlatform',
  RETRY_STRATEGY: 'jobDefinitions[0].retryStrategy',
  EVALUATE_ON_EXIT: 'jobDefinitions[0].retryStrategy.evaluateOnExit[0]',
  TIMEOUT: 'jobDefinitions[0].timeout',
  JOB_DEFINITION_SIMULATION: 'jobDefinitions[0].simulation',
  FAILURE: 'jobDefinitions[0].simulation.failure',
  NODE_PROPERTIES: 'jobDefinitions[1].nodeProperties',
  NODE_RANGE_PROPERTY: 'jobDefinitions[1].nodeProperties.nodeRangeProperties[0]',
  SCHEDULING_POLICY: 'schedulingPolicies[0]',
  FAIRSHARE_POLICY: 'schedulingPolicies[0].fairsharePolicy',
  SHARE_ATTRIBUTES: 'schedulingPolicies[0].fairsharePolicy.shareDistribution[0]',
  WORKLOAD_GROUP: 'workload[0]',
  ARRIVALS: 'workload[0].arrivals',
  POISSON: 'workload[0].arrivals.poisson',
  BURST: 'workload[1].arrivals.burst',
  TRACE: 'workload[2].arrivals.trace',
  TRACE_COLUMNS: 'workload[2].arrivals.trace.columns',
  JOB: 'workload[0].jobs[0]',
  ARRAY_PROPERTIES: 'workload[0].jobs[0].arrayProperties',
  DEPENDENCY: 'workload[0].jobs[0].dependsOn[0]',
  CONTAINER_OVERRIDES: 'workload[0].jobs[0].containerOverrides',
  PRICES: 'prices',
  FARGATE_PRICES: 'prices.fargate',
  PIPELINE_PRICES: 'prices.pipeline',
};

/** The mapping at a dotted path like `a.b[0].c` ('' is the document). */
function mappingAt(doc: Json, path: string): Json {
  let node: unknown = doc;
  for (const part of path.match(/[^.[\]]+/g) ?? []) node = (node as Json)[part];
  return node as Json;
}

function issuesWith(change: (mapping: Json) => void, path: string) {
  const doc = base();
  change(mappingAt(doc, path));
  const files = new Map([['s.csv', 't\n1\n2\n'], ['t.csv', 's,r\n0,10\n'], ['v.csv', 'time,instanceType,reclaimsPerHour\n0,c5.large,0\n']]);
  return parseScenario(doc, { catalog: fakeCatalog(), baseDir: '/', files }).issues;
}

describe('field tables and the reader', () => {
  it('every table (but the distribution kinds, keyed by name) has a place in the test document', () => {
    expect(TABLES.map(([name]) => name).filter((n) => !(n in LOCATIONS) && n !== 'DISTRIBUTION')).toEqual([]);
  });

  it.each(TABLES.filter(([name]) => name in LOCATIONS))('%s: the reader takes exactly its fields', (name, table) => {
    const path = LOCATIONS[name];
    const { known, ignored } = keysOf(table);
    // null reads as absent, so every known field can be present at once without a value.
    const withAll = issuesWith((o) => {
      for (const key of [...known, ...ignored]) if (!(key in o)) o[key] = null;
      o.zzNotAField = 1;
    }, path);
    const here = withAll.filter((i) => i.path.startsWith(path) && i.path.split('.').length === joinPath(path, 'x').split('.').length);
    expect(here.filter((i) => i.message.startsWith('unknown field')).map(formatIssue)).toEqual([
      `${joinPath(path, 'zzNotAField')}: unknown field "zzNotAField"`,
    ]);
    for (const key of ignored)
      expect(here, key).toContainEqual({ path: joinPath(path, key), message: 'ignored (not used by the simulator)', severity: 'note' });
  });

  it('the distribution kinds are the table\'s', () => {
    for (const kind of Object.keys(distribution.DISTRIBUTION.fields)) {
      const issues = issuesWith((o) => { o.ec2Launch = { [kind]: null }; }, 'assumptions');
      expect(issues.map(formatIssue).join('\n')).not.toContain('unknown distribution');
    }
    const issues = issuesWith((o) => { o.ec2Launch = { zz: 1 }; }, 'assumptions');
    expect(issues.map(formatIssue)).toContain(
      `assumptions.ec2Launch.zz: unknown distribution "zz"; expected one of ${Object.keys(distribution.DISTRIBUTION.fields).join(', ')}`,
    );
  });
});
