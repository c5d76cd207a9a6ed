// What every importer returns: the AWS objects it found (in the API's own field names), each with
// where it came from, plus notes on what it skipped, defaulted or could not resolve. Pure data.

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export type NoteSeverity = 'error' | 'warning' | 'note';

/** One thing an importer wants the user to know. `at` is a dotted path or `line N` inside `source`. */
export interface ImportNote {
  severity: NoteSeverity;
  source: string;
  at: string;
  message: string;
}

/** An AWS object in the Batch API's shape and where it was read. */
export interface Found {
  value: Obj;
  /** "file.yaml: Resources.SpotComputeEnv" */
  origin: string;
}

/** The AWS Batch setup an importer read from one or more documents. */
export interface AwsSetup {
  computeEnvironments: Found[];
  jobQueues: Found[];
  jobDefinitions: Found[];
  schedulingPolicies: Found[];
  /** Service Quotas by quota code (list-service-quotas output). */
  serviceQuotas: Record<string, number>;
  /** assumptions.region, when a document says (an ARN, AWS::Region). */
  region: string | null;
  notes: ImportNote[];
}

export function emptySetup(): AwsSetup {
  return { computeEnvironments: [], jobQueues: [], jobDefinitions: [], schedulingPolicies: [], serviceQuotas: {}, region: null, notes: [] };
}

/** A document an importer reads: its name (a path, or "-" for stdin) and its text. */
export interface SourceText {
  name: string;
  text: string;
}

export const noteText = (n: ImportNote): string => `${n.source}${n.at === '' ? '' : `: ${n.at}`}: ${n.message}`;
export const hasImportErrors = (notes: readonly ImportNote[]): boolean => notes.some((n) => n.severity === 'error');
