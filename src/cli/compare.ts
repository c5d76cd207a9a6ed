// `batchsim compare A.yaml B.yaml …`: the scenarios side by side on common random numbers, with
// each figure's paired difference to the first scenario and its 95% interval.
import type { Command } from 'commander';
import { abandonCompare, compareJson, compareTable, prepareCompare, runCompare, writeCompareOutputs, type Comparison } from '../index.js';
import { createRunsProgress } from './runsProgress.js';
import { InputError, parseSeed } from './common.js';
import { interruptible, jobsOption, jsonOnBadInput, parseReplications, reportIssues, withWorkerGc } from './planning.js';

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('run scenarios side by side on common random numbers; print each figure with its paired difference to the first')
    .argument('<scenarios...>', 'two or more scenario files')
    .option('--replications <n>', 'replications per scenario (seeds seed, seed+1, …)', parseReplications, 1)
    .option('--seed <n>', 'first seed for every scenario (default: the first scenario seed)', parseSeed)
    .option('--figures <keys>', 'comma-separated summary.json keys to compare (default: cost and its split, makespan, p95 wait, utilisation, interruptions, failed jobs)')
    .option('-o, --out <dir>', 'write compare.csv, compare.json and the chart there')
    .option(...jobsOption())
    .option('--json', 'print compare.json on stdout instead of the table')
    .action(async (files: string[], opts: { replications: number; seed?: number; figures?: string; out?: string; jobs?: number; json?: boolean }) => {
      if (await withWorkerGc(opts.jobs)) return;
      // With --json every bad input is JSON on stdout, as run --json reports it.
      await jsonOnBadInput(opts.json, () => interruptible(async (signal) => {
        if (files.length < 2) throw new InputError('compare: name two or more scenario files');
        const figures = opts.figures === undefined ? undefined : parseFigures(opts.figures);
        // The output folder is checked there too, before anything runs.
        const prepared = prepareCompare(files, { seed: opts.seed, replications: opts.replications, figures, out: opts.out });
        if (!prepared.ok) return reportIssues(prepared.issues, 'compare', opts.json);
        const progress = createRunsProgress({ enabled: opts.json !== true, label: 'compare' });
        let comparison: Comparison;
        try {
          comparison = await runCompare(prepared.setup, { jobs: opts.jobs, signal, onProgress: (d, t) => progress.update(d, t) });
          progress.done();
          if (opts.out !== undefined) await writeCompareOutputs(opts.out, comparison);
        } catch (e) {
          // Interrupted or failed before its files were written: no new empty --out is left behind.
          abandonCompare(prepared.setup);
          throw e;
        }
        if (opts.json) process.stdout.write(JSON.stringify(compareJson(comparison), null, 2) + '\n');
        else process.stdout.write(compareTable(comparison) + (opts.out !== undefined ? `  outputs     ${opts.out}\n` : ''));
      }, () => 'nothing was written'));
    });
}

/** `--figures k1,k2`: the keys in order; none at all, or one twice (a row printed twice), is bad input. */
function parseFigures(value: string): string[] {
  const figures = value.split(',').map((f) => f.trim()).filter(Boolean);
  if (figures.length === 0) throw new InputError('--figures: give at least one summary.json key');
  const twice = figures.find((f, i) => figures.indexOf(f) !== i);
  if (twice !== undefined) throw new InputError(`--figures: "${twice}" is listed twice`);
  return figures;
}
