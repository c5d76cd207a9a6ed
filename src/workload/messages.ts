// Every sentence the trace readers (traces/) report about a file, so the wording lives in one place.
// The scenario layer prefixes each with file:line (scenario/messages.ts traceError).

const quote = (text: string): string => JSON.stringify(text);
/** Why a trace time longer than the span 1970–2199 is refused (END_OF_TIME_MS). */
const timePastEnd = 'longer than any run can last (a run ends before 2200-01-01)';

// CSV
export const noHeaderRow = (): string => 'no header row';
export const csvFieldCount = (header: number, got: number): string => `${got} field${got === 1 ? '' : 's'}, where the header row has ${header}`;
export const csvQuoteNotClosed = (): string => 'a quoted field opened on this line is never closed (a quote inside a quoted field is written twice: "")';
export const csvAfterClosingQuote = (): string => 'a quoted field goes on after its closing quote (a quote inside a quoted field is written twice: "")';
export const csvQuoteInField = (): string => 'a quote inside a field that does not start with one (quote the whole field and write the quote twice: "")';
export const noColumnFor = (column: string, field: string, header: readonly string[]): string =>
  `no column "${column}" for ${field} (columns: ${header.join(', ')})`;
export const badCell = (column: string | undefined, cell: string, what: string): string =>
  `column "${column}": ${quote(cell)} is not ${what}`;
/** What `badCell` says a cell should be, by field. */
export const CELL = {
  submitTime: 'a time (seconds, a duration like 90s, or an ISO instant with a zone)',
  runtime: 'a duration (seconds or a string like 90s, 45m, 01:30:00)',
  vcpus: 'a positive number',
  memory: 'a size (MiB, or a string like 16 GiB)',
  requestedTime: 'a duration',
} as const;
export const csvTimePastEnd = (column: string | undefined, cell: string): string => `column "${column}": ${quote(cell)} is ${timePastEnd}`;
export const mixedSubmitTimes = (column: string | undefined): string => `column "${column}" mixes ISO instants and seconds`;

// describe-jobs / list-jobs JSON
export const notJson = (detail: string): string => `not valid JSON: ${detail}`;
export const notJobList = (): string =>
  'expected describe-jobs output {"jobs": [...]}, list-jobs output {"jobSummaryList": [...]} or a list of jobs';
export const notJobObject = (at: string): string => `${at}: expected a job object`;
export const notEpochMs = (at: string, field: string, got: unknown): string =>
  `${at}.${field}: expected epoch milliseconds, got ${JSON.stringify(got)}`;

// SWF
export const swfFieldCount = (got: number): string => `expected 18 whitespace-separated SWF fields, got ${got}`;
export const swfNotNumber = (index: number, name: string, got: string): string =>
  `field ${index + 1} (${name}) is not a number: ${quote(got)}`;
export const swfNegativeTime = (index: number, name: string, got: number): string =>
  `field ${index + 1} (${name}) is ${got}: a time is at least 0, or -1 for unknown`;
export const swfNegativeValue = (index: number, name: string, got: number): string =>
  `field ${index + 1} (${name}) is ${got}: a value is at least 0, or -1 for unknown`;
export const swfProcessorsNotWhole = (index: number, name: string, got: number): string =>
  `field ${index + 1} (${name}) is ${got}: a processor count is a whole number (of at most 2^53 − 1), as vCPUs on EC2 are`;
export const swfTimePastEnd = (index: number, name: string, seconds: number): string =>
  `field ${index + 1} (${name}) is ${seconds} s, ${timePastEnd}`;

// Spot availability traces (traces/spotAvailability.ts)
export const spotTraceOneRate = (): string =>
  'needs exactly one of the columns reclaimsPerHour or interruptionProbability';
export const SPOT_CELL = {
  time: 'a time (seconds since time 0, a duration like 90s, or an ISO instant with a zone)',
  instanceType: 'an instance type (or FARGATE_SPOT)',
  reclaimsPerHour: 'a rate ≥ 0 (reclaims per instance-hour)',
  interruptionProbability: 'a probability from 0 to 1',
  interval: 'a duration > 0',
} as const;
export const spotTraceBeforeStart = (cell: string): string => `instant ${JSON.stringify(cell)} is before the scenario's startAt`;
export const spotTraceNotAscending = (instanceType: string, at: string): string =>
  `${instanceType}: time ${at} is not after the previous row's for this type (rows of a type must be in time order)`;
export const spotTraceNoInterval = (instanceType: string): string =>
  `${instanceType}: one row with interruptionProbability and no interval column: the probability needs an interval`;
export const spotTraceSeveralZones = (instanceType: string, zones: readonly string[]): string =>
  `${instanceType}: rows for several availability zones (${zones.join(', ')}); set availabilityZone to replay one`;
export const spotTraceNoRows = (): string => 'no rows for this region (or zone)';
