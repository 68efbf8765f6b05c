// Reading Python source without running it: `NAME = expr` assignments (also in `.update(…)` kwargs and dict
// entries) and the value of an expression when it is a literal, an environment lookup or another name.
import { closingBracket, splitLines, splitTopLevel, type Assignment } from '../../values.js';

export type PyValue =
  | { kind: 'str'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'env'; name: string; fallback: string | null }
  | { kind: 'name'; name: string }
  | { kind: 'tuple'; items: string[] }
  | { kind: 'other'; raw: string };

const ENV_CALL = /^(?:os\.)?(?:environ\.get|getenv|environ\s*\[|env(?:\.\w+)?|config)\s*\(?\s*['"]([A-Za-z_]\w*)['"]\s*(.*)$/s;

/** The value of one Python expression, as far as it can be known from the text alone. */
export function pyValue(expr: string, depth = 0): PyValue {
  const v = stripComment(expr).trim().replace(/,$/, '').trim();
  if (depth > 4) return { kind: 'other', raw: v };
  const cast = /^(?:int|str|bool|float)\s*\((.*)\)$/s.exec(v);
  if (cast && closingBracket(v, v.indexOf('(')) === v.length) return pyValue(cast[1], depth + 1);
  const str = /^[rRuUbBfF]{0,2}('''|"""|'|")(.*)\1$/s.exec(v);
  if (str && !str[2].includes(str[1])) return { kind: 'str', value: str[2] };
  if (/^-?\d+$/.test(v)) return { kind: 'int', value: Number(v) };
  if (v === 'True' || v === 'False') return { kind: 'bool', value: v === 'True' };
  if (v === 'None') return { kind: 'none' };
  const env = ENV_CALL.exec(v);
  if (env) {
    const fallback = /^[\])]?\s*,\s*(?:default\s*=\s*)?([^,)]+)/.exec(env[2])?.[1];
    const value = fallback ? pyValue(fallback, depth + 1) : null;
    return { kind: 'env', name: env[1], fallback: value && (value.kind === 'str' || value.kind === 'int' || value.kind === 'bool') ? String(value.value) : null };
  }
  if (/^[A-Za-z_][\w.]*$/.test(v)) return { kind: 'name', name: v };
  if (/^[([]/.test(v) && closingBracket(v, 0) === v.length) return { kind: 'tuple', items: splitTopLevel(v.slice(1, -1)) };
  // `os.environ.get('EMAIL_USE_TLS', 'False') == 'True'` and the like: the variable decides.
  const inner = /(?:os\.)?(?:environ\.get|getenv|environ\s*\[|env(?:\.\w+)?|config)\s*\(?\s*['"]([A-Za-z_]\w*)['"]/.exec(v);
  if (inner) return { kind: 'env', name: inner[1], fallback: null };
  return { kind: 'other', raw: v };
}

/** Drop a trailing `# comment` that sits outside quotes. */
export function stripComment(text: string): string {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) { if (c === '\\') i++; else if (c === quote) quote = ''; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#') return text.slice(0, i);
  }
  return text;
}

const ASSIGN = /^(\s*#\s*)?\s*(?:[\w.]+\[\s*['"])?([A-Za-z_]\w*)(?:['"]\s*\])?\s*(?::\s*[\w[\], .|]+)?\s*=(?!=)\s*(.+)$/;
const DICT_ENTRY = /^(\s*#\s*)?\s*['"]([A-Za-z_]\w*)['"]\s*:\s*(.+)$/;

/**
 * Which lines lie wholly inside a triple-quoted string (a docstring, a `"""…"""` block kept as notes): what is
 * written there is text, not code. Hand-written: a line-level scan of quotes and comments is all that is needed.
 */
export function tripleQuotedLines(lines: string[]): Uint8Array {
  const inside = new Uint8Array(lines.length);
  let open = '';
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (line.length > 10_000) { if (open) inside[n] = 1; continue; }
    let i = 0;
    if (open) {
      const end = line.indexOf(open);
      if (end < 0) { inside[n] = 1; continue; }
      i = end + 3;
      open = '';
    }
    for (; i < line.length; i++) {
      const c = line[i];
      if (c === '#') break;
      if (c !== '"' && c !== "'") continue;
      if (line.startsWith(c.repeat(3), i)) {
        const end = line.indexOf(c.repeat(3), i + 3);
        if (end < 0) { open = c.repeat(3); break; }
        i = end + 2;
      } else {
        for (i++; i < line.length && line[i] !== c; i++) if (line[i] === '\\') i++;
      }
    }
  }
  return inside;
}

/** Every `NAME = expr` (module, class or kwargs level, commented or not) with multi-line brackets joined. */
export function pyAssignments(content: string): Assignment[] {
  const lines = splitLines(content);
  const quoted = tripleQuotedLines(lines);
  const starts: number[] = [];
  for (let i = 0, offset = 0; i < lines.length; offset += lines[i].length + 1, i++) starts.push(offset);
  const lineOf = (offset: number) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= offset) lo = mid; else hi = mid - 1; }
    return lo;
  };
  const out: Assignment[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.length > 10_000) continue;
    const kwargs = /\.update\s*\(/.exec(raw);
    if (kwargs) {
      // `app.config.update(MAIL_SERVER='…', MAIL_PORT=587, …)`, possibly over several lines.
      const open = starts[i] + kwargs.index + kwargs[0].length - 1;
      const close = closingBracket(content, open, { hashComments: true, limit: 5_000 });
      const body = content.slice(open + 1, close === -1 ? starts[i] + raw.length : close - 1);
      let cursor = 0;
      for (const part of splitTopLevel(body)) {
        cursor = body.indexOf(part, cursor);
        const kv = /^([A-Za-z_]\w*)\s*=(?!=)\s*(.+)$/s.exec(part);
        const line = lineOf(open + 1 + cursor);
        if (kv) out.push({ key: kv[1], value: kv[2], line: line + 1, commented: /^\s*#/.test(raw), text: lines[line].trim() });
      }
      if (close !== -1) i = lineOf(close - 1);
      continue;
    }
    const m = ASSIGN.exec(raw) ?? DICT_ENTRY.exec(raw);
    if (!m) continue;
    let value = stripComment(m[3]).trim();
    // `EMAIL = (\n 'a'\n)`: join the lines until the bracket closes, but never over the next top-level assignment.
    let j = i;
    while (/[([{]/.test(value) && !m[1] && closingBracket(value, value.search(/[([{]/)) === -1 && j + 1 < lines.length && j - i < 50 && !/^[A-Za-z_]\w*\s*(?::[^=]*)?=(?!=)/.test(lines[j + 1])) value += ` ${stripComment(lines[++j]).trim()}`;
    out.push({ key: m[2], value, line: i + 1, commented: Boolean(m[1]) || quoted[i] === 1, text: raw.trim() });
    i = j;
  }
  return out;
}

export interface Resolved {
  value: string | number | boolean | null;
  /** 'literal' | 'env' (unresolved variable) | 'unknown' (an expression no text reading can evaluate). */
  kind: 'literal' | 'env' | 'unknown' | 'none';
  env?: string;
  fallback?: string | null;
  /** The assignment the literal came from when it went through a name. */
  origin?: Assignment;
  raw: string;
}

/** Evaluate an expression, following names to their last live assignment in the same file. */
export function resolvePy(expr: string, names: Map<string, Assignment>, depth = 0): Resolved {
  const v = pyValue(expr);
  if (v.kind === 'str' || v.kind === 'int' || v.kind === 'bool') return { value: v.value, kind: 'literal', raw: expr };
  if (v.kind === 'none') return { value: null, kind: 'none', raw: expr };
  if (v.kind === 'env') return { value: v.fallback, kind: 'env', env: v.name, fallback: v.fallback, raw: expr };
  if (v.kind === 'name' && depth < 5) {
    const target = names.get(v.name) ?? names.get(v.name.split('.').pop()!);
    if (target && target.value !== expr) {
      const inner = resolvePy(target.value, names, depth + 1);
      return { ...inner, origin: inner.origin ?? (inner.kind === 'literal' ? target : undefined), raw: expr };
    }
  }
  return { value: null, kind: 'unknown', raw: expr };
}

/** The text of a literal as written in its source line (for value locations), quotes stripped. */
export function literalText(a: Assignment | undefined, value: unknown): string | undefined {
  if (!a || value === null || value === undefined) return undefined;
  return a.text.includes(String(value)) ? String(value) : undefined;
}
