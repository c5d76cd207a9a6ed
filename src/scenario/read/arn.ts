// AWS Batch ARNs where the scenario expects a name (pasted describe-* output holds ARNs).

/** "arn:aws:batch:<region>:<account>:<kind>/NAME" -> NAME; a plain name as is. */
export function nameFromArn(value: string, kind: string): string {
  const match = new RegExp(`^arn:aws[a-z-]*:batch:[^:]*:[^:]*:${kind}/(.+)$`).exec(value);
  return match ? match[1] : value;
}
