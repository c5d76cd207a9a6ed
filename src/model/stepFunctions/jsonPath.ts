// ASL's Reference Paths as batchsim follows them: `$`, `$.a.b[0]`, `$['a b']`, `$$.Map.Item.Value`.
// https://states-language.net/spec.html#ref-paths
import type { Path } from './types.js';

/** A path's text to its steps, or the reason it is not a path batchsim can follow. */
export function parsePath(text: string): Path | string {
  const context = text.startsWith('$$');
  if (!text.startsWith('$')) return 'a path starts with "$" (the state\'s input) or "$$" (the context object)';
  let rest = text.slice(context ? 2 : 1);
  const steps: (string | number)[] = [];
  while (rest.length > 0) {
    let m = /^\.([A-Za-z_][\w-]*)/.exec(rest);
    if (m) {
      steps.push(m[1]);
      rest = rest.slice(m[0].length);
      continue;
    }
    m = /^\[(\d+)\]/.exec(rest);
    if (m) {
      steps.push(Number(m[1]));
      rest = rest.slice(m[0].length);
      continue;
    }
    m = /^\['([^']*)'\]/.exec(rest);
    if (m) {
      steps.push(m[1]);
      rest = rest.slice(m[0].length);
      continue;
    }
    return `"${rest}" in ${text} is not supported: batchsim follows paths of field names (.name or ['name']) and list indexes ([0]), without wildcards, filters or slices`;
  }
  return { text, context, steps };
}
