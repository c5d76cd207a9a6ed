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

/** What registered memory depends on: the type (its name gives the family), nominal memory, generation. */
export interface MemorySpec {
  instanceType: string;
  memoryMiB: number;
  /** EC2's hypervisor: 'nitro', 'xen', null for bare metal; undefined for a custom shape (taken as Nitro [EST]). */
  hypervisor?: 'nitro' | 'xen' | null;
}

/** The generation keys of `assumptions.registeredMemory`. */
export type Generation = 'nitro' | 'xen' | 'metal';
export const GENERATIONS: readonly Generation[] = ['nitro', 'xen', 'metal'];

/**
 * The default Batch AMI keeps 32 MiB for the ECS agent and critical system processes (AWS Batch
 * "Compute resource memory management", https://docs.aws.amazon.com/batch/latest/userguide/memory-management.html).
 */
export const AGENT_RESERVED_MIB = 32;

/** Registered memory of a generation: `share` × nominal − `fixedMiB`. */
export interface GenerationRule {
  share: number;
  fixedMiB: number;
}

/**
 * What the ECS agent registers (what the kernel leaves of nominal memory), by generation.
 * Xen: AWS's own example, an m4.large registers 7985 of 8192 MiB (ECS "Container instance memory
 * management", https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html).
 * Nitro [EST]: AWS publishes no figure; 0.9735 × nominal − 258 MiB is the least-squares line
 * through the public ECS figures of NITRO_REGISTERED_MIB (4–16 GiB types, 91–96 % of nominal),
 * a fixed part (kernel, firmware) plus a share (page tables), so a 192 GiB type keeps ~97 %,
 * about what Xen types keep, rather than losing a flat 6 %. Bare metal [EST]: as Nitro.
 */
export const GENERATION_RULES: Readonly<Record<Generation, GenerationRule>> = {
  xen: { share: 7985 / 8192, fixedMiB: 0 },
  nitro: { share: 0.9735, fixedMiB: 258 },
  metal: { share: 0.9735, fixedMiB: 258 },
};

/** Registered memory (MiB, before the agent's 32) of Nitro types with a public ECS figure [EST: third-party reports]. */
export const NITRO_REGISTERED_MIB: Readonly<Record<string, number>> = {
  'c5.large': 3710,
  'c5.xlarge': 7630,
  'g4dn.xlarge': 15731,
  'm5.large': 7685,
  't3.medium': 3828,
};

/** `assumptions.registeredMemory`: by type, family or generation, a share (0..1] or, for a type, MiB. */
export type RegisteredMemoryOverrides = Readonly<Record<string, number>>;
const NO_OVERRIDES: RegisteredMemoryOverrides = {};

export function generationOf(hypervisor: MemorySpec['hypervisor']): Generation {
  return hypervisor === 'xen' ? 'xen' : hypervisor === null ? 'metal' : 'nitro';
}

/**
 * Memory the ECS agent registers for an instance, in MiB: the scenario's figure for the type, its
 * family or its generation, else the published figure for the type, else the generation's rule.
 * A value above 1 is MiB (a type's own figure), at most 1 a share of nominal memory.
 */
export function registeredMemoryMiB(t: MemorySpec, overrides: RegisteredMemoryOverrides = NO_OVERRIDES): number {
  const generation = generationOf(t.hypervisor);
  const family = t.instanceType.split('.')[0];
  const v = overrides[t.instanceType] ?? overrides[family] ?? overrides[generation] ?? NITRO_REGISTERED_MIB[t.instanceType];
  // The epsilon keeps an exact product (8192 × 7985/8192) from flooring one below.
  if (v !== undefined) return v > 1 ? Math.min(Math.floor(v), t.memoryMiB) : Math.floor(t.memoryMiB * v + 1e-9);
  const rule = GENERATION_RULES[generation];
  return Math.max(0, Math.floor(t.memoryMiB * rule.share + 1e-9) - rule.fixedMiB);
}

/** What jobs may use of an instance: registered memory less the agent's 32 MiB, so an 8 GiB job never fits an 8 GiB instance. */
export function usableMemoryMiB(t: MemorySpec, overrides: RegisteredMemoryOverrides = NO_OVERRIDES): number {
  return Math.max(0, registeredMemoryMiB(t, overrides) - AGENT_RESERVED_MIB);
}

/** An instance or type as the fit arithmetic reads it: vCPUs, the memory jobs may use, GPUs. */
export interface Room {
  vcpus: number;
  usableMemoryMiB: number;
  gpus: number;
}

/** Whether a job shape could ever fit an empty EC2 instance of this shape. */
export function shapeFits(inst: Room, vcpus: number, memoryMiB: number, gpus: number): boolean {
  return inst.vcpus >= vcpus && inst.usableMemoryMiB >= memoryMiB && inst.gpus >= gpus;
}

/** How many jobs of this shape one empty instance of type `t` holds (0 if none). */
export function slotsPerInstance(t: Room, s: Demand): number {
  if (!shapeFits(t, s.vcpus, s.memoryMiB, s.gpus)) return 0;
  // A multi-node parallel node is single-tenant (mnp-ce): one per instance.
  if ((s.nodes ?? 1) > 1) return 1;
  let n = Math.floor(t.vcpus / s.vcpus);
  n = Math.min(n, Math.floor(t.usableMemoryMiB / s.memoryMiB));
  if (s.gpus > 0) n = Math.min(n, Math.floor(t.gpus / s.gpus));
  return n;
}

/** The whole of an instance, as a shape: what a single-tenant multi-node node occupies. */
export function wholeOf(inst: { vcpus: number; usableMemoryMiB: number; gpus: number }): Demand & { arm64: boolean } {
  return { vcpus: inst.vcpus, memoryMiB: inst.usableMemoryMiB, gpus: inst.gpus, arm64: false };
}

/** The smallest of `types` (fewest vCPUs, then least memory) an empty one of which holds the job, or null. */
export function smallestFitting<T extends Room & { memoryMiB: number }>(types: readonly T[], vcpus: number, memoryMiB: number, gpus: number): T | null {
  let best: T | null = null;
  for (const t of types) {
    if (!shapeFits(t, vcpus, memoryMiB, gpus)) continue;
    if (best === null || t.vcpus < best.vcpus || (t.vcpus === best.vcpus && t.memoryMiB < best.memoryMiB)) best = t;
  }
  return best;
}
