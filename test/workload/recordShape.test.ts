// Trace records share one V8 shape however their values grow (workload/traces/common.ts,
// RECORD_SHAPE): a log whose submit times pass 2^31 ms (24.8 days) would otherwise retire the shape
// of its earlier records, and every later pass over them would migrate each one. V8's own %HaveSameMap
// tells, in a node of its own started with --allow-natives-syntax, reading the built readers (dist/).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const SCRIPT = `
const { parseSwf, parseCsvTrace } = await import(${JSON.stringify(join(ROOT, 'dist/workload/traces/parse.js'))});
const days = [0, 1, 10, 20, 30, 60, 365, 1000];
const swf = days.map((d, i) => [i + 1, d * 86400, 0, 60, 4, -1, -1, 4, i % 2 ? 120 : -1, i % 3 ? 1024 : -1, 1, 7, 1, -1, 1, -1, -1, -1].join(' ')).join('\\n');
const csv = ['submitTime,runtime,vcpus,memory,queue', ...days.map((d, i) => [d * 86400 + 0.5, 60, i % 2 ? 2 : '', i % 3 ? 1024 : '', i % 2 ? 'q' : ''].join(','))].join('\\n');
const out = {};
for (const [name, result] of [['swf', parseSwf(swf)], ['csv', parseCsvTrace(csv)]]) {
  const jobs = result.trace.jobs;
  out[name] = { records: jobs.length, lastSubmitMs: jobs.at(-1).submitMs, oneShape: jobs.every((j) => %HaveSameMap(j, jobs[0])) };
}
console.log(JSON.stringify(out));
`;

describe('trace records', () => {
  it('keep one shape from the first record to the last, past 2^31 ms of submit time', () => {
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', SCRIPT], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      swf: { records: 8, lastSubmitMs: 1000 * 86_400_000, oneShape: true },
      csv: { records: 8, lastSubmitMs: 1000 * 86_400_000, oneShape: true },
    });
  });
});
