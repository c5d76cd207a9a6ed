// Import readers given a file that is not text (an executable, a UTF-16 export) or text with control
// characters: one error note that says so, quoting no raw bytes, as the scenario loader does.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importAwsCli } from '../../../src/scenario/import/awsCli.js';
import { importCloudFormation } from '../../../src/scenario/import/cloudformation.js';
import { readAwsHistory } from '../../../src/scenario/import/jobs/history.js';
import { readNextflowTrace } from '../../../src/scenario/import/jobs/nextflow.js';
import { importTerraform } from '../../../src/scenario/import/terraform.js';
import type { ImportNote } from '../../../src/scenario/import/types.js';

/** The start of an ELF executable, as `readFileSync(path, 'utf8')` gives it. */
const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x03, 0x00, 0x3e, 0x00]).toString('utf8');
/** `{}` saved as UTF-16LE with a byte-order mark, read as UTF-8. */
const UTF16 = Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]).toString('utf8');
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

const only = (notes: readonly ImportNote[]): ImportNote => {
  const errors = notes.filter((n) => n.severity === 'error');
  expect(errors).toHaveLength(1);
  expect(errors[0].message).not.toMatch(RAW);
  return errors[0];
};

describe('import readers on a binary file', () => {
  const bin = { name: 'bin.json', text: ELF };
  it('say it is not a text file, naming the NUL, for each kind of document', () => {
    const binary = 'not a text file: it looks like a binary file (a NUL byte at offset 7)';
    expect(only(importAwsCli([bin]).notes).message).toBe(`${binary}; expected JSON`);
    expect(only(importTerraform([bin]).notes).message).toBe(`${binary}; expected JSON`);
    expect(only(importCloudFormation([bin], { parameters: {} }).notes).message).toBe(`${binary}; expected a YAML or JSON template`);
    expect(only(readAwsHistory(bin).notes).message).toBe(`${binary}; expected JSON (describe-jobs, list-jobs or EventBridge events)`);
    expect(only(readNextflowTrace(bin).notes).message).toBe(`${binary}; expected a Nextflow trace.txt`);
  });

  it('say a UTF-16 file is not UTF-8', () => {
    expect(only(importAwsCli([{ name: 'u16.json', text: UTF16 }]).notes).message).toBe('not UTF-8: it is UTF-16 text; save it as UTF-8');
  });

  it('escape control characters a JSON syntax error quotes', () => {
    const note = only(importAwsCli([{ name: 'esc.json', text: '{"a": \x1b[31m}' }]).notes);
    expect(note.message).toContain("unexpected token '\\x1b'");
  });
});

describe('batchsim import on a binary file', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-import-binary-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one printable error and exits 2', () => {
    const file = join(dir, 'bin.json');
    writeFileSync(file, Buffer.concat([Buffer.from(ELF, 'latin1'), Buffer.alloc(64, 0x01)]));
    for (const kind of ['aws-cli', 'cloudformation', 'terraform', 'jobs']) {
      const r = spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), 'import', kind, file], { cwd: root, encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).not.toMatch(RAW);
      expect(r.stderr).toContain('not a text file: it looks like a binary file (a NUL byte at offset 7)');
    }
  });
});
