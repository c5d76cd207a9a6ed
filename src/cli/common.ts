// What every command shares: bad-input errors, flag parsers, issue printing, scenario loading and
// the clean-up on Ctrl-C.
import { abandonOutputs, formatIssue, loadScenario, runBlockers, strictly, type Issue, type LoadedScenario, type Scenario } from '../api/run.js';
import * as msg from './messages.js';

/** Bad input found by a command itself (a flag, a path): printed as one line, exit 2. */
export class InputError extends Error {}

export function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new InputError(msg.badSeed(value));
  return Number(value);
}

/** At most this many issues are printed (a binary or a CSV passed as a scenario can give thousands). */
export const MAX_PRINTED_ISSUES = 40;
/** And each within this many characters. */
const MAX_LINE_CHARS = 400;

export function printIssues(issues: readonly Issue[], toStderr: boolean): void {
  const out = toStderr ? process.stderr : process.stdout;
  const shown = issues.length > MAX_PRINTED_ISSUES ? issues.slice(0, MAX_PRINTED_ISSUES - 1) : issues;
  for (const i of shown) {
    const line = `${i.severity}: ${formatIssue(i)}`;
    out.write(`${line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS - 1)}…` : line}\n`);
  }
  if (shown.length < issues.length) out.write(`${msg.moreIssues(issues.length - shown.length)}\n`);
}

/** `{ valid, issues }` as `validate --json` and `run --json` print it. */
export function issuesJson(issues: readonly Issue[], valid: boolean): string {
  return JSON.stringify({ valid, issues }, null, 2) + '\n';
}

/** A LoadedScenario that validated. */
export type LoadedForRun = LoadedScenario & { scenario: Scenario };

/** A validated scenario, or null after printing its errors (as JSON on stdout with --json) and setting exit code 2. */
export function loadForRun(file: string, seed: number | undefined, json: boolean, strict = false, summaryOnly = false): LoadedForRun | null {
  const loaded = loadStrictly(file, seed, strict, summaryOnly);
  const blockers = runBlockers(loaded);
  if (blockers.length > 0) {
    if (json) process.stdout.write(issuesJson(loaded.issues, false));
    else {
      printIssues(blockers, true);
      process.stderr.write(`${msg.problemsNothingRun(file, blockers.length)}\n`);
    }
    process.exitCode = 2;
    return null;
  }
  if (!json) printIssues(loaded.issues.filter((i) => i.severity === 'warning'), true);
  return { ...loaded, scenario: loaded.scenario! };
}

/**
 * A scenario file, its warnings made errors with `--strict`. `summaryOnly`: the run writes no record
 * files, so it is not warned of their size or of how timeseries.csv would be sampled.
 */
export function loadStrictly(file: string, seed: number | undefined, strict: boolean, summaryOnly = false): LoadedScenario {
  const loaded = loadScenario(file, { seed, records: !summaryOnly });
  return strict ? strictly(loaded) : loaded;
}

/** `--strict` on validate and run. */
export const STRICT_OPTION = ['--strict', 'treat warnings as errors; run also exits 3 when jobs were left unfinished (CI)'] as const;

/**
 * While outputs are written, SIGINT and SIGTERM remove the temporaries, say what was kept and exit
 * 130 (SIGINT) or 143 (SIGTERM). Returns the function that puts the default handling back.
 */
export function cleanUpOnSignals(): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    const folders = abandonOutputs();
    process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}batchsim: ${msg.interrupted(signal, folders)}\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
