// The Postfix pipeline's reader thread: reads the file into the shared slots, splits lines exactly as the
// LineSplitter of read.ts does (same numbering, same treatment of over-long and unterminated lines) and runs the
// byte scanner on each; the parser's thread then only updates its state. See pipeline.ts.
import { closeSync, openSync, readSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { PostfixLineScanner } from './parsers/postfix-fast.js';
import type { Header } from './parsers/postfix-line.js';
import { TOO_LONG, shapeCode, writeRecord } from './parsers/postfix-record.js';
import { CONTROL, COUNT, EMPTY, END, FAILED, FLAGS, FULL, LINES, SLOTS, STATE, type PipelineSetup } from './pipeline-layout.js';
import { MAX_LINE_CHARS, cannotRead, readFailedAfter } from './read-limits.js';

const setup = workerData as PipelineSetup;
const control = new Int32Array(setup.control);
const totals = new Float64Array(setup.totals);
const data = setup.data.map((b) => Buffer.from(b));
const records = setup.records.map((b) => new Int32Array(b));
const sizes = setup.sizes.map((b) => new Float64Array(b));
const h: Header = { kind: 'classic', stampEnd: 0, dayStart: 0, hour: 0, minute: 0, timeStart: 0, hostStart: 0, hostEnd: 0, restStart: 0 };
const scanner = new PostfixLineScanner(h);

let fd = -1;
let leftover: Buffer = Buffer.alloc(0);
let lineNo = 0;
let skipping = false;
let ended = false;
let failed = false;

function fail(message: string): void {
  failed = true;
  ended = true;
  Buffer.from(setup.failure).fill(0).write(message.slice(0, 500));
}

try {
  fd = openSync(setup.path, 'r');
} catch (error) {
  fail(cannotRead((error as NodeJS.ErrnoException).code ?? (error as Error).message));
}

for (let slot = 0; ; slot = (slot + 1) % SLOTS) {
  const base = slot * CONTROL;
  while (Atomics.load(control, base + STATE) !== EMPTY) Atomics.wait(control, base + STATE, FULL);
  const buffer = data[slot];
  const rows = records[slot];
  const rowSizes = sizes[slot];
  leftover.copy(buffer, 0);
  let end = leftover.length;
  if (!ended && end < buffer.length) {
    try {
      const n = readSync(fd, buffer, end, buffer.length - end, null);
      if (n === 0) ended = true;
      end += n;
      totals[0] += n;
    } catch (error) {
      fail(readFailedAfter(lineNo, (error as NodeJS.ErrnoException).code ?? (error as Error).message));
    }
  }
  const view = buffer.subarray(0, end);
  let count = 0;
  let pos = 0;
  let full = false;
  for (let nl = view.indexOf(10, pos); nl !== -1; nl = view.indexOf(10, pos)) {
    if (count >= setup.capacity - 1) { full = true; break; } // one row kept for an unterminated last line
    lineNo++;
    if (skipping) skipping = false; // the end of a line already reported as too long
    else if (nl - pos > MAX_LINE_CHARS) writeRecord(rows, rowSizes, count++, TOO_LONG, pos, nl, lineNo, scanner, h);
    else writeRecord(rows, rowSizes, count++, shapeCode(scanner.scan(buffer, pos, nl)), pos, nl, lineNo, scanner, h);
    pos = nl + 1;
  }
  const tail = end - pos;
  if (full) leftover = Buffer.from(view.subarray(pos)); // complete lines left for the next slot
  else if (tail > MAX_LINE_CHARS) {
    // An endless "line" is binary or broken: noted once, skipped to the next newline (not counted if none comes).
    if (!skipping) writeRecord(rows, rowSizes, count++, TOO_LONG, pos, end, lineNo + 1, scanner, h);
    skipping = true;
    leftover = Buffer.alloc(0);
  } else if (ended) {
    // The last line, when the file does not end with a newline (a log cut off mid-write).
    if (tail > 0 && !skipping) {
      lineNo++;
      writeRecord(rows, rowSizes, count++, shapeCode(scanner.scan(buffer, pos, end)), pos, end, lineNo, scanner, h);
    }
    leftover = Buffer.alloc(0);
  } else leftover = Buffer.from(view.subarray(pos));
  const done = ended && !full;
  control[base + COUNT] = count;
  control[base + LINES] = lineNo;
  control[base + FLAGS] = (done ? END : 0) | (failed ? FAILED : 0);
  Atomics.store(control, base + STATE, FULL);
  Atomics.notify(control, base + STATE);
  if (done) break;
}
if (fd >= 0) closeSync(fd);
