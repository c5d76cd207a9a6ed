// Finishing an import: the scenario document is checked by the scenario reader (parseScenario);
// fields it does not know are dropped and each is listed; what still stops it is returned with its
// path. Then the YAML text. (assumptions.serviceQuotas is read: quotas it does not enforce are noted.)
import type { Catalog } from '../model/catalog.js';
import type { ImportedScenario, NodePath } from '../scenario/import/assemble.js';
import { emitScenarioYaml } from '../scenario/import/emit.js';
import { hasImportErrors, isObj, type ImportNote, type Obj } from '../scenario/import/types.js';
import type { Issue } from '../scenario/issues.js';
import { parseScenario } from '../scenario/parse.js';

export interface FinishedImport {
  /** False when an importer found bad input: nothing should be written. */
  ok: boolean;
  /**
   * The scenario file's text (empty when !ok): YAML, or JSON when the target ends in `.json` (the
   * scenario reader parses a .json file as JSON; JSON has no comments, so the header's sources and
   * placeholders are only in the notes).
   */
  yaml: string;
  /** Import notes, then what validate says about the written scenario (errors: what stops it). */
  notes: ImportNote[];
  /** The final validation issues of the written document. */
  issues: Issue[];
  /** Each value filled in without a source (also in the file's header comment). */
  defaults: string[];
}

export interface FinishOptions {
  catalog: Catalog;
  baseDir: string;
  /** Side files the scenario names (an imported trace), keyed by the path as written. */
  files?: Map<string, string>;
  /** Where the scenario will be written, for the notes. */
  target: string;
}

const UNKNOWN = /^unknown field "/;

export function finishImport(imported: ImportedScenario, options: FinishOptions): FinishedImport {
  if (hasImportErrors(imported.notes)) return { ok: false, yaml: '', notes: imported.notes, issues: [], defaults: [] };
  const notes = [...imported.notes];
  const document = structuredClone(imported.document);
  const ctx = { catalog: options.catalog, baseDir: options.baseDir, files: options.files ?? new Map<string, string>() };
  let issues = parseScenario(document, ctx).issues;
  for (let round = 0; round < 5; round++) {
    const unknown = issues.filter((i) => i.severity === 'error' && UNKNOWN.test(i.message));
    if (unknown.length === 0) break;
    for (const issue of unknown) {
      const path = parsePath(issue.path);
      const value = removeAt(document, path);
      notes.push({ severity: 'note', source: options.target, at: issue.path, message: `dropped ${JSON.stringify(value)}: not a field of the scenario format (${issue.message})` });
    }
    issues = parseScenario(document, ctx).issues;
  }
  for (const i of issues)
    if (i.severity !== 'note') notes.push({ severity: i.severity === 'error' ? 'warning' : 'note', source: options.target, at: i.path, message: `validate ${i.severity}: ${i.message}` });
  const yaml = /\.json$/i.test(options.target) ? JSON.stringify(document, null, 2) + '\n' : emitScenarioYaml({ ...imported, document });
  return { ok: true, yaml, notes, issues, defaults: imported.defaults };
}

/** "jobQueues[1].computeEnvironmentOrder[0].order" -> ["jobQueues", 1, "computeEnvironmentOrder", 0, "order"] */
function parsePath(path: string): NodePath {
  const out: NodePath = [];
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1] !== '') out.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

function removeAt(document: Obj, path: NodePath): unknown {
  let node: unknown = document;
  for (const key of path.slice(0, -1)) node = Array.isArray(node) ? node[key as number] : isObj(node) ? node[key as string] : undefined;
  const last = path[path.length - 1];
  if (!isObj(node) || typeof last !== 'string') return undefined;
  const value = node[last];
  delete node[last];
  return value;
}
