// CloudFormation template text (YAML with short-form tags, or JSON, e.g. `cdk synth` output) -> a
// plain value in which every `!Tag x` is its long form `{"Fn::Tag": x}` (`!Ref` -> `{Ref}`,
// `!Condition` -> `{Condition}`, `!GetAtt A.B` -> `{"Fn::GetAtt": [A, B]}`). YAML 1.2 core
// schema, so an unquoted 2010-09-09 stays the string it is. Pure.
import YAML, { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { lineAt, notText, printable } from '../json.js';
import type { ImportNote } from '../types.js';

export type TemplateResult = { ok: true; value: unknown; notes: ImportNote[] } | { ok: false; notes: ImportNote[] };

export function parseTemplate(text: string, source: string): TemplateResult {
  const binary = notText(text, 'a YAML or JSON template');
  if (binary !== null) return { ok: false, notes: [{ severity: 'error', source, at: '', message: binary }] };
  const doc = YAML.parseDocument(text.replace(/^\uFEFF/, ''), { schema: 'core', uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      notes: doc.errors.map((e) => ({ severity: 'error', source, at: `line ${e.linePos?.[0].line ?? lineAt(text, e.pos[0])}`, message: `YAML syntax: ${printable(e.message.split('\n')[0]).replace(/ at line \d+, column \d+:?$/, '')}` })),
    };
  }
  const notes: ImportNote[] = [];
  const convert = (node: unknown): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return convert(node.resolve(doc));
    const n = node as Node;
    const tag = n.tag?.startsWith('!') && !n.tag.startsWith('!!') ? n.tag.slice(1) : null;
    let value: unknown;
    if (isScalar(n)) value = n.value;
    else if (isSeq(n)) value = n.items.map(convert);
    else if (isMap(n)) {
      const o: Record<string, unknown> = {};
      for (const pair of n.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(convert(pair.key));
        // CloudFormation keeps the last of two equal keys; say so, the first one is lost.
        if (Object.hasOwn(o, key)) notes.push({ severity: 'warning', source, at: `line ${lineAt(text, (pair.key as Node).range?.[0] ?? 0)}`, message: `duplicate key "${key}": the later value is used` });
        o[key] = convert(pair.value);
      }
      value = o;
    } else value = null;
    if (tag === null) return value;
    if (tag === 'Ref' || tag === 'Condition') return { [tag]: value };
    if (tag === 'GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.');
      return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
    }
    return { [`Fn::${tag}`]: value };
  };
  return { ok: true, value: convert(doc.contents), notes };
}
