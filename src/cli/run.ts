// `batchsim run SCENARIO`: simulate one scenario and write its outputs.
import type { Command } from 'commander';
import { basename, extname, join } from 'node:path';
import {
  createProgress,
  formatSummary,
  OutputFolder,
  OutputFolderError,
  RECORD_FORMATS,
  RunawayFleetError,
  prepareCharts,
  simulateScenarioInSlices,
  startRunOutputs,
  streamJobsCsv,
  summarize,
  summaryJson,
  writeRunOutputs,
  type RecordFormat,
  type ReplicationsJson,
  type RunOutput,
  type Scenario,
} from '../api/run.js';
import { cleanUpOnSignals, InputError, issuesJson, loadForRun, parseSeed, STRICT_OPTION } from './common.js';
import * as msg from './messages.js';
import { jobsOption, parseReplications, reportIssues, withWorkerGc } from './planning.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('simulate a scenario and write summary.json, jobs.csv, attempts.csv, instances.csv, timeseries.csv, charts, report.html and manifest.json')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('-o, --out <dir>', 'output folder (default: out/<scenario name>); replaced whole by each run')
    .option('--seed <n>', 'override the scenario seed', parseSeed)
    .addOption(program.createOption('--outputs <set>', 'what to write').choices(['all', 'summary', 'records']).default('all'))
    .option('--format <formats>', 'record table files: csv, arrow (Arrow IPC / Feather v2: jobs.arrow, …, for pandas, polars, DuckDB) or csv,arrow (with any --outputs)', parseFormats, ['csv'])
    .option('--json', 'print summary.json on stdout instead of the human summary ({summary, replications} with --replications)')
    .option('--replications <n>', 'also run seeds seed..seed+n-1 and report each figure as a mean with its 95% interval (replications.csv, replications.json)', parseReplications, 1)
    .option(...jobsOption())
    .option(...STRICT_OPTION)
    .action(async (file: string, opts: RunOptions, command: Command) => {
      if (!opts.json) for (const note of ignoredFlags(opts, (name) => command.getOptionValueSource(name) === 'cli')) process.stderr.write(`note: ${note}\n`);
      if (opts.replications > 1 && (await withWorkerGc(opts.jobs))) return;
      try {
        await simulateAndWrite(file, opts);
      } catch (e) {
        // With --json, a bad output folder is reported like any bad input: as JSON on stdout.
        if (!(opts.json && (e instanceof OutputFolderError || e instanceof RunawayFleetError))) throw e;
        process.stdout.write(issuesJson([{ path: '', message: e.message, severity: 'error' }], false));
        process.exitCode = 2;
      }
    });
}

interface RunOptions {
  out?: string;
  seed?: number;
  outputs: 'all' | 'summary' | 'records';
  json?: boolean;
  replications: number;
  jobs?: number;
  strict?: boolean;
  format: RecordFormat[];
}

/** Flags given that change nothing with the others given, each said as a note (the run goes on). */
function ignoredFlags(opts: RunOptions, given: (name: string) => boolean): string[] {
  const notes: string[] = [];
  if (given('format') && opts.outputs === 'summary') notes.push(msg.flagIgnored('--format', '--outputs summary writes no record files'));
  if (given('jobs') && opts.replications < 2) notes.push(msg.flagIgnored('--jobs', 'a single run uses one thread; --jobs spreads --replications'));
  return notes;
}

/** `--format csv,arrow`: a comma-separated list of record formats. */
function parseFormats(value: string): RecordFormat[] {
  const formats = value.split(',').map((f) => f.trim());
  const bad = formats.find((f) => !(RECORD_FORMATS as readonly string[]).includes(f));
  if (bad !== undefined || formats.length === 0) throw new InputError(`--format: expected csv, arrow or csv,arrow, got "${value}"`);
  return [...new Set(formats)] as RecordFormat[];
}

/** What `--replications` adds to a run's outputs and its printed summary. */
interface Replicated {
  files: [string, string][];
  json: ReplicationsJson;
  lines: string;
}

type ReplicationSetup = Extract<ReturnType<typeof import('../index.js').prepareCompare>, { ok: true }>['setup'];

