// Streaming line reader for relay logs: plain or gzip, bounded line length, never throws on bad input.
// Bytes are decoded as latin1 (one char per byte) so counts keyed on raw bytes match pflogsumm's Perl.
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { ScanWarning, WarningCode } from '../inventory/types.js';
import { MAX_LINE_CHARS, cannotRead, readFailedAfter, tooLongWarning } from './read-limits.js';

export { MAX_LINE_CHARS } from './read-limits.js';

export interface ReadOutcome {
  lines: number;
  bytes: number;
  mtime: Date | null;
  /** Set when the file could not be read to its end; the lines before still counted. */
  failed: boolean;
}

/** Call `onLine` for every line of a plain or gzip file; problems become warnings with the file and line. */
export async function readLogLines(path: string, onLine: (line: string, lineNo: number) => void | false,
  warn: (w: ScanWarning) => void, onOpen?: (mtime: Date) => void): Promise<ReadOutcome> {
  return readLogBytes(path, (buffer, start, end, lineNo) => onLine(latin1(buffer, start, end), lineNo), warn, onOpen);
}

/**
 * A line's bytes: `buffer[start, end)`, without the newline. The buffer is reused for the next chunk, so a
 * consumer copies what it keeps (`latin1`); most lines need no string at all.
 */
export type ByteLine = (buffer: Buffer, start: number, end: number, lineNo: number) => void | false;

/** `readLogLines` without a string per line: the Postfix parser matches bytes (see parsers/postfix-fast.ts). */
export async function readLogBytes(path: string, onLine: ByteLine,
  warn: (w: ScanWarning) => void, onOpen?: (mtime: Date) => void): Promise<ReadOutcome> {
  const outcome: ReadOutcome = { lines: 0, bytes: 0, mtime: null, failed: false };
  let gzip: boolean;
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      warn({ path, code: 'special-file', message: 'not a regular file; skipped' });
      return { ...outcome, failed: true };
    }
    outcome.mtime = info.mtime;
    gzip = await isGzip(path);
    onOpen?.(info.mtime);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    warn({ path, code: code === 'ENOENT' ? 'not-found' : 'unreadable', message: code === 'ENOENT' ? 'no such file' : cannotRead(code ?? (error as Error).message) });
    return { ...outcome, failed: true };
  }

  const splitter = new LineSplitter(onLine, (line) => warn(tooLongWarning(path, line)));
  try {
    if (gzip) {
      await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), createGunzip(), async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) {
          outcome.bytes += chunk.length;
          if (!splitter.push(chunk)) break;
        }
      });
    } else {
      // Plain files: synchronous reads into one reused buffer are several times cheaper than a stream here.
      const fd = openSync(path, 'r');
      try {
        const buffer = Buffer.allocUnsafe(1 << 20);
        for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) {
          outcome.bytes += n;
          if (!splitter.push(buffer.subarray(0, n))) break;
        }
      } finally {
        closeSync(fd);
      }
    }
  } catch (error) {
    if (!splitter.stopped) {
      outcome.failed = true;
      const err = error as NodeJS.ErrnoException;
      const lineNo = splitter.lineNo;
      const code: WarningCode = gzip && (err.code?.startsWith('Z_') || /unexpected end|incorrect header|invalid/i.test(err.message)) ? 'gzip-error' : 'unreadable';
      warn({ path, line: lineNo + 1, code, message: code === 'gzip-error' ? `corrupt or truncated gzip data after line ${lineNo} (${err.message}); the lines before it still count` : readFailedAfter(lineNo, err.code ?? err.message) });
    }
  }
  splitter.end();
  outcome.lines = splitter.lineNo;
  return outcome;
}

/** Buffer's own latin1 decoder, without toString's argument checks (it runs once per line). */
interface Latin1 { latin1Slice(start: number, end: number): string }

/** Bytes as latin1 text (one character per byte), the way every parser reads log lines. */
export function latin1(buffer: Buffer, start: number, end: number): string {
  return (buffer as unknown as Latin1).latin1Slice(start, end);
}

/** Splits byte chunks into lines; each line is handed over as a range of the chunk (no copy, no string). */
class LineSplitter {
  lineNo = 0;
  stopped = false;
  private carry: Buffer | null = null;
  private skipping = false;

  constructor(private readonly onLine: ByteLine, private readonly tooLong: (lineNo: number) => void) {}

