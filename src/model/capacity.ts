// How much of an instance a job may use and whether a job fits: the arithmetic shared by the
// model's placement and scale-out and by the scenario's validation. A leaf: it imports nothing, and
// takes shapes structurally (a JobShape of types.ts fits each parameter).

/** The part of a job shape the fit arithmetic reads. */
interface Demand {
  vcpus: number;
  memoryMiB: number;
  gpus: number;
  nodes?: number;
}

/**
 * Memory an ECS container instance registers for jobs. An m4.large (8192 MiB) registers about
 * 7985 MiB, and the Batch AMI keeps 32 MiB for the ECS agent (AWS Batch "Compute resource memory
 * management"; AWS-BATCH-BEHAVIOUR.md §2.3). So an 8 GiB job never fits an 8 GiB instance.
 */
export function usableMemoryMiB(nominalMiB: number): number {
  return Math.floor((nominalMiB * 7985) / 8192) - 32;
}

/** Whether a job shape could ever fit an empty EC2 instance of this shape. */
export function shapeFits(inst: { vcpus: number; memoryMiB: number; gpus: number }, vcpus: number, memoryMiB: number, gpus: number): boolean {
  return inst.vcpus >= vcpus && usableMemoryMiB(inst.memoryMiB) >= memoryMiB && inst.gpus >= gpus;
}

/** How many jobs of this shape one empty instance of type `t` holds (0 if none). */
export function slotsPerInstance(t: { vcpus: number; memoryMiB: number; gpus: number }, s: Demand): number {
  if (!shapeFits(t, s.vcpus, s.memoryMiB, s.gpus)) return 0;
  // A multi-node parallel node is single-tenant (mnp-ce): one per instance.
  if ((s.nodes ?? 1) > 1) return 1;
  let n = Math.floor(t.vcpus / s.vcpus);
  n = Math.min(n, Math.floor(usableMemoryMiB(t.memoryMiB) / s.memoryMiB));
  if (s.gpus > 0) n = Math.min(n, Math.floor(t.gpus / s.gpus));
  return n;
}

/** The whole of an instance, as a shape: what a single-tenant multi-node node occupies. */
export function wholeOf(inst: { vcpus: number; usableMemoryMiB: number; gpus: number }): Demand & { arm64: boolean } {
  return { vcpus: inst.vcpus, memoryMiB: inst.usableMemoryMiB, gpus: inst.gpus, arm64: false };
}

/** The smallest of `types` (fewest vCPUs, then least memory) an empty one of which holds the job, or null. */
export function smallestFitting<T extends { vcpus: number; memoryMiB: number; gpus: number }>(types: readonly T[], vcpus: number, memoryMiB: number, gpus: number): T | null {
  let best: T | null = null;
  for (const t of types) {
    if (!shapeFits(t, vcpus, memoryMiB, gpus)) continue;
    if (best === null || t.vcpus < best.vcpus || (t.vcpus === best.vcpus && t.memoryMiB < best.memoryMiB)) best = t;
  }
  return best;
}
