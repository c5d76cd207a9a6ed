// Importing a user's AWS setup and job history (issue: import): the scenario/import/ readers, made
// into checked scenario files with the catalogue, and the files written. What the CLI's import
// commands call, through src/index.ts.
import { statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadCatalog } from '../data/load.js';
import type { Catalog } from '../model/catalog.js';
import { OutputFolderError, writeFilesAtomically } from '../report/output.js';
import { assembleScenario } from '../scenario/import/assemble.js';
import { importAwsCli } from '../scenario/import/awsCli.js';
import { importCloudFormation } from '../scenario/import/cloudformation.js';
import { importTerraform } from '../scenario/import/terraform.js';
import type { AwsSetup, SourceText } from '../scenario/import/types.js';
import { finishImport, type FinishedImport } from './import.js';
import { importJobHistory, type JobsImportResult } from './importJobs.js';

/** Which AWS document importer to run. */
export type SetupImportKind = 'aws-cli' | 'cloudformation' | 'terraform';

export interface SetupImportOptions {
  /** Scenario name (default "imported"). */
  name?: string;
  /** The scenario file to be written (for notes; relative paths resolve against its folder). */
  target?: string;
  /** CloudFormation parameter values (`--parameter K=V`). */
  parameters?: Record<string, string>;
  catalog?: Catalog;
}

const importers: Record<SetupImportKind, (sources: readonly SourceText[], options: SetupImportOptions) => AwsSetup> = {
  'aws-cli': (sources) => importAwsCli(sources),
  cloudformation: (sources, options) => importCloudFormation(sources, { parameters: options.parameters ?? {} }),
  terraform: (sources) => importTerraform(sources),
};

/** AWS documents -> a checked scenario file text, with every note. Pure but for the catalogue. */
export function importSetup(kind: SetupImportKind, sources: readonly SourceText[], options: SetupImportOptions = {}): FinishedImport {
  const setup = importers[kind](sources, options);
  const target = options.target ?? '-';
  const imported = assembleScenario(setup, { name: options.name ?? 'imported', command: kind, sources: sources.map((s) => s.name) });
  return finishImport(imported, { catalog: options.catalog ?? loadCatalog(), baseDir: target === '-' ? process.cwd() : dirname(resolve(target)), target });
}

/**
 * Write text files, each to a temporary name first and renamed into place once all are written;
 * with `folder`, all go into that folder (check --out DIR). A path that cannot be written (a
 * folder, a path through a file, a device) is an OutputFolderError naming it, and nothing changes.
 * So is a path that is one of `inputs` (the files the command read): the rename would replace them.
 */
export function writeTextFilesAtomically(files: readonly { path: string; text: string }[], options: { folder?: string; inputs?: readonly string[] } = {}): string[] {
  for (const f of files) {
    const input = inputAt(f.path, options.inputs ?? []);
    if (input !== undefined) throw new OutputFolderError(outputIsInput(f.path, input));
  }
  return writeFilesAtomically(files.map((f) => ({ path: f.path, data: f.text })), { folder: options.folder });
}

/** run's wording (report/messages.ts outHoldsInput) for an output file that is an input. */
const outputIsInput = (path: string, input: string): string =>
  `output file "${path}" is ${path === input ? 'one of the files' : `"${input}", one of the files`} this command reads; writing it would replace that file, so choose another --out`;

/** The input (other than stdin, `-`) that `path` is: the same file (device and inode: links and `./` spellings included). */
function inputAt(path: string, inputs: readonly string[]): string | undefined {
  const target = fileKey(path);
  if (target === null) return undefined;
  return inputs.find((i) => i !== '-' && fileKey(i) === target);
}

/** Which file a path is, as device and inode (the same for every spelling and link of it); null when there is none. */
function fileKey(path: string): string | null {
  const st = statOrNull(path);
  return st === null ? null : `${st.dev}:${st.ino}`;
}

/**
 * Why `paths` (files an import or check reads) name one file twice, or null: read twice, its
 * compute environments, queues or jobs would come in twice, with only warnings for the names
 * given twice. The same file is the same device and inode (`./a.json`, `a.json` and a link to it);
 * `-` (stdin) can be read only once. A path that cannot be read is left to the reader to report.
 */
export function fileGivenTwice(paths: readonly string[]): string | null {
  const first = new Map<string, number>();
  for (let i = 0; i < paths.length; i++) {
    const key = paths[i] === '-' ? '-' : fileKey(paths[i]);
    if (key === null) continue;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, i);
      continue;
    }
    const where = `(arguments ${earlier + 1} and ${i + 1})`;
    if (key === '-') return `"-" (stdin) is given twice ${where}; stdin can be read only once`;
    const which = paths[earlier] === paths[i] ? `"${paths[i]}" is` : `"${paths[earlier]}" and "${paths[i]}" are the same file,`;
    return `${which} given twice ${where}; give each file once`;
  }
  return null;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null; // missing or unreadable: nothing there to replace, or the writer reports it
  }
}

export interface JobsImportCallOptions {
  /** Folder the files will be written to. */
  dir: string;
  /** Name stem: `<stem>.trace.csv`, `<stem>.yaml`, `<stem>.fit.json`. */
  stem: string;
  setup?: SourceText | null;
  fit?: boolean;
  catalog?: Catalog;
}

/** Job history -> the trace CSV, the scenario replaying it (given the setup) and fit outputs. Pure but for the catalogue. */
export function importJobs(sources: readonly SourceText[], options: JobsImportCallOptions): JobsImportResult {
  return importJobHistory(sources, { catalog: options.catalog ?? loadCatalog(), baseDir: resolve(options.dir), stem: options.stem, setup: options.setup ?? null, fit: options.fit === true });
}
