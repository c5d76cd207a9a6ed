// Reading a scenario file: .json is JSON, files that cannot be scenarios are refused in one short
// issue, and the sha256 of the bytes is kept for manifest.json.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duplicateKeys, loadScenarioFile } from '../../src/scenario/load.js';

const dir = mkdtempSync(join(tmpdir(), 'batchsim-load-'));
function messages(name: string, contents: string | Buffer): string[] {
  const path = join(dir, name);
  writeFileSync(path, contents);
  const loaded = loadScenarioFile(path);
  return loaded.ok ? [] : loaded.issues.map((i) => i.message);
}

describe('loadScenarioFile', () => {
  it('parses .json as JSON, with line and column, and still catches duplicate keys', () => {
    expect(messages('a.json', '{\n  "name": "x",\n}')).toEqual(['syntax error at line 3, column 1: Expected double-quoted property name']);
    expect(messages('b.json', '{"name": "x" // c\n}')).toEqual(["syntax error at line 1, column 14: Expected ',' or '}' after property value"]);
    expect(messages('c.json', '')).toEqual(['syntax error at line 1, column 1: Unexpected end of JSON input']);
    expect(messages('d.json', '{"name": "x",\n "name": "y"}')).toEqual(['syntax error at line 2, column 2: Map keys must be unique']);
    // The same trailing comma is fine YAML: only the extension decides.
    expect(messages('a.yaml', '{\n  "name": "x",\n}')).toEqual([]);
  });

  it('finds repeated keys in JSON per object, at the repeated key, without the YAML parser', () => {
    // Line 3 is `  "a": 2,`: the repeated key's quote is at column 3.
    expect(duplicateKeys('{\n  "a": 1,\n  "a": 2\n}')).toEqual([{ line: 3, col: 3 }]);
    // The same key in sibling objects, a key equal to a value, and keys inside strings are not repeats.
    expect(duplicateKeys('[{"a": "a"}, {"a": 1, "b": {"a": 2}}, "{\\"a\\": 1, \\"a\\": 2}"]')).toEqual([]);
    // "\u0061" is the key "a" once decoded, as JSON.parse and YAML read it; the nested repeat is found too
    // (columns 10 and 38, the ones the YAML parser gives for the same text).
    expect(duplicateKeys('{"a": 1, "\\u0061": 2, "x": {"b": [], "b": {}}}')).toEqual([{ line: 1, col: 10 }, { line: 1, col: 38 }]);
  });

  it('reads a file with another extension as JSON if it is JSON, else as YAML', () => {
    expect(messages('s.scenario', '{"name": "x",\n "name": "y"}')).toEqual(['syntax error at line 2, column 2: Map keys must be unique']);
    expect(messages('t.scenario', 'name: x\nseed: 1\n')).toEqual([]);
    // Not JSON (a trailing comma), so read as the YAML it is.
    expect(messages('u.scenario', '{\n  "name": "x",\n}')).toEqual([]);
    expect(messages('v.scenario', 'name: [x\n')[0]).toMatch(/^syntax error at line 2, column 1: /);
  });

  it('refuses binary, UTF-16 and non-UTF-8 files in one issue; a UTF-8 BOM is fine', () => {
    const end = ' is not a scenario';
    expect(messages('bin.yaml', Buffer.from([0x47, 0x49, 0x46, 0x00, 0x01]))).toEqual([`"${join(dir, 'bin.yaml')}"${end}: it looks like a binary file (a NUL byte at offset 3); a scenario is a YAML or JSON text file`]);
    expect(messages('le.yaml', Buffer.from('\ufeffname: x', 'utf16le'))).toEqual([`"${join(dir, 'le.yaml')}"${end}: it is UTF-16 text; save it as UTF-8; a scenario is a YAML or JSON text file`]);
    expect(messages('be.yaml', Buffer.from([0xfe, 0xff, 0x00, 0x6e]))).toEqual([`"${join(dir, 'be.yaml')}"${end}: it is UTF-16 text; save it as UTF-8; a scenario is a YAML or JSON text file`]);
    expect(messages('latin1.yaml', Buffer.from('name: caf\xe9\n', 'latin1'))).toEqual([`"${join(dir, 'latin1.yaml')}"${end}: it is not UTF-8 text; a scenario is a YAML or JSON text file`]);
    expect(messages('bom.yaml', '\ufeffname: x\n')).toEqual([]);
  });

  it('quotes at most 80 characters of a document that is not a mapping', () => {
    const [message] = messages('rows.yaml', `${'x'.repeat(100_000)}\n`);
    expect(message).toBe(`a scenario must be a mapping of sections (computeEnvironments, jobQueues, …) at the top level, got "${'x'.repeat(80)}…"`);
  });

  it('keeps the sha256 of the file bytes', () => {
    const loaded = loadScenarioFile('scenarios/contract-basic.yaml');
    expect(loaded.ok && loaded.sha256).toBe(createHash('sha256').update(readFileSync('scenarios/contract-basic.yaml')).digest('hex'));
  });
});
