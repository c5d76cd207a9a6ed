// Which instance type a managed EC2 or Spot environment launches for a group of waiting jobs of
// one shape. AWS publishes what each allocation strategy favours, not its algorithm
// (allocation-strategies page; AWS-BATCH-BEHAVIOUR.md §2.3), so these are models [EST]:
// - BEST_FIT: the cheapest type (lowest $/h) that holds one job; one type for the whole shape.
// - BEST_FIT_PROGRESSIVE: the lowest cost per job actually placed: $/h divided by how many of the
//   waiting jobs one instance would hold (so one small job never gets a 96-vCPU host, and many
//   jobs go to whatever type is cheapest per slot).
// - SPOT_CAPACITY_OPTIMIZED: the pools least likely to be interrupted (lowest Spot Instance Advisor
//   band), then the lowest cost per job placed.
// - SPOT_PRICE_CAPACITY_OPTIMIZED: as EC2 Fleet's price-capacity-optimized, the pools with the best
//   capacity first, then the cheapest among them: types within one Advisor band of the best
//   fitting band, then the lowest cost per job placed.
// assumptions.placement [EST] decides among equally ranked types: `smallest` (the default) breaks
// ties toward the smaller type, `largest` toward the larger, and `lowest-vcpu-cost` ranks the
// per-job strategies by $/h per vCPU instead (BEST_FIT_PROGRESSIVE's documented preference for
// lower cost per vCPU), ties to the smaller type. Then the name.
import type { AllocationStrategy } from '../../scenario/types.js';
import { slotsPerInstance } from '../capacity.js';
import type { CandidateType, JobShape, PlacementPreference } from '../types.js';

/** The types a strategy considers among those that fit, and the key it ranks them by (lowest first). */
interface Ranking {
  pool: readonly CandidateType[];
  key: (t: CandidateType) => number[];
}

/** `perJob(t)`: $/h divided by how many of the waiting jobs one instance of t would hold. */
type Ranker = (fitting: readonly CandidateType[], perJob: (t: CandidateType) => number) => Ranking;

export const STRATEGY_RANKING: Readonly<Record<AllocationStrategy, Ranker>> = {
  BEST_FIT: (fitting) => ({ pool: fitting, key: (t) => [t.priceUsdPerHour] }),
  BEST_FIT_PROGRESSIVE: (fitting, perJob) => ({ pool: fitting, key: (t) => [perJob(t)] }),
  SPOT_CAPACITY_OPTIMIZED: (fitting, perJob) => ({ pool: fitting, key: (t) => [t.band, perJob(t)] }),
  SPOT_PRICE_CAPACITY_OPTIMIZED: (fitting, perJob) => {
    const best = Math.min(...fitting.map((t) => t.band));
    return { pool: fitting.filter((t) => t.band <= best + 1), key: (t) => [perJob(t), t.band] };
  },
};

/** The type to launch for `count` waiting jobs of `shape`, or null when no allowed type fits. */
export function chooseInstanceType(
  strategy: AllocationStrategy,
  candidates: readonly CandidateType[],
  shape: JobShape,
  count: number,
  placement: PlacementPreference = 'smallest',
): CandidateType | null {
  const fitting = candidates.filter((t) => slotsPerInstance(t, shape) > 0);
  if (fitting.length === 0) return null;
  const perJob =
    placement === 'lowest-vcpu-cost'
      ? (t: CandidateType): number => t.priceUsdPerHour / t.vcpus
      : (t: CandidateType): number => t.priceUsdPerHour / Math.min(slotsPerInstance(t, shape), Math.max(1, count));
  const preferred = placement === 'largest' ? larger : smaller;
  const { pool, key } = STRATEGY_RANKING[strategy](fitting, perJob);
  let chosen = pool[0];
  let chosenKey = key(chosen);
  for (let i = 1; i < pool.length; i++) {
    const k = key(pool[i]);
    const c = compareKeys(k, chosenKey);
    if (c < 0 || (c === 0 && preferred(pool[i], chosen))) {
      chosen = pool[i];
      chosenKey = k;
    }
  }
  return chosen;
}

/** Lexicographic, with a relative tolerance so float noise in prices does not decide. */
function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    if (Math.abs(a[i] - b[i]) > 1e-12 * Math.max(1, Math.abs(a[i]), Math.abs(b[i]))) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

function larger(a: CandidateType, b: CandidateType): boolean {
  if (a.vcpus !== b.vcpus) return a.vcpus > b.vcpus;
  if (a.memoryMiB !== b.memoryMiB) return a.memoryMiB > b.memoryMiB;
  return a.instanceType < b.instanceType;
}

function smaller(a: CandidateType, b: CandidateType): boolean {
  if (a.vcpus !== b.vcpus) return a.vcpus < b.vcpus;
  if (a.memoryMiB !== b.memoryMiB) return a.memoryMiB < b.memoryMiB;
  return a.instanceType < b.instanceType;
}
