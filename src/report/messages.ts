// Every user-facing sentence of the report layer (output folders, manifests, reading a run back),
// so the wording lives in one place.

/** An errno code in words, with the code kept for searching. */
export function ioReason(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  const words: Record<string, string> = {
    EEXIST: 'a file of that name exists',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'it is a folder',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EIO: 'input/output error',
    ENOENT: 'no such file or folder',
    EXDEV: 'not on the same file system',
    EBUSY: 'it is in use (a mount point?)',
    EINVAL: 'invalid path',
    ENAMETOOLONG: 'the name is too long',
    EMFILE: 'too many open files',
  };
  if (typeof code === 'string') return `${words[code] ?? 'failed'} (${code})`;
  return e instanceof Error ? e.message : String(e);
}

export const emptyOutPath = (): string => 'the output folder is an empty path; give a folder name';
export const outNotFolder = (dir: string): string => `output folder "${dir}" is a file, not a folder; choose another --out`;
const replacedWhole = 'batchsim replaces its output folder whole';
export const outNotOurs = (dir: string): string =>
  `output folder "${dir}" holds files but is not a batchsim output folder (no manifest.json or summary.json); ${replacedWhole}, so choose an empty or new folder`;
export const outHoldsCwd = (dir: string): string =>
  `output folder "${dir}" is or holds the current folder; ${replacedWhole}, so choose a folder inside it`;
export const emptyFilePath = (): string => 'the output file is an empty path; give a file name';
export const fileNameIsFolder = (path: string): string => `"${path}" ends in a path separator, so it names a folder; give a file name`;
export const notRegularFile = (path: string): string =>
  `cannot write "${path}": it is not a regular file (a device, a pipe or a socket), and batchsim replaces its output files whole; give a file name`;
export const outHoldsInput = (dir: string, input: string): string =>
  `output folder "${dir}" holds "${input}", which this run reads; ${replacedWhole}, so choose another --out or move the file out`;
export const cannotCreate = (path: string, e: unknown): string => `cannot create "${path}": ${ioReason(e)}`;
export const cannotWrite = (path: string, e: unknown): string => `cannot write "${path}": ${ioReason(e)}`;
export const cannotRead = (path: string, e: unknown): string => `cannot read "${path}": ${ioReason(e)}`;
export const cannotReplace = (dir: string, e: unknown): string => `cannot replace the output folder "${dir}": ${ioReason(e)}`;

export const notJson = (path: string, detail: string): string => `"${path}" is not valid JSON: ${detail}`;
export const notSummaryObject = (path: string): string => `"${path}" is not a batchsim summary: its JSON is not an object`;
export const badChartsJson = (path: string, where: string, what: string): string =>
  `"${path}" is not a batchsim charts file: ${where}: ${what}; delete it to chart the folder from its records`;
export const notReplications = (path: string, problem: string): string => `"${path}" is not the replications.json of \`run --replications\`: ${problem}`;
export const notManifest = (path: string): string => `"${path}" is not a batchsim manifest (no "files" list)`;
export const badManifestEntry = (path: string, k: number): string =>
  `"${path}" is not a batchsim manifest: files[${k}] is not a file of the folder with its name, bytes and sha256`;
export const manifestMismatch = (dir: string, problems: readonly string[]): string =>
  `the files of "${dir}" do not match its manifest.json, so they may come from different runs: ${problems.join('; ')}; ` +
  'run `batchsim run` into the folder again';
export const fileChanged = (name: string): string => `${name} changed (size or sha256 differs)`;
export const fileMissing = (name: string): string => `${name} is missing`;
export const fileForeign = (name: string): string => `${name} is not in the manifest`;
export const notRunFile = (dir: string, name: string): string =>
  `"${dir}" holds ${name}, which is not a file of a run; it is rebuilt whole, so move ${name} out first`;
export const missingInputs = (dir: string, missing: readonly string[]): string =>
  `"${dir}" lacks ${missing.join(', ')}; run \`batchsim run SCENARIO --out ${dir}\` (with --outputs all or records) first`;
export const noSuchFolder = (dir: string): string => `no such folder "${dir}"; give the output folder of a \`batchsim run\``;
export const reportOfFile = (dir: string): string => `"${dir}" is a file, not an output folder; give the output folder of a \`batchsim run\``;
export const sweepFolder = (dir: string): string =>
  `"${dir}" is a sweep or plan output folder (it holds runs.jsonl), not a run's: sweep, plan and merge write its report.html`;
