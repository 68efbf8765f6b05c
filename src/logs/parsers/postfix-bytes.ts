// Byte-level building blocks for the Postfix fast path (postfix-fast.ts): character classes as Perl and
// JavaScript see latin1 bytes, comparisons within a line, and the syslog header on bytes.
import type { Header } from './postfix-line.js';

const SPACE = 32;
const COLON = 58;
const RFC3339_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

export function bytes(text: string): Uint8Array {
  return Buffer.from(text, 'latin1');
}

export function isSpace(c: number): boolean {
  return c === SPACE || (c >= 9 && c <= 13);
}

/** JavaScript's `\s` on latin1 text (the string path's SASL and TLS expressions use it): Perl's set plus NBSP. */
export function isJsSpace(c: number): boolean {
  return isSpace(c) || c === 160;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Perl's `\w` on bytes. */
export function isWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Host-name bytes that cannot start or end any pattern the string path searches for. */
export function isPlainHost(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46 || c === 95;
}

export function at(b: Uint8Array, i: number, end: number, word: Uint8Array): boolean {
  if (i + word.length > end) return false;
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) return false;
  return true;
}

/** `b[start, end)` is `word`. */
export function is(b: Uint8Array, start: number, end: number, word: Uint8Array): boolean {
  return end - start === word.length && at(b, start, end, word);
}

/** Where `word` starts in `b[from, end)`, or -1 (lines are short: a loop beats a native call here). */
export function find(b: Uint8Array, word: Uint8Array, from: number, end: number): number {
  const first = word[0];
  for (let i = from, last = end - word.length; i <= last; i++) if (b[i] === first && at(b, i, end, word)) return i;
  return -1;
}

export function indexIn(b: Uint8Array, c: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (b[i] === c) return i;
  return -1;
}

/**
 * The next place a needle occurs, remembered across the lines of one chunk: each chunk is searched once
 * per needle (natively) instead of once per line. A chunk is a distinct Buffer, or the same one restarted.
 */
export class NextMatch {
  private buffer: Uint8Array | null = null;
  private from = 0;
  private found = -1;

  constructor(private readonly needle: Uint8Array | number) {}

  find(b: Buffer, from: number): number {
    if (b !== this.buffer || from < this.from) {
      this.buffer = b;
      this.found = b.indexOf(this.needle, from);
    } else if (this.found !== -1 && this.found < from) {
      this.found = b.indexOf(this.needle, from);
    }
    this.from = from;
    return this.found;
  }

  within(b: Buffer, from: number, end: number): boolean {
    const found = this.find(b, from);
    return found !== -1 && found + (typeof this.needle === 'number' ? 1 : this.needle.length) <= end;
  }
}

/**
 * Port of `scanHeader` (postfix-line.ts) on bytes; offsets in `h` are relative to the line start. Stricter
 * about the host: only name characters (see `isPlainHost`), else false and the string path decides.
 */
export function scanHeaderBytes(b: Buffer, s: number, e: number, h: Header): boolean {
  const n = e - s;
  if (n >= 20 && b[s + 3] === SPACE) {
    let i = b[s + 4] === SPACE ? 5 : 4;
    h.dayStart = i;
    if (isDigit(b[s + i])) {
      i += isDigit(b[s + i + 1]) ? 2 : 1;
      const t = s + i + 1;
      if (b[s + i] === SPACE && isDigit(b[t]) && isDigit(b[t + 1]) && b[t + 2] === COLON && isDigit(b[t + 3]) && isDigit(b[t + 4])
        && b[t + 5] === COLON && isDigit(b[t + 6]) && isDigit(b[t + 7]) && b[t + 8] === SPACE) {
        h.kind = 'classic';
        h.stampEnd = i;
        h.timeStart = i + 1;
        h.hour = (b[t] - 48) * 10 + b[t + 1] - 48;
        h.minute = (b[t + 3] - 48) * 10 + b[t + 4] - 48;
        return scanHost(b, s, e, t + 9, h);
      }
    }
  }
  return scanRfc3339(b, s, e, h);
}

function scanRfc3339(b: Buffer, s: number, e: number, h: Header): boolean {
  if (e - s < 24) return false;
  for (const i of RFC3339_DIGITS) if (!isDigit(b[s + i])) return false;
  if (b[s + 4] !== 45 || b[s + 7] !== 45 || b[s + 10] !== 84 || b[s + 13] !== COLON || b[s + 16] !== COLON) return false;
  let i = s + 19;
  if (b[i] === 46 && isDigit(b[i + 1])) {
    i += 2;
    while (i < e && isDigit(b[i])) i++;
  }
  const c = b[i];
  if (c === 90) i++;
  else if ((c === 43 || c === 45) && isDigit(b[i + 1]) && isDigit(b[i + 2]) && b[i + 3] === COLON && isDigit(b[i + 4]) && isDigit(b[i + 5])) i += 6;
  else return false;
  if (i >= e || b[i] !== SPACE) return false;
  h.kind = 'rfc3339';
  h.stampEnd = i - s;
  h.dayStart = 8;
  h.timeStart = 11;
  h.hour = (b[s + 11] - 48) * 10 + b[s + 12] - 48;
  h.minute = (b[s + 14] - 48) * 10 + b[s + 15] - 48;
  return scanHost(b, s, e, i + 1, h);
}

/** `\S+ (.+)$` from `start`. */
function scanHost(b: Buffer, s: number, e: number, start: number, h: Header): boolean {
  let i = start;
  while (i < e && b[i] !== SPACE) {
    if (!isPlainHost(b[i])) return false;
    i++;
  }
  if (i === start || i + 1 >= e) return false;
  h.hostStart = start - s;
  h.hostEnd = i - s;
  h.restStart = i + 1 - s;
  return true;
}

