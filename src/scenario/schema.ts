// The scenario *file* shape (what a user writes) as zod schemas, and the JSON Schema generated
// from them for editors (schema/scenario.schema.json). Units are strings or numbers here; the
// precise rules and messages live in normalize.ts and validate.ts. AWS objects are loose, because
// pasted `aws batch describe-*` output carries fields we accept and ignore; our own blocks are strict.
import { z } from 'zod';
import { TRACE_FORMATS } from '../workload/traces/parse.js';
import { ALLOCATION_STRATEGIES } from './types.js';

const duration = z
  .union([z.number().nonnegative(), z.string()])
  .describe('A number of seconds, or a string like 500ms, 90s, 45m, 2h, 3d or 1h30m.');
const size = z.union([z.number().nonnegative(), z.string()]).describe('A size like 512 MiB, 16 GiB, 1 TiB or 2 GB.');
const ci = (values: readonly string[]) => z.string().describe(`One of ${values.join(', ')} (any case).`);

const distributionSchema = z
  .union([
    duration,
    z.strictObject({ fixed: duration }),
    z.strictObject({ exponential: z.strictObject({ mean: duration }) }),
    z.strictObject({ uniform: z.strictObject({ min: duration, max: duration }) }),
    z.strictObject({
      lognormal: z.union([
        z.strictObject({ median: duration, p95: duration }),
        z.strictObject({ mu: z.number().describe('Mean of ln(seconds).'), sigma: z.number().nonnegative() }),
      ]),
    }),
    z.strictObject({ empirical: z.strictObject({ file: z.string(), column: z.string() }) }),
  ])
  .describe('A duration (fixed) or a distribution of durations.');

const interruptions = z.union([z.enum(['advisor', 'none']), z.strictObject({ perHour: z.number().nonnegative() })]);

const assumptions = z.strictObject({
  region: z.string().optional(),
  schedulerCycle: duration.optional(),
  submitToRunnable: distributionSchema.optional(),
  containerStart: distributionSchema.optional(),
  ec2Launch: distributionSchema.optional(),
  fargateLaunch: distributionSchema.optional(),
  idleTerminateAfter: duration.optional(),
  ebsRootVolume: size.optional(),
  timeseriesInterval: duration.optional(),
  spot: z
    .strictObject({
      interruptions: interruptions.optional(),
      noticeSeconds: z.number().nonnegative().optional(),
      price: z.union([z.literal('advisor'), z.strictObject({ discount: z.number().min(0).max(1) })]).optional(),
    })
    .optional(),
  fargate: z
    .strictObject({
      limits: z.string().optional().describe('Fargate task size limits: current (16 vCPU / 120 GB, the default) or legacy (4 vCPU / 30 GB), any case.'),
      launchBurst: z.number().int().min(1).optional().describe('Fargate task launch token bucket: burst (default 100).'),
      launchPerSecond: z.number().positive().optional().describe('Fargate task launch token bucket: refill per second (default 20).'),
    })
    .optional(),
  lambda: z
    .strictObject({ architecture: z.string().optional().describe('Architecture the Lambda comparison prices at: x86_64 (the default) or arm64, any case.') })
    .optional(),
});

const instanceGroup = z.strictObject({
  instanceType: z.string(),
  count: z.number().int().nonnegative(),
  vcpus: z.number().int().positive().optional(),
  memoryMiB: z.number().positive().optional(),
  memory: size.optional(),
  gpus: z.number().int().nonnegative().optional(),
  priceUsdPerHour: z.number().nonnegative().optional(),
});

const computeEnvironment = z.looseObject({
  computeEnvironmentName: z.string(),
  type: ci(['MANAGED', 'UNMANAGED']),
  state: ci(['ENABLED', 'DISABLED']).optional(),
  computeResources: z
    .looseObject({
      type: ci(['EC2', 'SPOT', 'FARGATE', 'FARGATE_SPOT']),
      allocationStrategy: ci(ALLOCATION_STRATEGIES).optional(),
      minvCpus: z.number().int().nonnegative().optional(),
      maxvCpus: z.number().int().nonnegative(),
      desiredvCpus: z.number().int().nonnegative().optional(),
      instanceTypes: z.array(z.string()).optional(),
      bidPercentage: z.number().min(0).max(100).optional(),
    })
    .optional(),
  simulation: z
    .strictObject({ instances: z.array(instanceGroup).optional(), spotInterruptions: interruptions.optional() })
    .optional(),
});

