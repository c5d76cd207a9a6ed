// `batchsim run SCENARIO`: simulate one scenario and write its outputs.
import { Option, type Command } from 'commander';
import { basename, extname, join } from 'node:path';
import { createProgress, formatSummary, runScenario, summaryJson, writeRunOutputs } from '../index.js';
import { loadForRun, parseSeed } from './common.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('simulate a scenario and write summary.json, jobs.csv, attempts.csv, instances.csv, timeseries.csv, charts and report.html')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('-o, --out <dir>', 'output folder (default: out/<scenario name>)')
    .option('--seed <n>', 'override the scenario seed', parseSeed)
    .addOption(new Option('--outputs <set>', 'what to write').choices(['all', 'summary', 'records']).default('all'))
    .option('--json', 'print summary.json on stdout instead of the human summary')
    .action(async (file: string, opts: { out?: string; seed?: number; outputs: 'all' | 'summary' | 'records'; json?: boolean }) => {
      const scenario = loadForRun(file, opts.seed, opts.json === true);
      if (!scenario) return;
      const progress = createProgress({ enabled: opts.json !== true });
      const run = runScenario(scenario, { progress: progress.watched ? (f) => progress.simulating(f) : undefined });
      const dir = opts.out ?? join('out', basename(file, extname(file)));
      await writeRunOutputs(dir, run, opts.outputs, { onPhase: (p) => progress.phase(p) });
      progress.done();
      if (opts.json) process.stdout.write(summaryJson(run.summary));
      else process.stdout.write(`${formatSummary(run.summary)}  outputs     ${dir}\n`);
    });
}
