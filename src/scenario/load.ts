// Reads a scenario file (YAML or JSON) and the side files it names (empirical distributions, traces),
// turning every I/O or syntax problem into an issue. The only module here that touches the disk.
// A file that cannot be a scenario (binary, UTF-16, a CSV) is refused early in one short issue.
// Plan files are read by the same code (readDocumentFile).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type YAML from 'yaml';
import { yamlPackage } from '../engine/lazy.js';
import { gunzipText } from './gzip.js';
import { indexPath, joinPath, type Issue } from './issues.js';
import * as m from './messages.js';

export type LoadResult =
  /** `files`: each side file's text by the name the document gives it; `sideFiles`: their resolved paths, in that order. */
  | { ok: true; document: unknown; baseDir: string; files: Map<string, string>; sideFiles: string[]; sha256: string }
  | { ok: false; issues: Issue[] };

/** The longest excerpt of the file echoed in a message. */
const ECHO_CHARS = 80;
const excerpt = (s: string): string => (s.length > ECHO_CHARS ? `${s.slice(0, ECHO_CHARS)}…` : s);
const fail = (message: string): { ok: false; issues: Issue[] } => ({ ok: false, issues: [{ path: '', message, severity: 'error' }] });

export type DocumentRead = { ok: true; document: Record<string, unknown>; bytes: Buffer } | { ok: false; issues: Issue[] };

/**
 * A YAML or JSON file (a scenario, or a plan of the planner) as a top-level mapping, with its bytes;
 * or the issues of reading, decoding and parsing it. `.json` is parsed as JSON.
 */
export function readDocumentFile(path: string, kind: m.DocumentKind = 'scenario'): DocumentRead {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return fail(m.fileUnreadable(path, m.fileError(e), kind));
  }
  const text = decodeText(path, bytes, kind);
  if (typeof text !== 'string') return text;
  const parsed = parseDocument(path, text, kind);
  if (!parsed.ok) return parsed;
  const document = parsed.document;
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    return fail(m.topLevelNotMapping(typeof document === 'string' ? excerpt(document) : document, kind));
  return { ok: true, document: document as Record<string, unknown>, bytes };
}

export function loadScenarioFile(path: string): LoadResult {
  const read = readDocumentFile(path);
  if (!read.ok) return read;
  const { document, bytes } = read;

  const baseDir = dirname(resolve(path));
  const files = new Map<string, string>();
  const sideFilePaths: string[] = [];
  const issues: Issue[] = [];
  for (const { file, path: at } of sideFiles(document, '')) {
    if (files.has(file)) continue;
    const resolved = resolve(baseDir, file);
    sideFilePaths.push(resolved);
    try {
      // Traces are often kept gzipped (the Parallel Workloads Archive ships .swf.gz).
      files.set(file, file.endsWith('.gz') ? gunzipText(readFileSync(resolved)) : readFileSync(resolved, 'utf8'));
    } catch (e) {
      issues.push({ path: at, message: m.sideFileUnreadable(file, resolved, m.fileError(e)), severity: 'error' });
    }
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return issues.length > 0 ? { ok: false, issues } : { ok: true, document, baseDir, files, sideFiles: sideFilePaths, sha256 };
}

/** The file as text, or the one issue saying why it cannot be a scenario. A UTF-8 BOM is dropped. */
function decodeText(path: string, bytes: Buffer, kind: m.DocumentKind): string | { ok: false; issues: Issue[] } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return fail(m.notADocument(path, m.utf16File(), kind));
  const nul = bytes.indexOf(0);
  if (nul >= 0) return fail(m.notADocument(path, m.binaryFile(nul), kind));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail(m.notADocument(path, m.notUtf8(), kind));
  }
}

type Parsed = { ok: true; document: unknown } | { ok: false; issues: Issue[] };

/**
 * `.json` is JSON and `.yaml`/`.yml` is YAML. Any other file is tried as JSON first (JSON.parse is
 * many times faster than the YAML parser, and JSON is YAML), then as YAML if it is not JSON.
 */
