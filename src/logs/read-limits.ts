// What every log reader (one thread, the JavaScript reader thread, the native reader) says alike.
import type { ScanWarning } from '../inventory/types.js';

/** Lines longer than this are reported and skipped (binary or broken): the same limit for every reader. */
export const MAX_LINE_CHARS = 64 * 1024;

/** A line over MAX_LINE_CHARS. */
export function tooLongWarning(path: string, line: number): ScanWarning {
  return { path, line, code: 'too-large', message: `line longer than ${MAX_LINE_CHARS} bytes; skipped` };
}

/** A file that could not be opened (`code`: the error's code, or its message). */
export function cannotRead(code: string): string {
  return `cannot read (${code})`;
}

/** A read that failed after `lineNo` lines (they still count). */
export function readFailedAfter(lineNo: number, code: string): string {
  return `read failed after line ${lineNo} (${code})`;
}
