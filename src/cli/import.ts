// `batchsim import aws-cli|cloudformation|terraform|jobs …`: AWS documents and job history become a
// scenario (and a trace file). Notes, defaults and what stops validation go to stderr; bad input
// exits 2 and writes nothing; the files are written atomically.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileGivenTwice, importJobs, importSetup, noteText, writeTextFilesAtomically, type FinishedImport, type SetupImportKind, type SourceText } from '../index.js';
import { InputError } from './common.js';

/** Each path's text; `-` reads stdin (once). A file given twice is refused before any is read (`option` names the list in the message). */
export function readSources(paths: readonly string[], option?: string): SourceText[] {
  const twice = fileGivenTwice(paths);
  if (twice !== null) throw new InputError(option === undefined ? twice : `${option}: ${twice}`);
  return paths.map((path) => {
    try {
      return { name: path, text: readFileSync(path === '-' ? 0 : path, 'utf8') };
    } catch (e) {
      throw new InputError(`${path}: cannot read (${e instanceof Error ? e.message.replace(/^[A-Z]+: /, '') : String(e)})`);
    }
  });
}

const nameOf = (out: string | undefined): string => (out === undefined ? 'imported' : basename(out, extname(out)));

/** Prints the notes; on bad input sets exit 2 and returns false. */
export function reportImport(result: FinishedImport, defaults: readonly string[]): boolean {
  for (const n of result.notes) process.stderr.write(`${n.severity}: ${noteText(n)}\n`);
  if (!result.ok) {
    const count = result.notes.filter((n) => n.severity === 'error').length;
    process.stderr.write(`batchsim import: ${count} problem${count === 1 ? '' : 's'}; nothing was written\n`);
    process.exitCode = 2;
    return false;
  }
  for (const d of defaults) process.stderr.write(`default: ${d}\n`);
  return true;
}

/** Without --out the first file on stdout; else every file, none of them one of `inputs` (the files read). */
export function writeOrPrint(out: string | undefined, files: { path: string; text: string }[], inputs: readonly string[]): void {
  if (out === undefined) process.stdout.write(files[0].text);
  else for (const p of writeTextFilesAtomically(files, { inputs })) process.stderr.write(`wrote ${p}\n`);
}

function setupAction(kind: SetupImportKind) {
  return (files: string[], opts: { out?: string; name?: string; parameter?: string[] }): void => {
    const parameters: Record<string, string> = {};
    for (const p of opts.parameter ?? []) {
      const i = p.indexOf('=');
      if (i <= 0) throw new InputError(`--parameter: expected KEY=VALUE, got "${p}"`);
      parameters[p.slice(0, i)] = p.slice(i + 1);
    }
    const result = importSetup(kind, readSources(files), { name: opts.name ?? nameOf(opts.out), target: opts.out, parameters });
    if (!reportImport(result, result.defaults)) return;
    writeOrPrint(opts.out, [{ path: opts.out ?? '-', text: result.yaml }], files);
  };
}


const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerImport(program: Command): void {
  const cmd = program.command('import').description('turn a real AWS Batch setup or job history into a scenario');
  cmd
    .command('aws-cli')
    .description('aws batch describe-* / create-* JSON and service-quotas list-service-quotas output, any subset in any order (- reads stdin)')
    .argument('<files...>', 'JSON files')
    .option('-o, --out <scenario>', 'scenario file to write (default: print it)')
    .option('--name <name>', 'scenario name (default: the --out file name)')
    .action(setupAction('aws-cli'));
  cmd
    .command('cloudformation')
    .description('AWS::Batch resources of a CloudFormation template (YAML with short-form tags, or JSON such as cdk synth output)')
    .argument('<template>', 'template file (- reads stdin)')
    .option('-o, --out <scenario>', 'scenario file to write (default: print it)')
    .option('--name <name>', 'scenario name (default: the --out file name)')
    .option('-p, --parameter <key=value>', 'a parameter value (repeatable); also pseudo parameters such as AWS::StackName=prod', collect)
    .action((file: string, opts: { out?: string; name?: string; parameter?: string[] }) => setupAction('cloudformation')([file], opts));
  cmd
    .command('terraform')
    .description('aws_batch_* resources of `terraform show -json` output (a plan or a state), modules and count resolved')
    .argument('<plan>', 'JSON file (- reads stdin)')
    .option('-o, --out <scenario>', 'scenario file to write (default: print it)')
    .option('--name <name>', 'scenario name (default: the --out file name)')
    .action((file: string, opts: { out?: string; name?: string }) => setupAction('terraform')([file], opts));
  cmd
    .command('jobs')
    .description('job history (describe-jobs / list-jobs JSON, EventBridge job state-change events one per line, Nextflow trace.txt) -> a CSV trace and a scenario replaying it')
    .argument('<files...>', 'history files (- reads stdin)')
    .option('-o, --out <file>', 'X.csv: write the trace; X.yaml: write X.yaml replaying X.trace.csv (needs --setup). Default: print the trace')
    .option('--setup <scenario>', 'the imported setup (batchsim import aws-cli|cloudformation|terraform) to add the history workload to')
    .option('--fit', 'fit each job definition\'s run times (lognormal with its KS statistic, or empirical) and arrivals (cron/rate, or empirical)')
    .action((files: string[], opts: { out?: string; setup?: string; fit?: boolean }) => {
      const out = opts.out;
      const scenarioOut = out !== undefined && /\.ya?ml$/i.test(out);
      if (scenarioOut && opts.setup === undefined) throw new InputError('--out SCENARIO.yaml needs --setup SCENARIO (the imported setup to replay the history on); use --out TRACE.csv for the trace alone');
      const dir = out === undefined ? '.' : dirname(out);
      const stem = out === undefined ? 'history' : basename(out, extname(out)).replace(/\.trace$/, '');
      const setup = opts.setup === undefined ? null : readSources([opts.setup])[0];
      const result = importJobs(readSources(files), { dir, stem, setup, fit: opts.fit === true });
      if (!reportImport({ ok: result.ok, notes: result.notes, yaml: '', issues: [], defaults: [] }, [])) return;
      const wanted = result.files.filter((f) => scenarioOut || !f.name.endsWith('.yaml'));
      if (out === undefined) process.stdout.write(wanted[0].text);
      else writeOrPrint(out, wanted.map((f) => ({ path: f.name.endsWith('.trace.csv') && !scenarioOut ? out : join(dir, f.name), text: f.text })), [...files, ...(opts.setup === undefined ? [] : [opts.setup])]);
    });
}
