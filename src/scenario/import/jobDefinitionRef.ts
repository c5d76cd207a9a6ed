// Resolves a job-definition reference as AWS accepts it in SubmitJob — `name`, `name:3` or
// `arn:aws:batch:REGION:ACCOUNT:job-definition/name:3` — against a set of definitions. Pure.
import { didYouMean } from '../issues.js';

/** What a definition needs for resolution. A scenario's definitions have no revision (null). */
export interface DefinitionRevision {
  jobDefinitionName: string;
  revision: number | null;
  /** ACTIVE or INACTIVE; null counts as ACTIVE. */
  status: string | null;
}

export interface ParsedRef {
  name: string;
  revision: number | null;
  /** From an ARN, else null. */
  region: string | null;
  account: string | null;
}

export type RefResolution<T> =
  | { ok: true; definition: T; inactive: boolean }
  | { ok: false; message: string };

const NAME = /^[A-Za-z0-9_-]{1,128}$/;
const ARN = /^arn:[a-z-]+:batch:([a-z0-9-]*):(\d*|<[^>]*>):job-definition\/([^:/]+)(?::(\d+))?$/;

/** The parts of a reference, or an error message when it is none of the three forms. */
export function parseJobDefinitionRef(ref: string): ParsedRef | { error: string } {
  if (ref.startsWith('arn:')) {
    const m = ARN.exec(ref);
    if (!m || !NAME.test(m[3])) return { error: `"${ref}" is not a job-definition ARN (arn:aws:batch:REGION:ACCOUNT:job-definition/NAME[:REVISION])` };
    return { name: m[3], revision: m[4] === undefined ? null : Number(m[4]), region: m[1] || null, account: m[2] || null };
  }
  const m = /^([^:]+)(?::(\d+))?$/.exec(ref);
  if (!m || !NAME.test(m[1])) return { error: `"${ref}" is not a job-definition name (letters, digits, - and _, up to 128), name:revision or ARN` };
  return { name: m[1], revision: m[2] === undefined ? null : Number(m[2]), region: null, account: null };
}

const isActive = (d: DefinitionRevision): boolean => d.status === null || d.status.toUpperCase() === 'ACTIVE';

/**
 * `name` (or an ARN without revision) is the latest ACTIVE revision, as SubmitJob takes it.
 * `name:N` is revision N, even when INACTIVE (a job that ran on it stays valid history); a
 * definition without a revision (a scenario keeps one per name) stands for every revision.
 */
export function resolveJobDefinitionRef<T extends DefinitionRevision>(ref: string, definitions: readonly T[]): RefResolution<T> {
  const parsed = parseJobDefinitionRef(ref);
  if ('error' in parsed) return { ok: false, message: parsed.error };
  const named = definitions.filter((d) => d.jobDefinitionName === parsed.name);
  if (named.length === 0) {
    const names = [...new Set(definitions.map((d) => d.jobDefinitionName))];
    return { ok: false, message: `no job definition named "${parsed.name}"${didYouMean(parsed.name, names)}` };
  }
  if (parsed.revision !== null) {
    const exact = named.find((d) => d.revision === parsed.revision) ?? named.find((d) => d.revision === null);
    if (exact === undefined) {
      const have = named.map((d) => d.revision).filter((r): r is number => r !== null).sort((a, b) => a - b);
      return { ok: false, message: `job definition "${parsed.name}" has no revision ${parsed.revision} (revisions: ${have.join(', ')})` };
    }
    return { ok: true, definition: exact, inactive: !isActive(exact) };
  }
  const latest = latestActive(named);
  if (latest === null) return { ok: false, message: `job definition "${parsed.name}" has only INACTIVE revisions` };
  return { ok: true, definition: latest, inactive: false };
}

/** The ACTIVE definition with the highest revision (no revision counts as highest), or null. */
export function latestActive<T extends DefinitionRevision>(definitions: readonly T[]): T | null {
  let best: T | null = null;
  for (const d of definitions) {
    if (!isActive(d)) continue;
    if (best === null || rank(d) > rank(best)) best = d;
  }
  return best;
}

const rank = (d: DefinitionRevision): number => d.revision ?? Number.POSITIVE_INFINITY;