const jobQueue = z.looseObject({
  jobQueueName: z.string(),
  state: ci(['ENABLED', 'DISABLED']).optional(),
  priority: z.number().int().nonnegative(),
  schedulingPolicyArn: z.string().optional(),
  computeEnvironmentOrder: z.array(z.strictObject({ order: z.number().int().nonnegative(), computeEnvironment: z.string() })).min(1).max(3),
  jobStateTimeLimitActions: z
    .array(z.strictObject({ reason: z.string(), state: ci(['RUNNABLE']), maxTimeSeconds: z.number().int().min(600).max(86400), action: ci(['CANCEL']) }))
    .optional(),
  /** What-if queue discipline: AWS's own fifo, strict-fifo, or EASY backfilling. */
  simulation: z.strictObject({ discipline: z.enum(['fifo', 'strict-fifo', 'easy-backfill']).optional() }).optional(),
});

const resourceRequirements = z.array(
  z.strictObject({ type: ci(['VCPU', 'MEMORY', 'GPU']), value: z.union([z.string(), z.number()]) }),
);

const container = z.looseObject({
  resourceRequirements: resourceRequirements.optional(),
  vcpus: z.number().positive().optional(),
  memory: z.number().int().min(4).optional(),
  ephemeralStorage: z.strictObject({ sizeInGiB: z.number().int().min(21).max(200) }).optional(),
  runtimePlatform: z.looseObject({ cpuArchitecture: ci(['X86_64', 'ARM64']).optional() }).optional(),
});

const jobDefinition = z.looseObject({
  jobDefinitionName: z.string(),
  type: z.enum(['container', 'multinode']).optional(),
  platformCapabilities: z.array(ci(['EC2', 'FARGATE'])).optional(),
  containerProperties: container.optional(),
  nodeProperties: z
    .strictObject({
      numNodes: z.number().int().positive(),
      mainNode: z.number().int().nonnegative(),
      nodeRangeProperties: z.array(z.looseObject({ targetNodes: z.string().optional(), container })).min(1),
    })
    .optional(),
  retryStrategy: z
    .strictObject({
      attempts: z.number().int().min(1).max(10).optional(),
      evaluateOnExit: z
        .array(
          z.strictObject({
            action: ci(['RETRY', 'EXIT']),
            onStatusReason: z.string().max(512).optional(),
            onReason: z.string().max(512).optional(),
            onExitCode: z.union([z.string().max(512), z.number().int()]).optional(),
          }),
        )
        .max(5)
        .optional(),
    })
    .optional(),
  timeout: z.strictObject({ attemptDurationSeconds: z.number().int().min(60) }).optional(),
  schedulingPriority: z.number().int().min(0).max(9999).optional(),
  simulation: z.strictObject({
    runtime: distributionSchema,
    failure: z
      .strictObject({ probability: z.number().min(0).max(1), exitCode: z.number().int().optional(), reason: z.string().optional() })
      .optional(),
  }),
});

const schedulingPolicy = z.looseObject({
  name: z.string(),
  fairsharePolicy: z
    .strictObject({
      shareDecaySeconds: z.number().int().min(0).max(604800).optional(),
      computeReservation: z.number().int().min(0).max(99).optional(),
      shareDistribution: z
        .array(z.strictObject({ shareIdentifier: z.string(), weightFactor: z.number().min(0.0001).max(999.9999).optional() }))
        .optional(),
    })
    .optional(),
});

