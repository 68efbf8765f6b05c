// GNUstep (OpenStep) property lists as sogo.conf writes them: `{ Key = value; Key = "quoted"; domains = { … };
// List = (a, b); }` with `//` and `/* */` comments. One pass without recursion (hostile files nest 20,000 deep);
// settings written inside comments come back as commented entries of the dictionary they sit in.
import { lineIndex, type Assignment } from '../../values.js';

export interface PlistEntry extends Assignment {
  /** Keys of the dictionaries from the root to the entry, '.'-joined: '' for the top level, 'domains.acme.com'. */
  scope: string;
}

export interface PlistRead {
  entries: PlistEntry[];
  /** Where reading stopped early (an unclosed quote or comment), if it did. */
  problem: { line: number; message: string } | null;
  tooDeep: boolean;
}

const MAX_DEPTH = 64;
/** sogo.conf holds a few hundred settings: past this many kept ones the rest is not read. */
const MAX_ENTRIES = 5000;
/** Characters of an unquoted OpenStep string (GNUstep is lenient: URLs and `host:port` go unquoted). */
const WORD = /[^\s"{}()=;,<>]+/y;
/** A setting inside a comment: `//SOGoSMTPServer = "smtp://…";`. */
const COMMENTED = /\b([A-Za-z_]\w*)\s*=\s*("(?:[^"\\\n]|\\.)*"|[^\s";{}()]+)\s*;?/g;

interface Token { value: string; start: number; end: number }
interface Frame { key: string; dict: boolean }

function unescape(quoted: string): string {
  return quoted.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** Entries of a property list; `keep` picks the keys wanted (a hostile file may hold millions). */
export function readPlist(content: string, keep: (key: string) => boolean = () => true): PlistRead {
  const entries: PlistEntry[] = [];
  const lineOf = lineIndex(content);
  const stack: Frame[] = [];
  let overflow = 0;
  let tooDeep = false;
  let problem: PlistRead['problem'] = null;
  let key: Token | null = null;
  let equals = false;
  const scope = () => stack.slice(1).map((f) => (f.dict ? f.key : `${f.key}[]`)).join('.');
  const inDict = () => overflow === 0 && (stack.length === 0 || stack[stack.length - 1].dict);
  const room = () => {
    if (entries.length < MAX_ENTRIES) return true;
    problem ??= { line: lineOf(i), message: `more than ${MAX_ENTRIES} mail settings: the rest is not read` };
    return false;
  };
  const reset = () => { key = null; equals = false; };
  const open = (dict: boolean) => {
    const name = key && equals ? key.value : '';
    reset();
    if (stack.length >= MAX_DEPTH) { overflow++; tooDeep = true; return; }
    stack.push({ key: name, dict });
  };
  const scalar = (token: Token) => {
    if (!inDict()) return;
    if (!key) { key = token; return; }
    if (equals && keep(key.value) && room()) {
      const text = content.slice(key.start, token.end).replace(/\s+/g, ' ');
      entries.push({ key: key.value, value: token.value, line: lineOf(token.start), commented: false, text: `${text.slice(0, 300)};`, scope: scope() });
    }
    reset();
  };
  const comment = (start: number, body: string) => {
    const lines = body.split('\n');
    let line = lineOf(start);
    for (const text of lines) {
      for (const m of text.matchAll(COMMENTED)) {
        if (!keep(m[1])) continue;
        if (!room()) return;
        const value = m[2].startsWith('"') ? unescape(m[2]) : m[2];
        entries.push({ key: m[1], value, line, commented: true, text: m[0].trim().slice(0, 300), scope: scope() });
      }
      line++;
    }
  };
  const n = content.length;
  let i = 0;
  while (i < n) {
    const c = content[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\uFEFF') { i++; continue; }
    if (c === '/' && content[i + 1] === '/') {
      const nl = content.indexOf('\n', i);
      const end = nl === -1 ? n : nl;
      comment(i, content.slice(i + 2, end));
      i = end;
      continue;
    }
    if (c === '/' && content[i + 1] === '*') {
      const close = content.indexOf('*/', i + 2);
      const end = close === -1 ? n : close;
      comment(i, content.slice(i + 2, end));
      if (close === -1) { problem = { line: lineOf(i), message: 'unclosed /* comment' }; break; }
      i = close + 2;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < n && content[j] !== '"') j += content[j] === '\\' ? 2 : 1;
      if (j >= n) { problem = { line: lineOf(i), message: 'unclosed quoted string' }; break; }
      scalar({ value: unescape(content.slice(i, j + 1)), start: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    if (c === '<') {
      const close = content.indexOf('>', i);
      i = close === -1 ? n : close + 1;
      reset();
      continue;
    }
    if (c === '{' || c === '(') { open(c === '{'); i++; continue; }
    if (c === '}' || c === ')') {
      if (overflow) overflow--; else stack.pop();
      reset();
      i++;
      continue;
    }
    if (c === '=') { equals = key !== null; i++; continue; }
    if (c === ';' || c === ',') { reset(); i++; continue; }
    WORD.lastIndex = i;
    const word = WORD.exec(content);
    if (!word) { i++; continue; }
    // `a//b` is one word (GNUstep only sees comments between tokens): `smtp://host` goes unquoted.
    scalar({ value: word[0], start: i, end: i + word[0].length });
    i += word[0].length;
  }
  if (!problem && (stack.length > 0 || overflow > 0)) problem = { line: lineOf(n), message: 'truncated: unclosed { or (' };
  return { entries, problem, tooDeep };
}
