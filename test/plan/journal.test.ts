// runs.jsonl as read back: every record a run of this plan, once, with finite numbers or null as
// figures; only a cut-short last line (an append a kill interrupted) is left out, to run again.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_SHARDS as CLI_MAX_SHARDS } from '../../src/cli/planning.js';
import { MAX_SHARDS, readJournal } from '../../src/plan/journal.js';

const HEADER = JSON.stringify({ batchsim: '0.1.0', plan: 'p', runs: 4, figures: ['costUsd.total', 'makespanSeconds'], shard: { index: 0, count: 2 } });

function journal(...records: string[]): ReturnType<typeof readJournal> {
  const path = join(mkdtempSync(join(tmpdir(), 'batchsim-journal-')), 'runs.jsonl');
  writeFileSync(path, [HEADER, ...records].join('\n'));
  return readJournal(path);
}

describe('readJournal', () => {
  it('takes null figures, and leaves out a cut-short last line only', () => {
    const read = journal('{"run":0,"figures":[1.5,null]}', '{"run":2,"figures":[2,3', '');
    expect(read?.ok && [...read.outcomes.values()]).toEqual([{ run: 0, figures: [1.5, null] }]);
    expect(read?.ok && read.lines.get(0)).toBe(2);
    const middle = journal('{"run":2,"figures":[2,3', '{"run":0,"figures":[1.5,null]}');
    expect(middle?.ok === false && middle.message).toMatch(/runs\.jsonl:2: not a run record$/);
  });

  it.each([
    ['a string', '{"run":0,"figures":[-5,"abc"]}', ':2: figure 2 (makespanSeconds) is not a finite number or null'],
    ['an infinite number', '{"run":0,"figures":[1e999,1]}', ':2: figure 1 (costUsd.total) is not a finite number or null'],
  ])('refuses %s as a figure', (_, record, message) => {
    const read = journal(record);
    expect(read?.ok === false && read.message.endsWith(message)).toBe(true);
  });

  it('refuses a run recorded twice, and a shard that is not a slice K/N', () => {
    const twice = journal('{"run":0,"figures":[1,2]}', '{"run":2,"figures":[1,2]}', '{"run":0,"figures":[1,3]}');
    expect(twice?.ok === false && twice.message).toMatch(/runs\.jsonl:4: run 0 is recorded twice \(also on line 2\)$/);
    const path = join(mkdtempSync(join(tmpdir(), 'batchsim-journal-')), 'runs.jsonl');
    for (const [shard, message] of [
      [{ index: 0, count: 1e20 }, 'shard: the count must be a whole number from 1 to 100000'],
      [{ index: 2, count: 2 }, 'shard: the index must be a whole number from 0 to 1'],
    ] as const) {
      writeFileSync(path, JSON.stringify({ ...JSON.parse(HEADER), shard }) + '\n');
      expect(readJournal(path)).toEqual({ ok: false, message: `${path}:1: ${message}` });
    }
  });

  it('bounds slices as --shard and --shards do', () => {
    expect(MAX_SHARDS).toBe(CLI_MAX_SHARDS);
  });
});
