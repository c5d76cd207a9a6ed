// "Would Lambda do?": per job definition, whether its jobs fit AWS Lambda's limits and what the
// same runs would cost there. Limits and prices: AWS-BATCH-BEHAVIOUR.md §3.2 (and §5, "Lambda
// comparison model"); prices come from data/lambda-prices.json via `LambdaPrices`.
//
// Modelling choices, all deliberate:
// - Memory. Lambda gives CPU in proportion to memory (about 1 vCPU per 1,769 MB, 6 vCPU at
//   10,240 MB), so a function needs max(memory, ceil(vCPUs × 1769)) MB, at least 128 MB. Batch
//   memory is MiB and Lambda's is MB; like the AWS consoles we treat 1 MiB as 1 MB. The figures
//   are the job definition's; containerOverrides on individual jobs are not looked at.
// - /tmp. Batch fills ephemeralStorage with Fargate's default of 20 GiB and only accepts explicit
//   values of 21-200 GiB, so the default alone does not make a job unfit; only a definition that
//   sets more than 20 GiB does (Lambda's /tmp tops out at 10,240 MB, treated as 10 GiB).
// - Multi-node parallel definitions do not fit: Lambda has nothing like them.
// - Cost is computed even when a definition does not fit, at the memory it would need (not capped
//   at 10,240 MB), so users see the price. Each run that ended (SUCCEEDED, FAILED or TIMED_OUT) is
//   one invocation, billed in 1 ms steps (ceil). Duration tiers are monthly volume tiers; here they
//   are applied per job definition to its GB-seconds over the simulated run, not per calendar
//   month across the account. The free tier, cold starts, /tmp above 512 MB and concurrency limits
//   are left out. USD are rounded to 1e-6, GB-seconds to 1e-3.
import type { SimulationResult } from '../records/result.js';
import type { LambdaPrices } from '../model/catalog.js';
import { ATTEMPT_END_NAMES, AttemptEnd } from '../model/types.js';
import { round } from '../records/format.js';
import type { JobDefinition } from '../scenario/types.js';
import { tieredUsd } from './tiers.js';
import { quantiles } from './distribution.js';

/** Lambda limits (AWS-BATCH-BEHAVIOUR.md §3.2). */
export const LAMBDA_MAX_RUNTIME_MS = 900_000;
export const LAMBDA_MIN_MEMORY_MB = 128;
export const LAMBDA_MAX_MEMORY_MB = 10_240;
/** About one vCPU per 1,769 MB [3P]; about 6 vCPU at 10,240 MB [EST]. */
export const LAMBDA_MB_PER_VCPU = 1769;
export const LAMBDA_MAX_VCPUS = 6;
export const LAMBDA_MAX_TMP_GIB = 10;
/** Batch's (Fargate's) default ephemeral storage; explicit values start at 21. */
export const BATCH_DEFAULT_EPHEMERAL_GIB = 20;

export type LambdaArchitecture = 'x86_64' | 'arm64';

export interface LambdaFit {
  jobDefinition: string;
  fits: boolean;
  /** Every reason it does not fit, in a fixed order; empty when it fits. */
  reasons: string[];
  /** Memory the function would be configured with. */
  memoryMB: number;
  invocations: number;
  gbSeconds: number;
  /** Requests plus duration. */
  costUsd: number;
  /** Of the runs as simulated (not billed-rounded); null when nothing ran. */
  runtimeSeconds: { p50: number; p99: number; max: number } | null;
}

export interface LambdaReport {
  architecture: LambdaArchitecture;
  /** In the order of `definitions`. */
  byJobDefinition: Record<string, LambdaFit>;
  /** Sum over every definition, fitting or not. */
  totalCostUsd: number;
  /** Sum over the definitions that fit. */
  fittingCostUsd: number;
}

export interface LambdaInput {
  definitions: JobDefinition[];
  /** Per job definition name, the run times (ms) of the attempts that ran to an end. */
  runsMs: Map<string, Float64Array>;
  prices: LambdaPrices;
  architecture: LambdaArchitecture;
}

export function compareLambda(input: LambdaInput): LambdaReport {
  const tiers = input.architecture === 'arm64' ? input.prices.arm64GbSecondUsd : input.prices.x86GbSecondUsd;
  const byJobDefinition: Record<string, LambdaFit> = {};
  let total = 0;
  let fitting = 0;
  for (const def of input.definitions) {
    const fit = fitOne(def, input.runsMs.get(def.jobDefinitionName) ?? new Float64Array(0), input.prices, tiers);
    byJobDefinition[def.jobDefinitionName] = fit;
    total += fit.costUsd;
    if (fit.fits) fitting += fit.costUsd;
  }
  return { architecture: input.architecture, byJobDefinition, totalCostUsd: round(total), fittingCostUsd: round(fitting) };
}

