// `batchsim check SCENARIO --against JOBS…`: replay a real job history on a (imported) setup and
// print simulated : real : relative error; --out DIR writes check.json and the wait-CDF chart.
import type { Command } from 'commander';
import { checkAgainst, checkWaitCdfSpec, loadCatalog, noteText, SweepFolderError, writeTextFilesAtomically, type CheckReport, type CheckRow } from '../index.js';
import { InputError, parseSeed, printIssues } from './common.js';
import { readSources } from './import.js';
import { join } from 'node:path';

const fmt = (v: number | null): string => (v === null ? 'n/a' : Number.isInteger(v) || Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
const pct = (v: number | null): string => (v === null ? 'n/a' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`);

export function formatCheck(rows: readonly CheckRow[], costUsd: number | null): string {
  const lines = [`${'metric'.padEnd(26)}${'simulated'.padStart(12)}${'real'.padStart(12)}${'rel. error'.padStart(12)}`];
  for (const r of rows) lines.push(`${r.metric.padEnd(26)}${fmt(r.simulated).padStart(12)}${fmt(r.real).padStart(12)}${pct(r.relativeError).padStart(12)}`);
  lines.push(`${'cost (USD)'.padEnd(26)}${fmt(costUsd).padStart(12)}${'n/a'.padStart(12)}${'n/a'.padStart(12)}  (the history carries no cost)`);
  return lines.join('\n') + '\n';
}

/** The check, its --out folder claimed first (a folder of check's own, holding none of the inputs). */
function claimAndCheck(file: string, history: ReturnType<typeof readSources>, opts: { out?: string; seed?: number }): CheckReport {
  try {
    return checkAgainst(file, history, { catalog: loadCatalog(), seed: opts.seed, out: opts.out });
  } catch (e) {
    if (e instanceof SweepFolderError) throw new InputError(e.message);
    throw e;
  }
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('replay a real job history on a scenario\'s setup and compare queue wait, makespan and peak concurrency, simulated : real')
    .argument('<scenario>', 'scenario file (e.g. written by batchsim import)')
    .requiredOption('--against <files...>', 'job history: describe-jobs / list-jobs JSON, EventBridge events, Nextflow trace.txt')
    .option('-o, --out <dir>', 'write check.json and check-wait-cdf.vl.json here')
    .option('--seed <n>', 'override the scenario seed', parseSeed)
    .option('--json', 'print check.json instead of the table')
    .action((file: string, opts: { against: string[]; out?: string; seed?: number; json?: boolean }) => {
      if (opts.against.length === 0) throw new InputError('--against: give at least one history file');
      const report = claimAndCheck(file, readSources(opts.against, '--against'), opts);
      for (const n of report.notes) if (n.severity !== 'note' || !opts.json) process.stderr.write(`${n.severity}: ${noteText(n)}\n`);
      if (!report.ok) {
        printIssues(report.issues, true);
        process.stderr.write(`batchsim check: the replay could not run; nothing was written\n`);
        process.exitCode = 2;
        return;
      }
      printIssues(report.issues, true);
      const json = JSON.stringify({ rows: report.rows, simulatedCostUsd: report.simulatedCostUsd }, null, 2) + '\n';
      if (opts.out !== undefined) {
        const spec = checkWaitCdfSpec(report.real!.waitsSeconds, report.simulated!.waitsSeconds);
        const files = [{ path: join(opts.out, 'check.json'), text: json }, { path: join(opts.out, 'check-wait-cdf.vl.json'), text: JSON.stringify(spec, null, 2) + '\n' }];
        // checkAgainst claimed the folder: it holds none of the inputs.
        writeTextFilesAtomically(files, { folder: opts.out });
      }
      process.stdout.write(opts.json ? json : formatCheck(report.rows, report.simulatedCostUsd));
    });
}
