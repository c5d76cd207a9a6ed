// jobs.csv and attempts.csv rows copy the fields they share with the row before (bytes.ts Segment)
// and a time just written (ByteWriter.seconds): for arbitrary tables full of repeats, any buffer
// size (so flushes land inside the copied runs) and rows written in any order, by the writer or
// one line at a time, the bytes are those of spelling every field with format.ts's functions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../src/records/bytes.js';
import { attemptsTable, type AttemptTable } from '../../src/records/attempts.js';
import { csvField, seconds } from '../../src/records/format.js';
import type { InstanceRow } from '../../src/records/instances.js';
import { ArrayRole, jobIdOf, jobsTable, type JobTable } from '../../src/records/jobs.js';
import type { RecordTable } from '../../src/records/table.js';
import { ATTEMPT_END_NAMES, JOB_STATUS_NAMES } from '../../src/model/types.js';

const STRINGS = ['', 'work', 'main', 'a,b', 'say "hi"', 'fixed', 'c5.4xlarge', 'Essential container in task exited', 'ünï'];
const INSTANCE_IDS = ['', 'i-0001', 'i-0002', 'fargate-3'];

// Few distinct values, so consecutive rows often match (and sometimes differ in one field).
const small = (max: number) => fc.integer({ min: 0, max });
const ms = fc.oneof(fc.constantFrom(-1, 0, 1000, 61_005, 2 ** 31 * 1000), fc.integer({ min: -1, max: 5000 }));
const jobRow = fc.record({
  name: small(8), queue: small(8), def: small(8), arr: fc.integer({ min: -1, max: 3 }), child: fc.boolean(), status: small(6), attempts: small(3),
  vcpus: fc.constantFrom(1, 2, 0.25, 0.5), mem: fc.constantFrom(1024, 2048), gpus: small(1),
  sub: ms, run: ms, sta: ms, go: ms, stop: ms, ce: small(8), type: small(8), inst: small(3), reason: small(8),
});

type Row<A> = A extends fc.Arbitrary<infer T> ? T : never;

function jobTable(rows: Row<typeof jobRow>[]): JobTable {
  const col = <T extends Int32Array | Float64Array | Uint8Array>(C: { from(xs: number[]): T }, f: (r: Row<typeof jobRow>, i: number) => number): T => C.from(rows.map(f));
  return {
    count: rows.length,
    strings: STRINGS,
    jobName: col(Int32Array, (r) => r.name),
    jobQueue: col(Int32Array, (r) => r.queue),
    jobDefinition: col(Int32Array, (r) => r.def),
    // An array child's parent is an earlier row (row 0 is never a child).
    arrayRole: col(Uint8Array, (r, i) => (r.child && i > 0 ? ArrayRole.CHILD : ArrayRole.PLAIN)),
    arrayParent: col(Int32Array, (r, i) => (r.child && i > 0 ? i - 1 : -1)),
    arrayIndex: col(Int32Array, (r, i) => (r.child && i > 0 ? Math.max(0, r.arr) : r.arr)),
    status: col(Uint8Array, (r) => r.status),
    attempts: col(Uint8Array, (r) => r.attempts),
    vcpus: col(Float64Array, (r) => r.vcpus),
    memoryMiB: col(Int32Array, (r) => r.mem),
    gpus: col(Int32Array, (r) => r.gpus),
    submittedAt: col(Float64Array, (r) => r.sub),
    runnableAt: col(Float64Array, (r) => r.run),
    startingAt: col(Float64Array, (r) => r.sta),
    startedAt: col(Float64Array, (r) => r.go),
    stoppedAt: col(Float64Array, (r) => r.stop),
    computeEnvironment: col(Int32Array, (r) => r.ce),
    instanceType: col(Int32Array, (r) => r.type),
    instance: col(Int32Array, (r) => r.inst),
    statusReason: col(Int32Array, (r) => r.reason),
  };
}

/** jobs.csv's row i, every field spelled by format.ts (the writer before rows copied anything). */
function jobLine(t: JobTable, i: number): string {
  const s = (k: number) => csvField(t.strings[k]);
  return [
    jobIdOf(t, i), s(t.jobName[i]), s(t.jobQueue[i]), s(t.jobDefinition[i]), t.arrayIndex[i] >= 0 ? `${t.arrayIndex[i]}` : '', JOB_STATUS_NAMES[t.status[i]],
    `${t.attempts[i]}`, `${t.vcpus[i]}`, `${t.memoryMiB[i]}`, `${t.gpus[i]}`,
    seconds(t.submittedAt[i]), seconds(t.runnableAt[i]), seconds(t.startingAt[i]), seconds(t.startedAt[i]), seconds(t.stoppedAt[i]),
    t.startingAt[i] >= 0 ? seconds(t.startingAt[i] - t.runnableAt[i]) : '',
    s(t.computeEnvironment[i]), s(t.instanceType[i]), INSTANCE_IDS[t.instance[i]], s(t.statusReason[i]),
  ].join(',');
}

