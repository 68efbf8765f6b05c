// `logs`: read every file (rotated sets oldest first), detect its format, feed its parser, collect the report.
import { open } from 'node:fs/promises';
import type { ScanWarning } from '../inventory/types.js';
import { SenderBook } from './aggregate.js';
import type { FileContext, LogParser } from './parser.js';
import { detectFormat, parserFor } from './parsers/index.js';
import type { PostfixParser } from './parsers/postfix.js';
import { postfixNative } from './native.js';
import { readPostfixNative } from './native-reader.js';
import { readPostfixPipelined, type PipelineOptions } from './pipeline.js';
import { expandLogPaths, latin1, looksBinary, orderLogFiles, readLogBytes, type ReadOutcome } from './read.js';
import { MAX_LINE_CHARS } from './read-limits.js';
import { TotalsCounter } from './totals.js';
import type { LogFileSummary, LogFormat, LogReport } from './types.js';

export interface AnalyzeOptions {
  files: string[];
  /** Recipient domains that count as internal (accepted domains). */
  internalDomains?: string[];
  /** Skip detection and read every file as this format. */
  format?: LogFormat;
  onProgress?(progress: { file: string; lines: number }): void;
  /**
   * Big plain Postfix logs go through a reader thread: 'auto' from 16 MiB on, 'always' for any size (tests),
   * 'never'. The native reader (native-reader.ts) where the addon is built, else the JavaScript one (pipeline.ts);
   * `reader` picks one (tests). Chunk and row counts are test knobs.
   */
  /** false: no native code (the JavaScript reader and recipients), where the addon is built too (tests). */
  native?: boolean;
  pipeline?: {
    mode?: 'auto' | 'always' | 'never';
    reader?: 'native' | 'thread';
    /** Told of each file read through a reader thread, and which. */
    onFile?(path: string, reader: 'native' | 'thread'): void;
  } & Omit<PipelineOptions, 'onProgress'>;
}

const PIPELINE_FROM_BYTES = 16 * 1024 * 1024;
const HEAD_BYTES = 64 * 1024;

const DETECT_LINES = 200;
const WARN_PER_FILE = 5;
const MAX_RELAYS_PER_FILE = 50;