/**
 * With --replications, seeds seed, seed+1, … of the same file on common random numbers (replication
 * 0 is the run itself), prepared before anything runs: a comparison that cannot be run (seeds past
 * 2^53 − 1) is reported as bad input (ok false, exit 2) before the run, not after it. The planning
 * layer (compare, replications) is loaded only here, when more than one replication is asked for.
 */
async function prepareReplications(file: string, scenario: Scenario, opts: RunOptions): Promise<{ ok: boolean; setup: ReplicationSetup | null }> {
  if (opts.replications < 2) return { ok: true, setup: null };
  const { prepareCompare, replicationFigures } = await import('../index.js');
  const prepared = prepareCompare([file], { seed: opts.seed, replications: opts.replications, figures: replicationFigures(scenario) });
  if (prepared.ok) return { ok: true, setup: prepared.setup };
  reportIssues(prepared.issues, file, opts.json);
  return { ok: false, setup: null };
}

async function replicate(setup: ReplicationSetup | null, opts: RunOptions): Promise<Replicated | null> {
  if (!setup) return null;
  const { replicationLines, replicationsCsv, replicationsJson, runCompare } = await import('../index.js');
  const comparison = await runCompare(setup, { jobs: opts.jobs });
  const json = replicationsJson(comparison);
  return {
    files: [
      ['replications.csv', replicationsCsv(comparison)],
      ['replications.json', JSON.stringify(json, null, 2) + '\n'],
    ],
    json,
    lines: replicationLines(comparison),
  };
}

async function simulateAndWrite(file: string, opts: RunOptions): Promise<void> {
  const loaded = loadForRun(file, opts.seed, opts.json === true, opts.strict === true, opts.outputs === 'summary');
  if (!loaded) return;
  const replications = await prepareReplications(file, loaded.scenario, opts);
  if (!replications.ok) return;
  const dir = opts.out ?? join('out', basename(file, extname(file)));
  // Checked before simulating, so a bad --out costs nothing; the folder is replaced whole, so it
  // must not hold the scenario file or any file it names.
  const folder = OutputFolder.open(dir, { inputs: [file, ...loaded.sideFiles] });
  const progress = createProgress({ enabled: opts.json !== true });
  // A big run's jobs.csv is written while it is simulated (its staging folder may then exist, and
  // the simulation runs in slices, so a signal is heard): from here on cleanUpOnSignals removes the temporaries.
  const stream = streamJobsCsv(folder, loaded.scenario, opts.outputs, opts.format);
  const onProgress = progress.watched ? (f: number) => progress.advance(f) : undefined;
  // The charts' renderer loads on its worker while the run is simulated.
  await prepareCharts(opts.outputs);
  const restore = cleanUpOnSignals();
  let result: RunOutput;
  let replicated: Replicated | null;
  try {
    let started: ReturnType<typeof startRunOutputs> = undefined;
    try {
      const simulated = await simulateScenarioInSlices(loaded.scenario, {
        progress: progress.watched ? (f) => progress.simulating(f) : undefined,
        summaryOnly: opts.outputs === 'summary',
        stream,
      });
      // A big run's jobs.csv is finished (or begun, if it was not streamed) and attempts.csv begun on threads while this one summarizes.
      started = startRunOutputs(folder, simulated, { formats: opts.format, onProgress, stream });
      result = { result: simulated, summary: summarize(simulated) };
      replicated = await replicate(replications.setup, opts);
    } catch (e) {
      await (started ?? stream)?.cancel();
      folder.abandon();
      throw e;
    }
    await writeRunOutputs(folder, result, opts.outputs, {
      onPhase: (p) => progress.phase(p),
      onProgress,
      source: { sha256: loaded.sha256, warnings: loaded.issues },
      formats: opts.format,
      extraFiles: replicated?.files ?? [],
      replications: replicated?.json,
      started,
    });
  } finally {
    restore();
  }
  progress.done();
  if (opts.json) process.stdout.write(replicated ? JSON.stringify({ summary: result.summary, replications: replicated.json }, null, 2) + '\n' : summaryJson(result.summary));
  else process.stdout.write(`${formatSummary(result.summary)}${replicated?.lines ?? ''}${msg.outputsLine(dir)}\n`);
  const { unfinished } = result.summary.jobs;
  if (opts.strict && unfinished > 0) {
    process.stderr.write(`batchsim: ${msg.strictUnfinished(unfinished, result.summary.blocked.neverRan)}\n`);
    process.exitCode = 3;
  }
}
