// `batchsim sweep PLAN` and `batchsim plan PLAN`: run a plan file's grid (or one slice of it) and,
// for plan, find the point that best meets the objective under the constraints.
import { Option, type Command } from 'commander';
import { basename, extname, join } from 'node:path';
import { decisionLines, planInto, planJson, prepareSweep, sweepInto, type Shard } from '../index.js';
import { createRunsProgress } from './runsProgress.js';
import { InputError } from './common.js';
import { interruptible, jobsOption, jsonOnBadInput, parseShard, reportIssues, shardFrom, withWorkerGc } from './planning.js';

interface Flags {
  out?: string;
  jobs?: number;
  shard?: Shard;
  shards?: string;
  json?: boolean;
}

const defaultOut = (plan: string, kind: string): string => join('out', `${basename(plan, extname(plan))}-${kind}`);

export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description('run every point of a plan file x its replications; write sweep.csv, sweep-summary.csv, charts and report.html')
    .argument('<plan>', 'plan file (YAML or JSON; see schema/plan.schema.json)')
    .option('-o, --out <dir>', 'output folder (default: out/<plan name>-sweep); an interrupted sweep resumes there')
    .option(...jobsOption())
    .addOption(new Option('--shard <K/N>', 'run only slice K of N (join the slices with `batchsim merge`)').argParser(parseShard))
    .option('--shards <N>', 'like --shard, with K from AWS_BATCH_JOB_ARRAY_INDEX, JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID (0-based)')
    .action(async (file: string, opts: Flags) => {
      if (await withWorkerGc(opts.jobs)) return;
      const shard = shardFrom(opts);
      const prepared = await prepareSweep(file);
      if (!prepared.ok) return reportIssues(prepared.issues, file);
      const { setup } = prepared;
      const outDir = opts.out ?? defaultOut(file, shard ? `slice-${shard.index + 1}-of-${shard.count}` : 'sweep');
      const progress = createRunsProgress({ enabled: true, label: 'sweep' });
      let finished = 0;
      await interruptible(
        async (signal) => {
          const done = await sweepInto(setup, { outDir, jobs: opts.jobs, shard, signal, onProgress: (d, t) => ((finished = d), progress.update(d, t)) });
          progress.done();
          const mine = shard ? `slice ${shard.index + 1}/${shard.count}: ` : '';
          const resumed = done.resumed > 0 ? ` (${done.resumed} resumed from an earlier run)` : '';
          process.stdout.write(`${mine}${done.outcomes.size} runs of ${setup.points.length} points x ${setup.plan.replications} replications${resumed}\n  outputs     ${outDir}\n`);
        },
        () => `kept ${finished} finished runs in ${join(outDir, 'runs.jsonl')}; run the same command again to resume`,
      );
    });

  program
    .command('plan')
    .description("find the plan's point that best meets its objective under its constraints; write plan.json, the sweep tables, charts and report.html")
    .argument('<plan>', 'plan file with an objective (YAML or JSON; see schema/plan.schema.json)')
    .option('-o, --out <dir>', 'output folder (default: out/<plan name>-plan); resumes there, also from merged slices')
    .option(...jobsOption())
    .option('--json', 'print plan.json on stdout instead of the decision')
    .action(async (file: string, opts: Flags) => {
      if (await withWorkerGc(opts.jobs)) return;
      // With --json every bad input is JSON on stdout, as run --json reports it.
      await jsonOnBadInput(opts.json, () => plan(file, opts));
    });
}

async function plan(file: string, opts: Flags): Promise<void> {
  const prepared = await prepareSweep(file);
  if (!prepared.ok) return reportIssues(prepared.issues, file, opts.json);
  const { setup } = prepared;
  if (!setup.plan.objective) throw new InputError(`${file}: objective: missing; plan needs {minimize: FIGURE} or {maximize: FIGURE} (sweep runs a plan without one)`);
  const outDir = opts.out ?? defaultOut(file, 'plan');
  const progress = createRunsProgress({ enabled: opts.json !== true, label: 'plan' });
  let finished = 0;
  await interruptible(
    async (signal) => {
      const done = await planInto(setup, { outDir, jobs: opts.jobs, signal, onProgress: (d, t) => ((finished = d), progress.update(d, t)) });
      progress.done();
      if (opts.json) process.stdout.write(JSON.stringify(planJson(setup, done.report), null, 2) + '\n');
      else process.stdout.write(decisionLines(setup, done.report).join('\n') + `\n  outputs     ${outDir}\n`);
    },
    () => `kept ${finished} finished runs in ${join(outDir, 'runs.jsonl')}; run the same command again to resume`,
  );
}
