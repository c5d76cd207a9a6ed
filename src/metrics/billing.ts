// What an instance or Fargate task costs, and how that cost splits into busy, idle and lost work.
// - EC2 (on-demand, Spot): per second with a 60-second minimum each time an instance starts, from
//   when it enters the `running` state (not the launch decision: `pending` is not billed, EC2
//   "Instance lifecycle", https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html)
//   to termination (AWS-BATCH-BEHAVIOUR.md §3.3). A Linux Spot instance that EC2 interrupts within
//   its first hour is not charged; after that, the seconds used (EC2 "Billing for interrupted Spot
//   Instances"). One that never got to `running` costs nothing.
// - EBS: each managed EC2 instance's gp3 root volume, prorated per second from `running` [EST: the
//   volume is created with the instance, seconds before] to termination (§3.3).
// - Fargate: per second with a one-minute minimum, per vCPU and GB, from the start of the image
//   pull (the end of provisioning) until the task stops, plus ephemeral storage beyond 20 GiB (§3.1).
// - UNMANAGED machines: their price for the seconds of the run, no minimum.
// Amounts are rounded to a millionth of a dollar per instance, and the parts of each instance's
// compute charge are made to add up to it exactly, so every total is the sum of its rows.
import { round } from '../records/format.js';
import type { InstanceBill, InstanceRow } from '../records/instances.js';

export type { InstanceBill } from '../records/instances.js';

export const EC2_MINIMUM_BILLED_SECONDS = 60;
export const FARGATE_MINIMUM_BILLED_SECONDS = 60;
/** EC2 waives the charge for a Spot instance it interrupts within this long of its start. */
export const SPOT_FIRST_HOUR_SECONDS = 3600;
/** Hours in the month that $/GB-month prices are prorated over (AWS's convention). */
export const HOURS_PER_MONTH = 730;

export interface BillingRates {
  ebsRootVolumeGiB: number;
  ebsUsdPerGiBMonth: number;
}

/** What a bill reads of an instance (an InstanceRow, or the model's live Instance in tests). */
export type Billable = Pick<
  InstanceRow,
  'fargate' | 'purchaseOption' | 'interrupted' | 'launchedAt' | 'runningAt' | 'readyAt' | 'terminatedAt' | 'priceUsdPerHour' | 'vcpus' | 'busyVcpuMs' | 'lostVcpuMs'
>;

function billedSeconds(x: Billable): number {
  if (x.fargate) {
    if (x.terminatedAt <= x.readyAt) return 0;
    return Math.max(FARGATE_MINIMUM_BILLED_SECONDS, Math.ceil((x.terminatedAt - x.readyAt) / 1000));
  }
  const lifetime = Math.ceil(runningMs(x) / 1000);
  if (x.purchaseOption === 'unmanaged') return lifetime;
  if (lifetime <= 0) return 0;
  if (x.interrupted && lifetime < SPOT_FIRST_HOUR_SECONDS) return 0;
  if (x.interrupted) return lifetime;
  return Math.max(EC2_MINIMUM_BILLED_SECONDS, lifetime);
}

/** How long an EC2 instance or machine was `running` (billed): from runningAt to termination. */
function runningMs(x: Billable): number {
  return Math.max(0, x.terminatedAt - x.runningAt);
}

export function instanceBill(x: Billable, rates: BillingRates): InstanceBill {
  const seconds = billedSeconds(x);
  const computeUsd = round((seconds * x.priceUsdPerHour) / 3600);
  const managedEc2 = x.purchaseOption === 'on-demand' || x.purchaseOption === 'spot';
  const ebsUsd = managedEc2
    ? round((rates.ebsRootVolumeGiB * rates.ebsUsdPerGiBMonth * (runningMs(x) / 1000)) / (HOURS_PER_MONTH * 3600))
    : 0;
  let busyUsd: number;
  let lostUsd: number;
  if (x.fargate) {
    // A task exists for its one attempt: all of it was work, kept or lost.
    busyUsd = x.interrupted ? 0 : computeUsd;
    lostUsd = x.interrupted ? computeUsd : 0;
  } else {
    // The billed vCPU-time: work is split over the running life (idle includes booting after `running`).
    const capacityVcpuMs = x.vcpus * runningMs(x);
    busyUsd = capacityVcpuMs > 0 ? round((computeUsd * x.busyVcpuMs) / capacityVcpuMs) : 0;
    lostUsd = capacityVcpuMs > 0 ? round((computeUsd * x.lostVcpuMs) / capacityVcpuMs) : 0;
  }
  const idleUsd = round(computeUsd - busyUsd - lostUsd);
  return { billedSeconds: seconds, computeUsd, ebsUsd, busyUsd, idleUsd, lostUsd, costUsd: round(computeUsd + ebsUsd) };
}

/** Every instance's bill, in the instances' order: the one place a run's instances are billed. */
export function billInstances(instances: readonly Billable[], rates: BillingRates): InstanceBill[] {
  return instances.map((x) => instanceBill(x, rates));
}
