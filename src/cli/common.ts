// What every command shares: bad-input errors, flag parsers, issue printing and scenario loading.
import { formatIssue, loadScenario, runBlockers, type Issue, type Scenario } from '../index.js';

/** Bad input found by a command itself (a flag, a path): printed as one line, exit 2. */
export class InputError extends Error {}

export function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new InputError(`--seed: expected a whole number 0 or more, got "${value}"`);
  return Number(value);
}

export function printIssues(issues: readonly Issue[], toStderr: boolean): void {
  const out = toStderr ? process.stderr : process.stdout;
  for (const i of issues) out.write(`${i.severity}: ${formatIssue(i)}\n`);
}

/** A validated scenario, or null after printing its errors and setting exit code 2. */
export function loadForRun(file: string, seed: number | undefined, json: boolean): Scenario | null {
  const loaded = loadScenario(file, { seed });
  const blockers = runBlockers(loaded);
  if (blockers.length > 0) {
    printIssues(blockers, true);
    process.stderr.write(`${file}: ${blockers.length} problem${blockers.length === 1 ? '' : 's'}; nothing was run or written\n`);
    process.exitCode = 2;
    return null;
  }
  if (!json) printIssues(loaded.issues.filter((i) => i.severity === 'warning'), true);
  return loaded.scenario!;
}
