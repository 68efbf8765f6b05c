// Big plain Postfix logs in two threads: a reader thread splits and scans the lines (pipeline-worker.ts), this
// thread updates the state from its rows, in file order. Where the native addon is built, its reader
// (native-reader.ts) does the reader's part instead; this JavaScript one is the fallback. Nothing about a message crosses threads out of order,
// so the totals are those of the one-thread path by construction (the tests run both on every log shape).
// Why by hand: no library passes parsed rows between threads without a copy or a message per batch.
import type { ScanWarning } from '../inventory/types.js';
import { startWorker } from '../util/worker.js';
import type { PostfixParser } from './parsers/postfix.js';
import { RECORD, TOO_LONG } from './parsers/postfix-record.js';
import { CONTROL, COUNT, EMPTY, END, FAILED, FLAGS, FULL, LINES, SLOTS, STATE, type PipelineSetup } from './pipeline-layout.js';
import { MAX_LINE_CHARS, tooLongWarning } from './read-limits.js';
import type { ReadOutcome } from './read.js';

/** Atomics.waitAsync: in Node 20 (V8), not yet in TypeScript's ES2023 library. */
const waitAsync = (Atomics as unknown as { waitAsync(array: Int32Array, index: number, value: number, timeout: number): { async: boolean; value: unknown } }).waitAsync;

export interface PipelineOptions {
  /** Bytes read per slot (default 1 MiB); small values in tests cross many slot boundaries. */
  chunkBytes?: number;
  /** Rows per slot (default 16,384). */
  capacity?: number;
  onProgress?(lines: number): void;
}

/**
 * Read a plain Postfix log through the pipeline. The outcome is that of readLogBytes; `started: false` means
 * the reader thread could not start (the caller reads the file the one-thread way instead).
 */
export async function readPostfixPipelined(path: string, parser: PostfixParser, warn: (w: ScanWarning) => void,
  options: PipelineOptions = {}): Promise<ReadOutcome & { started: boolean }> {
  const chunk = options.chunkBytes ?? 1 << 20;
  const capacity = options.capacity ?? 16_384;
  const setup: PipelineSetup = {
    path,
    capacity,
    data: Array.from({ length: SLOTS }, () => new SharedArrayBuffer(chunk + MAX_LINE_CHARS + 1)),
    records: Array.from({ length: SLOTS }, () => new SharedArrayBuffer(capacity * RECORD * 4)),
    sizes: Array.from({ length: SLOTS }, () => new SharedArrayBuffer(capacity * 8)),
    control: new SharedArrayBuffer(SLOTS * CONTROL * 4),
    totals: new SharedArrayBuffer(8),
    failure: new SharedArrayBuffer(512),
  };
  const control = new Int32Array(setup.control);
  const buffers = setup.data.map((b) => Buffer.from(b));
  const rows = setup.records.map((b) => new Int32Array(b));
  const sizes = setup.sizes.map((b) => new Float64Array(b));
  const outcome: ReadOutcome & { started: boolean } = { lines: 0, bytes: 0, mtime: null, failed: false, started: false };

  const worker = startWorker('logs/pipeline-worker', setup);
  let crashed: Error | null = null;
  const exited = new Promise<void>((resolve) => worker.once('exit', (code) => {
    if (code !== 0) crashed ??= new Error(`the log reader thread stopped (exit code ${code})`);
    resolve();
  }));
  worker.once('error', (error) => { crashed = error; });

  let ended = false;
  try {
    reading: for (let slot = 0; ; slot = (slot + 1) % SLOTS) {
      const base = slot * CONTROL;
      while (Atomics.load(control, base + STATE) !== FULL) {
        if (crashed) {
          if (!outcome.started) return outcome; // nothing read yet: the caller falls back
          outcome.failed = true; // the lines before still count, as after a read error
          warn({ path, line: outcome.lines + 1, code: 'unreadable', message: `the log reader thread stopped after line ${outcome.lines} (${(crashed as Error).message})` });
          break reading;
        }
        const wait = waitAsync(control, base + STATE, EMPTY, 500);
        if (wait.async) await wait.value;
      }
      outcome.started = true;
      const count = control[base + COUNT];
      const r = rows[slot];
      const b = buffers[slot];
      for (let i = 0; i < count; i++) {
        const o = i * RECORD;
        if (r[o] === TOO_LONG) { warn(tooLongWarning(path, r[o + 3])); continue; }
        parser.record(r, sizes[slot], i, b);
        if (options.onProgress && (r[o + 3] & 0x3ffff) === 0) options.onProgress(r[o + 3]);
      }
      const flags = control[base + FLAGS];
      outcome.lines = control[base + LINES];
      Atomics.store(control, base + STATE, EMPTY);
      Atomics.notify(control, base + STATE);
      if (flags & FAILED) {
        outcome.failed = true;
        warn({ path, line: outcome.lines + 1, code: 'unreadable', message: Buffer.from(setup.failure).toString('utf8').replace(/\0+$/, '') });
      }
      if (flags & END) { ended = true; break; }
    }
  } finally {
    outcome.bytes = new Float64Array(setup.totals)[0];
    // After the end the reader has left on its own; otherwise it may wait for a slot that is never emptied.
    if (!ended) await worker.terminate();
    await exited;
  }
  return outcome;
}