  /** Feed a chunk (it may be reused by the caller afterwards). False once the consumer asked to stop. */
  push(chunk: Buffer): boolean {
    if (this.stopped) return false;
    let start = 0;
    if (this.carry) {
      const nl = chunk.indexOf(10);
      if (nl === -1) { this.keep(Buffer.concat([this.carry, chunk])); return true; }
      const joined = Buffer.concat([this.carry, chunk.subarray(0, nl)]);
      this.carry = null;
      if (!this.emit(joined, 0, joined.length)) return false;
      start = nl + 1;
    }
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      if (!this.emit(chunk, start, nl)) return false;
      start = nl + 1;
    }
    if (start < chunk.length) this.keep(Buffer.from(chunk.subarray(start)));
    return true;
  }

  /** The last line, when the file does not end with a newline (a log cut off mid-write). */
  end(): void {
    if (this.carry && !this.stopped && !this.skipping) this.emit(this.carry, 0, this.carry.length);
    this.carry = null;
  }

  private keep(rest: Buffer): void {
    if (rest.length <= MAX_LINE_CHARS) { this.carry = rest; return; }
    // An endless "line" is binary or broken: note it once and skip to the next newline.
    if (!this.skipping) this.tooLong(this.lineNo + 1);
    this.skipping = true;
    this.carry = null;
  }

  private emit(buffer: Buffer, start: number, end: number): boolean {
    this.lineNo++;
    if (this.skipping) { this.skipping = false; return true; }
    if (end - start > MAX_LINE_CHARS) { this.tooLong(this.lineNo); return true; }
    if (this.onLine(buffer, start, end, this.lineNo) === false) { this.stopped = true; return false; }
    return true;
  }
}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** A line that is binary garbage rather than text (NUL or other control bytes). */
export function looksBinary(line: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]/.test(line);
}

const LOG_NAME = /^(mail\.(log|info|warn|err)|maillog|mail|syslog|(exim\d?_)?mainlog|ex\d{6}\.log|msgtrk.*\.log|recv.*\.log|.*smtp.*\.csv|.*\.log)([.-][\w.-]*)?$/i;

/** Expand directory arguments into the log files inside (recursively, by log-like name); files pass through. */
export async function expandLogPaths(paths: string[], warn: (w: ScanWarning) => void): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    let isDir = false;
    try { isDir = (await stat(path)).isDirectory(); } catch { /* missing files are reported by the reader */ }
    if (!isDir) { out.push(path); continue; }
    const skipped = { count: 0 };
    const found = await walkDir(path, 0, skipped);
    if (!found.length) warn({ path, code: 'not-found', message: 'no log files in this directory' });
    if (skipped.count) warn({ path, code: 'skipped', message: `${skipped.count} file${skipped.count === 1 ? '' : 's'} whose name does not look like a mail log ${skipped.count === 1 ? 'was' : 'were'} not read (name a file to read it)` });
    out.push(...found);
  }
  return out;
}

async function walkDir(dir: string, depth: number, skipped: { count: number }): Promise<string[]> {
  if (depth > 6) return [];
  let entries;
  try { entries = await readdir(dir, { withFileTypes: true }); } catch { return []; }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...await walkDir(path, depth + 1, skipped));
    else if (entry.isFile() && LOG_NAME.test(entry.name)) files.push(path);
    else if (entry.isFile()) skipped.count++;
  }
  return files;
}

/**
 * Put rotated sets in time order, oldest first: mail.log.3.gz, mail.log.2.gz, mail.log.1, mail.log;
 * dated rotations (mail.log-20261101.gz) by date. Different sets keep the order they were given in.
 */
export function orderLogFiles(paths: string[]): string[] {
  const groups = new Map<string, { path: string; rank: number; tag: string }[]>();
  for (const path of [...new Set(paths)]) {
    const name = basename(path);
    const numbered = /^(.*?)\.(\d{1,3})(\.gz)?$/.exec(name);
    const dated = /^(.*?)[.-](\d{8}|\d{4}-\d{2}-\d{2})(\.gz)?$/.exec(name);
    const plainGz = /^(.*)\.gz$/.exec(name);
    let base = name.replace(/\.gz$/, '');
    let rank = Number.POSITIVE_INFINITY;
    let tag = '';
    if (numbered) { base = numbered[1]; rank = -Number(numbered[2]); } else if (dated) { base = dated[1]; rank = 0; tag = dated[2]; } else if (plainGz) { base = plainGz[1]; }
    const key = join(dirname(path), base);
    const list = groups.get(key) ?? [];
    list.push({ path, rank, tag });
    groups.set(key, list);
  }
  return [...groups.values()].flatMap((list) => list
    .sort((a, b) => a.rank - b.rank || a.tag.localeCompare(b.tag) || a.path.localeCompare(b.path))
    .map((f) => f.path));
}
