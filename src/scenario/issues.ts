// Problems found in a scenario, each tied to a dotted path in the file, and the did-you-mean helper.

export interface Issue {
  path: string;
  message: string;
  severity: 'error' | 'warning' | 'note';
}

/** "<path>: <message>", or just the message for a problem with the file as a whole. */
export function formatIssue(issue: Issue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** Levenshtein distance, two rows at a time. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = row;
  }
  return prev[b.length];
}

/** The closest candidate within distance 2 (or a third of the name's length), compared case-insensitively. */
export function closestName(name: string, candidates: Iterable<string>): string | null {
  const lower = name.toLowerCase();
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = editDistance(lower, candidate.toLowerCase());
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** `; did you mean "x"?` or "" when nothing is close enough. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const best = closestName(name, candidates);
  return best === null ? '' : `; did you mean "${best}"?`;
}

/** Dotted paths of issues: `jobQueues[1].computeEnvironmentOrder[0].computeEnvironment`. */
export const joinPath = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
export const indexPath = (path: string, i: number): string => `${path}[${i}]`;
