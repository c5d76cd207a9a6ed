// Files written through the writer thread (OutputFolder.stream) have the bytes, size and sha256 of
// the same bytes written in place (OutputFolder.open): for any sequence of chunks, buffer-sized
// or not, strings longer than a buffer, several files at once; a failing fill or a failing write
// leaves no descriptor open and reports the error.
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../src/records/bytes.js';
import { MANIFEST, OutputFolder, type Manifest } from '../../src/report/output.js';
import { CHUNK_BYTES, ThreadWriteError, writeOnThread, type ThreadedSink } from '../../src/report/writerThread.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'batchsim-writer-'));
const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
const identity = { batchsim: 'test', scenario: { name: 't', sha256: null }, seed: 1, warnings: [] };

/** Write `pieces` through a ByteWriter on the threaded sink, yielding after each flush as writeTableCsv does. */
async function fill(sink: ThreadedSink, pieces: readonly string[]): Promise<void> {
  const w = new ByteWriter(sink);
  let flushes = w.flushes;
  for (const p of pieces) {
    w.text(p);
    if (w.flushes !== flushes) {
      flushes = w.flushes;
      await sink.ready();
    }
  }
  w.end();
}

describe('the writer thread', () => {
  it('writes the bytes it is given, with the size and sha256 of writing them in place', async () => {
    // Pieces from a few bytes to more than a buffer (those go to the sink as copies, not swapped).
    const piece = fc.oneof(
      { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
      { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 2 * CHUNK_BYTES }), fc.constantFrom('x', 'é', '€', '😀')).map(([n, c]) => c.repeat(n)) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 30 }), async (pieces) => {
        const dir = join(tmp(), 'out');
        const folder = OutputFolder.open(dir);
        await folder.stream('threaded.csv', (sink) => fill(sink, pieces));
        folder.open('inPlace.csv', (sink) => sink.write(Buffer.from(pieces.join(''), 'utf8')));
        folder.commit(identity);
        const a = readFileSync(join(dir, 'threaded.csv'));
        expect(a.equals(readFileSync(join(dir, 'inPlace.csv')))).toBe(true);
        expect(a.toString('utf8')).toBe(pieces.join(''));
        const files = manifestOf(dir).files;
        expect(files.find((f) => f.name === 'threaded.csv')).toEqual({ name: 'threaded.csv', bytes: a.length, sha256: sha256(a) });
      }),
      { numRuns: 25 },
    );
  });

  it('files streamed at the same time each get their own bytes', async () => {
    const dir = join(tmp(), 'out');
    const folder = OutputFolder.open(dir);
    const text = (k: number) => Array.from({ length: 3000 }, (_, i) => `${k}:${i},`.repeat(500));
    await Promise.all([0, 1, 2].map((k) => folder.stream(`f${k}.csv`, (sink) => fill(sink, text(k)))));
    folder.commit(identity);
    for (const k of [0, 1, 2]) expect(readFileSync(join(dir, `f${k}.csv`), 'utf8')).toBe(text(k).join(''));
  });

  it('a fill that throws: the error comes back, the folder can be abandoned, and the next file is written', async () => {
    const root = tmp();
    const dir = join(root, 'out');
    const folder = OutputFolder.open(dir);
    await expect(
      folder.stream('bad.csv', async (sink) => {
        await fill(sink, ['x'.repeat(CHUNK_BYTES + 10)]);
        throw new Error('formatting failed');
      }),
    ).rejects.toThrow('formatting failed');
    await folder.stream('good.csv', (sink) => fill(sink, ['fine\n']));
    folder.abandon();
    expect(readdirSync(root)).toEqual([]);
  });

  it('a write that fails (a descriptor opened read-only) is reported with its code when the file ends', async () => {
    const path = join(tmp(), 'ro.csv');
    writeFileSync(path, '');
    const fd = openSync(path, 'r');
    try {
      const err = await writeOnThread(fd, (sink) => fill(sink, ['a'.repeat(100), 'b'.repeat(CHUNK_BYTES)])).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(ThreadWriteError);
      expect((err as ThreadWriteError).code).toBe('EBADF');
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(path, 'utf8')).toBe('');
  });
});
