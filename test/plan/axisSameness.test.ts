// Axis values that mean the same once the scenario is read are refused before anything runs
// (plan/setup.ts AxisSameness), also when they differ only in a replayed trace's records, which the
// comparison hashes only when an axis reaches into `workload`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareSweep } from '../../src/plan/setup.js';

const BASE = `name: replay
assumptions: { schedulerCycle: 0s, submitToRunnable: 0s, containerStart: 0s }
computeEnvironments:
  - computeEnvironmentName: pool
    type: UNMANAGED
    simulation: { instances: [ { instanceType: c5.large, count: 1 } ] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [ { order: 1, computeEnvironment: pool } ] }
jobDefinitions:
  - jobDefinitionName: job
    containerProperties: { resourceRequirements: [ { type: VCPU, value: "1" }, { type: MEMORY, value: "1024" } ] }
    simulation: { runtime: 1s }
workload:
  - name: log
    arrivals: { trace: { file: a.csv, format: csv, columns: { submitTime: s, runtime: r } } }
    jobs: [ { jobName: job, jobQueue: q, jobDefinition: job } ]
`;

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-same-'));
  writeFileSync(join(dir, 'base.yaml'), BASE);
  // Three run-time columns: r2 the same as r, r3 not.
  writeFileSync(join(dir, 'a.csv'), 's,r,r2,r3\n0,10,10,10\n5,20,20,30\n');
  return dir;
}

async function issuesOf(dir: string, axes: string): Promise<string[]> {
  writeFileSync(join(dir, 'plan.yaml'), `base: base.yaml\nfigures: [makespanSeconds]\naxes:\n${axes}`);
  const r = await prepareSweep(join(dir, 'plan.yaml'));
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('axis values that read the same', () => {
  it("tells a trace's columns apart by the records they give when the axis varies them", async () => {
    const dir = folder();
    const path = '  - path: workload[name=log].arrivals.trace.columns.runtime\n';
    expect(await issuesOf(dir, `${path}    values: [r, r3]\n`)).toEqual([]);
    const same = await issuesOf(dir, `${path}    values: [r, r3, r2]\n`);
    expect(same).toHaveLength(1);
    expect(same[0]).toMatch(/axes\[0\]\.values\[2\]: "r2" means the same as "r" once the scenario is read, listed earlier at axes\[0\]\.values\[0\]; list each value once$/);
  });

  it('over a trace, an axis outside workload compares the rest of the scenario', async () => {
    const dir = folder();
    const path = '  - path: assumptions.containerStart\n';
    expect(await issuesOf(dir, `${path}    values: [0s, 10s]\n`)).toEqual([]);
    expect((await issuesOf(dir, `${path}    values: [0s, 10s, 0]\n`)).join('\n')).toMatch(/axes\[0\]\.values\[2\]: "0" means the same as "0s" once the scenario is read/);
  });
});