function parseDocument(path: string, text: string, kind: m.DocumentKind): Parsed {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return parseJson(text);
  if (ext === '.yaml' || ext === '.yml') return parseYaml(path, text, kind);
  const json = parseJson(text);
  return json.ok ? json : parseYaml(path, text, kind);
}

/**
 * A .json file is JSON: a trailing comma or a comment is an error at its line and column. JSON.parse
 * keeps the last of duplicate keys silently, so valid JSON is scanned once more for those (with the
 * YAML parser's wording, at the duplicate key's line and column, as when YAML read it).
 */
function parseJson(text: string): Parsed {
  try {
    const document: unknown = JSON.parse(text);
    const duplicates = duplicateKeys(text);
    return duplicates.length > 0
      ? { ok: false, issues: duplicates.map((at) => ({ path: '', message: m.yamlSyntax(at.line, at.col, DUPLICATE_KEY), severity: 'error' as const })) }
      : { ok: true, document };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /at position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : text.length;
    const before = text.slice(0, offset).split('\n');
    const detail = message.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
    return { ok: false, issues: [{ path: '', message: m.yamlSyntax(before.length, before[before.length - 1].length + 1, excerpt(detail)), severity: 'error' }] };
  }
}

/** What the YAML parser says of a repeated key (so JSON and YAML files read alike). */
const DUPLICATE_KEY = 'Map keys must be unique';

/**
 * Where a key repeats an earlier key of the same object, in text that JSON.parse accepted: the line
 * and column (1-based) of the repeated key's opening quote. One pass over the characters.
 */
export function duplicateKeys(text: string): { line: number; col: number }[] {
  const out: { line: number; col: number }[] = [];
  // One entry per open container: the keys of an object so far, or null for an array.
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      let escaped = false;
      for (i++; text.charCodeAt(i) !== 0x22; i++) {
        if (text.charCodeAt(i) === 0x5c /* \ */) {
          escaped = true;
          i++;
        }
      }
      const keys = open[open.length - 1];
      if (expectKey && keys) {
        const raw = text.slice(start, i + 1);
        const key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        if (keys.has(key)) {
          const before = text.slice(0, start);
          const nl = before.lastIndexOf('\n');
          out.push({ line: before.split('\n').length, col: start - nl });
        } else keys.add(key);
      }
      expectKey = false;
    } else if (c === 0x7b /* { */) {
      open.push(new Set());
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      open.push(null);
      expectKey = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      open.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) expectKey = open[open.length - 1] != null;
  }
  return out;
}

function yamlIssue(e: YAML.YAMLError): Issue {
  const at = e.linePos?.[0] ?? { line: 1, col: 1 };
  const detail = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return { path: '', message: m.yamlSyntax(at.line, at.col, excerpt(detail)), severity: 'error' };
}

function parseYaml(path: string, text: string, kind: m.DocumentKind): Parsed {
  const doc = yamlPackage().parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) return { ok: false, issues: doc.errors.map(yamlIssue) };
  try {
    return { ok: true, document: doc.toJS({ maxAliasCount: 1000 }) };
  } catch (e) {
    return fail(m.fileUnreadable(path, m.fileError(e), kind));
  }
}

/** Every `{empirical: {file: "..."}}`, `{trace: {file: "..."}}` and `{definition: {file: "..."}}` in the document, with the path where the file is named. */
function sideFiles(value: unknown, path: string): { file: string; path: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => sideFiles(item, indexPath(path, i)));
  if (typeof value !== 'object' || value === null) return [];
  const out: { file: string; path: string }[] = [];
  for (const [key, child] of Object.entries(value)) {
    const at = joinPath(path, key);
    const file = (child as { file?: unknown } | null)?.file;
    // A state machine's `definition: {file: …}` too: an ASL JSON file.
    // And recorded uploads, `s3Trigger.objects: {file: …}`.
    if ((key === 'empirical' || key === 'trace' || key === 'definition' || key === 'objects') && typeof file === 'string') out.push({ file, path: joinPath(at, 'file') });
    else out.push(...sideFiles(child, at));
  }
  return out;
}
