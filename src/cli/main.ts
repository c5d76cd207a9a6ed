#!/usr/bin/env node
// The batchsim command: one file per command registers its flags; this file sets the exit codes
// (0 ok, 2 bad input, 1 a bug in batchsim). Bad input never shows a stack trace.
//
// Start-up: only the command being run is loaded (with the library it needs); `--version` alone
// loads nothing, not even commander (it is answered before). `batchsim --help`, `batchsim help …` and
// anything that names no known command register every command, so the help and commander's
// "unknown command" suggestions are as before.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type { Command } from 'commander';

// A simulation spends its time in a few large functions (the job life cycle's place and
// endAttempt, the scheduler's pass, the event loop) that call many small methods. V8 stops
// inlining into one function after 920 bytes of inlined bytecode, short of those callees; with
// 3,000 a 300,000-job summary-only run executes 3% fewer instructions, and its main thread 5% fewer
// in a normal run (callgrind; bench/RESULTS.md, 2026-12-03). The flag is read when a function is
// optimized, so setting it here, before any command's code has run, covers the whole run and its
// worker threads.
setFlagsFromString('--max-inlined-bytecode-size-cumulative=3000');

type Register = (program: Command) => void;

/**
 * The command modules are loaded with require (Node's require of ES modules, as engine/lazy.ts;
 * package.json's engines), not import(): require reads and links the same module graph
 * synchronously, where import() reads every file with asynchronous file-handle calls (open, fstat,
 * read, close) and links through promises. For the hundred-odd modules of `run` that was about a
 * tenth of the process's CPU time (issue 13). No module of ours has a top-level await, which
 * require cannot load (test/cli/startup.test.ts runs every command through this path).
 */
const require = createRequire(import.meta.url);

/** Each command's module, loaded when the command runs (or when help lists them all). */
const COMMANDS: Record<string, () => Register> = {
  run: () => (require('./run.js') as typeof import('./run.js')).registerRun,
  report: () => (require('./report.js') as typeof import('./report.js')).registerReport,
  validate: () => (require('./validate.js') as typeof import('./validate.js')).registerValidate,
  compare: () => (require('./compare.js') as typeof import('./compare.js')).registerCompare,
  // sweep.ts registers both `sweep` and `plan`.
  sweep: () => (require('./sweep.js') as typeof import('./sweep.js')).registerSweep,
  plan: () => (require('./sweep.js') as typeof import('./sweep.js')).registerSweep,
  merge: () => (require('./merge.js') as typeof import('./merge.js')).registerMerge,
  import: () => (require('./import.js') as typeof import('./import.js')).registerImport,
  check: () => (require('./check.js') as typeof import('./check.js')).registerCheck,
};
/** The order `batchsim --help` lists them in (plan comes with sweep). */
const HELP_ORDER = ['run', 'report', 'validate', 'compare', 'sweep', 'merge', 'import', 'check'];

/**
 * package.json's version, read here rather than through the library (plan/version.ts does the same)
 * so that `--version` loads nothing else. src/cli/ and dist/cli/ are both two folders below it.
 */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** Which commands to register for these arguments: the one named, none for a bare --version, else all. */
function commandsFor(args: readonly string[]): string[] {
  const at = args.findIndex((a) => !a.startsWith('-'));
  const named = at < 0 ? undefined : args[at];
  // `batchsim --help run` is the top-level help: it lists every command.
  const topHelp = args.slice(0, at < 0 ? args.length : at).some((a) => a === '-h' || a === '--help');
  if (named !== undefined && Object.hasOwn(COMMANDS, named) && !topHelp) return [named];
  if (named === undefined && args.length > 0 && args.every((a) => a === '-V' || a === '--version')) return [];
  return HELP_ORDER;
}

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // What commander prints for it: the version and a newline on stdout, exit 0.
  process.stdout.write(`${version()}\n`);
} else {
  await main(args);
}

async function main(args: readonly string[]): Promise<void> {
  const { Command, CommanderError } = require('commander') as typeof import('commander');
  const msg = require('./messages.js') as typeof import('./messages.js');
  const program = new Command();
  program
    .name('batchsim')
    .version(version(), '-V, --version')
    .description('Deterministic discrete-event simulator and capacity/cost planner for AWS Batch')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  try {
    for (const name of commandsFor(args)) COMMANDS[name]()(program);
    await program.parseAsync();
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; every other flag problem is bad input.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
    } else if (isBadInput(err)) {
      process.stderr.write(`batchsim: ${(err as Error).message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`batchsim: ${msg.internalError(err instanceof Error ? (err.stack ?? err.message) : String(err))}\n`);
      process.exitCode = 1;
    }
  }
}

/** Bad input (exit 2): a command's own InputError, an output folder problem, or a scenario that can never finish. Loaded only on this path. */
function isBadInput(err: unknown): boolean {
  const { InputError } = require('./common.js') as typeof import('./common.js');
  const { OutputFolderError, RunawayFleetError } = require('../api/run.js') as typeof import('../api/run.js');
  return err instanceof InputError || err instanceof OutputFolderError || err instanceof RunawayFleetError;
}
