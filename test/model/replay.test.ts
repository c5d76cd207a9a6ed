// Trace replay against the trace's own figures: the work replayed is the work logged, a strict-FIFO
// head is never passed, and on the whole KTH-SP2 log the utilisation matches the log's.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario, simulate, summarize } from '../../src/index.js';
import * as b from '../helpers/build.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const kthFixture = join(root, 'test/fixtures/traces/kth-sp2-200.swf');
const kthFull = join(root, '../shared/data/raw/traces/swf/KTH-SP2-1996-2.1-cln.swf.gz');

function scenarioFor(trace: string, discipline: string) {
  const dir = mkdtempSync(join(tmpdir(), 'batchsim-replay-'));
  const file = join(dir, 'replay.yaml');
  writeFileSync(
    file,
    `name: replay
assumptions: { schedulerCycle: 0s, submitToRunnable: 0s, containerStart: 0s, timeseriesInterval: 1d }
computeEnvironments:
  - computeEnvironmentName: sp2
    type: UNMANAGED
    simulation: { instances: [ { instanceType: sp2-pool, vcpus: 100, memoryMiB: 1000000, count: 1 } ] }
jobQueues:
  - { jobQueueName: q, priority: 1, computeEnvironmentOrder: [ { order: 1, computeEnvironment: sp2 } ], simulation: { discipline: ${discipline} } }
jobDefinitions:
  - jobDefinitionName: job
    containerProperties: { resourceRequirements: [ { type: VCPU, value: "1" }, { type: MEMORY, value: "1024" } ] }
    simulation: { runtime: 1s }
workload:
  - name: log
    arrivals: { trace: { file: ${JSON.stringify(trace)}, format: swf } }
    jobs: [ { jobName: job, jobQueue: q, jobDefinition: job } ]
`,
  );
  const loaded = loadScenario(file, { catalog: b.catalog });
  expect(loaded.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return loaded.scenario!;
}

/** Work (processor-seconds), job count and utilisation over the log's own span, from the SWF text. */
function logFigures(text: string, maxProcs: number) {
  let work = 0;
  let jobs = 0;
  let first = Infinity;
  let last = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(';') || line.trim() === '') continue;
    const f = line.trim().split(/\s+/).map(Number);
    const [submit, wait, run] = [f[1], Math.max(0, f[2]), f[3]];
    const procs = f[4] > 0 ? f[4] : f[7];
    if (run <= 0 || procs <= 0) continue;
    jobs++;
    work += run * procs;
    first = Math.min(first, submit);
    last = Math.max(last, submit + wait + run);
  }
  return { work, jobs, utilisation: work / (maxProcs * (last - first)) };
}

describe('trace replay', () => {
  it('replays every job of a real SWF sample with the logged work, and strict FIFO never passes the head', () => {
    const s = scenarioFor(kthFixture, 'strict-fifo');
    const r = simulate(s, b.catalog);
    const sum = summarize(r);
    const log = logFigures(readFileSync(kthFixture, 'utf8'), 100);
    expect(sum.jobs.submitted).toBe(log.jobs);
    expect(sum.jobs.succeeded).toBe(log.jobs);
    expect(sum.computeEnvironments.sp2.busyvCpuHours).toBeCloseTo(log.work / 3600, 3);
    // Strict FIFO: jobs start in the order they were submitted.
    let previous = -1;
    for (let i = 0; i < r.jobs.count; i++) {
      expect(r.jobs.startingAt[i]).toBeGreaterThanOrEqual(previous);
      previous = r.jobs.startingAt[i];
    }
  });

  it('EASY and AWS FIFO backfill: no wait is longer than under strict FIFO on average', () => {
    const waits = ['strict-fifo', 'easy-backfill', 'fifo'].map((d) => summarize(simulate(scenarioFor(kthFixture, d), b.catalog)).queueWaitSeconds!.mean);
    expect(waits[1]).toBeLessThanOrEqual(waits[0]);
    expect(waits[2]).toBeLessThanOrEqual(waits[0]);
  });

  describe.runIf(existsSync(kthFull))('the whole KTH-SP2 log (shared raw data)', () => {
    it('matches the log\'s job count and utilisation on a pool the size of the machine', () => {
      const sum = summarize(simulate(scenarioFor(kthFull, 'strict-fifo'), b.catalog));
      const log = logFigures(gunzipSync(readFileSync(kthFull)).toString('utf8'), 100);
      expect(sum.jobs.submitted).toBe(log.jobs);
      expect(sum.jobs.succeeded).toBe(27_992);
      expect(Math.abs(sum.utilisation.vcpu! / log.utilisation - 1)).toBeLessThan(0.01);
    });
  });
});
