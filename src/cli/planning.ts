// Flags and habits shared by the commands that make many runs (compare, sweep, plan, merge,
// run --replications): --jobs, --shard/--shards, Ctrl-C that keeps finished runs, progress.
import { defaultJobs, type Issue } from '../api/run.js';
import type { Shard } from '../index.js';
import { InputError, issuesJson, printIssues } from './common.js';
import * as msg from './messages.js';

export function parseJobs(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 256) throw new InputError(`--jobs: expected a whole number from 1 to 256, got "${value}"`);
  return Number(value);
}

export function parseReplications(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 10_000) throw new InputError(`--replications: expected a whole number from 1 to 10000, got "${value}"`);
  return Number(value);
}

/** The most slices a sweep can be cut into, by --shard K/N and --shards N alike (merge checks journals against the same bound: plan/journal.ts). */
export const MAX_SHARDS = 100_000;

/** `--shard K/N` (K from 1 to N) as a 0-based slice. */
export function parseShard(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!m) throw new InputError(`--shard: expected K/N such as 2/8, got "${value}"`);
  const [k, n] = [Number(m[1]), Number(m[2])];
  if (n < 1 || n > MAX_SHARDS) throw new InputError(`--shard ${value}: N must be from 1 to ${MAX_SHARDS}`);
  if (k < 1 || k > n) throw new InputError(`--shard ${value}: K must be from 1 to ${n}`);
  return { index: k - 1, count: n };
}

/** Array-job engines' 0-based task index variables, in the order they are looked at. */
export const SHARD_INDEX_VARIABLES = ['AWS_BATCH_JOB_ARRAY_INDEX', 'JOB_COMPLETION_INDEX', 'SLURM_ARRAY_TASK_ID'] as const;

/** The slice of `--shard K/N`, or of `--shards N` with the index from an array-job engine. */
export function shardFrom(opts: { shard?: Shard; shards?: string }, env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  if (opts.shard && opts.shards !== undefined) throw new InputError('--shard and --shards: give one of them');
  if (opts.shard) return opts.shard;
  if (opts.shards === undefined) return undefined;
  if (!/^\d+$/.test(opts.shards) || Number(opts.shards) < 1 || Number(opts.shards) > MAX_SHARDS) throw new InputError(`--shards: expected a whole number from 1 to ${MAX_SHARDS}, got "${opts.shards}"`);
  const n = Number(opts.shards);
  const name = SHARD_INDEX_VARIABLES.find((v) => env[v] !== undefined && env[v] !== '');
  if (!name) throw new InputError(`--shards ${n}: none of ${SHARD_INDEX_VARIABLES.join(', ')} is set; give --shard K/N instead`);
  const raw = env[name]!;
  if (!/^\d+$/.test(raw) || Number(raw) >= n) throw new InputError(`--shards ${n}: ${name}=${raw} is not an index from 0 to ${n - 1}`);
  return { index: Number(raw), count: n };
}

export const jobsOption = (): [string, string, (v: string) => number] => ['--jobs <n>', `worker threads (default: the machine's cores, ${defaultJobs()})`, parseJobs];

/**
 * Bad input from a plan or scenario: every issue, then one line; exit 2. With --json, as `run
 * --json` and `validate --json` report it: `{ valid: false, issues }` on stdout.
 */
export function reportIssues(issues: readonly Issue[], what: string, json = false): void {
  process.exitCode = 2;
  if (json) {
    process.stdout.write(issuesJson(issues, false));
    return;
  }
  printIssues(issues, true);
  process.stderr.write(`${msg.problemsNothingRun(what, issues.length)}\n`);
}

/** Run a --json command's work: bad input it throws (a flag, an output folder) is then one issue on stdout, exit 2, as reportIssues gives it. */
export async function jsonOnBadInput(json: boolean | undefined, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    if (!json || !(e instanceof InputError)) throw e;
    reportIssues([{ path: '', message: e.message, severity: 'error' }], '', true);
  }
}

/**
 * Run `work` with Ctrl-C (SIGINT) and SIGTERM wired to an abort signal; an interrupted run prints
 * `onInterrupt`'s line and exits 130, a folder or merge problem is bad input (exit 2).
 */
export async function interruptible(work: (signal: AbortSignal) => Promise<void>, onInterrupt: () => string): Promise<void> {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  // `on`, not `once`: a second Ctrl-C (or one forwarded by a parent, see withWorkerGc) aborts again, harmlessly.
  process.on('SIGINT', abort);
  process.on('SIGTERM', abort);
  try {
    await work(controller.signal);
  } catch (err) {
    // The planning layer's errors, from the full API: the commands that call this have loaded it already
    // (`run`, which only borrows the flags below, must not load it for them).
    const { AbortedError, MergeError, SweepFolderError, UnfinishableRunError } = await import('../index.js');
    if (err instanceof AbortedError) {
      process.stderr.write(`\ninterrupted: ${onInterrupt()}\n`);
      process.exitCode = 130;
      return;
    }
    if (err instanceof SweepFolderError || err instanceof MergeError || err instanceof UnfinishableRunError) throw new InputError(err.message);
    throw err;
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}

const SINGLE_THREADED_GC = '--single-threaded-gc';

/**
 * Runs on several worker threads go 1.4x faster on two cores with V8's parallel GC helpers, 1.7x
 * without them (measured on the 64-point sweep benchmark): the helpers of two busy isolates fight
 * the workers for the cores. The flag must be given when the process starts, so a command that
 * will use more than one worker runs itself again with it and passes on its exit code; a single
 * run keeps the parallel GC, which makes it about 8 % faster. True when the child ran the command.
 */
export async function withWorkerGc(jobs: number | undefined): Promise<boolean> {
  if ((jobs ?? defaultJobs()) < 2 || process.execArgv.includes(SINGLE_THREADED_GC)) return false;
  // child_process is loaded here only: a single run never respawns.
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, SINGLE_THREADED_GC, ...process.argv.slice(1)], { stdio: 'inherit' });
  // Ctrl-C reaches the child from the terminal too; a signal sent to this process alone is passed on.
  const pass = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = pass('SIGINT');
  const onTerm = pass('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const code = await new Promise<number>((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal === 'SIGTERM' ? 143 : 130))));
  process.off('SIGINT', onInt);
  process.off('SIGTERM', onTerm);
  process.exitCode = code;
  return true;
}
