// Big plain Postfix logs through the native reader (native/postfix-reader.c): a native thread reads, splits and
// scans the lines into rows (the same rows as the JavaScript reader thread of pipeline.ts writes, plus an id per
// value a line names); this thread updates the parser's state from them, in file order. Without the addon the
// caller takes pipeline.ts; both give the same report (the tests run every log shape through each).
import { getSystemErrorName } from 'node:util';
import type { ScanWarning } from '../inventory/types.js';
import { IDS, type PostfixNative } from './native.js';
import type { PostfixParser } from './parsers/postfix.js';
import { ReaderIds } from './parsers/postfix.js';
import { RECORD, TOO_LONG } from './parsers/postfix-record.js';
import type { PipelineOptions } from './pipeline.js';
import { cannotRead, readFailedAfter, tooLongWarning } from './read-limits.js';
import type { ReadOutcome } from './read.js';

/** Read a plain Postfix log through the native reader; the outcome is that of readLogBytes. */
export async function readPostfixNative(addon: PostfixNative, path: string, parser: PostfixParser, warn: (w: ScanWarning) => void,
  options: PipelineOptions = {}): Promise<ReadOutcome> {
  const reader = addon.postfixOpen(path, options.chunkBytes ?? 1 << 20, options.capacity ?? 16_384, parser.nativeRecipients());
  const buffers = reader.data.map((b) => Buffer.from(b));
  const known = new ReaderIds();
  const outcome: ReadOutcome = { lines: 0, bytes: 0, mtime: null, failed: false };
  try {
    for (;;) {
      const batch = addon.postfixTake(reader.handle, 200);
      if (!batch) { await new Promise(setImmediate); continue; } // a slow file: let timers and signals run
      const { slot, count } = batch;
      const rows = reader.rows[slot];
      const sizes = reader.sizes[slot];
      const ids = reader.ids[slot];
      const b = buffers[slot];
      for (let i = 0; i < count; i++) {
        const o = i * RECORD;
        if (rows[o] === TOO_LONG) { warn(tooLongWarning(path, rows[o + 3])); continue; }
        parser.nativeRecord(rows, sizes, ids, i * IDS, i, b, known);
        if (options.onProgress && (rows[o + 3] & 0x3ffff) === 0) options.onProgress(rows[o + 3]);
      }
      outcome.lines = batch.lines;
      addon.postfixRelease(reader.handle, slot);
      if (batch.errno !== undefined) {
        outcome.failed = true;
        const code = errnoName(batch.errno);
        warn({ path, line: outcome.lines + 1, code: 'unreadable', message: batch.phase === 'open' ? cannotRead(code) : readFailedAfter(batch.errorLine ?? 0, code) });
      }
      if (batch.end) break;
    }
  } finally {
    outcome.bytes = addon.postfixBytes(reader.handle);
    addon.postfixClose(reader.handle);
  }
  return outcome;
}

function errnoName(errno: number): string {
  try { return getSystemErrorName(-errno); } catch { return `errno ${errno}`; }
}
