// smtpd.conf grammar, as much as a relay inventory needs: statements (backslash continuations joined),
// `table` definitions, relay actions (≥ 6.4 `action … relay host URL`, older `accept … relay via URL`) and matches.
import { shellWords, splitLines } from '../../values.js';

export interface Statement {
  words: string[];
  line: number;
  commented: boolean;
  /** Physical lines of the statement, for locating a value and for evidence. */
  lines: { line: number; text: string }[];
}

export interface Table { name: string; source: string; inline: string[] | null; line: number }

export interface Relay {
  statement: Statement;
  /** Action name (≥ 6.4); null for the older `accept … relay via` form. */
  action: string | null;
  url: string;
  authTable: string | null;
  mailFrom: string | null;
  tls: boolean;
  port: string | null;
}

/** Statements of the live text and of the commented-out text, each with its first line number. */
export function statements(content: string): Statement[] {
  const result: Statement[] = [];
  let pending: Statement | null = null;
  splitLines(content).forEach((raw, i) => {
    const comment = /^\s*#+\s?/.exec(raw);
    const body = stripComment(comment ? raw.slice(comment[0].length) : raw);
    if (pending && pending.commented !== Boolean(comment)) { result.push(pending); pending = null; }
    if (!body.trim()) { if (pending) { result.push(pending); pending = null; } return; }
    const continued = /\\\s*$/.test(body);
    const text = body.replace(/\\\s*$/, ' ');
    if (pending) {
      pending.words.push(...shellWords(text.trim()));
      pending.lines.push({ line: i + 1, text: raw.trim() });
    } else {
      pending = { words: shellWords(text.trim()), line: i + 1, commented: Boolean(comment), lines: [{ line: i + 1, text: raw.trim() }] };
    }
    if (!continued) { result.push(pending); pending = null; }
  });
  if (pending) result.push(pending);
  return result;
}

/** Text before a `#` that is not inside double quotes. */
function stripComment(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === '#' && !quoted) return text.slice(0, i);
  }
  return text;
}

export function tableOf(s: Statement): Table | null {
  if (s.words[0] !== 'table' || s.words.length < 3) return null;
  const name = s.words[1];
  if (s.words[2] === '{' || s.words[2].startsWith('{')) {
    const inline = s.words.slice(2).join(' ').replace(/^\{|\}$/g, '').split(',').map((v) => v.trim()).filter(Boolean);
    return { name, source: 'inline', inline, line: s.line };
  }
  return { name, source: s.words[2], inline: null, line: s.line };
}

function tableName(word: string | undefined): string | null {
  if (!word) return null;
  const m = /^<([^>]+)>$/.exec(word);
  return m ? m[1] : word;
}

/** A relay with a smarthost, in either grammar; null for direct (MX) delivery and every other statement. */
export function relayOf(s: Statement): Relay | null {
  const w = s.words;
  const relayAt = w.indexOf('relay');
  if (relayAt === -1) return null;
  if (w[0] === 'action') {
    const hostAt = w.indexOf('host', relayAt);
    if (hostAt === -1 || !w[hostAt + 1]) return null;
    return {
      statement: s, action: w[1] ?? null, url: w[hostAt + 1],
      authTable: option(w, 'auth', relayAt, tableName), mailFrom: option(w, 'mail-from', relayAt), tls: w.includes('tls', relayAt), port: null,
    };
  }
  if (w[0] === 'accept' && w[relayAt + 1] === 'via' && w[relayAt + 2]) {
    return {
      statement: s, action: null, url: w[relayAt + 2],
      authTable: option(w, 'auth', relayAt, tableName), mailFrom: option(w, 'as', relayAt), tls: w.includes('tls', relayAt + 3), port: option(w, 'port', relayAt),
    };
  }
  return null;
}

function option(words: string[], key: string, from: number, map: (v: string | undefined) => string | null = (v) => v ?? null): string | null {
  const at = words.indexOf(key, from);
  return at === -1 ? null : map(words[at + 1]);
}

/** Action names that a `match … action NAME` line uses. */
export function matchedActions(all: Statement[]): Set<string> {
  const used = new Set<string>();
  for (const s of all) {
    if (s.commented || s.words[0] !== 'match') continue;
    const at = s.words.lastIndexOf('action');
    if (at !== -1 && s.words[at + 1]) used.add(s.words[at + 1]);
  }
  return used;
}
