// Scenarios past the run's limits on the built CLI (npm run build first): `run` refuses them before
// simulating, exit 2, naming the field or file:line, with no output folder and no internal error.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { batchsim } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const BASE = `computeEnvironments:
  - computeEnvironmentName: fixed
    type: UNMANAGED
    simulation:
      instances:
        - { instanceType: c5.4xlarge, count: COUNT }
jobQueues:
  - { jobQueueName: main, priority: 1, computeEnvironmentOrder: [{ order: 1, computeEnvironment: fixed }] }
jobDefinitions:
  - jobDefinitionName: work
    containerProperties:
      resourceRequirements: [{ type: VCPU, value: "1" }, { type: MEMORY, value: "1024" }]
    simulation: { runtime: RUNTIME }
workload:
  - name: stream
    arrivals: ARRIVALS
    jobs: [{ jobName: work, jobQueue: main, jobDefinition: work }]
`;

/** `run` of the base scenario with the replacements, and files beside it: its exit code and stderr, and whether --out was made. */
function run(replace: Record<string, string>, files: Record<string, string> = {}): { code: number | null; stderr: string; out: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-run-limits-'));
  dirs.push(dir);
  const text = Object.entries({ COUNT: '1', RUNTIME: '10m', ARRIVALS: '{ every: 1m, count: 20 }', ...replace }).reduce((t, [k, v]) => t.replace(k, v), BASE);
  writeFileSync(join(dir, 's.yaml'), text);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const r = batchsim(['run', 's.yaml', '--out', 'out'], dir);
  return { code: r.code, stderr: r.stderr, out: existsSync(join(dir, 'out')) };
}

describe('run refuses, before simulating, what would end past 2199 or hold too many instances', () => {
  it.each([
    ['runtime: 1e13', { RUNTIME: '1e13' }, {}, 'jobDefinitions[0].simulation.runtime: 316880.9 years after startAt'],
    ['at: [9e12]', { ARRIVALS: '{ at: [9e12] }' }, {}, 'workload[0].arrivals.at: 285192.8 years after startAt'],
    ['an SWF run time of 1e15 s', { ARRIVALS: '{ trace: { file: t.swf, format: swf } }' }, { 't.swf': '1 0 5 1e15 4 -1 -1 4 200 -1 1 1 1 1 1 1 -1 -1\n' }, 't.swf:1: field 4 (run time) is 1000000000000000 s'],
    ['a CSV runtime of 3e15 s', { ARRIVALS: '{ trace: { file: t.csv, format: csv } }' }, { 't.csv': 'submitTime,runtime,vcpus,memory\n0,3000000000000000,1,1024\n' }, 't.csv:2: column "runtime"'],
    ['count: 1e9 instances', { COUNT: '1e9' }, {}, 'computeEnvironments[0].simulation.instances[0].count: this scenario makes about 1,000,000,000 instances'],
  ])('%s', (_, replace, files, expected) => {
    const r = run(replace, files);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(expected);
    expect(r.stderr).not.toMatch(/internal error|RangeError|\n\s+at /);
    expect(r.out).toBe(false);
  });

  it('the same base runs', () => {
    const r = run({});
    expect(r.code).toBe(0);
    expect(r.out).toBe(true);
  });
});

