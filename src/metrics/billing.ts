// What an instance costs: EC2 bills per second with a 60-second minimum each time an instance
// starts (AWS-BATCH-BEHAVIOUR.md §3.3), here from the launch decision to termination.
import type { Instance } from '../model/instance.js';
import { round } from '../records/format.js';

export const EC2_MINIMUM_BILLED_SECONDS = 60;

export interface InstanceBill {
  billedSeconds: number;
  /** Rounded to a millionth of a dollar, so sums of rows equal the totals in summary.json. */
  costUsd: number;
}

export function instanceBill(x: Instance): InstanceBill {
  const lifetimeSeconds = Math.ceil((x.terminatedAt - x.launchedAt) / 1000);
  const billedSeconds = x.purchaseOption === 'unmanaged' ? lifetimeSeconds : Math.max(EC2_MINIMUM_BILLED_SECONDS, lifetimeSeconds);
  return { billedSeconds, costUsd: round((billedSeconds * x.priceUsdPerHour) / 3600) };
}