export async function analyzeLogs(options: AnalyzeOptions): Promise<LogReport> {
  const started = Date.now();
  const warnings: ScanWarning[] = [];
  const warn = (w: ScanWarning) => warnings.push(w);
  const files = orderLogFiles(await expandLogPaths(options.files, warn));
  const internalDomains = [...new Set((options.internalDomains ?? []).map((d) => d.trim().toLowerCase()).filter(Boolean))];
  const book = new SenderBook(internalDomains);
  const totals = new TotalsCounter();
  const parsers = new Map<LogFormat, LogParser>();
  const summaries: LogFileSummary[] = [];
  let filesRead = 0;
  let bytesRead = 0;
  let lines = 0;

  for (const path of files) {
    const summary: LogFileSummary = { path, format: options.format ?? null, relays: [], lines: 0, bytes: 0, unknownLines: 0 };
    const relays = new Set<string>();
    let binaryLines = 0;
    let reported = 0;
    let parser: LogParser | null = null;
    let pending: [string, number][] | null = options.format ? null : [];
    let undecided = false;
    book.setFile(path);

    const ctx: FileContext = {
      path, mtime: null, book, totals,
      unknown(lineNo, line) {
        if (line.length === 0 || (line.length === 1 && line === '\r')) return;
        const binary = looksBinary(line);
        if (binary) binaryLines++;
        else summary.unknownLines++;
        if (reported++ < WARN_PER_FILE) {
          // Never the line itself: a garbled line may hold anything, secrets included.
          warn({ path, line: lineNo, code: binary ? 'binary' : 'unknown-line', message: binary ? 'binary garbage; skipped' : `not a ${summary.format ?? 'known'} log line (${line.length} chars); skipped` });
        }
      },
      warn: (w) => warn({ path, ...w }),
      relay(name) { if (relays.size < MAX_RELAYS_PER_FILE) relays.add(name); },
    };
    const begin = (format: LogFormat) => {
      summary.format = format;
      parser = parsers.get(format) ?? parserFor(format).create({ native: options.native });
      parsers.set(format, parser);
      parser.startFile(ctx);
    };
    const decide = (final: boolean) => {
      const sample = pending!.filter(([l]) => l.trim() !== '').map(([l]) => l);
      const format = detectFormat(sample);
      if (!format && !final) return;
      const buffered = pending!;
      pending = null;
      if (!format) { undecided = true; return; }
      begin(format);
      for (const [l, n] of buffered) parser!.line(l, n);
    };

    let piped: (ReadOutcome & { started: boolean }) | null = null;
    const pipeable = await pipelineFile(path, options);
    if (pipeable) {
      ctx.mtime = pipeable.mtime;
      begin('postfix');
      const onProgress = options.onProgress;
      const knobs = { ...options.pipeline, onProgress: onProgress && ((n: number) => onProgress({ file: path, lines: n })) };
      const native = options.pipeline?.reader === 'thread' || !(parser as PostfixParser | null)?.nativeRecipients() ? null : postfixNative();
      piped = native
        ? { ...await readPostfixNative(native, path, parser! as PostfixParser, warn, knobs), started: true }
        : await readPostfixPipelined(path, parser! as PostfixParser, warn, knobs);
      if (!piped.started) { piped = null; parser = null; } // the reader thread did not start: read it here
      else { piped.mtime = pipeable.mtime; pending = null; options.pipeline?.onFile?.(path, native ? 'native' : 'thread'); }
    }
    if (options.format && !piped) begin(options.format);
    const outcome = piped ?? await readLogBytes(path, (buffer, start, end, lineNo) => {
      if (pending) {
        pending.push([latin1(buffer, start, end), lineNo]);
        if (pending.length >= DETECT_LINES) decide(true);
        return;
      }
      if (!parser) return false; // not a log we read: stop reading it
      if (parser.bytes) parser.bytes(buffer, start, end, lineNo);
      else parser.line(latin1(buffer, start, end), lineNo);
      if (options.onProgress && (lineNo & 0x3ffff) === 0) options.onProgress({ file: path, lines: lineNo });
    }, warn, (mtime) => { ctx.mtime = mtime; });
    if (pending) decide(true);
    if (undecided) warn({ path, code: 'parse-error', message: 'not a log format relay365 reads (Postfix, Sendmail, Exim, IIS SMTP, Exchange tracking or receive, EAC SMTP AUTH CSV); use --format to force one' });
    (parser as LogParser | null)?.endFile();
    if (reported > WARN_PER_FILE) warn({ path, code: binaryLines ? 'binary' : 'unknown-line', message: `${reported - WARN_PER_FILE} more unreadable lines not listed (${summary.unknownLines} unknown, ${binaryLines} binary in this file)` });
    summary.lines = outcome.lines;
    summary.bytes = outcome.bytes;
    summary.relays = [...relays];
    summaries.push(summary);
    lines += outcome.lines;
    bytesRead += outcome.bytes;
    if (outcome.mtime) filesRead++;
  }

  return {
    schemaVersion: 1,
    totals: totals.toTotals(),
    senders: book.list(),
    perDay: book.perDay(),
    files: summaries,
    internalDomains,
    warnings,
    stats: { filesSeen: files.length, filesRead, bytesRead, lines, ms: Date.now() - started },
  };
}

/**
 * Whether a file goes through the pipeline: plain (not gzip), big enough, and Postfix — by --format, or by the
 * detection the one-thread path would make on its first lines (only when the file's head holds all of them).
 */
async function pipelineFile(path: string, options: AnalyzeOptions): Promise<{ mtime: Date } | null> {
  const mode = options.pipeline?.mode ?? 'auto';
  if (mode === 'never' || (options.format && options.format !== 'postfix')) return null;
  let handle;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (!info.isFile() || (mode === 'auto' && info.size < PIPELINE_FROM_BYTES)) return null;
    const head = Buffer.alloc(Math.min(HEAD_BYTES, info.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return null;
    if (options.format === 'postfix') return { mtime: info.mtime };
    const lines = latin1(head, 0, bytesRead).split('\n');
    const whole = bytesRead === info.size;
    if (!whole) lines.pop(); // cut mid-line
    else if (lines.at(-1) === '') lines.pop(); // the newline that ends the file
    if (lines.some((l) => l.length > MAX_LINE_CHARS) || (!whole && lines.length < DETECT_LINES)) return null;
    const sample = lines.slice(0, DETECT_LINES).filter((l) => l.trim() !== '');
    return detectFormat(sample) === 'postfix' ? { mtime: info.mtime } : null;
  } catch {
    return null; // the one-thread path reports what is wrong with the file
  } finally {
    await handle?.close();
  }
}