/** The memory (MB) a Lambda function needs to match a definition's memory and vCPUs. */
export function lambdaMemoryMB(def: Pick<JobDefinition, 'vcpus' | 'memoryMiB'>): number {
  return Math.max(LAMBDA_MIN_MEMORY_MB, Math.ceil(def.memoryMiB), Math.ceil(def.vcpus * LAMBDA_MB_PER_VCPU));
}

/** Cost of `gbSeconds` under cumulative volume tiers (`upToGbSeconds` null on the last one). */
export function tieredDurationUsd(gbSeconds: number, tiers: LambdaPrices['x86GbSecondUsd']): number {
  return tieredUsd(gbSeconds, tiers, (t) => t.upToGbSeconds, (t) => t.usd);
}

function fitOne(def: JobDefinition, runs: Float64Array, prices: LambdaPrices, tiers: LambdaPrices['x86GbSecondUsd']): LambdaFit {
  const memoryMB = lambdaMemoryMB(def);
  const n = runs.length;
  let billedMs = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const run = runs[i];
    billedMs += Math.ceil(run);
    if (run < min) min = run;
    if (run > max) max = run;
  }
  let runtimeSeconds: LambdaFit['runtimeSeconds'] = null;
  let p99Ms = 0;
  if (n > 0) {
    // Run times are differences of instants, never NaN, so their range saves the selection a pass.
    const [p50, p99] = quantiles(runs, [0.5, 0.99], { min, max });
    p99Ms = p99;
    runtimeSeconds = { p50: round(p50 / 1000, 3), p99: round(p99 / 1000, 3), max: round(max / 1000, 3) };
  }

  const reasons: string[] = [];
  if (n === 0) reasons.push('no attempt ran in this simulation');
  else if (p99Ms > LAMBDA_MAX_RUNTIME_MS) {
    let shown = compactDuration(p99Ms);
    if (shown === compactDuration(LAMBDA_MAX_RUNTIME_MS)) shown = `${round(p99Ms / 1000, 3)}s`;
    reasons.push(`p99 runtime ${shown} > ${compactDuration(LAMBDA_MAX_RUNTIME_MS)}`);
  }
  if (memoryMB > LAMBDA_MAX_MEMORY_MB) reasons.push(`needs ${memoryMB} MB > ${LAMBDA_MAX_MEMORY_MB} MB`);
  if (def.vcpus > LAMBDA_MAX_VCPUS) reasons.push(`needs ${def.vcpus} vCPUs > ${LAMBDA_MAX_VCPUS}`);
  if (def.gpus > 0) reasons.push('needs a GPU');
  if (def.ephemeralStorageGiB > BATCH_DEFAULT_EPHEMERAL_GIB && def.ephemeralStorageGiB > LAMBDA_MAX_TMP_GIB) {
    reasons.push(`/tmp ${def.ephemeralStorageGiB} GiB > ${LAMBDA_MAX_TMP_GIB} GiB`);
  }
  if (def.type === 'multinode') {
    const nodes = def.nodeProperties?.numNodes;
    reasons.push(nodes === undefined ? 'multi-node parallel job' : `multi-node parallel job (${nodes} nodes)`);
  }

  const gbSeconds = (billedMs * memoryMB) / (1000 * 1024);
  const costUsd = (n * prices.requestUsdPerMillion) / 1e6 + tieredDurationUsd(gbSeconds, tiers);
  return {
    jobDefinition: def.jobDefinitionName,
    fits: reasons.length === 0,
    reasons,
    memoryMB,
    invocations: n,
    gbSeconds: round(gbSeconds, 3),
    costUsd: round(costUsd),
    runtimeSeconds,
  };
}

