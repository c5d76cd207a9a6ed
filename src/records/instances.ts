// The instances table: one row per EC2 instance, on-premises machine or Fargate task, in creation
// order (row k is ordinal k + 1), taken when the run closes; and instances.csv, whose cost columns
// are the instance's bill (computed once, by metrics/billing.ts, and passed in).
import type { Instance } from '../model/instance.js';
import type { PurchaseOption } from '../model/types.js';
import { csvField, round, seconds } from './format.js';
import { recordTable, type RecordTable } from './table.js';

export const INSTANCE_COLUMNS = [
  'instanceId', 'computeEnvironment', 'instanceType', 'purchaseOption', 'vcpus', 'memoryMiB', 'gpus',
  'launchedAt', 'runningAt', 'readyAt', 'terminatedAt', 'reclaimed', 'billedSeconds', 'priceUsdPerHour', 'costUsd',
  'computeCostUsd', 'ebsCostUsd', 'busyCostUsd', 'idleCostUsd', 'lostCostUsd', 'jobsRun', 'busyvCpuSeconds',
  'lostvCpuSeconds', 'utilisation',
] as const;

/** An instance as the records keep it: plain data. */
export interface InstanceRow {
  ordinal: number;
  instanceId: string;
  computeEnvironment: string;
  instanceType: string;
  purchaseOption: PurchaseOption;
  fargate: boolean;
  vcpus: number;
  memoryMiB: number;
  gpus: number;
  priceUsdPerHour: number;
  /** Instants in ms; readyAt -1 if it never got ready. runningAt: EC2 `running`, where billing starts. */
  launchedAt: number;
  runningAt: number;
  readyAt: number;
  terminatedAt: number;
  /** Spot: when EC2 would reclaim it (-1: never), and whether it did. */
  reclaimAt: number;
  interrupted: boolean;
  jobsRun: number;
  busyVcpuMs: number;
  lostVcpuMs: number;
}

export function instanceRow(x: Instance): InstanceRow {
  return {
    ordinal: x.ordinal,
    instanceId: x.instanceId,
    computeEnvironment: x.ce.name,
    instanceType: x.instanceType,
    purchaseOption: x.purchaseOption,
    fargate: x.fargate,
    vcpus: x.vcpus,
    memoryMiB: x.memoryMiB,
    gpus: x.gpus,
    priceUsdPerHour: x.priceUsdPerHour,
    launchedAt: x.launchedAt,
    runningAt: x.runningAt,
    readyAt: x.readyAt,
    terminatedAt: x.terminatedAt,
    reclaimAt: x.reclaimAt,
    interrupted: x.interrupted,
    jobsRun: x.jobsRun,
    busyVcpuMs: x.busyVcpuMs,
    lostVcpuMs: x.lostVcpuMs,
  };
}

/** The cost columns of a row: an instance's bill, as metrics/billing.ts computes it. */
export interface InstanceBill {
  billedSeconds: number;
  /** Instance-hours or task charge. */
  computeUsd: number;
  ebsUsd: number;
  /** computeUsd split by what the capacity did: ran attempts that ended, sat idle, or ran work lost to a reclaim. */
  busyUsd: number;
  idleUsd: number;
  lostUsd: number;
  /** computeUsd + ebsUsd. */
  costUsd: number;
}

/**
 * An instant of the instance's life as the records show it: -1 (empty) when it was never reached,
 * which is when the launch set it ahead and the instance ended first (reclaimed while pending, or
 * cut off by `until` while it booted or a task provisioned).
 */
export function reachedAt(x: InstanceRow, atMs: number): number {
  return atMs > x.terminatedAt ? -1 : atMs;
}

/** instances.csv: `bills[k]` is the bill of `instances[k]`. */
export function instancesTable(instances: readonly InstanceRow[], bills: readonly InstanceBill[]): RecordTable {
  const rows = instances.map((x, k) => {
    const bill = bills[k];
    const lifetimeMs = x.terminatedAt - x.launchedAt;
    const util = lifetimeMs > 0 ? x.busyVcpuMs / (x.vcpus * lifetimeMs) : 0;
    return [
      x.instanceId, csvField(x.computeEnvironment), csvField(x.instanceType), x.purchaseOption, x.vcpus, x.memoryMiB, x.gpus,
      seconds(x.launchedAt), seconds(reachedAt(x, x.runningAt)), seconds(reachedAt(x, x.readyAt)), seconds(x.terminatedAt), x.interrupted, bill.billedSeconds,
      round(x.priceUsdPerHour, 9), bill.costUsd, bill.computeUsd, bill.ebsUsd, bill.busyUsd, bill.idleUsd, bill.lostUsd,
      x.jobsRun, round(x.busyVcpuMs / 1000, 3), round(x.lostVcpuMs / 1000, 3), round(util, 6),
    ].join(',');
  });
  // One row per instance (thousands, not millions): each is joined as text and encoded once.
  return recordTable({
    name: 'instances',
    columns: INSTANCE_COLUMNS,
    rowCount: rows.length,
    writeRow: (i, w) => w.text(rows[i]),
  });
}
