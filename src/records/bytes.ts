// Writing record rows as bytes: digits and `s.mmm` times go straight into one output buffer, and
// strings are encoded once (as the UTF-8 of their CSV field) and copied in, instead of building a
// template string per row and encoding it again. The bytes are exactly those of format.ts's
// string functions (test/records/bytes.test.ts checks that for arbitrary values): integers are
// written digit by digit, anything else (fractions, NaN, huge values) falls back to the string form.

import { seconds } from './format.js';

/** Where full buffers go (the output folder's sink). */
export interface ByteSink {
  /** Take the first `length` bytes of `chunk` (copied out or written before returning: the writer reuses it). */
  write(chunk: Buffer, length?: number): void;
  /**
   * A sink that takes buffers over (one that writes on another thread): the writer's full buffer is
   * handed over whole and the writer goes on in the one returned, instead of write() and reuse.
   */
  swap?(full: Buffer, length: number): Buffer;
  /** With swap: the writer's first buffer, and where its last one goes back when it ends. */
  first?(): Buffer;
  release?(buf: Buffer): void;
}

const COMMA = 0x2c;
const NEWLINE = 0x0a;
const DOT = 0x2e;
const MINUS = 0x2d;
const ZERO = 0x30;
/** Room for any one number or time written by the fast paths (2^53 has 16 digits). */
const NUMBER_ROOM = 48;
const INT32_LIMIT = 2 ** 31;
/** The ASCII digits of 00..99, two bytes each. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => ZERO + (i % 2 === 0 ? Math.floor(i / 20) : (i >> 1) % 10));

export class ByteWriter {
  /** The buffer being filled (another one after each flush when the sink takes buffers over). */
  buf: Buffer;
  /** Write position in `buf`. */
  p = 0;
  /** How many times the buffer was handed to the sink (the caller yields to the event loop on a change). */
  flushes = 0;
  /** The last time seconds() spelled, and where in this buffer (valid while `flushes` is unchanged). */
  private lastMs = NaN;
  private lastAt = 0;
  private lastLength = 0;
  private lastFlushes = -1;

  /** `bytes` is the buffer's size; at least 2 × NUMBER_ROOM, so any number fits after a flush. */
  constructor(private readonly sink: ByteSink, bytes = 1 << 22) {
    this.buf = sink.first?.() ?? Buffer.allocUnsafe(Math.max(bytes, 2 * NUMBER_ROOM));
  }

  /** Hand what is written to the sink and start again at the front. */
  flush(): void {
    if (this.p > 0) {
      if (this.sink.swap) this.buf = this.sink.swap(this.buf, this.p);
      else this.sink.write(this.buf, this.p);
    }
    this.p = 0;
    this.flushes++;
  }

  /** Drop what is written since the last flush, as if it never was (nothing may be copied from it). */
  discard(): void {
    this.p = 0;
    this.lastFlushes = -1;
  }

  /** Flush, and give the buffer back to a sink that lent it; the writer is not used after this. */
  end(): void {
    this.flush();
    this.sink.release?.(this.buf);
  }

  private room(n: number): void {
    if (this.p + n > this.buf.length) this.flush();
  }

  comma(): void {
    if (this.p >= this.buf.length) this.flush();
    this.buf[this.p++] = COMMA;
  }

  newline(): void {
    if (this.p >= this.buf.length) this.flush();
    this.buf[this.p++] = NEWLINE;
  }

  /** Bytes encoded beforehand (an interned string). */
  bytes(b: Uint8Array): void {
    const n = b.length;
    if (this.p + n > this.buf.length) {
      this.flush();
      if (n > this.buf.length) {
        this.sink.write(Buffer.from(b.buffer, b.byteOffset, n));
        return;
      }
    }
    const buf = this.buf;
    let p = this.p;
    // Short strings are most fields: a loop beats the call into set() for them.
    if (n < 16) for (let i = 0; i < n; i++) buf[p++] = b[i];
    else {
      buf.set(b, p);
      p += n;
    }
    this.p = p;
  }

  /** Any string, encoded as UTF-8 now (for values that are not interned). */
  text(s: string): void {
    const max = s.length * 3;
    if (this.p + max > this.buf.length) {
      this.flush();
      if (max > this.buf.length) {
        this.sink.write(Buffer.from(s, 'utf8'));
        return;
      }
    }
    this.p += this.buf.write(s, this.p, 'utf8');
  }

  /** A number as `${x}` prints it. */
  number(x: number): void {
    if (Number.isSafeInteger(x)) {
      this.room(NUMBER_ROOM);
      this.digits(x);
    } else this.text(String(x));
  }

  /** Integer milliseconds as format.ts's seconds() spells them: `s.mmm`, nothing for "never" (negative). */
  seconds(ms: number): void {
    if (ms < 0) return;
    if (!Number.isSafeInteger(ms)) {
      this.text(seconds(ms));
      return;
    }
    this.room(NUMBER_ROOM);
    let p = this.p;
    const buf = this.buf;
    // A row often repeats the time just written (submitted = runnable, starting = started): copy it.
    if (ms === this.lastMs && this.lastFlushes === this.flushes) {
      for (let q = this.lastAt, end = q + this.lastLength; q < end; ) buf[p++] = buf[q++];
      this.p = p;
      return;
    }
    this.lastMs = ms;
    this.lastAt = p;
    this.lastFlushes = this.flushes;
    const s = Math.floor(ms / 1000);
    const r = ms - s * 1000;
    this.digits(s);
    p = this.p;
    // r is a whole number from 0 to 999: three digits, in int32 arithmetic (the last two from the table).
    const h = (r / 100) | 0;
    const t = 2 * (r - h * 100);
    buf[p++] = DOT;
    buf[p++] = ZERO + h;
    buf[p++] = PAIRS[t];
    buf[p++] = PAIRS[t + 1];
    this.p = p;
    this.lastLength = p - this.lastAt;
  }

  /** A safe integer's decimal digits; the caller made room. */
  private digits(x: number): void {
    const buf = this.buf;
    let p = this.p;
    if (x < 0) {
      buf[p++] = MINUS;
      x = -x;
    }
    if (x < 10) {
      buf[p++] = ZERO + x;
      this.p = p;
      return;
    }
    if (x < INT32_LIMIT) {
      // Most values (seconds, counts): int32 division, and the digit count from comparisons.
      const n = x < 100 ? 2 : x < 1e3 ? 3 : x < 1e4 ? 4 : x < 1e5 ? 5 : x < 1e6 ? 6 : x < 1e7 ? 7 : x < 1e8 ? 8 : x < 1e9 ? 9 : 10;
      let q = p + n;
      this.p = q;
      // Two digits per division, from a table of "00".."99".
      while (x >= 100) {
        const t = (x / 100) | 0;
        const r = 2 * (x - t * 100);
        buf[--q] = PAIRS[r + 1];
        buf[--q] = PAIRS[r];
        x = t;
      }
      if (x >= 10) {
        buf[--q] = PAIRS[2 * x + 1];
        buf[--q] = PAIRS[2 * x];
      } else buf[--q] = ZERO + x;
      return;
    }
    let n = 1;
    for (let t = x; t >= 10; t = Math.floor(t / 10)) n++;
    let q = p + n;
    this.p = q;
    while (q > p) {
      const d = x % 10;
      buf[--q] = ZERO + d;
      x = (x - d) / 10;
    }
  }
}