export const compareFolder = (dir: string): string => `"${dir}" is a compare output folder (it holds compare.json), not a run's: compare writes its charts`;
export const notChartsJson = (path: string, format: string): string => `"${path}" is not a batchsim charts file (format "${format}"); delete it to chart the folder from its records`;
export const noHeader = (path: string): string => `"${path}": empty file (no header row)`;
export const badCsv = (path: string, detail: string): string => `"${path}" is not a valid CSV file: ${detail}`;
export const noColumn = (path: string, column: string): string => `"${path}": no column "${column}"`;
export const rowLength = (path: string, line: number, fields: number, header: number): string =>
  `"${path}":${line}: ${fields} fields where the header has ${header}; the file is cut short or was edited`;
export const cutShort = (path: string): string => `"${path}" is cut short (its last line has no newline); run \`batchsim run\` into the folder again`;
export const badRecordCell = (path: string, line: number, column: string, cell: string): string =>
  `"${path}" line ${line}: ${column} ${JSON.stringify(cell)} is not what batchsim writes there; the file was edited`;
export const rowCount = (path: string, rows: number, expected: number): string =>
  `"${path}" has ${rows} rows where summary.json counts ${expected}; the file is cut short or was edited`;
export const noManifest = (dir: string): string =>
  `"${dir}" has charts.json but no manifest.json, so its files cannot be checked to come from one run; run \`batchsim run\` into the folder again`;

// report.html's summary table.
export const rowSeed = 'seed';
export const rowSimulated = 'simulated time';
export const rowCutOff = 'cut off by until';
export const cutOffYes = 'yes: the clock stopped at `until` with work left';
export const cutOffNo = 'no: all work finished';
export const cutOffNoStuck = (unfinished: string): string => `no: the run ended by itself, but ${unfinished} ${unfinished === '1' ? 'job' : 'jobs'} could never run (see why below)`;
export const rowMakespan = 'makespan';
export const rowClock = 'clock (UTC)';
export const clockLine = (start: string, first: string, last: string): string => `start ${start} · first submission ${first} · last job end ${last}`;
export const rowDrained = (queue: string): string => `${queue} drained`;
export const notDrained = (unfinished: string): string => `not drained: ${unfinished} unfinished`;
export const noJobs = 'no jobs';
export const rowJobs = 'jobs';
export const jobCounts = (submitted: string, succeeded: string, failed: string, unfinished: string, attempts: string): string =>
  `${submitted} submitted · ${succeeded} succeeded · ${failed} failed · ${unfinished} unfinished (${attempts} attempts)`;
export const rowNeverRan = 'never ran, and why';
export const rowQueueWait = 'queue wait';
export const rowTurnaround = 'turnaround';
export const rowUtilisation = 'vCPU utilisation';
export const rowCost = 'cost';
export const rowData = 'data';
export const rowCeCost = (name: string): string => `cost of ${name}`;
export const rowCostByQueue = 'cost by job queue';
export const rowCostByDefinition = 'cost by job definition';
export const rowCostPerJob = 'cost per succeeded job';
export const unattributed = 'unattributed';
export const ceLine = (cost: string, option: string, instances: string, peak: string, vcpuHours: string, busy: string): string =>
  `${cost} (${option}): ${instances} launched, peak ${peak} vCPUs, ${vcpuHours} vCPU-h at ${busy} busy`;
export const rowSpot = 'spot interruptions';
export const spotLine = (interruptions: string, attempts: string, vcpuHours: string, cost: string): string =>
  `${interruptions} interruptions, ${attempts} attempts lost, ${vcpuHours} vCPU-h of work lost (${cost})`;
export const rowSpotRisk = (name: string): string => `spot risk of ${name}`;
export const rowWarnings = 'warnings';
export const noWarnings = 'none';
export const warningsTitle = 'Warnings of the scenario';
export const everyFigure = 'every figure in summary.json';
export const replicationsTitle = (across: string): string => `${across}; mean ± half-width of the 95% interval, or [low, high] where it is cut at the figure's range)`;
export const everyReplicatedFigure = 'every figure over the replications';

// Progress lines on a terminal.
export const phaseTook = (phase: string, took: string, next: string): string => `${phase} took ${took}; ${next}…`;
export const doneIn = (took: string): string => `done in ${took}`;
export const timeLeft = (left: string): string => `about ${left} left`;
