// summary.json: the run's figures. Keys are stable and documented in the README; every number is
// a pure function of the records, computed in a fixed order so output is byte-identical.
import { quantile } from 'simple-statistics';
import type { SimulationResult } from '../model/batch.js';
import { JobStatus } from '../model/job.js';
import { round } from '../records/format.js';
import { instanceBill } from './billing.js';

export interface Distribution {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface Summary {
  scenario: string;
  seed: number;
  simulatedSeconds: number;
  cutOffByUntil: boolean;
  makespanSeconds: number | null;
  jobs: { submitted: number; succeeded: number; failed: number; unfinished: number; attempts: number };
  queueWaitSeconds: Distribution | null;
  turnaroundSeconds: Distribution | null;
  utilisation: { vcpu: number | null };
  costUsd: { total: number; byComputeEnvironment: Record<string, number>; byPurchaseOption: Record<string, number> };
  spot: { interruptions: number };
  jobQueues: Record<string, { jobs: number; succeeded: number; failed: number; unfinished: number; queueWaitSeconds: Distribution | null }>;
  computeEnvironments: Record<string, {
    instancesLaunched: number;
    peakvCpus: number;
    vcpuHours: number;
    busyvCpuHours: number;
    utilisation: number | null;
    costUsd: number;
  }>;
}

/**
 * Mean and percentiles, in seconds, of values in ms. simple-statistics' `quantile` selects rather
 * than sorts (same values as quantileSorted, in O(n)); it reorders `valuesMs`, which callers own.
 */
export function distribution(valuesMs: Float64Array): Distribution | null {
  const n = valuesMs.length;
  if (n === 0) return null;
  let sum = 0;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    sum += valuesMs[i];
    if (valuesMs[i] > max) max = valuesMs[i];
  }
  const [p50, p95, p99] = quantile(valuesMs as unknown as number[], [0.5, 0.95, 0.99]);
  return {
    mean: round(sum / n / 1000, 3),
    p50: round(p50 / 1000, 3),
    p95: round(p95 / 1000, 3),
    p99: round(p99 / 1000, 3),
    max: round(max / 1000, 3),
  };
}

export function summarize(r: SimulationResult): Summary {
  const L = r.jobs;
  const n = L.count;
  const status = L.status.data;
  const queueIds = L.jobQueue.data;
  const strings = L.strings.values;
  const runnableAt = L.runnableAt.data;
  const startingAt = L.startingAt.data;
  const stoppedAt = L.stoppedAt.data;
  const submittedAt = L.submittedAt.data;

  let succeeded = 0;
  let failed = 0;
  let attempts = 0;
  let started = 0;
  let ended = 0;
  let makespan = -1;
  for (let i = 0; i < n; i++) {
    if (status[i] === JobStatus.SUCCEEDED) succeeded++;
    else if (status[i] === JobStatus.FAILED) failed++;
    attempts += L.attempts.data[i];
    if (startingAt[i] >= 0) started++;
    if (stoppedAt[i] >= 0) {
      ended++;
      if (stoppedAt[i] > makespan) makespan = stoppedAt[i];
    }
  }
  const waits = new Float64Array(started);
  const turnaround = new Float64Array(ended);
  for (let i = 0, w = 0, t = 0; i < n; i++) {
    if (startingAt[i] >= 0) waits[w++] = startingAt[i] - runnableAt[i];
    if (stoppedAt[i] >= 0) turnaround[t++] = stoppedAt[i] - submittedAt[i];
  }

  // Per-queue figures in two passes over the ledger: count, then fill one array per queue.
  const queueIndex = new Map(r.queues.map((q, k) => [strings.indexOf(q.name), k]));
  const perQueue = r.queues.map(() => ({ jobs: 0, succeeded: 0, failed: 0, started: 0 }));
  for (let i = 0; i < n; i++) {
    const c = perQueue[queueIndex.get(queueIds[i])!];
    c.jobs++;
    if (status[i] === JobStatus.SUCCEEDED) c.succeeded++;
    else if (status[i] === JobStatus.FAILED) c.failed++;
    if (startingAt[i] >= 0) c.started++;
  }
  const queueWaits = perQueue.map((c) => new Float64Array(c.started));
  const fill = perQueue.map(() => 0);
  for (let i = 0; i < n; i++) {
    if (startingAt[i] < 0) continue;
    const k = queueIndex.get(queueIds[i])!;
    queueWaits[k][fill[k]++] = startingAt[i] - runnableAt[i];
  }
  const jobQueues: Summary['jobQueues'] = {};
  r.queues.forEach((q, k) => {
    const c = perQueue[k];
    jobQueues[q.name] = { jobs: c.jobs, succeeded: c.succeeded, failed: c.failed, unfinished: c.jobs - c.succeeded - c.failed, queueWaitSeconds: distribution(queueWaits[k]) };
  });

  const computeEnvironments: Summary['computeEnvironments'] = {};
  const byPurchaseOption: Record<string, number> = {};
  let total = 0;
  let busyMs = 0;
  let provisionedMs = 0;
  for (const ce of r.environments) {
    let cost = 0;
    let vcpuMs = 0;
    let ceBusy = 0;
    for (const x of r.instances) {
      if (x.ce !== ce) continue;
      const bill = instanceBill(x);
      cost += bill.costUsd;
      byPurchaseOption[x.purchaseOption] = round((byPurchaseOption[x.purchaseOption] ?? 0) + bill.costUsd);
      vcpuMs += x.vcpus * (x.terminatedAt - x.launchedAt);
      ceBusy += x.busyVcpuMs;
    }
    total += cost;
    busyMs += ceBusy;
    provisionedMs += vcpuMs;
    computeEnvironments[ce.name] = {
      instancesLaunched: ce.instancesLaunched,
      peakvCpus: ce.peakvCpus,
      vcpuHours: round(vcpuMs / 3_600_000, 4),
      busyvCpuHours: round(ceBusy / 3_600_000, 4),
      utilisation: vcpuMs > 0 ? round(ceBusy / vcpuMs, 6) : null,
      costUsd: round(cost),
    };
  }
  const byComputeEnvironment: Record<string, number> = {};
  for (const [name, ce] of Object.entries(computeEnvironments)) byComputeEnvironment[name] = ce.costUsd;

  return {
    scenario: r.scenario.name,
    seed: r.seed,
    simulatedSeconds: round(r.endAt / 1000, 3),
    cutOffByUntil: r.cutOff,
    makespanSeconds: makespan >= 0 ? round(makespan / 1000, 3) : null,
    jobs: { submitted: n, succeeded, failed, unfinished: n - succeeded - failed, attempts },
    queueWaitSeconds: distribution(waits),
    turnaroundSeconds: distribution(turnaround),
    utilisation: { vcpu: provisionedMs > 0 ? round(busyMs / provisionedMs, 6) : null },
    costUsd: { total: round(total), byComputeEnvironment, byPurchaseOption },
    spot: { interruptions: 0 },
    jobQueues,
    computeEnvironments,
  };
}
