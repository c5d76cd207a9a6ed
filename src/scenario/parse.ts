// The scenario pipeline, written down once: a file, or a document already loaded, to a valid
// normalized Scenario and every issue found on the way. Never throws for bad input.
//
//   scenario file (YAML/JSON)
//     |  1. load       read the file and its side files (traces, samples)   load.ts       (I/O)
//     v
//   document
//     |  2. import     AWS documents -> a scenario document, each importer   import/       (pure)
//     v                in turn (IMPORTERS: job-definition revisions)
//   scenario document
//     |  3. read       units, shorthands, defaults, per AWS object          read/         (pure)
//     v
//   normalized Scenario (placeholders where a value was wrong) + issues
//     |  4. validate   cross-references and whole-scenario rules            validate.ts   (pure)
//     v
//   issues; if none is an error:
//     |  5. finalize   orders that only make sense once everything is valid
//     v
//   Scenario
import type { Importer } from './importer.js';
import { resolveRevisions } from './import/revisions.js';
import { hasErrors, type Issue } from './issues.js';
import { loadScenarioFile } from './load.js';
import * as m from './messages.js';
import { readDocument, type ReadContext } from './read/index.js';
import type { Scenario } from './types.js';
import { validateScenario } from './validate.js';

export type { Importer } from './importer.js';

/** The importers applied, in order, to every document. */
export const IMPORTERS: readonly Importer[] = [resolveRevisions];

export interface ParseContext extends ReadContext {
  /** Importers to run instead of IMPORTERS. */
  importers?: readonly Importer[];
  /**
   * Whether the run will write record files, its time series among them (false for `run --outputs
   * summary`): the size of those files, and the warning of coarser sampling, apply only then.
   */
  records?: boolean;
}

export interface ParseResult {
  /** null iff some issue is an error. */
  scenario: Scenario | null;
  issues: Issue[];
}

/** Stages 2 to 5 on a loaded document. */
export function parseScenario(document: unknown, ctx: ParseContext): ParseResult {
  let issues: Issue[];
  let scenario: Scenario;
  try {
    // 2. Import
    const importIssues: Issue[] = [];
    const imported = (ctx.importers ?? IMPORTERS).reduce((doc, importer) => {
      const r = importer(doc);
      importIssues.push(...r.issues);
      return r.document;
    }, document);
    // 3. Read
    ({ scenario, issues } = readDocument(imported, ctx));
    issues = [...importIssues, ...issues];
    // 4. Validate
    issues = [...issues, ...validateScenario(scenario, ctx.catalog, { records: ctx.records ?? true })];
  } catch (e) {
    // A bug here must still come out as an issue, not a stack trace at the user.
    return { scenario: null, issues: [{ path: '', message: m.internalError(e instanceof Error ? e.message : String(e)), severity: 'error' }] };
  }
  if (hasErrors(issues)) return { scenario: null, issues };
  // 5. Finalize
  return { scenario: finalize(scenario), issues };
}

/** Stages 1 to 5: a scenario file. `ctx` is what the file cannot say (catalogue, seed override, name). */
export function parseScenarioFile(path: string, ctx: Omit<ParseContext, 'baseDir' | 'files'>): ParseResult & { sha256: string | null; sideFiles: string[] } {
  // 1. Load
  const loaded = loadScenarioFile(path);
  if (!loaded.ok) return { scenario: null, issues: loaded.issues, sha256: null, sideFiles: [] };
  // The file's hash names the run in manifest.json; its side files are inputs a run must not overwrite.
  return { ...parseScenario(loaded.document, { ...ctx, baseDir: loaded.baseDir, files: loaded.files }), sha256: loaded.sha256, sideFiles: loaded.sideFiles };
}

/** Orders that only make sense once everything is valid. */
function finalize(s: Scenario): Scenario {
  return {
    ...s,
    jobQueues: s.jobQueues.map((q) => ({
      ...q,
      computeEnvironmentOrder: [...q.computeEnvironmentOrder].sort((a, b) => a.order - b.order),
    })),
  };
}
