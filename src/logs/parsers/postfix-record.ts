// One scanned Postfix line as a fixed row of integers: the pipeline's reader thread writes what the byte scanner
// (postfix-fast.ts) found, the parser's thread reads it back into a scanner and a header as if it had scanned.
import type { PostfixLineScanner, Shape, Status } from './postfix-fast.js';
import type { Header } from './postfix-line.js';

export const SHAPES: readonly Shape[] = ['text', 'noise', 'noop', 'client', 'connect', 'disconnect', 'tls', 'from', 'to', 'removed', 'pickup'];
/** Not a scanner shape: a line longer than the reader takes (a warning with its number). */
export const TOO_LONG = SHAPES.length;
const SHAPE_CODE = new Map(SHAPES.map((s, i) => [s, i]));
const STATUSES: readonly Status[] = ['sent', 'deferred', 'bounced', 'other'];
const STATUS_CODE = new Map(STATUSES.map((s, i) => [s, i]));

/** Int32 fields per line. */
export const RECORD = 29;

export function shapeCode(shape: Shape): number {
  return SHAPE_CODE.get(shape)!;
}

/** Row `i`: shape, the line's bytes [s, e), its number; for a handled shape, the header and the scanner's fields. */
export function writeRecord(r: Int32Array, sizes: Float64Array, i: number, code: number, s: number, e: number, lineNo: number, sc: PostfixLineScanner, h: Header): void {
  const o = i * RECORD;
  r[o] = code; r[o + 1] = s; r[o + 2] = e; r[o + 3] = lineNo;
  if (code <= 1 || code === TOO_LONG) return; // text, noise, too long: nothing more is read back
  r[o + 4] = h.kind === 'classic' ? 0 : 1; r[o + 5] = h.stampEnd; r[o + 6] = h.dayStart; r[o + 7] = h.hour; r[o + 8] = h.minute;
  r[o + 9] = h.timeStart; r[o + 10] = h.hostStart; r[o + 11] = h.hostEnd; r[o + 12] = h.restStart;
  r[o + 13] = sc.hostStart; r[o + 14] = sc.hostEnd; r[o + 15] = sc.pid; r[o + 16] = sc.qidStart; r[o + 17] = sc.qidEnd;
  r[o + 18] = sc.a; r[o + 19] = sc.b; r[o + 20] = sc.c; r[o + 21] = sc.d; r[o + 22] = sc.sized ? 1 : 0;
  r[o + 23] = STATUS_CODE.get(sc.status)!; r[o + 24] = sc.forwarded ? 1 : 0;
  r[o + 25] = sc.methodStart; r[o + 26] = sc.methodEnd; r[o + 27] = sc.userStart; r[o + 28] = sc.userEnd;
  sizes[i] = sc.sizeBytes;
}

/** Load row `i` of a handled shape into a scanner and a header. */
export function readRecord(r: Int32Array, sizes: Float64Array, i: number, sc: PostfixLineScanner, h: Header): void {
  const o = i * RECORD;
  h.kind = r[o + 4] === 0 ? 'classic' : 'rfc3339'; h.stampEnd = r[o + 5]; h.dayStart = r[o + 6]; h.hour = r[o + 7]; h.minute = r[o + 8];
  h.timeStart = r[o + 9]; h.hostStart = r[o + 10]; h.hostEnd = r[o + 11]; h.restStart = r[o + 12];
  sc.hostStart = r[o + 13]; sc.hostEnd = r[o + 14]; sc.pid = r[o + 15]; sc.qidStart = r[o + 16]; sc.qidEnd = r[o + 17];
  sc.a = r[o + 18]; sc.b = r[o + 19]; sc.c = r[o + 20]; sc.d = r[o + 21]; sc.sized = r[o + 22] === 1;
  sc.status = STATUSES[r[o + 23]]; sc.forwarded = r[o + 24] === 1;
  sc.methodStart = r[o + 25]; sc.methodEnd = r[o + 26]; sc.userStart = r[o + 27]; sc.userEnd = r[o + 28];
  sc.sizeBytes = sizes[i];
}