/** Strings encoded once each, as UTF-8. */
export function encodeAll(strings: readonly string[]): Buffer[] {
  return strings.map((s) => Buffer.from(s, 'utf8'));
}

/** A cache of encoded strings, for columns whose values repeat but are not interned (time series names). */
export class EncodedStrings {
  private readonly cache = new Map<string, Buffer>();
  constructor(private readonly transform: (s: string) => string = (s) => s) {}

  get(s: string): Buffer {
    let b = this.cache.get(s);
    if (b === undefined) {
      b = Buffer.from(this.transform(s), 'utf8');
      this.cache.set(s, b);
    }
    return b;
  }
}

/**
 * The bytes of a run of fields as written for one row, kept so that a row with the same values
 * copies them instead of spelling each field again (in jobs.csv most rows share their name, queue,
 * definition, sizes and placement with the row before). The caller compares the values with those
 * of `row`, the row the bytes were written for; rows may be written in any order, by any writer.
 */
export class Segment {
  /** The row whose fields the kept bytes are (-1: none). */
  row = -1;
  private readonly room = Buffer.allocUnsafe(SEGMENT_ROOM);
  /** The kept bytes: a view of `room` made when they change, so replaying is one set(). */
  private kept: Buffer = this.room.subarray(0, 0);
  private at = 0;
  private flushes = 0;

  /** Copy the kept bytes into `w`. */
  replay(w: ByteWriter): void {
    w.bytes(this.kept);
  }

  /** Row `row`'s fields are about to be written into `w`. */
  start(w: ByteWriter, row: number): void {
    this.row = -1;
    this.at = w.p;
    this.flushes = w.flushes;
    this.pending = row;
  }

  /** They are written: keep their bytes, unless the buffer was flushed between (or they are too long). */
  keep(w: ByteWriter): void {
    const n = w.p - this.at;
    if (w.flushes !== this.flushes || n > SEGMENT_ROOM) return;
    w.buf.copy(this.room, 0, this.at, w.p);
    this.kept = this.room.subarray(0, n);
    this.row = this.pending;
  }

  private pending = -1;
}

const SEGMENT_ROOM = 512;
