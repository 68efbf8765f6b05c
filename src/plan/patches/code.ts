// Helpers for patching source code: find a call's balanced argument list, skipping strings and comments.

/** Index just past the `)` closing the `(` at `open`, or -1. Strings ('…', "…", `…`) and # / // comments are skipped. */
export function closingParen(text: string, open: number, hashComments = false): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      const triple = text.startsWith(c.repeat(3), i);
      const end = triple ? text.indexOf(c.repeat(3), i + 3) : findQuoteEnd(text, i, c);
      if (end < 0) return -1;
      i = triple ? end + 2 : end;
      continue;
    }
    if ((hashComments && c === '#') || (!hashComments && c === '/' && text[i + 1] === '/')) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return c === ')' ? i + 1 : -1;
    }
  }
  return -1;
}

function findQuoteEnd(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') { i++; continue; }
    if (text[i] === quote) return i;
    if (text[i] === '\n' && quote !== '`') return -1;
  }
  return -1;
}

/** 0-based offset of the start of 1-based line `line`. */
export function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return offset;
}

/** Where to add an import: after the last top-of-file import/require/use line (or after a shebang / 'use strict'). */
export function importLine(lines: string[], pattern: RegExp): number {
  let at = 0;
  for (let i = 0; i < Math.min(lines.length, 200); i++) {
    if (pattern.test(lines[i])) at = i + 1;
    else if (i === at && /^(#!|\s*['"]use strict['"];?\s*$|\s*$|\s*(\/\/|#).*$)/.test(lines[i])) at = i + 1;
  }
  return at;
}
