// Dotted-path overrides of a scenario *file document*, such as
// `computeEnvironments[name=spot].computeResources.maxvCpus`. Overrides edit the document the user
// wrote, before it is read and validated, so every variant of a sweep is checked like a file and an
// error names the path that caused it.

/** One step of a path: a mapping key, a list index, or a list item selected by its AWS name. */
export type PathSegment = { key: string } | { index: number } | { name: string };

export interface Override {
  path: string;
  value: unknown;
}

export type OverrideResult = { ok: true; document: unknown } | { ok: false; message: string };

/**
 * The fields that name a list item, in the order they are tried: each AWS object's own name field
 * (`computeEnvironmentName`, `jobQueueName`, …), `name` for workload groups and scheduling policies,
 * and `computeEnvironment` for an entry of a queue's computeEnvironmentOrder.
 */
const NAME_FIELDS = [
  'computeEnvironmentName', 'jobQueueName', 'jobDefinitionName', 'stateMachineName', 'jobName', 'name', 'computeEnvironment',
] as const;

const SEGMENT = /^([A-Za-z_$][\w$-]*)?((?:\[[^\]]*\])*)$/;

/** Parse a path into segments, or a message saying what is wrong with it. */
export function parsePath(path: string): PathSegment[] | string {
  if (path.trim() === '') return 'the path is empty';
  const segments: PathSegment[] = [];
  for (const part of path.split('.')) {
    const m = SEGMENT.exec(part);
    if (!m || (m[1] === undefined && m[2] === '')) return `"${part}" is not a key, [index] or [name=…] step`;
    if (m[1] !== undefined) segments.push({ key: m[1] });
    for (const sel of m[2].match(/\[[^\]]*\]/g) ?? []) {
      const inner = sel.slice(1, -1).trim();
      if (/^\d+$/.test(inner)) segments.push({ index: Number(inner) });
      else if (/^name\s*=/.test(inner)) {
        const name = inner.replace(/^name\s*=\s*/, '').replace(/^(["'])(.*)\1$/, '$2');
        if (name === '') return `${sel}: no name after "name="`;
        segments.push({ name });
      } else return `${sel}: expected [index] or [name=…]`;
    }
  }
  return segments;
}

/** The AWS name of a list item, or null when it has none. */
export function itemName(item: unknown): string | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return null;
  for (const f of NAME_FIELDS) {
    const v = (item as Record<string, unknown>)[f];
    if (typeof v === 'string') return v;
  }
  return null;
}

function describeSegments(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if ('key' in s) out += out === '' ? s.key : `.${s.key}`;
    else if ('index' in s) out += `[${s.index}]`;
    else out += `[name=${s.name}]`;
  }
  return out;
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The document with `value` set at `path`; the input is not changed. A missing key is created (with
 * mappings on the way), and a shorthand scalar on the way (`interruptions: advisor`) is replaced by a
 * mapping, so `assumptions.spot.interruptions.perHour` works whatever the base says. A list step that
 * selects nothing is an error listing what it could have selected.
 */
export function applyOverride(document: unknown, override: Override): OverrideResult {
  const segments = parsePath(override.path);
  if (typeof segments === 'string') return { ok: false, message: `${override.path}: ${segments}` };
  const root = structuredClone(document) as unknown;
  if (!isMapping(root)) return { ok: false, message: `${override.path}: the scenario is not a mapping` };
  let node: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const last = i === segments.length - 1;
    const where = describeSegments(segments.slice(0, i)) || '(the scenario)';
    const value = last ? structuredClone(override.value) : undefined;
    if ('key' in seg) {
      if (!isMapping(node)) return { ok: false, message: `${override.path}: ${where} is a list; select an item with [index] or [name=…] before .${seg.key}` };
      if (last) node[seg.key] = value;
      else {
        const next = segments[i + 1];
        const child = node[seg.key];
        if (child === undefined || child === null || (typeof child !== 'object' && 'key' in next)) node[seg.key] = 'key' in next ? {} : [];
        if ('key' in next && Array.isArray(node[seg.key])) return { ok: false, message: `${override.path}: ${describeSegments(segments.slice(0, i + 1))} is a list; select an item with [index] or [name=…]` };
        node = node[seg.key];
      }
      continue;
    }
    if (!Array.isArray(node)) return { ok: false, message: `${override.path}: ${where} is not a list, so ${'index' in seg ? `[${seg.index}]` : `[name=${seg.name}]`} selects nothing` };
    let at: number;
    if ('index' in seg) {
      at = seg.index;
      if (at >= node.length) return { ok: false, message: `${override.path}: ${where} has ${node.length} item${node.length === 1 ? '' : 's'}, so [${at}] selects nothing` };
    } else {
      at = node.findIndex((item) => itemName(item) === seg.name);
      if (at < 0) {
        const names = node.map(itemName).filter((n): n is string => n !== null);
        return { ok: false, message: `${override.path}: no item of ${where} is named "${seg.name}"; valid names: ${names.length > 0 ? names.join(', ') : '(none)'}` };
      }
    }
    if (last) node[at] = value;
    else node = node[at];
  }
  return { ok: true, document: root };
}

/** Apply overrides in order; the first that fails stops with its message. */
export function applyOverrides(document: unknown, overrides: readonly Override[]): OverrideResult {
  let doc = document;
  for (const o of overrides) {
    const r = applyOverride(doc, o);
    if (!r.ok) return r;
    doc = r.document;
  }
  return { ok: true, document: doc };
}
