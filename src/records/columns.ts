// Growable typed columns and interned strings, the storage the recorder fills while a run goes: a
// job is an object only while it is in flight; when it ends its figures move into typed arrays,
// so a million-job run keeps a few bytes per job instead of a million objects for the collector.

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

export type TypedArray = Float64Array | Int32Array | Uint8Array | Uint16Array;
export type TypedArrayCtor<T extends TypedArray> = { new (n: number): T; new (b: SharedArrayBuffer): T; readonly BYTES_PER_ELEMENT: number };

/**
 * A typed array that grows by doubling; rows are addressed by index. A `shared` one lives in a
 * SharedArrayBuffer, so another thread can read the finished rows without a copy (the jobs table:
 * report/formatThread.ts).
 */
export class Column<T extends TypedArray> {
  data: T;
  constructor(
    private readonly ctor: TypedArrayCtor<T>,
    capacity = 1024,
    private readonly shared = false,
  ) {
    this.data = this.make(capacity);
  }

  grow(min: number): void {
    if (min <= this.data.length) return;
    let n = this.data.length * 2;
    while (n < min) n *= 2;
    const next = this.make(n);
    next.set(this.data as never);
    this.data = next;
  }

  private make(n: number): T {
    return this.shared ? new this.ctor(new SharedArrayBuffer(n * this.ctor.BYTES_PER_ELEMENT)) : new this.ctor(n);
  }

  /** The first `count` rows, as a plain typed array (a view: no copy). */
  rows(count: number): T {
    return this.data.subarray(0, count) as T;
  }
}

/** A column in shared memory, for tables another thread writes out while this one reads them (report/formatThread.ts). */
export const sharedColumn = <T extends TypedArray>(ctor: TypedArrayCtor<T>): Column<T> => new Column(ctor, 1024, true);

/** Grow every column of a set of columns to hold `n` rows, so rows can be written without checks. */
export function ensure(columns: object | null, n: number): void {
  if (columns === null) return;
  for (const v of Object.values(columns)) if (v instanceof Column) v.grow(n);
}

/** The Column fields of C, each as the plain typed array it holds. */
export type PlainRows<C> = { readonly [K in keyof C as C[K] extends Column<infer _T> ? K : never]: C[K] extends Column<infer T> ? T : never };

/** Every Column field of `columns` cut to its first `count` rows, as plain typed arrays. */
export function plainRows<C extends object>(columns: C, count: number): PlainRows<C> {
  const out: Record<string, TypedArray> = {};
  for (const [k, v] of Object.entries(columns)) if (v instanceof Column) out[k] = v.rows(count);
  return out as never;
}