/** A duration in the largest unit of s, m, h that keeps it at least 1, to one decimal: 40s, 47m, 1.5h. */
export function compactDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${round(s, 1)}s`;
  if (s < 3600) return `${round(s / 60, 1)}m`;
  return `${round(s / 3600, 1)}h`;
}

/** Whether an attempt that ended this way (an AttemptEnd) ran to an end: SUCCEEDED, FAILED or TIMED_OUT. */
const RAN_TO_AN_END = Uint8Array.from(ATTEMPT_END_NAMES, (_, end) => (end === AttemptEnd.SUCCEEDED || end === AttemptEnd.FAILED || end === AttemptEnd.TIMED_OUT ? 1 : 0));

/**
 * Per job definition (in the scenario's order), the run times stoppedAt − startedAt (ms) of the
 * attempts that started and ended SUCCEEDED, FAILED or TIMED_OUT, in the order they ended. Attempts
 * unfinished at the end of the run, or ended any other way, are left out. Definitions with no
 * such attempt map to an empty array.
 */
export function lambdaRunsFromResult(r: SimulationResult): Map<string, Float64Array> {
  const names = r.scenario.jobDefinitions.map((d) => d.jobDefinitionName);
  const slotOf = new Map<string, number>();
  for (const name of names) if (!slotOf.has(name)) slotOf.set(name, slotOf.size);
  // A scenario of one definition (most are) has its runs in one pass: every attempt's is that one's.
  const arrays = (slotOf.size === 1 ? runsOfOne(r, r.jobs.strings.indexOf(names[0])) : null) ?? runsBySlot(r, slotOf);
  const out = new Map<string, Float64Array>();
  for (const [name, slot] of slotOf) out.set(name, arrays[slot]);
  return out;
}

/**
 * The runs of a run whose every job is of the definition with string id `id`, in one pass; null,
 * having filled nothing that is kept, if a job of another definition is met (then runsBySlot places
 * each run by its definition).
 */
function runsOfOne(r: SimulationResult, id: number): Float64Array[] | null {
  const A = r.attempts;
  const { job: jobOf, startedAt, stoppedAt, count } = A;
  const defOf = r.jobs.jobDefinition;
  const runs = new Float64Array(count);
  let m = 0;
  for (let i = 0; i < count; i++) {
    if (!ranToAnEnd(A, i)) continue;
    if (defOf[jobOf[i]] !== id) return null;
    runs[m++] = stoppedAt[i] - startedAt[i];
  }
  return [runs.subarray(0, m)];
}

/**
 * The runs by slot (slotOf's, which gains any definition a job names that the scenario does not
 * list, after the listed ones): two passes (each a function of its own, so each is optimized on its
 * own), counting then filling, so each definition gets one exactly sized array.
 */
function runsBySlot(r: SimulationResult, slotOf: Map<string, number>): Float64Array[] {
  const strings = r.jobs.strings;
  // The slot by the definition name's string id, looked up by name once per id (-1: not yet).
  const slotById = new Int32Array(strings.length).fill(-1);
  const counts: number[] = new Array<number>(slotOf.size).fill(0);
  const slotByName = (id: number): number => {
    const name = strings[id];
    let known = slotOf.get(name);
    if (known === undefined) {
      // Not in the scenario's list (should not happen); kept, after the scenario's definitions.
      known = slotOf.size;
      slotOf.set(name, known);
      counts.push(0);
    }
    return known;
  };
  countRuns(r, slotById, slotByName, counts);
  const arrays = counts.map((c) => new Float64Array(c));
  fillRuns(r, slotById, arrays);
  return arrays;
}

/** Whether attempt i started and ran to an end (SUCCEEDED, FAILED or TIMED_OUT). */
function ranToAnEnd(A: SimulationResult['attempts'], i: number): boolean {
  return A.startedAt[i] >= 0 && A.stoppedAt[i] >= 0 && RAN_TO_AN_END[A.end[i]] === 1;
}

/** Counts per slot (its definition's) the attempts that ran to an end, giving each definition id met its slot. */
function countRuns(r: SimulationResult, slotById: Int32Array, slotByName: (id: number) => number, counts: number[]): void {
  const A = r.attempts;
  const jobOf = A.job;
  const defOf = r.jobs.jobDefinition;
  for (let i = 0; i < A.count; i++) {
    if (!ranToAnEnd(A, i)) continue;
    const id = defOf[jobOf[i]];
    let slot = slotById[id];
    if (slot < 0) slot = slotById[id] = slotByName(id);
    counts[slot]++;
  }
}

/** The run times of the attempts countRuns counted into their slots' arrays, in attempt order. */
function fillRuns(r: SimulationResult, slotById: Int32Array, arrays: Float64Array[]): void {
  const A = r.attempts;
  const { job: jobOf, startedAt, stoppedAt } = A;
  const defOf = r.jobs.jobDefinition;
  const filled = new Int32Array(arrays.length);
  for (let i = 0; i < A.count; i++) {
    if (!ranToAnEnd(A, i)) continue;
    const slot = slotById[defOf[jobOf[i]]];
    arrays[slot][filled[slot]++] = stoppedAt[i] - startedAt[i];
  }
}
