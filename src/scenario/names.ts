// Names a scenario defines once: compute environments, queues, definitions, state machines, groups.
import { indexPath, joinPath } from './issues.js';
import * as m from './messages.js';
import type { Reader } from './read/reader.js';

/** Names defined twice, each reported at the second definition. Returns name -> index of first. */
export function uniqueNames(r: Reader, names: string[], path: string, field: string, kind: string): Map<string, number> {
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') return; // already reported as missing
    const first = seen.get(name);
    if (first !== undefined) r.error(joinPath(indexPath(path, i), field), m.duplicateName(kind, name, indexPath(path, first)));
    else seen.set(name, i);
  });
  return seen;
}
