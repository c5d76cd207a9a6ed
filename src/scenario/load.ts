// Reads a scenario file (YAML or JSON) and the side files it names (empirical distributions, traces),
// turning every I/O or syntax problem into an issue. The only module here that touches the disk.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import YAML from 'yaml';
import { indexPath, joinPath, type Issue } from './issues.js';
import * as m from './messages.js';

export type LoadResult =
  | { ok: true; document: unknown; baseDir: string; files: Map<string, string> }
  | { ok: false; issues: Issue[] };

export function loadScenarioFile(path: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, issues: [{ path: '', message: m.fileUnreadable(path, m.fileError(e)), severity: 'error' }] };
  }
  // YAML is a superset of JSON, so one parser reads both and gives line:column for either.
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e): Issue => {
      const at = e.linePos?.[0] ?? { line: 1, col: 1 };
      const detail = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return { path: '', message: m.yamlSyntax(at.line, at.col, detail), severity: 'error' };
    });
    return { ok: false, issues };
  }
  let document: unknown;
  try {
    document = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    return { ok: false, issues: [{ path: '', message: m.fileUnreadable(path, m.fileError(e)), severity: 'error' }] };
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    return { ok: false, issues: [{ path: '', message: m.topLevelNotMapping(document), severity: 'error' }] };

  const baseDir = dirname(resolve(path));
  const files = new Map<string, string>();
  const issues: Issue[] = [];
  for (const { file, path: at } of sideFiles(document, '')) {
    if (files.has(file)) continue;
    const resolved = resolve(baseDir, file);
    try {
      // Traces are often kept gzipped (the Parallel Workloads Archive ships .swf.gz).
      files.set(file, file.endsWith('.gz') ? gunzipSync(readFileSync(resolved)).toString('utf8') : readFileSync(resolved, 'utf8'));
    } catch (e) {
      issues.push({ path: at, message: m.sideFileUnreadable(file, resolved, m.fileError(e)), severity: 'error' });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, document, baseDir, files };
}

/** Every `{empirical: {file: "..."}}` and `{trace: {file: "..."}}` in the document, with the path where the file is named. */
function sideFiles(value: unknown, path: string): { file: string; path: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => sideFiles(item, indexPath(path, i)));
  if (typeof value !== 'object' || value === null) return [];
  const out: { file: string; path: string }[] = [];
  for (const [key, child] of Object.entries(value)) {
    const at = joinPath(path, key);
    const file = (child as { file?: unknown } | null)?.file;
    if ((key === 'empirical' || key === 'trace') && typeof file === 'string') out.push({ file, path: joinPath(at, 'file') });
    else out.push(...sideFiles(child, at));
  }
  return out;
}
