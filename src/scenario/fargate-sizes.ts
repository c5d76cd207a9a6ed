// Fargate's valid task sizes (AWS-BATCH-BEHAVIOUR §2.7): which (vCPU, memory) pairs exist, and the
// nearest ones to a pair that does not. Memory in MiB (1 GiB = 1024 MiB). Pure.
import type { FargateAssumptions } from './types.js';

export interface FargateSize {
  vcpus: number;
  memoryMiB: number;
}

const GIB = 1024;

/** Per vCPU: memory options in MiB, ascending. */
const TABLE: { vcpus: number; memoryMiB: number[] }[] = [
  { vcpus: 0.25, memoryMiB: [512, 1024, 2048] },
  { vcpus: 0.5, memoryMiB: steps(1, 4, 1) },
  { vcpus: 1, memoryMiB: steps(2, 8, 1) },
  { vcpus: 2, memoryMiB: steps(4, 16, 1) },
  { vcpus: 4, memoryMiB: steps(8, 30, 1) },
  { vcpus: 8, memoryMiB: steps(16, 60, 4) },
  { vcpus: 16, memoryMiB: steps(32, 120, 8) },
];

function steps(fromGiB: number, toGiB: number, byGiB: number): number[] {
  const out: number[] = [];
  for (let g = fromGiB; g <= toGiB; g += byGiB) out.push(g * GIB);
  return out;
}

/** The largest task under each limit set: current 16 vCPU / 120 GiB, legacy 4 vCPU / 30 GiB. */
export const FARGATE_MAX: Record<FargateAssumptions['limits'], FargateSize> = {
  current: { vcpus: 16, memoryMiB: 120 * GIB },
  legacy: { vcpus: 4, memoryMiB: 30 * GIB },
};

/** The vCPU rows allowed under the limits. */
function rows(limits: FargateAssumptions['limits']): { vcpus: number; memoryMiB: number[] }[] {
  return TABLE.filter((row) => row.vcpus <= FARGATE_MAX[limits].vcpus);
}

/** Every valid size under the limits, ascending by vCPU then memory. */
export function fargateSizes(limits: FargateAssumptions['limits']): FargateSize[] {
  return rows(limits).flatMap((row) => row.memoryMiB.map((memoryMiB) => ({ vcpus: row.vcpus, memoryMiB })));
}

export function isFargateSize(vcpus: number, memoryMiB: number, limits: FargateAssumptions['limits']): boolean {
  return rows(limits).some((row) => row.vcpus === vcpus && row.memoryMiB.includes(memoryMiB));
}

/**
 * The valid sizes nearest an invalid request, ascending: at the requested vCPU (or the largest valid
 * vCPU below it) the memory options just below and just above the request, and the smallest size
 * that holds the whole request (what the job would have to ask for to run unchanged).
 */
export function nearestFargateSizes(vcpus: number, memoryMiB: number, limits: FargateAssumptions['limits']): FargateSize[] {
  const table = rows(limits);
  const found: FargateSize[] = [];
  const same = [...table].reverse().find((row) => row.vcpus <= vcpus) ?? table[0];
  const below = [...same.memoryMiB].reverse().find((mem) => mem <= memoryMiB);
  const above = same.memoryMiB.find((mem) => mem >= memoryMiB);
  if (below !== undefined) found.push({ vcpus: same.vcpus, memoryMiB: below });
  if (above !== undefined) found.push({ vcpus: same.vcpus, memoryMiB: above });
  for (const row of table) {
    if (row.vcpus < vcpus) continue;
    const mem = row.memoryMiB.find((m) => m >= memoryMiB);
    if (mem !== undefined) {
      found.push({ vcpus: row.vcpus, memoryMiB: mem });
      break;
    }
  }
  const unique = new Map(found.map((s) => [`${s.vcpus}/${s.memoryMiB}`, s]));
  return [...unique.values()].sort((a, b) => a.vcpus - b.vcpus || a.memoryMiB - b.memoryMiB);
}
