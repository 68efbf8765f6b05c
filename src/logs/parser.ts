// The contract between the log reader and the per-format parsers, plus shared time helpers.
import type { ScanWarning } from '../inventory/types.js';
import type { SenderBook } from './aggregate.js';
import type { TotalsCounter } from './totals.js';
import type { LogFormat } from './types.js';

export interface FileContext {
  path: string;
  /** Modification time of the file: the reference for syslog timestamps, which carry no year. */
  mtime: Date | null;
  book: SenderBook;
  totals: TotalsCounter;
  /** A line in no shape this format knows: counted, and the first few reported with their line number. */
  unknown(lineNo: number, line: string): void;
  warn(warning: Omit<ScanWarning, 'path'>): void;
  /** The relay (syslog host, server name) that wrote a line. */
  relay(name: string): void;
}

export interface LogParser {
  readonly format: LogFormat;
  /** Called before each file; state about messages in flight carries over (rotated sets split messages). */
  startFile(ctx: FileContext): void;
  line(text: string, lineNo: number): void;
  /** The same as `line` on the line's raw bytes, for parsers that can skip making a string (the buffer is reused afterwards). */
  bytes?(buffer: Buffer, start: number, end: number, lineNo: number): void;
  endFile(): void;
}

export interface ParserDefinition {
  format: LogFormat;
  /** Does this file look like the format? Given its first non-empty lines (latin1 text). */
  detect(lines: string[]): boolean;
  /** `native: false`: the JavaScript paths only, even where the native addon is built (tests compare the two). */
  create(options?: { native?: boolean }): LogParser;
}

const MONTHS: Record<string, number> = { Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12 };

export function monthNumber(name: string): number | undefined {
  return MONTHS[name];
}

/**
 * The date of a syslog "Mon DD" stamp: the year is the file's (or this year), one less when the month
 * lies after the file's month (a December line in a file written in January).
 */
export function syslogDate(month: number, day: number, reference: Date | null): string {
  const ref = reference ?? new Date();
  const refMonth = ref.getMonth() + 1;
  const year = month > refMonth ? ref.getFullYear() - 1 : ref.getFullYear();
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Minutes since the epoch of a YYYY-MM-DD date plus hour and minute (for evicting stale state). */
export function epochMinute(date: string, hour: number, minute: number): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 60000) + hour * 60 + minute;
}
