// Which instance type a managed EC2 environment launches for a group of waiting jobs of one shape.
// AWS publishes what each allocation strategy favours, not its algorithm (allocation-strategies
// page; AWS-BATCH-BEHAVIOUR.md §2.3), so these are models [EST]:
// - BEST_FIT: the cheapest type (lowest $/h) that holds one job; one type for the whole shape.
// - BEST_FIT_PROGRESSIVE: the lowest cost per job actually placed: $/h divided by how many of the
//   waiting jobs one instance would hold (so one small job never gets a 96-vCPU host, and many
//   jobs go to whatever type is cheapest per slot); ties go to the smaller type, then the name.
import { shapeFits, usableMemoryMiB } from './instance.js';

export interface CandidateType {
  instanceType: string;
  vcpus: number;
  memoryMiB: number;
  gpus: number;
  priceUsdPerHour: number;
}

export interface JobShape {
  vcpus: number;
  memoryMiB: number;
  gpus: number;
}

/** How many jobs of this shape one empty instance holds (0 if none). */
export function slotsPerInstance(t: CandidateType, s: JobShape): number {
  if (!shapeFits(t, s.vcpus, s.memoryMiB, s.gpus)) return 0;
  let n = Math.floor(t.vcpus / s.vcpus);
  n = Math.min(n, Math.floor(usableMemoryMiB(t.memoryMiB) / s.memoryMiB));
  if (s.gpus > 0) n = Math.min(n, Math.floor(t.gpus / s.gpus));
  return n;
}

export type Strategy = 'BEST_FIT' | 'BEST_FIT_PROGRESSIVE';

/** The type to launch for `count` waiting jobs of `shape`, or null when no allowed type fits. */
export function chooseInstanceType(
  strategy: Strategy,
  candidates: readonly CandidateType[],
  shape: JobShape,
  count: number,
): CandidateType | null {
  let best: CandidateType | null = null;
  let bestScore = Infinity;
  for (const t of candidates) {
    const slots = slotsPerInstance(t, shape);
    if (slots === 0) continue;
    const score = strategy === 'BEST_FIT' ? t.priceUsdPerHour : t.priceUsdPerHour / Math.min(slots, Math.max(1, count));
    if (best === null || score < bestScore - 1e-12 || (Math.abs(score - bestScore) <= 1e-12 && smaller(t, best))) {
      best = t;
      bestScore = score;
    }
  }
  return best;
}

function smaller(a: CandidateType, b: CandidateType): boolean {
  if (a.vcpus !== b.vcpus) return a.vcpus < b.vcpus;
  if (a.memoryMiB !== b.memoryMiB) return a.memoryMiB < b.memoryMiB;
  return a.instanceType < b.instanceType;
}
