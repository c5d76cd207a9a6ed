// Resolves a job-definition reference as AWS accepts it in SubmitJob — `name`, `name:3` or
// `arn:aws:batch:REGION:ACCOUNT:job-definition/name:3` — against a set of definitions. Pure.
import { parseJobDefinitionRef } from '../../model/arns.js';
import { didYouMean } from '../issues.js';

// Parsing lives with the model, which resolves the references Step Functions Tasks make at run time.
export { parseJobDefinitionRef, type ParsedRef } from '../../model/arns.js';

/** What a definition needs for resolution. A scenario's definitions have no revision (null). */
export interface DefinitionRevision {
  jobDefinitionName: string;
  revision: number | null;
  /** ACTIVE or INACTIVE; null counts as ACTIVE. */
  status: string | null;
}

export type RefResolution<T> =
  | { ok: true; definition: T; inactive: boolean }
  | { ok: false; message: string };

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
