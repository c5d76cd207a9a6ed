// An imported scenario document -> YAML text with its comments (sources, placeholders, defaults).
// Same document, same bytes. Pure.
import YAML, { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ImportedScenario, NodePath } from './assemble.js';

export interface EmitOptions {
  /** Extra lines for the file's closing comment (e.g. a block validate does not accept yet). */
  trailer?: string[];
}

export function emitScenarioYaml(imported: ImportedScenario, options: EmitOptions = {}): string {
  const doc = new YAML.Document(imported.document);
  compactLeaves(doc.contents);
  doc.commentBefore = imported.header.join('\n');
  for (const c of imported.comments) {
    const node = nodeAt(doc, c.path);
    if (node === null) continue;
    if (c.kind === 'line') node.comment = c.text;
    else node.commentBefore = node.commentBefore ? `${node.commentBefore}\n${c.text}` : c.text;
  }
  if (options.trailer && options.trailer.length > 0) doc.comment = options.trailer.join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** The node at a path; for a map entry whose value is a collection, its key carries comments better. */
function nodeAt(doc: YAML.Document, path: NodePath): (Node & { commentBefore?: string | null; comment?: string | null }) | null {
  if (path.length === 0) return null;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
    if (!pair) return null;
    const value = pair.value as Node | null;
    if (value !== null && isScalar(value)) return value;
    return isScalar(pair.key) ? pair.key : null;
  }
  if (isSeq(parent) && typeof last === 'number') return (parent.items[last] as Node | undefined) ?? null;
  return null;
}

/** Lists of scalars and small all-scalar maps inside lists are written on one line. */
function compactLeaves(node: unknown, inList = false): void {
  if (isSeq(node)) {
    if (node.items.length > 0 && node.items.every((i) => isScalar(i))) node.flow = true;
    for (const item of node.items) compactLeaves(item, true);
  } else if (isMap(node)) {
    const scalars = node.items.every((p) => isScalar(p.value) || (isSeq(p.value) && p.value.items.every((i) => isScalar(i)) && p.value.items.length <= 4));
    if (inList && scalars && node.items.length <= 4) node.flow = true;
    for (const p of node.items) compactLeaves(p.value, false);
  }
}
