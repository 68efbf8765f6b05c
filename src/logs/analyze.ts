// `logs`: read every file (rotated sets oldest first), detect its format, feed its parser, collect the report.
import type { ScanWarning } from '../inventory/types.js';
import { SenderBook } from './aggregate.js';
import type { FileContext, LogParser } from './parser.js';
import { detectFormat, parserFor } from './parsers/index.js';
import { expandLogPaths, latin1, looksBinary, orderLogFiles, readLogBytes } from './read.js';
import { TotalsCounter } from './totals.js';
import type { LogFileSummary, LogFormat, LogReport } from './types.js';

export interface AnalyzeOptions {
  files: string[];
  /** Recipient domains that count as internal (accepted domains). */
  internalDomains?: string[];
  /** Skip detection and read every file as this format. */
  format?: LogFormat;
  onProgress?(progress: { file: string; lines: number }): void;
}

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
      parser = parsers.get(format) ?? parserFor(format).create();
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

    if (options.format) begin(options.format);
    const outcome = await readLogBytes(path, (buffer, start, end, lineNo) => {
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