function instances(): InstanceRow[] {
  return INSTANCE_IDS.slice(1).map((instanceId, k) => ({ instanceId, computeEnvironment: k === 1 ? 'a,b' : 'fixed', instanceType: 'c5.4xlarge' }) as InstanceRow);
}

const attemptRow = fc.record({
  job: fc.nat(), n: fc.integer({ min: 1, max: 3 }), inst: fc.integer({ min: 0, max: 3 }), sta: ms, go: ms, stop: ms,
  end: small(ATTEMPT_END_NAMES.length - 1), exit: fc.constantFrom(NaN, 0, 1, 137), reason: small(8),
});

function attemptTable(rows: Row<typeof attemptRow>[], jobs: number): AttemptTable {
  return {
    count: rows.length,
    job: Int32Array.from(rows, (r) => r.job % jobs),
    attemptNumber: Uint8Array.from(rows, (r) => r.n),
    instance: Int32Array.from(rows, (r) => r.inst),
    startingAt: Float64Array.from(rows, (r) => r.sta),
    startedAt: Float64Array.from(rows, (r) => r.go),
    stoppedAt: Float64Array.from(rows, (r) => r.stop),
    end: Uint8Array.from(rows, (r) => r.end),
    exitCode: Float64Array.from(rows, (r) => r.exit),
    statusReason: Int32Array.from(rows, (r) => r.reason),
  };
}

function attemptLine(A: AttemptTable, J: JobTable, inst: InstanceRow[], i: number): string {
  const k = A.instance[i];
  const x = k === 0 ? null : inst[k - 1];
  return [
    jobIdOf(J, A.job[i]), `${A.attemptNumber[i]}`, x ? csvField(x.computeEnvironment) : '', x ? csvField(x.instanceType) : '', x ? x.instanceId : '',
    seconds(A.startingAt[i]), seconds(A.startedAt[i]), seconds(A.stoppedAt[i]),
    A.startedAt[i] >= 0 && A.stoppedAt[i] >= 0 ? seconds(A.stoppedAt[i] - A.startedAt[i]) : '',
    ATTEMPT_END_NAMES[A.end[i]], Number.isNaN(A.exitCode[i]) ? '' : `${A.exitCode[i]}`, csvField(STRINGS[A.statusReason[i]]),
  ].join(',');
}

/** `order`'s rows written through one writer of `size` bytes, as text. */
function written(table: RecordTable, order: number[], size: number): string {
  const chunks: Buffer[] = [];
  const w = new ByteWriter({ write: (b, n = b.length) => chunks.push(Buffer.from(b.subarray(0, n))) }, size);
  for (const i of order) {
    table.writeRow(i, w);
    w.newline();
  }
  w.flush();
  return Buffer.concat(chunks).toString('utf8');
}

/** Rows 0..n-1 in order, then some again in a shuffled order. */
const orders = (n: number) => fc.shuffledSubarray([...Array(n).keys()]).map((again) => [...Array(n).keys(), ...again]);

describe('rows that copy repeated fields', () => {
  it('jobs.csv: the bytes of every field spelled, in any order, at any buffer size, and line(i) between', () => {
    fc.assert(
      fc.property(fc.array(jobRow, { minLength: 1, maxLength: 40 }).chain((rows) => fc.tuple(fc.constant(rows), orders(rows.length))), fc.integer({ min: 96, max: 400 }), ([rows, order], size) => {
        const t = jobTable(rows);
        const table = jobsTable(t, INSTANCE_IDS);
        expect(written(table, order, size)).toBe(order.map((i) => `${jobLine(t, i)}\n`).join(''));
        // line(i) uses its own writer but the same kept fields; it must not disturb them, nor they it.
        for (const i of order) expect(table.line(i)).toBe(jobLine(t, i));
        expect(written(table, order, size)).toBe(order.map((i) => `${jobLine(t, i)}\n`).join(''));
      }),
      { numRuns: 1500 },
    );
  });

  it('attempts.csv: the same, with NaN exit codes matching NaN', () => {
    fc.assert(
      fc.property(
        fc.array(jobRow, { minLength: 1, maxLength: 6 }),
        fc.array(attemptRow, { minLength: 1, maxLength: 40 }).chain((rows) => fc.tuple(fc.constant(rows), orders(rows.length))),
        fc.integer({ min: 96, max: 400 }),
        (jobRows, [rows, order], size) => {
          const J = jobTable(jobRows);
          const A = attemptTable(rows, jobRows.length);
          const inst = instances();
          const table = attemptsTable(A, J, inst);
          expect(written(table, order, size)).toBe(order.map((i) => `${attemptLine(A, J, inst, i)}\n`).join(''));
          for (const i of order) expect(table.line(i)).toBe(attemptLine(A, J, inst, i));
        },
      ),
      { numRuns: 1500 },
    );
  });
});
