// Importing a user's AWS setup and job history (issue: import): the scenario/import/ readers, made
// into checked scenario files with the catalogue, and the files written. What the CLI's import
// commands call, through src/index.ts.
import { dirname, resolve } from 'node:path';
import { loadCatalog } from '../data/load.js';
import type { Catalog } from '../model/catalog.js';
import { writeFilesAtomically } from '../report/output.js';
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
 */
export function writeTextFilesAtomically(files: readonly { path: string; text: string }[], options: { folder?: string } = {}): string[] {
  return writeFilesAtomically(files.map((f) => ({ path: f.path, data: f.text })), options);
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
