// Columnar ledgers of finished jobs and attempts. A job is an object only while it is in flight;
// when it ends its figures move here, into typed arrays and interned strings, so a million-job run
// keeps a few bytes per job instead of a million objects for the garbage collector to trace.

/** Strings stored once, referred to by index. */
export class StringTable {
  private readonly index = new Map<string, number>();
  readonly values: string[] = [];

  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

type TypedArray = Float64Array | Int32Array | Uint8Array | Uint16Array;
type TypedArrayCtor<T extends TypedArray> = { new (n: number): T };

/** A typed array that grows by doubling; rows are addressed by index. */
export class Column<T extends TypedArray> {
  data: T;
  constructor(private readonly ctor: TypedArrayCtor<T>, capacity = 1024) {
    this.data = new ctor(capacity);
  }

  set(i: number, v: number): void {
    if (i >= this.data.length) this.grow(i + 1);
    this.data[i] = v;
  }

  get(i: number): number {
    return this.data[i];
  }

  grow(min: number): void {
    if (min <= this.data.length) return;
    let n = this.data.length * 2;
    while (n < min) n *= 2;
    const next = new this.ctor(n);
    next.set(this.data as never);
    this.data = next;
  }
}

/** One row per job (array children are jobs), addressed by the job's submission index. */
export class JobLedger {
  count = 0;
  readonly strings: StringTable;
  readonly jobName = new Column(Int32Array);
  readonly jobQueue = new Column(Int32Array);
  readonly jobDefinition = new Column(Int32Array);
  /** -1 for a job that is not an array child. */
  readonly arrayIndex = new Column(Int32Array);
  /** 0 a plain job, 1 an array parent, 2 an array child (whose parent's row is `arrayParent`). */
  readonly arrayRole = new Column(Uint8Array);
  readonly arrayParent = new Column(Int32Array);
  readonly status = new Column(Uint8Array);
  readonly attempts = new Column(Uint8Array);
  readonly vcpus = new Column(Float64Array);
  readonly memoryMiB = new Column(Int32Array);
  readonly gpus = new Column(Int32Array);
  /** Instants in ms; -1 where the job never reached that state. */
  readonly submittedAt = new Column(Float64Array);
  readonly runnableAt = new Column(Float64Array);
  readonly startingAt = new Column(Float64Array);
  readonly startedAt = new Column(Float64Array);
  readonly stoppedAt = new Column(Float64Array);
  /** Where the last attempt ran: environment and instance type as strings, instance by ordinal (0 = none). */
  readonly computeEnvironment = new Column(Int32Array);
  readonly instanceType = new Column(Int32Array);
  readonly instance = new Column(Int32Array);
  readonly statusReason = new Column(Int32Array);

  constructor(strings: StringTable, capacity: number) {
    this.strings = strings;
    ensure(this, capacity);
  }
}

/** Grow every column of a ledger to hold `n` rows, so rows can be written without checks. */
export function ensure(ledger: object, n: number): void {
  for (const v of Object.values(ledger)) if (v instanceof Column) v.grow(n);
}

export const ArrayRole = { PLAIN: 0, PARENT: 1, CHILD: 2 } as const;

/** The jobId of ledger row i: `job-N`, or `job-N:i` for an array child. */
export function jobIdOf(L: JobLedger, i: number): string {
  return L.arrayRole.data[i] === ArrayRole.CHILD ? `job-${L.arrayParent.data[i] + 1}:${L.arrayIndex.data[i]}` : `job-${i + 1}`;
}

/** One row per attempt, in the order attempts ended. */
export class AttemptLedger {
  count = 0;
  constructor(capacity: number) {
    ensure(this, capacity);
  }
  readonly job = new Column(Int32Array);
  readonly attemptNumber = new Column(Uint8Array);
  readonly instance = new Column(Int32Array);
  readonly startingAt = new Column(Float64Array);
  readonly startedAt = new Column(Float64Array);
  readonly stoppedAt = new Column(Float64Array);
  /** AttemptEnd code. */
  readonly end = new Column(Uint8Array);
  /** NaN where there is no exit code. */
  readonly exitCode = new Column(Float64Array);
  readonly statusReason = new Column(Int32Array);
}
