// Just enough VBScript to follow CDO configuration: logical lines (` _` continuations), comments (`'`, `Rem`), string
// and constant expressions joined with `&`. Hand-written: no installed parser reads VBScript.
import { splitLines } from '../../values.js';

export interface VbLine { text: string; line: number; commented: boolean }

/** Logical lines: comments cut (a commented line comes back marked), continuations joined, `:`-separated statements split. */
export function vbLines(content: string): VbLine[] {
  const out: VbLine[] = [];
  const lines = splitLines(content);
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    let raw = lines[i].replace(/<%=?|%>/g, ' ');
    const commented = /^\s*(?:'|Rem\s)/i.test(raw);
    if (commented) raw = raw.replace(/^\s*(?:'+|Rem\s)\s*/i, '');
    let text = stripComment(raw);
    for (let n = 0; /\s_\s*$/.test(text) && i + 1 < lines.length && n < 50; n++) {
      const next = lines[++i].replace(commented ? /^\s*'+\s?/ : /^/, '');
      text = `${text.replace(/\s_\s*$/, ' ')}${stripComment(next).trim()}`;
    }
    for (const part of splitStatements(text)) if (part.trim()) out.push({ text: part.trim(), line, commented });
  }
  return out;
}

function stripComment(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (!quoted && text[i] === "'") return text.slice(0, i);
  }
  return text;
}

function splitStatements(text: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (!quoted && text[i] === ':') { parts.push(text.slice(start, i)); start = i + 1; }
  }
  parts.push(text.slice(start));
  return parts;
}

export type VbValue = { kind: 'text'; value: string } | { kind: 'env'; name: string } | { kind: 'expression'; text: string };

/** `"a" & "b"`, `""""`, numbers, True/False, names from `names` (constants and simple variables), ExpandEnvironmentStrings("%X%"). */
export function vbValue(expr: string, names: Map<string, string>): VbValue {
  const parts: string[] = [];
  for (const token of splitConcat(expr.trim())) {
    let t = token.trim();
    if (t.length > 10_000) return { kind: 'expression', text: t.slice(0, 80) };
    for (let n = 0; n < 100 && /^\(.*\)$/.test(t); n++) t = t.slice(1, -1).trim();
    const string = /^"((?:[^"]|"")*)"$/.exec(t);
    const env = /ExpandEnvironmentStrings\s*\(\s*"%(\w+)%"\s*\)$/i.exec(t);
    if (string) parts.push(string[1].replace(/""/g, '"'));
    else if (env) return { kind: 'env', name: env[1] };
    else if (/^-?\d+$/.test(t)) parts.push(t);
    else if (/^(true|false)$/i.test(t)) parts.push(t.toLowerCase());
    else if (names.has(t.toLowerCase())) parts.push(names.get(t.toLowerCase())!);
    else return { kind: 'expression', text: t.slice(0, 80) };
  }
  return { kind: 'text', value: parts.join('') };
}

function splitConcat(expr: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if ((c === '&' || c === '+') && depth === 0) { parts.push(expr.slice(start, i)); start = i + 1; }
  }
  parts.push(expr.slice(start));
  return parts;
}
