#!/usr/bin/env node
// The batchsim command: parses flags, calls the public API, sets exit codes (0 ok, 2 bad input,
// 1 a bug in batchsim). Bad input never shows a stack trace.
import { Command, CommanderError, Option } from 'commander';
import {
  formatIssue,
  formatSummary,
  loadScenario,
  missingReportInputs,
  runBlockers,
  runScenario,
  summaryJson,
  createProgress,
  writeReport,
  writeRunOutputs,
  type Issue,
} from '../index.js';
import { readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

class InputError extends Error {}

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new InputError(`--seed: expected a whole number 0 or more, got "${value}"`);
  return Number(value);
}

function printIssues(issues: readonly Issue[], toStderr: boolean): void {
  const out = toStderr ? process.stderr : process.stdout;
  for (const i of issues) out.write(`${i.severity}: ${formatIssue(i)}\n`);
}

function load(file: string, seed: number | undefined, json: boolean) {
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

const program = new Command();
program
  .name('batchsim')
  .version(packageVersion(), '-V, --version')
  .description('Deterministic discrete-event simulator and capacity/cost planner for AWS Batch')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program
  .command('run')
  .description('simulate a scenario and write summary.json, jobs.csv, attempts.csv, instances.csv, timeseries.csv, charts and report.html')
  .argument('<scenario>', 'scenario file (YAML or JSON)')
  .option('-o, --out <dir>', 'output folder (default: out/<scenario name>)')
  .option('--seed <n>', 'override the scenario seed', parseSeed)
  .addOption(new Option('--outputs <set>', 'what to write').choices(['all', 'summary', 'records']).default('all'))
  .option('--json', 'print summary.json on stdout instead of the human summary')
  .action(async (file: string, opts: { out?: string; seed?: number; outputs: 'all' | 'summary' | 'records'; json?: boolean }) => {
    const scenario = load(file, opts.seed, opts.json === true);
    if (!scenario) return;
    const progress = createProgress({ enabled: opts.json !== true });
    const run = runScenario(scenario, { progress: progress.watched ? (f) => progress.simulating(f) : undefined });
    const dir = opts.out ?? join('out', basename(file, extname(file)));
    await writeRunOutputs(dir, run, opts.outputs, { onPhase: (p) => progress.phase(p) });
    progress.done();
    if (opts.json) process.stdout.write(summaryJson(run.summary));
    else process.stdout.write(`${formatSummary(run.summary)}  outputs     ${dir}\n`);
  });

program
  .command('report')
  .description('rebuild the charts and report.html of an output folder from its summary.json and CSVs')
  .argument('<dir>', 'output folder of `batchsim run` (with --outputs all or records)')
  .action(async (dir: string) => {
    const missing = missingReportInputs(dir);
    if (missing.length > 0) {
      process.stderr.write(`batchsim report: ${dir} lacks ${missing.join(', ')}; run \`batchsim run SCENARIO --out ${dir}\` (with --outputs all or records) first\n`);
      process.exitCode = 2;
      return;
    }
    const progress = createProgress({ enabled: true });
    const written = await writeReport(dir, { onPhase: (p) => progress.phase(p) });
    progress.done();
    process.stdout.write(`wrote ${written.length} files to ${dir} (open ${join(dir, 'report.html')})\n`);
  });

program
  .command('validate')
  .description('check a scenario file and list every problem, warning and ignored field')
  .argument('<scenario>', 'scenario file (YAML or JSON)')
  .option('--json', 'print the issues as JSON')
  .action((file: string, opts: { json?: boolean }) => {
    const loaded = loadScenario(file);
    const errors = runBlockers(loaded);
    if (opts.json) {
      process.stdout.write(JSON.stringify({ valid: errors.length === 0, issues: loaded.issues }, null, 2) + '\n');
    } else {
      printIssues(loaded.issues, false);
      process.stdout.write(errors.length > 0 ? `${file}: ${errors.length} error${errors.length === 1 ? '' : 's'}\n` : `${file}: valid\n`);
    }
    if (errors.length > 0) process.exitCode = 2;
  });

try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version exit 0; every other flag problem is bad input.
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof InputError) {
    process.stderr.write(`batchsim: ${err.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`batchsim: internal error (this is a bug in batchsim; please report it with the scenario):\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  }
}
