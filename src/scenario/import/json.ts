// JSON text to a value, with the line of a syntax error; shared by the JSON importers. Pure.

export type JsonResult = { ok: true; value: unknown } | { ok: false; line: number; message: string };

export function parseJsonText(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /at position (\d+)/.exec(message);
    const lineCol = /\(line (\d+) column \d+\)/.exec(message);
    // Without a position (V8 names none for a bad first token), the first non-blank character is the culprit.
    const first = text.search(/\S/);
    const line = lineCol ? Number(lineCol[1]) : position ? lineAt(text, Number(position[1])) : first >= 0 ? lineAt(text, first) : 1;
    return { ok: false, line, message: `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected/, 'unexpected')}` };
  }
}

export function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** "arn:aws:batch:…:compute-environment/name" -> "name"; anything else as is. */
export function nameFromArn(value: string): string {
  return value.startsWith('arn:') ? value.slice(value.lastIndexOf('/') + 1) : value;
}

/** The region of an ARN (`arn:aws:batch:us-east-1:…`), or null. */
export function regionOfArn(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^arn:[a-z-]+:[a-z0-9-]+:([a-z]{2}(?:-[a-z]+)+-\d):/.exec(value);
  return m ? m[1] : null;
}
