// AWS Batch on the event engine: the composition root. It wires the model's parts and runs them:
//
//   Scenario, Catalog, seed, Recorder
//     | 1. streams                       ModelStreams (streams.ts)
//     | 2. build                         environments, queues, job specs (build.ts)
//     | 3. wire                          JobLifecycle (lifecycle.ts) <-> Scheduler (scheduler/)
//     | 4. initial capacity              unmanaged fleets, minvCpus/desiredvCpus, ready at 0
//     | 5. submission                    arrivals and trace replays scheduled (submission.ts), each
//     |                                  through the SubmitJob throttle and SUBMITTED cap (submitter.ts);
//     |                                  Step Functions executions and their Tasks' jobs (pipelines.ts)
//     | 6. sampling and progress         the time series (sampling.ts); progress every 65,536 events
//     |    horizon                       `until`, when a minvCpus pool or an unmanaged fleet stays up
//     | 7. run                           the kernel's event loop, until the horizon or no work left
//     | 8. close                         end instant, unfinished jobs, instances, last sample, snapshots
//     v                                  (endOfRun.ts)
//   ModelRun (result.ts); the rows went to the Recorder
//
// The order of 4-6 is the order their first events are scheduled in, which the outputs depend on.
import { sampler } from '../engine/distribution.js';
import { Simulation } from '../engine/simulation.js';
import { isFargate, startsStateMachines, type Scenario } from '../scenario/types.js';
import { buildEnvironment, buildQueues, JobSpecs } from './build.js';
import type { Catalog } from './catalog.js';
import { closeBooks, environmentSnapshot, keepsCapacityToHorizon, lastActivity, queueSnapshot } from './endOfRun.js';
import type { FargateLaunchRates } from './environments/launchRate.js';
import type { AccountLimits } from './environments/launchLimits.js';
import type { Context, Instance } from './instance.js';
import { fleetBudget, RunawayFleetError } from './runaway.js';
import { DataMovement } from './dataMovement.js';
import type { ImagePulls } from './imagePull.js';
import { JobLifecycle } from './lifecycle.js';
import { spotRisk } from './pricing.js';
import { Rank } from './ranks.js';
import type { ModelRun, RunOptions } from './result.js';
import { StateSampler } from './sampling.js';
import { Scheduler } from './scheduler/scheduler.js';
import { STREAM, ModelStreams } from './streams.js';
import { expectedJobs, Submission } from './submission.js';
import { Submitter } from './submitter.js';
import { lazyModule } from '../engine/lazy.js';
import type { Pipelines } from './pipelines.js';

export type { ArrivalSource, ModelRun, Recorder, RunOptions, TraceEvent } from './result.js';

/** Step Functions (pipelines.ts and its interpreter), loaded only for a scenario with state-machine groups (start-up). */
const pipelinesModule = lazyModule<typeof import('./pipelines.js')>(import.meta.url, './pipelines.js', () => import('./pipelines.js'));
/** Likewise the account's quotas and capacity rules, Fargate's launch buckets and image pulls: only for scenarios that have them. */
const quotasModule = lazyModule<typeof import('./environments/quotas.js')>(import.meta.url, './environments/quotas.js', () => import('./environments/quotas.js'));
const availabilityModule = lazyModule<typeof import('./environments/availability.js')>(import.meta.url, './environments/availability.js', () => import('./environments/availability.js'));
const launchRateModule = lazyModule<typeof import('./environments/launchRate.js')>(import.meta.url, './environments/launchRate.js', () => import('./environments/launchRate.js'));
const imagePullModule = lazyModule<typeof import('./imagePull.js')>(import.meta.url, './imagePull.js', () => import('./imagePull.js'));

export function runBatch(scenario: Scenario, catalog: Catalog, options: Omit<RunOptions, 'pause'>): ModelRun {
  return runSteps(batchSteps(scenario, catalog, options));
}

/** Run a generator of steps (batchSteps, or one built on it) to its end, going straight on where it pauses. */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * runBatch as a generator: it yields where options.pause says to (the caller awaits its event
 * loop, then goes on with next()) and returns the run; without `pause`, it never yields.
 */
