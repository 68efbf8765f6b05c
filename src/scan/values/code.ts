// Source code and JSON: balanced brackets, top-level splits, JSON scalars with lines, shell words.
import { lineIndex } from './text.js';

/** The index just past the bracket that closes the one at `open` (quotes and comments skipped), or -1 within `limit` chars. */
export function closingBracket(text: string, open: number, options: { hashComments?: boolean; slashComments?: boolean; limit?: number } = {}): number {
  const end = Math.min(text.length, open + (options.limit ?? 20_000));
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(text, i, end);
      continue;
    }
    if ((options.hashComments && c === '#') || (options.slashComments && c === '/' && text[i + 1] === '/')) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? end : nl;
      continue;
    }
    if (options.slashComments && c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? end : close + 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Index of the quote that closes the string opened at `start` (backslash escapes honoured). */
function skipString(text: string, start: number, end: number): number {
  const quote = text[start];
  for (let i = start + 1; i < end; i++) {
    if (text[i] === '\\') { i++; continue; }
    if (text[i] === quote) return i;
    if (text[i] === '\n' && quote !== '`') return i;
  }
  return end;
}

/** Split an argument list or object body on top-level commas (brackets and quotes respected). */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') i = skipString(text, i, text.length);
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === separator && depth === 0) { parts.push(text.slice(start, i)); start = i + 1; }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p, i, all) => p !== '' || i < all.length - 1);
}

export interface JsonScalar {
  /** Key path from the root; array items by index. */
  path: string[];
  value: string | number | boolean | null;
  line: number;
  /** The value as written, quotes stripped (for ValueLocation). */
  text: string;
}

/**
 * Every scalar of a JSON file with its key path and line, read tolerantly: `//` and `/* *\/` comments, trailing
 * commas and truncation (appsettings.json allows the first two; JSON.parse allows none and gives no lines).
 * Nesting beyond maxDepth is walked but not reported. Never throws.
 */
export function jsonScalars(content: string, maxDepth = 64): { scalars: JsonScalar[]; error: { line: number; message: string } | null } {
  const scalars: JsonScalar[] = [];
  const lineOf = lineIndex(content);
  let error: { line: number; message: string } | null = null;
  const fail = (at: number, message: string) => { if (!error) error = { line: lineOf(at), message }; };
  // Each frame: its key in the parent, whether it is an array, the next array index, a pending object key.
  const stack: { key: string; array: boolean; index: number; pending: string | null }[] = [];
  const path = () => stack.slice(1).map((f) => f.key);
  const emit = (value: JsonScalar['value'], text: string, at: number) => {
    const top = stack.at(-1);
    if (!top) { fail(at, 'value outside any object'); return; }
    const key = top.array ? String(top.index++) : top.pending;
    if (!top.array) top.pending = null;
    if (key === null) { fail(at, 'value without a key'); return; }
    if (stack.length <= maxDepth) scalars.push({ path: [...path(), key], value, line: lineOf(at), text });
  };
  const n = content.length;
  let i = 0;
  while (i < n) {
    const c = content[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',' || c === ':' || c === '\uFEFF') { i++; continue; }
    if (c === '/' && content[i + 1] === '/') { const nl = content.indexOf('\n', i); i = nl === -1 ? n : nl; continue; }
    if (c === '/' && content[i + 1] === '*') { const close = content.indexOf('*/', i + 2); if (close === -1) { fail(i, 'unterminated comment'); break; } i = close + 2; continue; }
    if (c === '{' || c === '[') {
      const top = stack.at(-1);
      let key = '';
      if (top) { key = top.array ? String(top.index++) : top.pending ?? ''; if (!top.array) top.pending = null; }
      stack.push({ key, array: c === '[', index: 0, pending: null });
      i++;
      continue;
    }
    if (c === '}' || c === ']') { if (!stack.length) { fail(i, `unexpected ${c}`); } else stack.pop(); i++; continue; }
    if (c === '"') {
      let j = i + 1;
      while (j < n && content[j] !== '"' && content[j] !== '\n') j += content[j] === '\\' ? 2 : 1;
      if (j >= n || content[j] !== '"') { fail(i, 'unterminated string'); i = j; continue; }
      const raw = content.slice(i, j + 1);
      let value: string;
      try { value = JSON.parse(raw) as string; } catch { value = raw.slice(1, -1); }
      const top = stack.at(-1);
      let k = j + 1;
      while (k < n && (content[k] === ' ' || content[k] === '\t' || content[k] === '\r' || content[k] === '\n')) k++;
      if (top && !top.array && top.pending === null && content[k] === ':') top.pending = value;
      else emit(value, value, i);
      i = j + 1;
      continue;
    }
    const word = /^[^\s,:[\]{}"/]+/.exec(content.slice(i, i + 256));
    if (!word) { fail(i, `unexpected ${c}`); i++; continue; }
    const w = word[0];
    const value = w === 'true' ? true : w === 'false' ? false : w === 'null' ? null : Number.isFinite(Number(w)) ? Number(w) : w;
    emit(value, w, i);
    i += w.length;
  }
  if (stack.length && !error) fail(n, 'truncated: unclosed object or array');
  return { scalars, error };
}

/** Words of a line by POSIX shell quoting ('…', "…", backslash escapes); an unclosed quote runs to the end. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  const special = /[ \t\\'"]/g;
  let parts: string[] | null = null;
  let i = 0;
  while (i < text.length) {
    special.lastIndex = i;
    const m = special.exec(text);
    const end = m ? m.index : text.length;
    if (end > i) (parts ??= []).push(text.slice(i, end));
    if (!m) break;
    const c = m[0];
    if (c === ' ' || c === '\t') {
      if (parts) words.push(parts.join(''));
      parts = null;
      i = end + 1;
    } else if (c === '\\') {
      (parts ??= []).push(text.slice(end + 1, end + 2));
      i = end + 2;
    } else {
      parts ??= [];
      let j = end + 1;
      let from = j;
      for (; j < text.length && text[j] !== c; j++) {
        if (c === '"' && text[j] === '\\') { parts.push(text.slice(from, j)); from = ++j; }
      }
      parts.push(text.slice(from, Math.min(j, text.length)));
      i = j + 1;
    }
  }
  if (parts) words.push(parts.join(''));
  return words;
}
