// Job-definition revisions in a scenario document, as `aws batch describe-job-definitions` prints
// them and as SubmitJob accepts references: several revisions of one name, and `name`, `name:3` or
// a full ARN wherever a submission names a definition. Before the document is read, the latest
// ACTIVE revision of each name is kept under its plain name, a revision pinned by a reference
// (`align:3`) is kept under that name, the others are dropped with a note, and every reference is
// rewritten to the name kept. Pure: document in, document and notes out.
import { indexPath, joinPath, type Issue } from '../issues.js';
import * as m from '../messages.js';
import { latestActive, parseJobDefinitionRef, resolveJobDefinitionRef, type DefinitionRevision } from './jobDefinitionRef.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Entry extends DefinitionRevision {
  index: number;
}

/** Every `workload[].jobs[].jobDefinition` with its path. */
function references(doc: Obj): { job: Obj; path: string }[] {
  const out: { job: Obj; path: string }[] = [];
  if (!Array.isArray(doc.workload)) return out;
  doc.workload.forEach((g, gi) => {
    if (!isObj(g) || !Array.isArray(g.jobs)) return;
    g.jobs.forEach((j, ji) => {
      if (isObj(j) && typeof j.jobDefinition === 'string') out.push({ job: j, path: joinPath(indexPath(joinPath(indexPath('workload', gi), 'jobs'), ji), 'jobDefinition') });
    });
  });
  return out;
}

export function resolveRevisions(document: unknown): { document: unknown; issues: Issue[] } {
  if (!isObj(document) || !Array.isArray(document.jobDefinitions)) return { document, issues: [] };
  const defs = document.jobDefinitions;
  const entries: Entry[] = [];
  defs.forEach((d, index) => {
    if (!isObj(d) || typeof d.jobDefinitionName !== 'string') return;
    const revision = typeof d.revision === 'number' && Number.isInteger(d.revision) ? d.revision : null;
    entries.push({ index, jobDefinitionName: d.jobDefinitionName, revision, status: typeof d.status === 'string' ? d.status : null });
  });
  const refs = references(document);
  const pinsRevision = (ref: string): boolean => {
    const p = parseJobDefinitionRef(ref);
    return !('error' in p) && (p.revision !== null || ref.startsWith('arn:'));
  };
  // Nothing to do in the usual scenario: one definition per name and plain references.
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.jobDefinitionName, (counts.get(e.jobDefinitionName) ?? 0) + 1);
  const revisioned = (name: string): boolean => entries.filter((e) => e.jobDefinitionName === name).every((e) => e.revision !== null);
  const several = [...counts].filter(([name, n]) => n > 1 && revisioned(name)).map(([name]) => name);
  if (several.length === 0 && !refs.some((r) => pinsRevision(r.job.jobDefinition as string))) return { document, issues: [] };

  const issues: Issue[] = [];
  const keptName = new Map<number, string>();
  for (const name of counts.keys()) {
    const named = entries.filter((e) => e.jobDefinitionName === name);
    const latest = named.length > 1 && revisioned(name) ? latestActive(named) : named[named.length - 1];
    if (latest) keptName.set(latest.index, name);
  }
  const out: Obj = { ...document };
  const workload = structuredClone(document.workload) as unknown;
  out.workload = workload;
  for (const ref of references(out)) {
    const text = ref.job.jobDefinition as string;
    if (!pinsRevision(text) && !(counts.get(text)! > 1 && revisioned(text))) continue;
    const r = resolveJobDefinitionRef(text, entries);
    if (!r.ok) {
      // A plain name nobody defines is validate's to report, with its did-you-mean.
      if (pinsRevision(text) || counts.has(text)) issues.push({ path: ref.path, message: r.message, severity: 'error' });
      continue;
    }
    const e = r.definition;
    const kept = keptName.get(e.index) ?? `${e.jobDefinitionName}:${e.revision}`;
    keptName.set(e.index, kept);
    if (r.inactive) issues.push({ path: ref.path, message: m.inactiveRevisionUsed(text), severity: 'warning' });
    ref.job.jobDefinition = kept;
  }
  out.jobDefinitions = defs.flatMap((d, i) => {
    const e = entries.find((x) => x.index === i);
    if (!e || !several.includes(e.jobDefinitionName)) return [d];
    const kept = keptName.get(i);
    if (kept === undefined) {
      issues.push({ path: indexPath('jobDefinitions', i), message: m.revisionSkipped(e.jobDefinitionName, e.revision!, e.status), severity: 'note' });
      return [];
    }
    return [{ ...(d as Obj), jobDefinitionName: kept }];
  });
  return { document: out, issues };
}
