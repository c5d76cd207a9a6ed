// A gzipped side file (a trace: the Parallel Workloads Archive ships .swf.gz) inflated to its text in one
// output buffer. zlib's synchronous inflate otherwise fills 16 KiB chunks and joins them: for the
// HPC2N log (3 MB to 19 MB) 1,200 chunks, then a copy of all 19 MB, ~20 ms of a 35 ms inflate.
// node:zlib is loaded on the first gzipped file (engine/lazy.ts): most runs read none.
import { zlib } from '../engine/lazy.js';

/** gzip's smallest member: 10 bytes of header, an empty deflate block, 8 bytes of trailer. */
const GZIP_MIN_BYTES = 18;
/** The room asked for at most: a trailer that claims more (a corrupt file) gets chunks as before. */
const MAX_CHUNK_BYTES = 256 * 2 ** 20;
/** Deflate expands at most 1032 to 1: a trailer that claims more than that is not believed. */
const MAX_RATIO = 1032;
/** zlib's default output chunk, and the least it takes (Z_MIN_CHUNK is 64). */
const DEFAULT_CHUNK_BYTES = 16 * 1024;

/**
 * The UTF-8 text of gzipped bytes, as gunzipSync(bytes).toString('utf8') gives it (every member
 * of a multi-member file; the same errors for a corrupt one). The output buffer is sized from
 * the trailer's ISIZE (the last member's length mod 2^32, plus one byte so that a full buffer
 * needs no second one): right for a one-member file under 4 GiB, and only a hint otherwise,
 * since zlib takes more chunks when the output outgrows it.
 */
export function gunzipText(bytes: Uint8Array): string {
  let chunkSize = DEFAULT_CHUNK_BYTES;
  if (bytes.length >= GZIP_MIN_BYTES) {
    const n = bytes.length;
    const isize = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
    chunkSize = Math.max(DEFAULT_CHUNK_BYTES, Math.min(isize + 1, MAX_CHUNK_BYTES, n * MAX_RATIO));
  }
  return zlib().gunzipSync(bytes, { chunkSize }).toString('utf8');
}
