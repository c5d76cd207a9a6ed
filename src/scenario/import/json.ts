// JSON text to a value, with the line of a syntax error; shared by the JSON importers. Pure.

import { binaryFile, utf16File } from '../messages.js';

export type JsonResult = { ok: true; value: unknown } | { ok: false; line: number; message: string };

/**
 * Why `text` is no text document, or null: a NUL, read as the scenario loader reads it (a binary
 * file, or UTF-16 with its byte-order mark decoded as UTF-8). The offset counts characters.
 */
export function notText(text: string, expected: string): string | null {
  const nul = text.indexOf('\0');
  if (nul < 0) return null;
  return text.startsWith('\uFFFD\uFFFD') ? `not UTF-8: ${utf16File()}` : `not a text file: ${binaryFile(nul)}; expected ${expected}`;
}

/** Control characters as escapes (\x7f), so a message quoting a file never prints raw bytes. */
export function printable(s: string): string {
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function parseJsonText(text: string): JsonResult {
  const binary = notText(text, 'JSON');
  if (binary !== null) return { ok: false, line: lineAt(text, text.indexOf('\0')), message: binary };
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /at position (\d+)/.exec(message);
    const lineCol = /\(line (\d+) column \d+\)/.exec(message);
    // Without a position (V8 names none for a bad first token), the first non-blank character is the culprit.
    const first = text.search(/\S/);
    const line = lineCol ? Number(lineCol[1]) : position ? lineAt(text, Number(position[1])) : first >= 0 ? lineAt(text, first) : 1;
    return { ok: false, line, message: `not valid JSON: ${printable(message).replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected/, 'unexpected')}` };
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