export function* batchSteps(scenario: Scenario, catalog: Catalog, options: RunOptions): Generator<void, ModelRun, void> {
  const seed = options.seed ?? scenario.seed;
  const trace = options.trace ?? null;
  const a = scenario.assumptions;
  const sim = new Simulation();

  const recorder = options.recorder;

  // 1. Streams.
  const streams = new ModelStreams(seed);

  // 2. Build. Environments reach the scheduler and the life cycle through ctx, once they exist (3).
  const instances: Instance[] = [];
  const ctx: Context = {
    sim,
    requestPass: () => scheduler.requestPass(),
    instances,
    idleTerminateAfterMs: a.idleTerminateAfterMs,
    placement: a.placement,
    interruptAttempts: (inst, reason) => lifecycle.interruptAttempts(inst, reason),
    trace,
  };
  // Fargate's launch rate is per account and Region: one bucket per purchase option for all environments.
  const launchRates: FargateLaunchRates | null = scenario.computeEnvironments.some(isFargate)
    ? new (launchRateModule().FargateLaunchRates)(a.fargate.launchBurst, a.fargate.launchPerSecond, sim, ctx.requestPass)
    : null;
  const account = accountLimits(scenario, sim, ctx, streams);
  const environments = scenario.computeEnvironments.map((ce) => buildEnvironment(ce, scenario, catalog, streams, ctx, launchRates, account));
  const queues = buildQueues(scenario, environments);
  const specs = new JobSpecs(scenario, queues, recorder);

  // 3. Wire: the scheduler places through the life cycle, which asks it for passes.
  // No image with a pull time, no pulls (ImagePulls.of would say null).
  const imagePulls = a.imagePull === undefined || Object.keys(a.imagePull.images).length === 0 ? null : imagePullModule().ImagePulls.of(a.imagePull, scenario.jobDefinitions);
  const dataMovement = DataMovement.of(scenario, catalog);
  const lifecycle = new JobLifecycle({
    sim,
    trace,
    recorder,
    streams,
    queues,
    submitToRunnable: sampler(a.submitToRunnable, streams.stream(STREAM.submitToRunnable)),
    containerStart: sampler(a.containerStart, streams.stream(STREAM.containerStart)),
    imagePulls,
    dataMovement,
  });
  const onPassEnd = account === null || !account.quotas.any ? null : () => account.quotas.endPass(sim.now);
  const scheduler = new Scheduler({ sim, trace, lifecycle, queues, environments, cycleMs: a.schedulerCycleMs, onPassEnd });
  lifecycle.passes = scheduler;

  // 4. Unmanaged fleets exist from the start; their shapes decide what fits, so start them first.
  for (const ce of environments) ce.startInitialCapacity();

  // 5. Submission, through the account's SubmitJob throttle and SUBMITTED cap.
  const submitter = new Submitter(sim, lifecycle, a.api);
  lifecycle.leftSubmitted = () => submitter.leftSubmitted();
  new Submission(sim, lifecycle, specs, streams, options.arrivals, scenario.untilMs, submitter).start(scenario.workload);
  // Groups that start Step Functions executions submit their jobs from the executions' Tasks.
  const pipelines: Pipelines | null = startsStateMachines(scenario) ? new (pipelinesModule().Pipelines)(sim, lifecycle, specs, submitter, streams, scenario, a.pipeline) : null;
  pipelines?.start(scenario.workload, options.arrivals, scenario.untilMs, a.pipeline.eventDelivery);

  // 6. Sampling and progress.
  // A summary-only run samples no queue and no environment (sampling.ts's header).
  const stateSampler = options.summaryOnly === true ? new StateSampler(sim, recorder, [], []) : new StateSampler(sim, recorder, queues, environments);
  stateSampler.start(a.timeseriesMode === 'changes' ? null : a.timeseriesIntervalMs);
  const progress = options.progress;
  const pause = options.pause ?? null;
  let paused = false;
  {
    const total = expectedJobs(scenario, false);
    const until = scenario.untilMs;
    sim.everyEvents(0x10000, () => {
      // A run that launches capacity for ever (runaway.ts) is stopped before it exhausts memory.
      if (instances.length > fleetBudget(lifecycle.created)) throw new RunawayFleetError(instances.length, lifecycle.created, sim.now);
      if (progress) {
        const ended = lifecycle.created - lifecycle.live.length;
        progress(total > 0 ? Math.min(1, ended / total) : until !== null && until > 0 ? Math.min(1, sim.now / until) : null);
      }
      if (pause !== null && pause()) {
        paused = true;
        sim.stop();
      }
    });
  }

  // An unmanaged fleet or a minvCpus pool stays up to `until`, and is billed to it: the run lasts
  // to the horizon (an event there keeps the clock and the sampler going). Jobs are cut off only if
  // work was still to happen then: an event beyond it besides the sampler's next tick (the sampler
  // ticks at SAMPLE rank, before HORIZON, and always has exactly one tick pending while it runs).
  const toHorizon = keepsCapacityToHorizon(scenario);
  let workBeyondHorizon = false;
  if (toHorizon) sim.schedule(scenario.untilMs!, Rank.HORIZON, () => (workBeyondHorizon = sim.pending > 1));

  // 7. Run: at once, or in slices (a stopped run goes on where it stopped: the same events in the same order).
  let atHorizon: boolean;
  for (;;) {
    atHorizon = sim.run(scenario.untilMs);
    if (!paused) break;
    paused = false;
    yield;
  }

  // 8. Close. The clock stops at `until` whenever an event lies beyond it, but only jobs still in
  // flight make that a cut-off: a sampler tick or a scale-in timer past the horizon is not work.
  const endAt = atHorizon || toHorizon ? scenario.untilMs! : Math.max(lastActivity(lifecycle, instances), pipelines?.lastActivity() ?? 0);
  const cutOff = (toHorizon ? workBeyondHorizon : atHorizon) && lifecycle.live.length > 0;
  sim.close(endAt);
  closeBooks({ lifecycle, recorder, queues, instances, sampler: stateSampler, lastPass: scheduler.passNumber }, endAt, cutOff);

  return {
    seed,
    endAt,
    cutOff,
    eventsProcessed: sim.eventsProcessed,
    summaryOnly: options.summaryOnly === true,
    submission: submitter.report(endAt),
    queues: queues.map((q) => queueSnapshot(q, endAt)),
    environments: environments.map((ce, k) => environmentSnapshot(ce, spotRisk(scenario.computeEnvironments[k], catalog, scenario))),
    prices: {
      ebsRootVolumeGiB: a.ebsRootVolumeGiB,
      ebsUsdPerGiBMonth: scenario.prices.ebsGp3UsdPerGiBMonth ?? catalog.ebsGp3UsdPerGiBMonth,
      lambda: catalog.lambda,
    },
    ...(pipelines === null ? {} : { pipelines: pipelines.report(lifecycle.created) }),
    ...(dataMovement === null ? {} : { data: dataMovement.snapshot(pullTally(imagePulls)) }),
    ...(account === null ? {} : { limits: { quotas: account.quotas.snapshot(endAt), capacity: account.capacity.any ? account.capacity.snapshot() : null } }),
  };
}

/** What the cold image pulls downloaded from ECR (bytes of MiB sizes). */
function pullTally(pulls: ImagePulls | null): { bytes: number; coldPulls: number; withoutSize: number } {
  if (pulls === null) return { bytes: 0, coldPulls: 0, withoutSize: 0 };
  return { bytes: Math.round(pulls.coldPullMiB * 1024 * 1024), coldPulls: pulls.coldPulls, withoutSize: pulls.coldPullsWithoutSize };
}

/** The account's service quotas and capacity rules, or null when the scenario sets neither. */
function accountLimits(scenario: Scenario, sim: Simulation, ctx: Context, streams: ModelStreams): AccountLimits | null {
  const a = scenario.assumptions;
  if (Object.keys(a.serviceQuotas).length === 0 && a.capacity.length === 0) return null;
  return {
    sim,
    quotas: new (quotasModule().AccountQuotas)(a.serviceQuotas),
    capacity: new (availabilityModule().CapacityAvailability)(a.capacity, sim, () => ctx.requestPass(), (ce, type) => streams.stream(STREAM.capacity(ce, type))),
  };
}
