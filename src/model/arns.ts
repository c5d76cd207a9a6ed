// AWS Batch names as SubmitJob accepts them: a name, or an ARN ending in the name; a job definition
// also as `name:3` or `arn:aws:batch:REGION:ACCOUNT:job-definition/name:3`. Pure; the scenario's
// reader and importers use it for pasted describe-* output, Step Functions Tasks at run time.

/** "arn:aws:batch:<region>:<account>:<kind>/NAME" -> NAME; a plain name as is. */
export function nameFromArn(value: string, kind: string): string {
  const match = new RegExp(`^arn:aws[a-z-]*:batch:[^:]*:[^:]*:${kind}/(.+)$`).exec(value);
  return match ? match[1] : value;
}

export interface ParsedRef {
  name: string;
  revision: number | null;
  /** From an ARN, else null. */
  region: string | null;
  account: string | null;
}

const NAME = /^[A-Za-z0-9_-]{1,128}$/;
const ARN = /^arn:[a-z-]+:batch:([a-z0-9-]*):(\d*|<[^>]*>):job-definition\/([^:/]+)(?::(\d+))?$/;

/** The parts of a reference, or an error message when it is none of the three forms. */
export function parseJobDefinitionRef(ref: string): ParsedRef | { error: string } {
  if (ref.startsWith('arn:')) {
    const m = ARN.exec(ref);
    if (!m || !NAME.test(m[3])) return { error: `"${ref}" is not a job-definition ARN (arn:aws:batch:REGION:ACCOUNT:job-definition/NAME[:REVISION])` };
    return { name: m[3], revision: m[4] === undefined ? null : Number(m[4]), region: m[1] || null, account: m[2] || null };
  }
  const m = /^([^:]+)(?::(\d+))?$/.exec(ref);
  if (!m || !NAME.test(m[1])) return { error: `"${ref}" is not a job-definition name (letters, digits, - and _, up to 128), name:revision or ARN` };
  return { name: m[1], revision: m[2] === undefined ? null : Number(m[2]), region: null, account: null };
}
