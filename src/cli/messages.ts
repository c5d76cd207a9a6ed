// Every sentence the batchsim command prints itself (the library's messages come with its errors).
const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

export const badSeed = (value: string): string => `--seed: expected a whole number 0 or more, got "${value}"`;
export const problemsNothingRun = (file: string, n: number): string => `${file}: ${plural(n, 'problem')}; nothing was run or written`;
export const errorsCount = (file: string, n: number): string => `${file}: ${plural(n, 'error')}`;
export const valid = (file: string): string => `${file}: valid`;
export const flagIgnored = (flag: string, why: string): string => `${flag} changes nothing here: ${why}`;
export const moreIssues = (n: number): string => `… and ${n.toLocaleString('en-US')} more (\`batchsim validate --json\` lists them all)`;
export const outputsLine = (dir: string): string => `  outputs     ${dir}`;
export const leftOutOfManifest = (names: readonly string[]): string =>
  `note: ${names.join(', ')} ${names.length === 1 ? 'was' : 'were'} gone from the folder; the report does not need ${names.length === 1 ? 'it' : 'them'} (it is drawn from charts.json), and manifest.json no longer lists ${names.length === 1 ? 'it' : 'them'}`;
export const wroteReport = (n: number, dir: string, html: string): string => `wrote ${plural(n, 'file')} to ${dir} (open ${html})`;
export const interrupted = (signal: string, folders: readonly { dir: string; hadPrevious: boolean }[]): string => {
  const kept = folders.map((f) => (f.hadPrevious ? `${f.dir} keeps its previous complete outputs` : `nothing was written to ${f.dir}`));
  return `interrupted by ${signal}; removed the partial outputs; ${kept.length > 0 ? kept.join('; ') : 'nothing was written'}`;
};
export const internalError = (detail: string): string =>
  `internal error (this is a bug in batchsim; please report it with the scenario):\n${detail}`;
export const strictUnfinished = (unfinished: number, neverRan: number): string =>
  `--strict: ${plural(unfinished, 'job')} did not finish (${neverRan.toLocaleString('en-US')} never ran); exit 3`;