const bounds = { count: z.number().int().positive().optional(), until: duration.optional() };
const schedule = z.string().describe('An EventBridge schedule expression: "cron(…)" or "rate(…)".');
const arrivals = z.union([
  z.strictObject({
    poisson: z.union([
      z.strictObject({ perHour: z.number().positive() }),
      z.strictObject({ perMinute: z.number().positive() }),
      z.strictObject({ perSecond: z.number().positive() }),
    ]),
    ...bounds,
  }),
  z.strictObject({ at: z.array(duration).min(1) }),
  z.strictObject({ every: duration, ...bounds }),
  z.strictObject({ schedule, ...bounds }),
  z.strictObject({ burst: z.strictObject({ count: z.number().int().positive(), at: z.array(duration).optional(), schedule: schedule.optional() }) }),
  z.strictObject({
    trace: z.strictObject({
      file: z.string().describe('Trace file, relative to the scenario; .gz files are decompressed.'),
      format: z.enum(TRACE_FORMATS),
      columns: z
        .strictObject({
          submitTime: z.string(),
          runtime: z.string(),
          vcpus: z.string().optional(),
          memory: z.string().optional(),
          queue: z.string().optional(),
          share: z.string().optional(),
          requestedTime: z.string().optional(),
          name: z.string().optional(),
        })
        .optional()
        .describe('csv only: the column holding each field (default: columns named like the fields).'),
      limit: z.number().int().positive().optional().describe('Replay only the first N jobs.'),
      timeScale: z.number().positive().optional().describe('Multiplies inter-arrival times (default 1).'),
    }),
  }),
]);

const job = z.looseObject({
  jobName: z.string(),
  jobQueue: z.string(),
  jobDefinition: z.string(),
  shareIdentifier: z.string().optional(),
  schedulingPriorityOverride: z.number().int().min(0).max(9999).optional(),
  arrayProperties: z.strictObject({ size: z.number().int().min(2).max(10000) }).optional(),
  dependsOn: z.array(z.looseObject({ jobName: z.string().optional(), type: ci(['N_TO_N', 'SEQUENTIAL']).optional() })).max(20).optional(),
  containerOverrides: z.looseObject({ resourceRequirements: resourceRequirements.optional() }).optional(),
});

const workloadGroup = z.strictObject({ name: z.string(), arrivals, jobs: z.array(job).min(1) });

const prices = z.strictObject({
  ec2: z.record(z.string(), z.number().nonnegative()).optional(),
  spotDiscount: z.record(z.string(), z.number().min(0).max(1)).optional(),
  fargate: z
    .strictObject({
      x86VcpuHourUsd: z.number().nonnegative().optional(),
      x86GbHourUsd: z.number().nonnegative().optional(),
      armVcpuHourUsd: z.number().nonnegative().optional(),
      armGbHourUsd: z.number().nonnegative().optional(),
      spotDiscount: z.number().min(0).max(1).optional(),
      storageGbHourUsd: z.number().nonnegative().optional(),
    })
    .optional(),
  ebsGp3UsdPerGiBMonth: z.number().nonnegative().optional(),
});

export const scenarioFileSchema = z
  .strictObject({
    name: z.string().optional(),
    description: z.string().optional(),
    seed: z.number().int().nonnegative().optional(),
    startAt: z
      .string()
      .optional()
      .describe('The instant (ISO 8601, UTC unless an offset is given) the clock starts at; schedules fire on this calendar. Default 2024-01-01T00:00:00Z, a Monday.'),
    until: duration.optional(),
    assumptions: assumptions.optional(),
    computeEnvironments: z.array(computeEnvironment).optional(),
    jobQueues: z.array(jobQueue).optional(),
    jobDefinitions: z.array(jobDefinition).optional(),
    schedulingPolicies: z.array(schedulingPolicy).optional(),
    workload: z.array(workloadGroup).optional(),
    prices: prices.optional(),
    nextToken: z.string().optional().describe('From pasted describe-* output; ignored.'),
  })
  .describe('A batchsim scenario: AWS Batch objects in the AWS API shape, plus workload, assumptions and prices.');

/** JSON Schema (draft 2020-12) of the scenario file, for editors. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioFileSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
