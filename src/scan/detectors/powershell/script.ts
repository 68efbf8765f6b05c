// PowerShell source → logical statements with line numbers: `#` and `<# #>` comments (comment-based help dropped),
// here-strings skipped, backtick / pipe / comma continuations and multi-line `( … )` / `@{ … }` joined, `;` split.
import { splitLines } from '../../values.js';

export interface Statement {
  text: string;
  /** Line of the statement's first character. */
  line: number;
  /** Inside `#` or `<# #>`: still read for senders, never for assignments. */
  commented: boolean;
  /** 1-based line of a character offset within `text`. */
  lineAt(offset: number): number;
}

interface Part { start: number; line: number }

function statement(text: string, parts: Part[], commented: boolean): Statement {
  return {
    text, commented, line: parts[0]?.line ?? 0,
    lineAt(offset) {
      let line = parts[0]?.line ?? 0;
      for (const p of parts) if (p.start <= offset) line = p.line;
      return line;
    },
  };
}

interface LineScan { code: string; comment: string | null; blockStart: boolean; open: string[]; quote: string }

/** Split one physical line into code and comment, tracking quotes and the brackets left open (`(`, `@{`, `{`). */
function scanLine(raw: string, open: string[], openQuote: string): LineScan {
  const stack = [...open];
  let quote = openQuote;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quote) {
      if (c === '`' && quote === '"') i++;
      else if (c === quote && raw[i + 1] === quote) i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '`') { i++; continue; }
    if (c === '"' || c === "'") { quote = c; continue; }
    if (c === '<' && raw[i + 1] === '#') return { code: raw.slice(0, i), comment: raw.slice(i + 2), blockStart: true, open: stack, quote };
    if (c === '#' && (i === 0 || /[\s;|{}()]/.test(raw[i - 1]))) return { code: raw.slice(0, i), comment: raw.slice(i + 1), blockStart: false, open: stack, quote };
    if (c === '(' || c === '{') stack.push(c === '{' && raw[i - 1] === '@' ? '@' : c);
    else if ((c === ')' || c === '}') && stack.length) stack.pop();
  }
  return { code: raw, comment: null, blockStart: false, open: stack, quote };
}

/**
 * Split on a separator outside quotes and brackets, with offsets. PowerShell-aware (backtick escapes, literal
 * backslashes): values.ts splitTopLevel treats `\` as an escape, which breaks on paths such as 'C:\ops\'.
 */
export function splitTop(text: string, separator: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let depth = 0, quote = '', start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) { if (c === '`' && quote === '"') i++; else if (c === quote) quote = ''; continue; }
    if (c === '`') { i++; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '{' || c === '[') depth++;
    else if ((c === ')' || c === '}' || c === ']') && depth > 0) depth--;
    else if (c === separator && depth === 0) { out.push({ text: text.slice(start, i), start }); start = i + 1; }
  }
  out.push({ text: text.slice(start), start });
  return out;
}

const HELP_KEYWORD = /^\s*\.(EXAMPLE|SYNOPSIS|DESCRIPTION|PARAMETER|NOTES|LINK|INPUTS|OUTPUTS|COMPONENT|FUNCTIONALITY|ROLE)\b/i;
const MAX_JOIN = 200;

export function statements(content: string): Statement[] {
  const lines = splitLines(content);
  const out: Statement[] = [];
  let text = '';
  let parts: Part[] = [];
  let open: string[] = [];
  let quote = '';
  let commented = false;
  let joined = 0;
  const emit = () => {
    for (const piece of splitTop(text, ';')) {
      const lead = piece.text.length - piece.text.trimStart().length;
      const body = piece.text.trim();
      if (!body) continue;
      const offset = piece.start + lead;
      const shifted = parts.map((p) => ({ start: p.start - offset, line: p.line }));
      const first = shifted.filter((p) => p.start <= 0).at(-1) ?? shifted[0];
      out.push(statement(body, [first, ...shifted.filter((p) => p.start > 0)], commented));
    }
    text = ''; parts = []; open = []; quote = ''; joined = 0;
  };
  const add = (code: string, line: number, isComment: boolean) => {
    if (text && isComment !== commented) emit();
    commented = isComment;
    parts.push({ start: text.length, line });
    text += code;
  };
  let hereEnd: string | null = null;
  let block: { help: boolean; lines: { text: string; line: number }[] } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (hereEnd) { if (raw.startsWith(hereEnd)) hereEnd = null; continue; }
    if (block) {
      const end = raw.indexOf('#>');
      const body = end === -1 ? raw : raw.slice(0, end);
      if (HELP_KEYWORD.test(body)) block.help = true;
      block.lines.push({ text: body, line: i + 1 });
      if (end === -1) continue;
      const done = block;
      block = null;
      if (done.help) continue;
      for (const l of done.lines) { add(l.text.replace(/^\s*#*/, ''), l.line, true); emit(); }
      continue;
    }
    const scan = scanLine(raw, open, quote);
    if (quote) {
      // Inside a string that spans lines: its text belongs to the statement, never to code or comments.
      quote = scan.quote;
      open = scan.open;
      add(`${raw}\n`, i + 1, false);
      if ((quote || open.some((o) => o === '(' || o === '@')) && ++joined < MAX_JOIN && i + 1 < lines.length) continue;
      emit();
      continue;
    }
    if (scan.blockStart) {
      const end = scan.comment!.indexOf('#>');
      if (scan.code.trim()) add(scan.code, i + 1, false);
      if (end === -1) { if (text) emit(); block = { help: HELP_KEYWORD.test(scan.comment!), lines: [{ text: scan.comment!, line: i + 1 }] }; }
      continue;
    }
    const code = scan.code.trimEnd();
    if (!code.trim() && scan.comment !== null) {
      // Comments inside an unfinished hashtable or argument list are just notes.
      if (text && !commented && open.some((o) => o === '(' || o === '@')) continue;
      // A whole-line comment: a commented-out statement, joined across backtick continuations.
      const body = scan.comment.replace(/^#*\s?/, '').trimEnd();
      add(body.replace(/`$/, ' '), i + 1, true);
      if (!body.endsWith('`')) emit();
      continue;
    }
    if (/@["']$/.test(code)) { hereEnd = `${code.at(-1)}@`; add(code.slice(0, -2), i + 1, false); emit(); continue; }
    if (!code.trim()) { if (text && !commented && open.length === 0) emit(); continue; }
    open = scan.open;
    quote = scan.quote;
    const continued = /[`|,]$/.test(code) || quote !== '';
    const inHashtable = open.at(-1) === '@';
    add((continued && code.endsWith('`') ? code.slice(0, -1) : code) + (quote ? '\n' : inHashtable ? '; ' : ' '), i + 1, false);
    const unfinished = open.some((o) => o === '(' || o === '@');
    if ((continued || unfinished) && ++joined < MAX_JOIN && i + 1 < lines.length) continue;
    emit();
  }
  if (text) emit();
  return out;
}

/** Top-level pieces of an argument list, hashtable body or pipeline, trimmed. */
export function splitArgs(text: string, separator = ','): string[] {
  return splitTop(text, separator).map((p) => p.text.trim());
}
